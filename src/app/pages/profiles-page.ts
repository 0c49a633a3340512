/**
 * "Who's listening?" (`#profiles`): the household's profiles as large coloured tiles. OK picks
 * one (PUT /me/profile: a new access token for that profile, same sign-in) and goes Home, which
 * then shows that profile's name and history. Reached after sign-in and from Settings' "Switch
 * profile"; the profile this TV listens as now has focus first.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { MeResponse } from '../../protocol';
import { services } from '../app-services';
import { ProfileTile } from '../components/profile-tile';
import { ApiError } from '../services/api-client';
import { Colors, Font, Layout } from '../theme';

const GAP = 72;
const TILES_Y = 380;

export interface ProfilesPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
}

export interface ProfilesPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object;
  Household: object;
  Tiles: object;
  Status: object;
}

export default class ProfilesPage extends Lightning.Component<ProfilesPageTemplateSpec, ProfilesPageTypeConfig> {
  private index = 0;
  private choosing = false;

  static override _template(): Lightning.Component.Template<ProfilesPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Title: {
        mountX: 0.5,
        x: Layout.stageW / 2,
        y: 190,
        text: { text: 'Who’s listening?', fontFace: Font.face, fontSize: Font.hero, fontStyle: 'bold', textColor: Colors.text },
      },
      Household: {
        mountX: 0.5,
        x: Layout.stageW / 2,
        y: 290,
        text: { text: '', fontFace: Font.face, fontSize: Font.body, textColor: Colors.textDim },
      },
      Tiles: { y: TILES_Y },
      Status: {
        mountX: 0.5,
        x: Layout.stageW / 2,
        y: TILES_Y + ProfileTile.SIZE + 150,
        text: { text: '', fontFace: Font.face, fontSize: Font.body, textColor: Colors.error },
      },
    };
  }

  /** Set by the route's provider. */
  set me(me: MeResponse) {
    const step = ProfileTile.SIZE + GAP;
    const width = me.profiles.length * step - GAP;
    // Up to 8 profiles: past five the row is wider than the safe area, so it is drawn smaller.
    const scale = Math.min(1, (Layout.stageW - Layout.safeX * 2) / width);
    this.tag('Tiles')!.patch({ x: Layout.stageW / 2, mountX: 0.5, w: width, h: ProfileTile.SIZE, pivotY: 0, scale });
    this.tag('Tiles')!.children = me.profiles.map((profile, i) => ({ ref: `Profile${i}`, type: ProfileTile, x: i * step, profile }));
    this.tag('Household')!.patch({ text: { text: me.household.login } });
    this.index = Math.max(0, me.profiles.findIndex((p) => p.id === me.profile?.id));
  }

  /** Which profile has focus (read by the test hook and e2e). */
  get focusedProfile(): string | null {
    return this.tiles()[this.index]?.profile?.name ?? null;
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.tiles()[this.index] ?? this;
  }

  override _handleLeft(): boolean | void {
    if (this.index === 0) return false;
    this.index--;
    this._refocus();
  }

  override _handleRight(): boolean | void {
    if (this.index >= this.tiles().length - 1) return false;
    this.index++;
    this._refocus();
  }

  override _handleEnter(): void {
    const profile = this.tiles()[this.index]?.profile;
    if (!profile || this.choosing) return;
    this.choosing = true;
    this.tag('Status')!.patch({ text: { text: '' } });
    const { api, session } = services();
    api
      .selectProfile(profile.id)
      .then((tokens) => session.adopt(tokens))
      .then(() => {
        // Home is the start again: Back from it asks to exit instead of walking through sign-in.
        Router.setHistory([]);
        Router.navigate('home', false);
      })
      .catch((e: unknown) => {
        this.tag('Status')!.patch({ text: { text: e instanceof ApiError ? e.message : 'Encore couldn’t switch profile. Try again.' } });
      })
      .finally(() => {
        this.choosing = false;
      });
  }

  private tiles(): ProfileTile[] {
    return (this.tag('Tiles')?.children ?? []) as ProfileTile[];
  }
}
