/**
 * One row of the party screen's lists (a guest, or a guest's waiting track): a title and a dim
 * second line, one line each with an ellipsis; focus fills it white and says what OK does.
 */
import { Lightning } from '@lightningjs/sdk';
import { Colors, Font, Layout, lineText } from '../theme';

export interface PartyRowTemplateSpec extends Lightning.Component.TemplateSpec {
  title: string;
  detail: string;
  Background: object;
  Title: object;
  Detail: object;
}

export class PartyRow
  extends Lightning.Component<PartyRowTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<PartyRowTemplateSpec>
{
  static readonly HEIGHT = 84;
  private titleText = '';
  private detailText = '';

  static override _template(): Lightning.Component.Template<PartyRowTemplateSpec> {
    return {
      w: 560,
      h: PartyRow.HEIGHT,
      Background: {
        w: (w: number) => w,
        h: (h: number) => h,
        rect: true,
        color: Colors.surface,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 16 },
      },
      Title: { x: 24, y: 8, color: Colors.text, text: { ...lineText(Font.body, 0xffffffff, 500), fontStyle: 'bold' } },
      Detail: { x: 24, y: 46, color: Colors.textDim, text: lineText(Font.caption - 4, 0xffffffff, 500) },
    };
  }

  override _init(): void {
    const width = this.w - 48;
    this.tag('Title')!.patch({ text: { wordWrapWidth: width } });
    this.tag('Detail')!.patch({ text: { wordWrapWidth: width } });
  }

  get title(): string {
    return this.titleText;
  }

  set title(v: string) {
    this.titleText = v;
    this.tag('Title')?.patch({ text: { text: v } });
  }

  get detail(): string {
    return this.detailText;
  }

  set detail(v: string) {
    this.detailText = v;
    this.tag('Detail')?.patch({ text: { text: v } });
  }

  get announce(): string {
    return `${this.titleText}, ${this.detailText}`;
  }

  override _focus(): void {
    this.tag('Background')?.setSmooth('color', Colors.focus, { duration: Layout.animSeconds });
    this.tag('Title')?.patch({ color: Colors.background });
    this.tag('Detail')?.patch({ color: Colors.background });
  }

  override _unfocus(): void {
    this.tag('Background')?.setSmooth('color', Colors.surface, { duration: Layout.animSeconds });
    this.tag('Title')?.patch({ color: Colors.text });
    this.tag('Detail')?.patch({ color: Colors.textDim });
  }
}
