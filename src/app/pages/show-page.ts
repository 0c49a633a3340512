/**
 * A show (podcast or audiobook), `#show/:showId`: artwork, title, author and kind on the left;
 * the episodes newest first on the right (EpisodeRow: title, date, length, description, and the
 * profile's unplayed / in-progress / played mark). OK on an episode plays it; on one in progress
 * it offers "Resume from 23:14" (focused) and "Play from start" first. Back closes the offer.
 * Positions are saved by the PositionReporter (services/position-reporter.ts), not here.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { Episode, ShowResponse } from '../../protocol';
import type { PlaybackItem } from '../../player/types';
import { services } from '../app-services';
import { Button } from '../components/button';
import { coverColumnTemplate, hangUnderTitle, showCoverColumn, type CoverColumnParts } from '../components/cover-column';
import { drawnText } from '../components/drawn-text';
import { EpisodeRow } from '../components/episode-row';
import { ListCursor } from '../components/list-scroll';
import { resumeLabel } from '../episode-marks';
import { trackItem } from '../playback-items';
import { FocusPreloader } from '../services/focus-preloader';
import { followPlaying } from '../services/follow-playing';
import { state } from '../state-name';
import { Colors, Font, Layout, lineText } from '../theme';

const ART = 420;
const LIST_X = Layout.safeX + ART + 80;
const TOP = Layout.safeY + 42;
const LIST_H = Layout.stageH - Layout.barH - TOP - 16;
const ROW_STEP = EpisodeRow.HEIGHT + 8;
const OFFER_W = 1040;
const KIND_LABEL = { podcast: 'Podcast', audiobook: 'Audiobook' } as const;

type OfferChoice = 'Resume' | 'Start';
type ShowHistory = { index: number };

export interface ShowPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: ShowHistory;
}

export interface ShowPageTemplateSpec extends CoverColumnParts {
  List: { Rows: object };
  Empty: object;
  Offer: {
    Scrim: object;
    Card: { Background: object; Heading: object; Resume: typeof Button; Start: typeof Button };
  };
}

/** What the page shows, for tests (`window.__encore.pageShown()`). */
export interface ShowPageShown {
  title: string;
  episodes: Array<{ title: string; mark: string; meta: string; playing: boolean }>;
  index: number;
  offer: { labels: string[]; focused: OfferChoice } | null;
}

export class ShowPage extends Lightning.Component<ShowPageTemplateSpec, ShowPageTypeConfig> {
  private data: ShowResponse | null = null;
  private items: PlaybackItem[] = [];
  /** One row of context above the focused one. */
  private readonly rowCursor = new ListCursor({
    rows: () => this.tag('List.Rows'),
    count: () => this.items.length,
    step: ROW_STEP,
    viewportH: () => LIST_H,
    contextRows: 1,
    moved: (index) => {
      this.preloader.arm(this.items[index]);
      this._refocus();
    },
  });
  private choice: OfferChoice = 'Resume';
  private readonly preloader = new FocusPreloader(() => services().player);
  private offTrack: (() => void) | null = null;

