/**
 * A short confirmation ("Added to queue") at the bottom centre: a Router widget that is never focused,
 * so showing it never moves focus. A new message replaces the one on screen.
 */
import { Lightning } from '@lightningjs/sdk';
import { Colors, Font, Layout, lineText } from '../theme';

const SHOW_MS = 2500;

export interface ToastTemplateSpec extends Lightning.Component.TemplateSpec {
  Box: { Background: object; Label: object };
}

export class Toast extends Lightning.Component<ToastTemplateSpec> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current = '';

  static override _template(): Lightning.Component.Template<ToastTemplateSpec> {
    return {
      zIndex: 180,
      // Bottom centre, above the now-playing bar: clear of every page's top-row buttons.
      x: (Layout.stageW - 640) / 2,
      y: Layout.stageH - Layout.barH - 120,
      alpha: 0,
      Box: {
        Background: { w: 640, h: 84, rect: true, color: Colors.surfaceRaised, shader: { type: Lightning.shaders.RoundedRectangle, radius: 42 } },
        Label: { x: 40, y: 24, text: { ...lineText(Font.caption, Colors.text, 560), fontStyle: 'bold' } },
      },
    };
  }

  /** What is on screen now ('' when hidden); for tests. */
  get message(): string {
    return this.current;
  }

  show(message: string): void {
    this.current = message;
    this.tag('Box.Label')!.patch({ text: { text: message } });
    this.setSmooth('alpha', 1, { duration: Layout.animSeconds });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = '';
      this.setSmooth('alpha', 0, { duration: Layout.animSeconds });
    }, SHOW_MS);
  }

  override _detach(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
