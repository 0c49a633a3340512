/**
 * Artist: picture, name and a Play button; their popular tracks (most played first, the BFF's
 * order) in a TrackList; a rail of their albums. Down goes Play → Popular → Albums, Up comes back
 * to the row that was left; the page scrolls so the albums rail is in view when it has focus.
 * Play and Enter on a row play the popular tracks as a queue.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { ArtistResponse } from '../../protocol';
import { services } from '../app-services';
import { Button } from '../components/button';
import { Cover } from '../components/cover';
import { Rail } from '../components/rail';
import { TrackList } from '../components/track-list';
import { FocusPreloader } from '../services/focus-preloader';
import { artistItems } from '../playback-items';
import { state } from '../state-name';
import { Colors, Font, Layout, lineText } from '../theme';
import { drawnText } from '../components/drawn-text';

const PHOTO = 200;
const HEADER_Y = Layout.safeY + 20;
const TEXT_X = Layout.safeX + PHOTO + 48;
/** Rows of popular tracks in view at once; the list scrolls through the rest. */
const POPULAR_ROWS = 5;
const POPULAR_Y = HEADER_Y + PHOTO + 56;
const POPULAR_LIST_Y = POPULAR_Y + 64;
const ALBUMS_GAP = 48;

type Section = 'Play' | 'Popular' | 'Albums';
type ArtistHistory = { focus: Section; row: number; album: number };

export interface ArtistPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: ArtistHistory;
}

export interface ArtistPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Content: {
    Photo: typeof Cover;
    Name: object;
    Play: typeof Button;
    PopularTitle: object;
    Popular: typeof TrackList;
    Albums: typeof Rail;
  };
}

export class ArtistPage extends Lightning.Component<ArtistPageTemplateSpec, ArtistPageTypeConfig> {
  private readonly preloader = new FocusPreloader(() => services().player);

  static override _template(): Lightning.Component.Template<ArtistPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Content: {
        Photo: { type: Cover, x: Layout.safeX, y: HEADER_Y, size: PHOTO, round: true },
        Name: { x: TEXT_X, y: HEADER_Y + 4, text: { ...lineText(Font.hero, Colors.text, 1400), fontStyle: 'bold' } },
        Play: { type: Button, x: TEXT_X, y: HEADER_Y + PHOTO - 80, w: 240, h: 80, label: 'Play' },
        PopularTitle: { x: Layout.safeX, y: POPULAR_Y, text: { ...lineText(Font.heading, Colors.text), fontStyle: 'bold', text: 'Popular' } },
        Popular: { type: TrackList, x: Layout.safeX, y: POPULAR_LIST_Y, h: POPULAR_ROWS * TrackList.ROW_STEP },
        Albums: { type: Rail, x: Layout.safeX, y: POPULAR_LIST_Y },
      },
    };
  }

  override _init(): void {
    this.popular().preloader = this.preloader;
  }

  override _inactive(): void {
    this.preloader.disarm();
  }

  set artist(data: ArtistResponse) {
    const items = artistItems(data);
    const hasPopular = items.length > 0;
    const popularH = Math.min(items.length, POPULAR_ROWS) * TrackList.ROW_STEP;
    this.patch({
      Content: {
        Photo: { artwork: data.artist.artwork },
        Name: { text: { text: drawnText(data.artist.name) } },
        Play: { visible: hasPopular },
        PopularTitle: { visible: hasPopular },
        Popular: { visible: hasPopular, h: popularH },
        // Without popular tracks the albums move up under the header.
        Albums: { y: hasPopular ? POPULAR_LIST_Y + popularH + ALBUMS_GAP : POPULAR_Y },
      },
    });
    // Ranks, not album track numbers: this list is ordered by plays.
    this.popular().content = {
      tracks: data.topTracks.map((t, i) => ({ ...t, number: i + 1 })),
      items,
      showArtist: false,
      context: { kind: 'artist', id: data.artist.id, title: data.artist.name },
    };
    this.albums().rail = { id: 'albums', title: 'Albums', items: data.albums };
    this.focusSection(hasPopular ? 'Play' : 'Albums', false);
  }

  override historyState(saved?: Router.HistoryState<ArtistPageTypeConfig>): Router.HistoryState<ArtistPageTypeConfig> {
    if (!saved) return { focus: (this._getState() || 'Play') as Section, row: this.popular().index, album: this.albums().index };
    this.popular().restore(saved.row);
    this.albums().restore(saved.album);
    this.focusSection(this.available(saved.focus), false);
    return undefined;
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Play',
        class extends this {
          override $enter(): void {
            this.preloader.arm(this.popular().item(0));
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag('Content.Play');
          }
          override _handleDown(): void {
            this.focusSection('Popular', true);
          }
          override _handleEnter(): void {
            this.popular().playFrom(0);
          }
        },
      ),
      state(
        'Popular',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.popular();
          }
          override _handleUp(): void {
            this.focusSection('Play', true);
          }
          override _handleDown(): boolean | void {
            if (this.albums().length === 0) return false;
            this.focusSection('Albums', true);
          }
        },
      ),
      state(
        'Albums',
        class extends this {
          override $enter(): void {
            this.preloader.arm(undefined);
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.albums().length > 0 ? this.albums() : this;
          }
          override _handleUp(): boolean | void {
            if (this.popular().length === 0) return false;
            this.focusSection('Popular', true);
          }
          override _handleEnter(): boolean | void {
            const card = this.albums().focusedCard;
            if (!card) return false;
            Router.navigate(`album/${card.id}`);
          }
        },
      ),
    ];
  }

  /** A section that has content: an artist with no plays yet has no Play and no Popular. */
  private available(section: Section): Section {
    return section !== 'Albums' && this.popular().length === 0 ? 'Albums' : section;
  }

  /** Scroll so the albums rail's title sits at the top safe line while it has focus. */
  private focusSection(section: Section, animate: boolean): void {
    this._setState(section);
    const y = section === 'Albums' ? Math.min(0, Layout.safeY - this.albums().y) : 0;
    const content = this.tag('Content');
    if (!content) return;
    if (animate) content.setSmooth('y', y, { duration: Layout.animSeconds });
    else content.y = y;
  }

  private popular(): TrackList {
    return this.tag('Content.Popular') as TrackList;
  }

  private albums(): Rail {
    return this.tag('Content.Albums') as Rail;
  }
}