  static override _template(): Lightning.Component.Template<ShowPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      ...coverColumnTemplate(TOP, ART),
      List: { x: LIST_X, y: TOP, w: EpisodeRow.WIDTH + 20, h: LIST_H, clipping: true, Rows: {} },
      Empty: { x: LIST_X, y: TOP + 20, visible: false, text: { ...lineText(Font.body, Colors.textDim, EpisodeRow.WIDTH), text: 'No episodes yet.' } },
      Offer: {
        visible: false,
        zIndex: 150,
        Scrim: { w: Layout.stageW, h: Layout.stageH, rect: true, color: 0xc0000000 },
        Card: {
          x: (Layout.stageW - OFFER_W) / 2,
          y: 330,
          Background: { w: OFFER_W, h: 300, rect: true, color: Colors.surface, shader: { type: Lightning.shaders.RoundedRectangle, radius: 20 } },
          Heading: { x: 72, y: 48, text: { ...lineText(Font.body, Colors.text, OFFER_W - 144), fontStyle: 'bold' } },
          // Gaps wider than a focused button grows (Layout.focusScale) on each side.
          Resume: { type: Button, x: 72, y: 160, w: 460, h: 88, label: '' },
          Start: { type: Button, x: 72 + 460 + 48, y: 160, w: 388, h: 88, label: 'Play from start' },
        },
      },
    };
  }

  override _init(): void {
    hangUnderTitle(this);
    this._setState('Episodes');
  }

  override _active(): void {
    this.offTrack = followPlaying((trackId) => this.markPlaying(trackId));
  }

  override _inactive(): void {
    this.offTrack?.();
    this.offTrack = null;
    this.preloader.disarm();
  }

  set show(data: ShowResponse) {
    this.data = data;
    const { show, episodes } = data;
    const album = { title: show.title, artwork: show.artwork };
    this.items = episodes.map((e) => trackItem(e.track, album));
    const count = `${episodes.length} ${show.kind === 'audiobook' ? 'chapter' : 'episode'}${episodes.length === 1 ? '' : 's'}`;
    showCoverColumn(this, { artwork: show.artwork, title: show.title, byline: show.author.name, meta: `${KIND_LABEL[show.kind]}  ·  ${count}` });
    this.patch({ Empty: { visible: episodes.length === 0 } });
    this.tag('List.Rows')!.children = episodes.map((episode, i) => ({ ref: `Episode${i}`, type: EpisodeRow, y: i * ROW_STEP, episode }));
    this.rowCursor.reset(0);
    this.markPlaying(services().player.current?.trackId ?? null);
    this._setState('Episodes');
  }

  get shown(): ShowPageShown {
    const offerOpen = this._getState() === 'Offer';
    return {
      title: this.data?.show.title ?? '',
      episodes: this.rows().map((r) => ({
        title: r.episode?.track.title ?? '',
        mark: r.marks?.mark ?? '',
        meta: r.marks?.meta ?? '',
        playing: r.playing,
      })),
      index: this.rowCursor.index,
      offer: offerOpen ? { labels: [this.button('Resume').label, this.button('Start').label], focused: this.choice } : null,
    };
  }

  override historyState(saved?: Router.HistoryState<ShowPageTypeConfig>): Router.HistoryState<ShowPageTypeConfig> {
    if (!saved) return { index: this.rowCursor.index };
    this.rowCursor.reset(saved.index);
    this._setState('Episodes');
    return undefined;
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Episodes',
        class extends this {
          override $enter(): void {
            this.preloader.arm(this.items[this.rowCursor.index]);
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.rows()[this.rowCursor.index] ?? this;
          }
          override _handleUp(): boolean | void {
            return this.rowCursor.up();
          }
          override _handleDown(): boolean | void {
            return this.rowCursor.down();
          }
          override _handleEnter(): void {
            const row = this.rows()[this.rowCursor.index];
            if (!row?.episode) return;
            const from = row.marks?.resumeFromMs ?? null;
            if (from === null) this.play(0);
            else this.offer(row.episode, from);
          }
        },
      ),
      state(
        'Offer',
        class extends this {
          override $enter(): void {
            this.tag('Offer')!.visible = true;
          }
          override $exit(): void {
            this.tag('Offer')!.visible = false;
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this.button(this.choice);
          }
          override _handleLeft(): void {
            this.choice = 'Resume';
            this._refocus();
          }
          override _handleRight(): void {
            this.choice = 'Start';
            this._refocus();
          }
          override _handleUp(): void {}
          override _handleDown(): void {}
          override _handleEnter(): void {
            const from = this.rows()[this.rowCursor.index]?.marks?.resumeFromMs ?? 0;
            this._setState('Episodes');
            this.play(this.choice === 'Resume' ? from : 0);
          }
          override _handleBack(): void {
            this._setState('Episodes');
          }
        },
      ),
    ];
  }

  /** The episode alone: a podcast's next-older episode is not what plays after this one. */
  private play(startAtMs: number): void {
    const item = this.items[this.rowCursor.index];
    const show = this.data?.show;
    if (!item || !show) return;
    this.preloader.disarm(false);
    void services().player.loadContext([item], 0, { kind: 'show', id: show.id, title: show.title }, startAtMs);
  }

  private offer(episode: Episode, fromMs: number): void {
    this.choice = 'Resume';
    this.button('Resume').label = resumeLabel(fromMs);
    this.tag('Offer.Card.Heading')!.patch({ text: { text: drawnText(episode.track.title) } });
    this._setState('Offer');
  }

  private markPlaying(trackId: string | null): void {
    for (const row of this.rows()) row.playing = row.episode?.track.id === trackId;
  }

  private rows(): EpisodeRow[] {
    return (this.tag('List.Rows')?.children ?? []) as EpisodeRow[];
  }

  private button(choice: OfferChoice): Button {
    return this.tag(`Offer.Card.${choice}`) as Button;
  }
}
