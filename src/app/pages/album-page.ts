/**
 * Album: large artwork, title, artist, year, track count and length, a Play button and the track
 * list (TrackList). Left/Right moves between Play and the list. Resting on a row (or on Play)
 * preloads that track (FocusPreloader), so Enter starts from memory; moving on cancels it.
 */
import { state } from '../state-name';
import { Lightning, Router } from '@lightningjs/sdk';
import type { AlbumResponse } from '../../protocol';
import { services } from '../app-services';
import { Button } from '../components/button';
import { coverColumnTemplate, hangUnderTitle, showCoverColumn, type CoverColumnParts } from '../components/cover-column';
import { TrackList } from '../components/track-list';
import { formatLength } from '../format';
import { albumItems } from '../playback-items';
import { FocusPreloader } from '../services/focus-preloader';
import { Layout } from '../theme';

const ART = 480;
const LIST_X = Layout.safeX + ART + 80;
const LIST_TOP = Layout.safeY + 42;
const LIST_H = Layout.stageH - Layout.barH - LIST_TOP - 16;

type AlbumHistory = { focus: 'Play' | 'Tracks'; index: number };

export interface AlbumPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: AlbumHistory;
}

export interface AlbumPageTemplateSpec extends CoverColumnParts {
  Play: typeof Button;
  Tracks: typeof TrackList;
}

export class AlbumPage extends Lightning.Component<AlbumPageTemplateSpec, AlbumPageTypeConfig> {
  private readonly preloader = new FocusPreloader(() => services().player);

  static override _template(): Lightning.Component.Template<AlbumPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      ...coverColumnTemplate(LIST_TOP, ART),
      Play: { type: Button, x: Layout.safeX, y: LIST_TOP + ART + 244, w: 240, h: 80, label: 'Play' },
      Tracks: { type: TrackList, x: LIST_X, y: LIST_TOP, h: LIST_H },
    };
  }

  override _init(): void {
    hangUnderTitle(this, { Play: 112 });
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
    showCoverColumn(this, { artwork: album.artwork, title: album.title, byline: album.artist.name, meta });
    this.list().content = {
      tracks,
      items: albumItems(data),
      showArtist: multiArtist,
      context: { kind: 'album', id: album.id, title: album.title },
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

  private list(): TrackList {
    return this.tag('Tracks') as TrackList;
  }
}
