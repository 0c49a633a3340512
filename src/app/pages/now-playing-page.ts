/**
 * Now Playing: large artwork, title, the artist and album as links, progress with elapsed and
 * remaining time, the quality playing (Shaka's bitrate of the rendition), what plays next, and
 * the transport row (previous, play/pause, next, shuffle, repeat). Rows: Links, Progress,
 * Transport (focused first). On Progress, Left/Right seek 10 s, faster while held; on a podcast
 * episode or audiobook chapter, back 15 s and forward 30 s.
 *
 * After AMBIENT_AFTER_MS without a key the page turns ambient (burn-in safe): controls fade out,
 * art and text dim and drift slowly; the next key only wakes it. The page only stamps a time on
 * a key press (IdleTimer); the drift is one long animation per 30 s.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { PlaybackItem, PlayerState, QueueView, RepeatMode, TimeInfo } from '../../player/types';
import { services } from '../app-services';
import { artworkSrc } from '../artwork';
import { Button } from '../components/button';
import { formatDuration } from '../format';
import { IdleTimer, idleDelayForTests } from '../services/idle-timer';
import { HoldCounter, longFormStepMs, seekStepMs } from '../services/seek-steps';
import { state } from '../state-name';
import { argb, Colors, Font, Layout, lineText } from '../theme';

/** Two minutes without input: the figure, and below common TV screensaver delays (5–15 min). */
export const AMBIENT_AFTER_MS = 120_000;
const DRIFT_EVERY_MS = 30_000;
const DRIFT_PX = 80;

const ART = 600;
const ART_Y = 120;
const TEXT_X = Layout.safeX + ART + 80;
const TEXT_W = Layout.stageW - TEXT_X - Layout.safeX;
const PROGRESS_Y = 800;
const PROGRESS_W = Layout.stageW - Layout.safeX * 2;
const TRANSPORT_Y = 900;
const BUTTON_W = 230;

const TRANSPORT = ['Previous', 'PlayPause', 'Next', 'Shuffle', 'Repeat', 'Like'] as const;
type TransportButton = (typeof TRANSPORT)[number];
const LINKS = ['Artist', 'Album'] as const;
type Row = 'Links' | 'Progress' | 'Transport';

const NEXT_REPEAT: Record<RepeatMode, RepeatMode> = { off: 'all', all: 'one', one: 'off' };
const REPEAT_LABEL: Record<RepeatMode, string> = { off: 'Repeat: off', all: 'Repeat: all', one: 'Repeat: one' };

type NowPlayingHistory = { row: Row; transport: number; link: number };

export interface NowPlayingPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: NowPlayingHistory;
}

export interface NowPlayingPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Ambient: {
    Art: { Placeholder: object; Image: object };
    Info: { Title: object; Artist: typeof Button; Album: typeof Button; Quality: object; NextUp: object };
  };
  Controls: {
    Track: object;
    Bar: object;
    Knob: object;
    Elapsed: object;
    Remaining: object;
    Transport: {
      Previous: typeof Button;
      PlayPause: typeof Button;
      Next: typeof Button;
      Shuffle: typeof Button;
      Repeat: typeof Button;
      Like: typeof Button;
    };
  };
  Empty: object;
}

export default class NowPlayingPage extends Lightning.Component<NowPlayingPageTemplateSpec, NowPlayingPageTypeConfig> {
  private transportIndex = 1;
  private linkIndex = 0;
  private unsubscribe: Array<() => void> = [];
  private shownSecond = -1;
  private item: PlaybackItem | null = null;
  private readonly hold = new HoldCounter();
  private idle: IdleTimer | null = null;
  private driftTimer: ReturnType<typeof setInterval> | null = null;

