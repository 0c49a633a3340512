/**
 * The now-playing bar: a Router widget along the bottom of every page once something has played.
 * Artwork, title, artist, elapsed/total and a progress line, driven by player events. It only
 * redraws text when the shown second changes, since each text change re-rasterises a texture.
 */
import { Lightning } from '@lightningjs/sdk';
import { artworkSrc } from '../artwork';
import type { PlaybackItem, PlayerState, TimeInfo } from '../../player/types';
import { services } from '../app-services';
import { formatDuration } from '../format';
import { argb, Colors, Font, Layout, lineText } from '../theme';
import { drawnText } from './drawn-text';

const ART = 88;
const PROGRESS_W = Layout.stageW - Layout.safeX * 2;

const STATE_LABEL: Partial<Record<PlayerState, string>> = {
  loading: 'Loading…',
  buffering: 'Buffering…',
  paused: 'Paused',
  ended: 'Finished',
  error: 'Can’t play',
};

export interface NowPlayingBarTemplateSpec extends Lightning.Component.TemplateSpec {
  Background: object;
  Track: object;
  Progress: object;
  Art: { Placeholder: object; Image: object };
  Title: object;
  Artist: object;
  Time: object;
}

export class NowPlayingBar extends Lightning.Component<NowPlayingBarTemplateSpec> {
  private unsubscribe: Array<() => void> = [];
  private shownSecond = -1;
  private shownState: PlayerState = 'idle';
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  private item: PlaybackItem | null = null;

  static override _template(): Lightning.Component.Template<NowPlayingBarTemplateSpec> {
    return {
      y: Layout.stageH - Layout.barH,
      w: Layout.stageW,
      h: Layout.barH,
      alpha: 0,
      zIndex: 10,
      Background: { w: Layout.stageW, h: Layout.barH, rect: true, color: 0xf0121218 },
      Track: { x: Layout.safeX, y: 0, w: PROGRESS_W, h: 4, rect: true, color: 0xff33333d },
      Progress: { x: Layout.safeX, y: 0, w: 0, h: 4, rect: true, color: Colors.accent },
      Art: {
        x: Layout.safeX,
        y: 22,
        Placeholder: { w: ART, h: ART, rect: true, color: Colors.surface, shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 } },
        Image: { w: ART, h: ART, shader: { type: Lightning.shaders.RoundedRectangle, radius: 8 } },
      },
      Title: { x: Layout.safeX + ART + 28, y: 28, text: { ...lineText(Font.body, Colors.text, 1100), fontStyle: 'bold' } },
      Artist: { x: Layout.safeX + ART + 28, y: 72, text: lineText(Font.caption - 2, Colors.textDim, 1100) },
      Time: { x: Layout.stageW - Layout.safeX, mountX: 1, y: 48, text: lineText(Font.caption, Colors.textDim, 480) },
    };
  }

  override _attach(): void {
    const { player } = services();
    this.unsubscribe = [
      player.on('track', ({ item }) => this.showItem(item)),
      player.on('time', (t) => this.showTime(t)),
      player.on('state', (s) => this.showState(s)),
      player.on('error', (e) => this.flash(e.message)),
    ];
    this.showItem(player.current);
  }

  override _detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.messageTimer) clearTimeout(this.messageTimer);
  }

  private showItem(item: PlaybackItem | null): void {
    this.item = item;
    if (!item) return;
    this.setSmooth('alpha', 1, { duration: Layout.animSeconds });
    this.shownSecond = -1;
    this.patch({
      Art: {
        Placeholder: { color: item.artwork ? argb(item.artwork.color) : Colors.surface },
        Image: { src: item.artwork ? artworkSrc(item.artwork, ART) : undefined },
      },
      Title: { text: { text: drawnText(item.title) } },
      Artist: { text: { text: drawnText(item.artist), textColor: Colors.textDim } },
    });
    this.showTime({ positionMs: 0, durationMs: item.durationMs });
  }

  private showTime({ positionMs, durationMs }: TimeInfo): void {
    const progress = durationMs > 0 ? Math.min(1, positionMs / durationMs) : 0;
    const bar = this.tag('Progress');
    if (bar) bar.w = PROGRESS_W * progress;
    const second = Math.floor(positionMs / 1000);
    if (second === this.shownSecond) return;
    this.shownSecond = second;
    this.drawTime(positionMs, durationMs);
  }

  private showState(state: PlayerState): void {
    this.shownState = state;
    const { positionMs, durationMs } = services().player.time;
    this.drawTime(positionMs, durationMs);
  }

  private drawTime(positionMs: number, durationMs: number): void {
    const label = STATE_LABEL[this.shownState];
    const time = `${formatDuration(positionMs)} / ${formatDuration(durationMs)}`;
    this.tag('Time')?.patch({ text: { text: label ? `${label}  ·  ${time}` : time } });
  }

  /** A player message (a skipped track) replaces the artist line for a few seconds. */
  private flash(message: string): void {
    this.tag('Artist')?.patch({ text: { text: message, textColor: Colors.error } });
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => {
      this.messageTimer = null;
      this.tag('Artist')?.patch({ text: { text: drawnText(this.item?.artist ?? ''), textColor: Colors.textDim } });
    }, 5000);
  }
}
