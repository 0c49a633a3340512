/**
 * One episode of a show page: its mark (a dot while unplayed, a progress bar while in progress,
 * dimmed once played), title, date · length · state, and the start of its description. Focus
 * paints the row; the episode that is playing is drawn in the accent colour.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Episode } from '../../protocol';
import { episodeMarks, type EpisodeMarks } from '../episode-marks';
import { Colors, Font, Layout, lineText } from '../theme';
import { drawnText } from './drawn-text';

const TEXT_X = 72;
const PROGRESS_W = 240;

export interface EpisodeRowTemplateSpec extends Lightning.Component.TemplateSpec {
  episode: Episode | null;
  playing: boolean;
  Background: object;
  Dot: object;
  Title: object;
  Meta: object;
  Description: object;
  Progress: { Fill: object };
}

export class EpisodeRow
  extends Lightning.Component<EpisodeRowTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<EpisodeRowTemplateSpec>
{
  static readonly HEIGHT = 188;
  static readonly WIDTH = 1200;

  private data: Episode | null = null;
  private info: EpisodeMarks | null = null;
  private isPlaying = false;

  static override _template(): Lightning.Component.Template<EpisodeRowTemplateSpec> {
    const textW = EpisodeRow.WIDTH - TEXT_X - 32;
    return {
      w: EpisodeRow.WIDTH,
      h: EpisodeRow.HEIGHT,
      Background: {
        w: EpisodeRow.WIDTH,
        h: EpisodeRow.HEIGHT,
        rect: true,
        color: Colors.focusRowBg,
        alpha: 0,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 14 },
      },
      Dot: { x: 28, y: 34, w: 18, h: 18, rect: true, color: Colors.accent, shader: { type: Lightning.shaders.RoundedRectangle, radius: 9 } },
      // White text tinted by `color`: marking the playing row changes a tint, not a texture.
      Title: { x: TEXT_X, y: 20, color: Colors.text, text: { ...lineText(Font.body, 0xffffffff, textW), fontStyle: 'bold' } },
      Meta: { x: TEXT_X, y: 66, text: lineText(Font.caption - 4, Colors.textDim, textW - PROGRESS_W - 40) },
      Description: {
        x: TEXT_X,
        y: 108,
        text: { ...lineText(Font.caption - 4, Colors.textFaint, textW), maxLines: 2, lineHeight: 34 },
      },
      Progress: {
        x: EpisodeRow.WIDTH - 32 - PROGRESS_W,
        y: 80,
        w: PROGRESS_W,
        h: 8,
        rect: true,
        color: 0xff3a3a46,
        Fill: { w: 0, h: 8, rect: true, color: Colors.accent },
      },
    };
  }

  get episode(): Episode | null {
    return this.data;
  }

  set episode(e: Episode | null) {
    this.data = e;
    if (!e) return;
    const info = episodeMarks(e);
    this.info = info;
    const share = e.track.durationMs > 0 ? Math.min(1, e.positionMs / e.track.durationMs) : 0;
    this.patch({
      Dot: { visible: info.mark === 'unplayed' },
      Title: { text: { text: drawnText(e.track.title) } },
      Meta: { text: { text: info.meta } },
      Description: { text: { text: drawnText(e.description) } },
      Progress: { visible: info.mark === 'in-progress', Fill: { w: PROGRESS_W * share } },
    });
    this.paint();
  }

  /** The marks as decided for this profile (tests and the page's offer read them). */
  get marks(): EpisodeMarks | null {
    return this.info;
  }

  get playing(): boolean {
    return this.isPlaying;
  }

  set playing(v: boolean) {
    this.isPlaying = v;
    this.paint();
  }

  get announce(): string {
    return this.data && this.info ? `${this.data.track.title}, ${this.info.meta}` : '';
  }

  override _focus(): void {
    this.tag('Background')?.setSmooth('alpha', 1, { duration: Layout.animSeconds });
  }

  override _unfocus(): void {
    this.tag('Background')?.setSmooth('alpha', 0, { duration: Layout.animSeconds });
  }

  private paint(): void {
    const played = this.info?.mark === 'played';
    this.tag('Title')?.patch({ color: this.isPlaying ? Colors.accent : played ? Colors.textDim : Colors.text });
  }
}