  static override _template(): Lightning.Component.Template<NowPlayingPageTemplateSpec> {
    const link = (y: number) => ({ type: Button, x: 0, y, w: 560, h: 72 });
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Ambient: {
        Art: {
          x: Layout.safeX,
          y: ART_Y,
          Placeholder: { w: ART, h: ART, rect: true, color: Colors.surface, shader: { type: Lightning.shaders.RoundedRectangle, radius: 18 } },
          Image: { w: ART, h: ART, shader: { type: Lightning.shaders.RoundedRectangle, radius: 18 } },
        },
        Info: {
          x: TEXT_X,
          y: ART_Y + 20,
          Title: { text: { ...lineText(Font.hero, Colors.text, TEXT_W), fontStyle: 'bold', maxLines: 2, lineHeight: 84 } },
          Artist: link(200),
          Album: link(292),
          Quality: { y: 400, text: lineText(Font.caption, Colors.textFaint, TEXT_W) },
          NextUp: { y: 470, text: lineText(Font.caption, Colors.textDim, TEXT_W) },
        },
      },
      Controls: {
        Track: { x: Layout.safeX, y: PROGRESS_Y, w: PROGRESS_W, h: 8, rect: true, color: 0xff33333d },
        Bar: { x: Layout.safeX, y: PROGRESS_Y, w: 0, h: 8, rect: true, color: Colors.accent },
        Knob: { x: Layout.safeX, y: PROGRESS_Y + 4, mount: 0.5, w: 28, h: 28, rect: true, color: Colors.focus, alpha: 0, shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 } },
        Elapsed: { x: Layout.safeX, y: PROGRESS_Y + 24, text: lineText(Font.caption, Colors.textDim) },
        Remaining: { x: Layout.stageW - Layout.safeX, mountX: 1, y: PROGRESS_Y + 24, text: lineText(Font.caption, Colors.textDim) },
        Transport: {
          Previous: transportButton(0),
          PlayPause: transportButton(1),
          Next: transportButton(2),
          Shuffle: transportButton(3),
          Repeat: transportButton(4),
          Like: transportButton(5),
        },
      },
      Empty: {
        x: Layout.safeX,
        y: 420,
        visible: false,
        text: { ...lineText(Font.title, Colors.textDim, 1600), text: 'Nothing is playing. Pick something from Home or Search.' },
      },
    };
  }

  override _init(): void {
    const labels: Record<TransportButton, string> = { Previous: 'Previous', PlayPause: 'Play', Next: 'Next', Shuffle: 'Shuffle: off', Repeat: 'Repeat: off', Like: 'Like' };
    for (const name of TRANSPORT) this.button(name).label = labels[name];
    const image = this.tag('Ambient.Art.Image');
    image?.on('txLoaded', () => this.tag('Ambient.Art.Placeholder')?.patch({ visible: false }));
    image?.on('txUnloaded', () => this.tag('Ambient.Art.Placeholder')?.patch({ visible: true }));
    this._setState('Transport');
  }

  override _attach(): void {
    const { player } = services();
    this.unsubscribe = [
      player.on('track', ({ item }) => this.showItem(item)),
      player.on('time', (t) => this.showTime(t)),
      player.on('state', (s) => this.showState(s)),
      player.on('queue', (q) => this.showQueue(q)),
      services().library.onChange(() => this.showLiked()),
    ];
    this.showItem(player.current);
    this.showState(player.state);
    this.showTime(player.time);
    this.idle = new IdleTimer(idleDelayForTests.ms ?? AMBIENT_AFTER_MS, () => this.enterAmbient());
  }

  override _detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.idle?.destroy();
    this.idle = null;
    this.stopDrift();
  }

  override historyState(saved?: Router.HistoryState<NowPlayingPageTypeConfig>): Router.HistoryState<NowPlayingPageTypeConfig> {
    if (!saved) return { row: (this._getState() || 'Transport') as Row, transport: this.transportIndex, link: this.linkIndex };
    this.transportIndex = saved.transport;
    this.linkIndex = saved.link;
    this._setState(saved.row === 'Links' && !this.hasLinks() ? 'Transport' : saved.row);
    return undefined;
  }

  /** Every key: stamp the time; a key that wakes the ambient mode does nothing else. */
  override _captureKey(): boolean {
    if (this.idle?.input()) {
      this.leaveAmbient();
      return true;
    }
    return false;
  }

  /** For tests: whether the ambient (burn-in safe) mode is showing. */
  get ambient(): boolean {
    return this.idle?.isIdle ?? false;
  }

  /** For tests (the hook's pageShown): the ambient mode and what it does to the screen. */
  get shown(): { ambient: boolean; controlsAlpha: number; ambientAlpha: number; ambientX: number; ambientY: number } {
    const ambient = this.tag('Ambient')!;
    return { ambient: this.ambient, controlsAlpha: this.tag('Controls')!.alpha, ambientAlpha: ambient.alpha, ambientX: ambient.x, ambientY: ambient.y };
  }

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Links',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag(this.linkIndex === 0 ? 'Ambient.Info.Artist' : 'Ambient.Info.Album');
          }
          override _handleUp(): void {
            this.linkIndex = 0;
            this._refocus();
          }
          override _handleDown(): void {
            if (this.linkIndex === 0 && this.item?.albumId) this.linkIndex = 1;
            else this._setState('Progress');
            this._refocus();
          }
          override _handleEnter(): void {
            const id = this.linkIndex === 0 ? this.item?.artistId : this.item?.albumId;
            if (id) Router.navigate(this.linkIndex === 0 ? `artist/${id}` : `album/${id}`);
          }
        },
      ),
      state(
        'Progress',
        class extends this {
          override $enter(): void {
            this.tag('Controls.Knob')!.setSmooth('alpha', 1, { duration: Layout.animSeconds });
          }
          override $exit(): void {
            this.tag('Controls.Knob')!.setSmooth('alpha', 0, { duration: Layout.animSeconds });
          }
          override _getFocused(): Lightning.Component | null | undefined {
            return this;
          }
          override _handleUp(): boolean | void {
            if (!this.hasLinks()) return false;
            this.linkIndex = this.item?.albumId ? 1 : 0;
            this._setState('Links');
          }
          override _handleDown(): void {
            this._setState('Transport');
          }
          override _handleLeft(e: KeyboardEvent): void {
            const n = this.hold.press(e.repeat);
            this.seekBy(this.item?.longForm ? longFormStepMs(-1, n) : -seekStepMs(n));
          }
          override _handleRight(e: KeyboardEvent): void {
            const n = this.hold.press(e.repeat);
            this.seekBy(this.item?.longForm ? longFormStepMs(1, n) : seekStepMs(n));
          }
          override _handleLeftRelease(): void {
            this.hold.release();
          }
          override _handleRightRelease(): void {
            this.hold.release();
          }
          override _handleEnter(): void {
            void services().player.toggle();
          }
        },
      ),
      state(
        'Transport',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.button(TRANSPORT[this.transportIndex] ?? 'PlayPause');
          }
          override _handleUp(): void {
            this._setState('Progress');
          }
          override _handleLeft(): boolean | void {
            if (this.transportIndex === 0) return false;
            this.transportIndex -= 1;
            this._refocus();
          }
          override _handleRight(): void {
            this.transportIndex = Math.min(TRANSPORT.length - 1, this.transportIndex + 1);
            this._refocus();
          }
          override _handleEnter(): void {
            this.press(TRANSPORT[this.transportIndex] ?? 'PlayPause');
          }
        },
      ),
    ];
  }

  private press(name: TransportButton): void {
    const { player } = services();
    switch (name) {
      case 'Previous':
        void player.previous();
        return;
      case 'PlayPause':
        void player.toggle();
        return;
      case 'Next':
        void player.next();
        return;
      case 'Shuffle':
        player.setShuffle(!player.upNext.shuffle);
        return;
      case 'Repeat':
        player.setRepeat(NEXT_REPEAT[player.upNext.repeat]);
        return;
      case 'Like':
        this.toggleLike();
    }
  }

  /** Like or unlike what plays; a guest is told why not. The label follows the library. */
  private toggleLike(): void {
    const { library } = services();
    const toast = (m: string) => (this.fireAncestors as (e: string, ...a: unknown[]) => void)('$toast', m);
    const item = this.item;
    if (!item) return;
    if (!library.available) return toast('Sign in to like tracks');
    const on = !library.has('track', item.trackId);
    library.set('track', item.trackId, on).then(
      () => toast(on ? 'Added to Liked Songs' : 'Removed from Liked Songs'),
      () => toast('That didn’t work. Try again.'),
    );
  }

  private showLiked(): void {
    const liked = this.item !== null && services().library.has('track', this.item.trackId);
    this.button('Like').label = liked ? 'Liked' : 'Like';
  }

  private seekBy(deltaMs: number): void {
    const { player } = services();
    player.seek(player.time.positionMs + deltaMs);
  }

  private showItem(item: PlaybackItem | null): void {
    this.item = item;
    this.tag('Empty')!.visible = item === null;
    this.tag('Ambient')!.visible = item !== null;
    this.tag('Controls')!.visible = item !== null;
    if (!item) return;
    this.shownSecond = -1;
    this.patch({
      Ambient: {
        Art: {
          Placeholder: { visible: true, color: item.artwork ? argb(item.artwork.color) : Colors.surface },
          Image: { src: item.artwork ? artworkSrc(item.artwork, ART) : undefined },
        },
        Info: { Title: { text: { text: item.title } } },
      },
    });
    this.tag('Ambient.Info.Artist')!.label = item.artist;
    this.tag('Ambient.Info.Album')!.label = item.albumTitle ?? '';
    this.tag('Ambient.Info.Album')!.visible = Boolean(item.albumTitle);
    this.showQueue(services().player.upNext);
    this.showLiked();
    if (this._getState() === 'Links' && !this.hasLinks()) this._setState('Transport');
  }

  private showQueue(q: QueueView): void {
    const next = q.repeat === 'one' ? q.current : (q.queued[0] ?? q.fromContext[0] ?? null);
    this.tag('Ambient.Info.NextUp')!.patch({ text: { text: next ? `Next: ${next.title} · ${next.artist}` : 'Next: nothing, the queue ends here' } });
    this.button('Shuffle').label = q.shuffle ? 'Shuffle: on' : 'Shuffle: off';
    this.button('Repeat').label = REPEAT_LABEL[q.repeat];
  }

  private showState(s: PlayerState): void {
    this.button('PlayPause').label = s === 'playing' || s === 'crossfading' || s === 'buffering' || s === 'loading' ? 'Pause' : 'Play';
  }

  /** Bar every time event; text (two textures) only when the second changes. */
  private showTime({ positionMs, durationMs }: TimeInfo): void {
    const progress = durationMs > 0 ? Math.min(1, positionMs / durationMs) : 0;
    this.tag('Controls.Bar')!.w = PROGRESS_W * progress;
    this.tag('Controls.Knob')!.x = Layout.safeX + PROGRESS_W * progress;
    const second = Math.floor(positionMs / 1000);
    if (second === this.shownSecond) return;
    this.shownSecond = second;
    this.patch({
      Controls: {
        Elapsed: { text: { text: formatDuration(positionMs) } },
        Remaining: { text: { text: `-${formatDuration(Math.max(0, durationMs - positionMs))}` } },
      },
    });
    this.showQuality();
  }

  private showQuality(): void {
    const bps = services().player.bitrate();
    this.tag('Ambient.Info.Quality')!.patch({ text: { text: bps ? `AAC · ${Math.round(bps / 1000)} kbps` : '' } });
  }

  private enterAmbient(): void {
    this.tag('Controls')!.setSmooth('alpha', 0, { duration: 2 });
    this.tag('Ambient')!.setSmooth('alpha', 0.55, { duration: 2 });
    this.drift();
    this.driftTimer = setInterval(() => this.drift(), DRIFT_EVERY_MS);
  }

  private leaveAmbient(): void {
    this.stopDrift();
    this.tag('Controls')!.setSmooth('alpha', 1, { duration: Layout.animSeconds });
    const ambient = this.tag('Ambient')!;
    ambient.setSmooth('alpha', 1, { duration: Layout.animSeconds });
    ambient.setSmooth('x', 0, { duration: Layout.animSeconds });
    ambient.setSmooth('y', 0, { duration: Layout.animSeconds });
  }

  /** A slow move to a new spot, so no pixel holds the same bright value for long. */
  private drift(): void {
    const ambient = this.tag('Ambient')!;
    const to = () => Math.round((Math.random() * 2 - 1) * DRIFT_PX);
    ambient.setSmooth('x', to(), { duration: DRIFT_EVERY_MS / 1000, timingFunction: 'ease-in-out' });
    ambient.setSmooth('y', to(), { duration: DRIFT_EVERY_MS / 1000, timingFunction: 'ease-in-out' });
  }

  private stopDrift(): void {
    if (this.driftTimer) clearInterval(this.driftTimer);
    this.driftTimer = null;
  }

  private hasLinks(): boolean {
    return Boolean(this.item?.artistId || this.item?.albumId);
  }

  private button(name: TransportButton): Button {
    return this.tag(`Controls.Transport.${name}`) as Button;
  }
}

function transportButton(i: number) {
  return { type: Button, x: Layout.safeX + i * (BUTTON_W + 32), y: TRANSPORT_Y, w: BUTTON_W, h: 84, label: '' };
}
