/**
 * One row of a track list: number, title, artist when it differs from the
 * album's, duration. Focus paints the row; the row that is playing is drawn in the accent colour.
 */
import { Lightning } from '@lightningjs/sdk';
import type { TrackSummary } from '../../protocol';
import { formatDuration } from '../format';
import { Colors, Font, Layout, lineText } from '../theme';
import { drawnText } from './drawn-text';

export interface TrackRowTemplateSpec extends Lightning.Component.TemplateSpec {
  track: TrackSummary | null;
  showArtist: boolean;
  playing: boolean;
  Background: object;
  Number: object;
  Art: object;
  Title: object;
  Artist: object;
  Duration: object;
}

export class TrackRow
  extends Lightning.Component<TrackRowTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<TrackRowTemplateSpec>
{
  static readonly HEIGHT = 84;
  static readonly WIDTH = 1168;

  private data: TrackSummary | null = null;
  private withArtist = false;
  private isPlaying = false;
  private artSrc: string | null = null;

  static override _template(): Lightning.Component.Template<TrackRowTemplateSpec> {
    return {
      w: TrackRow.WIDTH,
      h: TrackRow.HEIGHT,
      Background: {
        w: TrackRow.WIDTH,
        h: TrackRow.HEIGHT,
        rect: true,
        color: Colors.focusRowBg,
        alpha: 0,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 },
      },
      // Number and Title are white text tinted by `color`, so marking the playing row changes a
      // tint instead of re-rendering two text textures.
      Number: { x: 28, y: 24, color: Colors.textFaint, text: lineText(Font.caption, 0xffffffff, 60) },
      // A cover only where a list mixes albums (a playlist); its texture goes with its src.
      Art: { x: 100, y: 10, w: 64, h: 64, visible: false, shader: { type: Lightning.shaders.RoundedRectangle, radius: 6 } },
      Title: { x: 100, y: 22, color: Colors.text, text: lineText(Font.body, 0xffffffff, 880) },
      Artist: { x: 100, y: 60, alpha: 0, text: lineText(Font.caption - 6, Colors.textDim, 880) },
      Duration: { x: TrackRow.WIDTH - 28, mountX: 1, y: 24, text: lineText(Font.caption, Colors.textDim) },
    };
  }

  get track(): TrackSummary | null {
    return this.data;
  }

  set track(t: TrackSummary | null) {
    this.data = t;
    if (!t) return;
    this.patch({
      Number: { text: { text: String(t.number) } },
      Title: { text: { text: drawnText(t.title) } },
      Artist: { text: { text: drawnText(t.artist.name) } },
      Duration: { text: { text: formatDuration(t.durationMs) } },
    });
    this.layout();
  }

  /** The cover's URL, or null for none (a row reused for another entry drops the old texture). */
  get art(): string | null {
    return this.artSrc;
  }

  set art(src: string | null) {
    if (src === this.artSrc) return;
    this.artSrc = src;
    const art = this.tag('Art');
    if (art) {
      if (src === null) art.texture = null;
      else art.src = src;
      art.visible = src !== null;
    }
    this.patch({ Title: { x: src === null ? 100 : 188 }, Artist: { x: src === null ? 100 : 188 } });
  }

  get showArtist(): boolean {
    return this.withArtist;
  }

  set showArtist(v: boolean) {
    this.withArtist = v;
    this.layout();
  }

  get playing(): boolean {
    return this.isPlaying;
  }

  set playing(v: boolean) {
    this.isPlaying = v;
    this.tag('Number')?.patch({ color: v ? Colors.accent : Colors.textFaint });
    this.tag('Title')?.patch({ color: v ? Colors.accent : Colors.text });
  }

  get announce(): string {
    return this.data ? `${this.data.number}. ${this.data.title}, ${formatDuration(this.data.durationMs)}` : '';
  }

  override _focus(): void {
    this.tag('Background')?.setSmooth('alpha', 1, { duration: Layout.animSeconds });
  }

  override _unfocus(): void {
    this.tag('Background')?.setSmooth('alpha', 0, { duration: Layout.animSeconds });
  }

  private layout(): void {
    this.patch({
      Title: { y: this.withArtist ? 10 : 22 },
      Artist: { alpha: this.withArtist ? 1 : 0 },
    });
  }
}
