/**
 * Home: rails of album and artist tiles, and a Settings button at the top right. Up/Down moves
 * between rails (Up from the first rail reaches Settings); a rail entered for the first time
 * takes the column nearest to where focus was, a rail visited before keeps its own tile.
 * `historyState()` saves the rail, every rail's tile and whether Settings had focus, so Back
 * from an album or from Settings lands where the user left.
 *
 * Rails are cut to the device's `railLength` budget: every tile is a texture, and a low-memory
 * TV keeps fewer of them.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { Card, HomeResponse } from '../../protocol';
import { services } from '../app-services';
import { Button } from '../components/button';
import { Rail } from '../components/rail';
import { RailStack } from '../components/rail-stack';
import { Colors, Font, Layout } from '../theme';

/** Where the first rail starts, below the wordmark. */
const RAILS_TOP = 150;
const SETTINGS_W = 240;

/** Keyed by rail id: rails come and go between visits ("Jump back in" appears after a play). */
type HomeHistory = {
  rail: string;
  items: Record<string, number>;
  settings?: boolean;
};

export interface HomePageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: HomeHistory;
}

export interface HomePageTemplateSpec extends Lightning.Component.TemplateSpec {
  Content: { Header: object; Profile: object; Settings: typeof Button; Rails: object };
  Empty: object;
}

export class HomePage extends Lightning.Component<HomePageTemplateSpec, HomePageTypeConfig> {
  private readonly stack = new RailStack(this, RAILS_TOP);
  private onSettings = false;

  static override _template(): Lightning.Component.Template<HomePageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Content: {
        Header: {
          x: Layout.safeX,
          y: Layout.safeY,
          text: { text: 'Encore', fontFace: Font.face, fontSize: Font.title, fontStyle: 'bold', textColor: Colors.accent },
        },
        // Who is listening, once signed in (their plays make "Jump back in").
        Profile: {
          mountX: 1,
          x: Layout.stageW - Layout.safeX - SETTINGS_W - 40,
          y: Layout.safeY + 4,
          text: { text: '', fontFace: Font.face, fontSize: Font.body, fontStyle: 'bold', textColor: Colors.text },
        },
        Settings: { type: Button, x: Layout.stageW - Layout.safeX - SETTINGS_W, y: Layout.safeY - 16, w: SETTINGS_W, label: 'Settings' },
        Rails: { x: Layout.safeX, y: RAILS_TOP },
      },
      Empty: {
        x: Layout.safeX,
        y: RAILS_TOP + 40,
        visible: false,
        text: {
          text: 'Your library is empty.\nAdd music on the server, then come back here.',
          fontFace: Font.face,
          fontSize: Font.body,
          textColor: Colors.textDim,
          lineHeight: 48,
        },
      },
    };
  }

  set home(data: HomeResponse) {
    const { device, session } = services();
    const { railLength } = device.capabilities.budgets;
    this.tag('Content.Profile')!.patch({ text: { text: session.profile?.name ?? '' } });
    const rails = data.rails.filter((r) => r.items.length > 0).map((r) => ({ ...r, items: r.items.slice(0, railLength) }));
    this.tag('Content.Rails')!.children = rails.map((rail, i) => ({ ref: `Rail${i}`, type: Rail, y: i * Rail.HEIGHT, rail }));
    this.tag('Empty')!.visible = rails.length === 0;
    // An empty library has no rails: Settings is then the one thing to focus.
    this.onSettings = rails.length === 0;
    this.stack.scrollTo(0, false);
  }

  override historyState(saved?: Router.HistoryState<HomePageTypeConfig>): Router.HistoryState<HomePageTypeConfig> {
    if (!saved) return { ...this.stack.history, settings: this.onSettings };
    this.stack.restore(saved);
    this.onSettings = saved.settings === true || this.stack.rails.length === 0;
    return undefined;
  }

  override _handleUp(): boolean | void {
    if (this.onSettings) return false;
    if (this.stack.index === 0) return this.focusSettings(true);
    this.stack.moveTo(this.stack.index - 1);
  }

  override _handleDown(): boolean | void {
    if (this.onSettings) return this.stack.rails.length > 0 ? this.focusSettings(false) : false;
    if (this.stack.index >= this.stack.rails.length - 1) return false;
    this.stack.moveTo(this.stack.index + 1);
  }

  override _handleEnter(): boolean | void {
    if (this.onSettings) {
      Router.navigate('settings');
      return;
    }
    const card = this.stack.focused?.focusedCard;
    const route = card ? routeOf(card) : null;
    if (!route) return false;
    Router.navigate(route);
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.onSettings ? this.tag('Content.Settings') : (this.stack.focused ?? this);
  }

  private focusSettings(on: boolean): void {
    this.onSettings = on;
    this._refocus();
  }
}

/** The route a card opens. */
function routeOf(card: Card): string | null {
  switch (card.kind) {
    case 'album':
      return `album/${card.id}`;
    case 'show':
      return `show/${card.id}`;
    case 'artist':
      return `artist/${card.id}`;
    case 'playlist':
      return `playlist/${card.id}`;
  }
}
