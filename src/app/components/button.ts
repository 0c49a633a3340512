/** A pill button with a label; focus fills it white with dark text and scales it up. */
import { Lightning } from '@lightningjs/sdk';
import { Colors, Font, Layout } from '../theme';

export interface ButtonTemplateSpec extends Lightning.Component.TemplateSpec {
  label: string;
  Background: object;
  Label: object;
}

export class Button
  extends Lightning.Component<ButtonTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ButtonTemplateSpec>
{
  private labelText = '';

  static override _template(): Lightning.Component.Template<ButtonTemplateSpec> {
    return {
      w: 280,
      h: 88,
      pivot: 0.5,
      Background: {
        w: (w: number) => w,
        h: (h: number) => h,
        rect: true,
        color: Colors.surfaceRaised,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 44 },
      },
      Label: {
        mount: 0.5,
        x: (w: number) => w / 2,
        y: (h: number) => h / 2 + 2,
        // Tinted white text: focus changes the tint, not the text texture (no re-render on keys).
        color: Colors.text,
        text: { text: '', fontFace: Font.face, fontSize: Font.body, fontStyle: 'bold', textColor: 0xffffffff },
      },
    };
  }

  get label(): string {
    return this.labelText;
  }

  set label(v: string) {
    this.labelText = v;
    this.tag('Label')?.patch({ text: { text: v } });
  }

  get announce(): string {
    return `${this.labelText}, button`;
  }

  override _focus(): void {
    this.setSmooth('scale', Layout.focusScale, { duration: Layout.animSeconds });
    this.tag('Background')?.setSmooth('color', Colors.focus, { duration: Layout.animSeconds });
    this.tag('Label')?.patch({ color: Colors.background });
  }

  override _unfocus(): void {
    this.setSmooth('scale', 1, { duration: Layout.animSeconds });
    this.tag('Background')?.setSmooth('color', Colors.surfaceRaised, { duration: Layout.animSeconds });
    this.tag('Label')?.patch({ color: Colors.text });
  }
}
