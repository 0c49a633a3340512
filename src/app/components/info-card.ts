/**
 * A titled card of facts: each row a small dim label over its value, read from three metres.
 * Not focusable: it shows, the page it sits on takes the keys. A 'yes' row is drawn in the accent
 * colour and a 'no' row dimmed, so a missing capability stands out without reading every word.
 */
import { Lightning } from '@lightningjs/sdk';
import { Colors, Font, lineText } from '../theme';

export interface InfoRow {
  label: string;
  value: string;
  tone?: 'yes' | 'no';
  /** A long code (an install id) set smaller so it fits whole: support reads it out. */
  small?: boolean;
}

export interface InfoCardTemplateSpec extends Lightning.Component.TemplateSpec {
  title: string;
  rows: InfoRow[];
  Background: object;
  Title: object;
  Rows: object;
}

const PAD = 36;
const TITLE_H = 72;
const ROW_STEP = 82;
const TONE_COLORS = { yes: Colors.accent, no: Colors.textDim, plain: Colors.text } as const;

export class InfoCard
  extends Lightning.Component<InfoCardTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<InfoCardTemplateSpec>
{
  private titleText = '';
  private rowData: InfoRow[] = [];

  static override _template(): Lightning.Component.Template<InfoCardTemplateSpec> {
    return {
      Background: {
        w: (w: number) => w,
        h: (h: number) => h,
        rect: true,
        color: Colors.surface,
        shader: { type: Lightning.shaders.RoundedRectangle, radius: 20 },
      },
      Title: {
        x: PAD,
        y: PAD - 4,
        text: { text: '', fontFace: Font.face, fontSize: Font.heading - 4, fontStyle: 'bold', textColor: Colors.text },
      },
      Rows: { x: PAD, y: PAD + TITLE_H },
    };
  }

  /** Height that fits `rows` rows, for laying cards out before their rows arrive. */
  static heightFor(rows: number): number {
    return PAD * 2 + TITLE_H + rows * ROW_STEP - 14;
  }

  get title(): string {
    return this.titleText;
  }

  set title(v: string) {
    this.titleText = v;
    this.tag('Title')?.patch({ text: { text: v } });
  }

  get rows(): InfoRow[] {
    return this.rowData;
  }

  set rows(rows: InfoRow[]) {
    this.rowData = rows;
    const width = this.w - PAD * 2;
    const text = (size: number, color: number, extra: Record<string, unknown> = {}) => ({ ...lineText(size, color, width), ...extra });
    this.tag('Rows')!.children = rows.map((row, i) => ({
      y: i * ROW_STEP,
      Label: { text: { ...text(Font.caption - 4, Colors.textFaint), text: row.label.toUpperCase(), letterSpacing: 1 } },
      Value: {
        // A smaller value keeps the baseline of the others.
        y: row.small ? 34 : 30,
        text: {
          ...text(row.small ? Font.caption - 2 : Font.body, TONE_COLORS[row.tone ?? 'plain']),
          text: row.value,
          fontStyle: row.tone ? 'bold' : 'normal',
        },
      },
    }));
  }
}
