/**
 * Album: large artwork, title, artist, year, track count and length, a Play button and the track
 * list (TrackList). Left/Right moves between Play and the list. Resting on a row (or on Play)
 * preloads that track (FocusPreloader), so Enter starts from memory; moving on cancels it.
 */
import { state } from '../state-name';
import { Lightning, Router } from '@lightningjs/sdk';
import type { AlbumResponse } from '../../protocol';
import { artworkSrc } from '../artwork';
import { services } from '../app-services';
import { Button } from '../components/button';
import { TrackList } from '../components/track-list';
import { formatLength } from '../format';
import { FocusPreloader } from '../services/focus-preloader';
import { argb, Colors, Font, Layout, lineText } from '../theme';
import { drawnText } from '../components/drawn-text';

const ART = 480;
const LIST_X = Layout.safeX + ART + 80;
const LIST_TOP = Layout.safeY + 42;
const LIST_H = Layout.stageH - Layout.barH - LIST_TOP - 16;

type AlbumHistory = { focus: 'Play' | 'Tracks'; index: number };

export interface AlbumPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: AlbumHistory;
}

export interface AlbumPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Art: { Placeholder: object; Image: object };
  Title: object;
  Artist: object;
  Meta: object;
  Play: typeof Button;
  Tracks: typeof TrackList;
}

export class AlbumPage extends Lightning.Component<AlbumPageTemplateSpec, AlbumPageTypeConfig> {
  private readonly preloader = new FocusPreloader(() => services().player);

  static override _template(): Lightning.Component.Template<AlbumPageTemplateSpec> {
    const text = (size: number, color: number, extra: Record<string, unknown> = {}) => ({ ...lineText(size, color, ART), ...extra });
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Art: {
        x: Layout.safeX,
        y: LIST_TOP,
        Placeholder: { w: ART, h: ART, rect: true, color: Colors.surface, shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 } },
        Image: { w: ART, h: ART, alpha: 0.001, shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 } },
      },
      Title: { x: Layout.safeX, y: LIST_TOP + ART + 28, text: text(Font.title - 4, Colors.text, { fontStyle: 'bold', maxLines: 2, lineHeight: 54 }) },
      Artist: { x: Layout.safeX, y: LIST_TOP + ART + 146, text: text(Font.body, Colors.textDim) },
      Meta: { x: Layout.safeX, y: LIST_TOP + ART + 192, text: text(Font.caption - 2, Colors.textFaint) },
      Play: { type: Button, x: Layout.safeX, y: LIST_TOP + ART + 244, w: 240, h: 80, label: 'Play' },
      Tracks: { type: TrackList, x: LIST_X, y: LIST_TOP, h: LIST_H },
    };
  }

  override _init(): void {
    const image = this.tag('Art.Image');
    image?.on('txLoaded', () => image.setSmooth('alpha', 1, { duration: Layout.animSeconds }));
    // The title wraps to one or two lines; hang artist, meta and Play under whatever it drew.
    const title = this.tag('Title');
    title?.on('txLoaded', () => this.layoutUnderTitle(title.y + title.renderHeight));
    this.list().preloader = this.preloader;
  }

  override _inactive(): void {
    this.preloader.disarm();
  }

  set album(data: AlbumResponse) {
    const { album, tracks } = data;
    const meta = [album.year, `${album.trackCount} ${album.trackCount === 1 ? 'track' : 'tracks'}`, formatLength(album.durationMs)]
      .filter((v) => v !== null && v !== '')
      .join('  ·  ');
    const multiArtist = tracks.some((t) => t.artist.id !== album.artist.id);
    this.patch({
      Art: {
        Placeholder: { color: argb(album.artwork.color) },
        Image: { src: artworkSrc(album.artwork, ART) },
      },
      Title: { text: { text: drawnText(album.title) } },
      Artist: { text: { text: drawnText(album.artist.name) } },
      Meta: { text: { text: meta } },
    });
    this.list().content = {
      tracks,
      items: tracks.map((t) => ({
        trackId: t.id,
        title: t.title,
        artist: t.artist.name,
        albumTitle: album.title,
        artwork: album.artwork,
        durationMs: t.durationMs,
      })),
      showArtist: multiArtist,
    };
    this._setState('Play');
  }

  override historyState(saved?: Router.HistoryState<AlbumPageTypeConfig>): Router.HistoryState<AlbumPageTypeConfig> {
    const list = this.list();
    if (!saved) return { focus: this._getState() === 'Tracks' ? 'Tracks' : 'Play', index: list.index };
    list.restore(saved.index);
    this._setState(saved.focus === 'Tracks' && list.length > 0 ? 'Tracks' : 'Play');
    return undefined;
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Play',
        class extends this {
          override $enter(): void {
            this.preloader.arm(this.list().item(0));
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag('Play');
          }
          override _handleRight(): boolean | void {
            if (this.list().length === 0) return false;
            this._setState('Tracks');
          }
          override _handleDown(): boolean | void {
            return this._handleRight();
          }
          override _handleEnter(): void {
            this.list().playFrom(0);
          }
        },
      ),
      state(
        'Tracks',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.list();
          }
          override _handleLeft(): void {
            this._setState('Play');
          }
        },
      ),
    ];
  }

  private layoutUnderTitle(bottom: number): void {
    this.patch({
      Artist: { y: bottom + 8 },
      Meta: { y: bottom + 56 },
      Play: { y: bottom + 112 },
    });
  }

  private list(): TrackList {
    return this.tag('Tracks') as TrackList;
  }
}
