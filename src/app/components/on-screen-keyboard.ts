/**
 * An on-screen keyboard laid out for a D-pad: a–z in two rows of 13, the digits, then Space,
 * Delete, Clear and a key that swaps the letters for accented ones (áéíóú, ñ, ß, ð, þ …).
 * Right at the end of a row wraps to its start; Left at the start is not used here (the page's
 * first column: the side menu); Up/Down take the key nearest the one left, and leaving the
 * keyboard (for the results) and coming back lands on the same key (focus memory). One highlight moves behind the keys, so a key
 * press repaints a tint and moves a rectangle, never re-renders text.
 *
 * The highlight jumps to the key; it does not slide. A slide is a run of frames after every
 * move (three of 40 ms each in the bench's SwiftShader, six at 60 fps), and OK pressed as focus
 * lands found them queued ahead of the typed letter's frame: the letter's search answer is held
 * until that frame has begun (Chromium defers a page's tasks after a key press until the next
 * frame, DeferRendererTasksAfterInput, up to 50 ms), and its results drawn one frame later still.
 * One frame per move is also the lighter key path on a TV's GPU.
 */
import { Lightning } from '@lightningjs/sdk';
import { Colors, Font } from '../theme';

export type KeyboardInput = { kind: 'type'; text: string } | { kind: 'delete' } | { kind: 'clear' };

interface KeyDef {
  label: string;
  /** Character(s) typed; absent for an action key. */
  text?: string;
  action?: 'delete' | 'clear' | 'accents';
  /** Width in key units. */
  span: number;
}

const KEY_W = 84;
const KEY_H = 72;
const GAP = 8;
const UNIT = KEY_W + GAP;

const letters = (s: string): KeyDef[] => [...s].map((c) => ({ label: c, text: c, span: 1 }));
const ACTIONS = (accents: boolean): KeyDef[] => [
  { label: 'Space', text: ' ', span: 4 },
  { label: 'Delete', action: 'delete', span: 3 },
  { label: 'Clear', action: 'clear', span: 3 },
  { label: accents ? 'abc' : 'àéñ', action: 'accents', span: 3 },
];

const LAYOUTS: Record<'plain' | 'accents', KeyDef[][]> = {
  plain: [letters('abcdefghijklm'), letters('nopqrstuvwxyz'), letters('1234567890'), ACTIONS(false)],
  accents: [letters('áàâäãåæçéèêëí'), letters('ìîïñóòôöõøœúù'), letters('ûüýÿßðþ'), ACTIONS(true)],
};

export interface OnScreenKeyboardTemplateSpec extends Lightning.Component.TemplateSpec {
  Highlight: object;
  Keys: object;
}

export class OnScreenKeyboard extends Lightning.Component<OnScreenKeyboardTemplateSpec> {
  static readonly HEIGHT = 4 * (KEY_H + GAP);
  static readonly WIDTH = 13 * UNIT - GAP;

  private layout: 'plain' | 'accents' = 'plain';
  private row = 0;
  private col = 0;
  onInput: (input: KeyboardInput) => void = () => undefined;
  /** Focus moved onto a key; `text` is what OK on it would type (null for an action key). */
  onFocusKey: (text: string | null) => void = () => undefined;

  static override _template(): Lightning.Component.Template<OnScreenKeyboardTemplateSpec> {
    return {
      w: OnScreenKeyboard.WIDTH,
      h: OnScreenKeyboard.HEIGHT,
      // Key backgrounds, then the highlight, then the labels on top of it.
      forceZIndexContext: true,
      Highlight: { zIndex: 1, w: KEY_W, h: KEY_H, rect: true, color: Colors.focus, alpha: 0, shader: { type: Lightning.shaders.RoundedRectangle, radius: 10 } },
      Keys: {},
    };
  }

  override _init(): void {
    this.build();
  }

  /** The focused key's label (tests and the announcer). */
  get focusedLabel(): string {
    return this.key()?.label ?? '';
  }

  get position(): { row: number; col: number; accents: boolean } {
    return { row: this.row, col: this.col, accents: this.layout === 'accents' };
  }

  /** Back on the page: the key that had focus. */
  restore(p: { row: number; col: number; accents: boolean }): void {
    this.layout = p.accents ? 'accents' : 'plain';
    this.build();
    this.row = clamp(p.row, 0, this.rows().length - 1);
    this.col = clamp(p.col, 0, this.rows()[this.row]!.length - 1);
    this.paint();
  }

  get announce(): string {
    return `${this.focusedLabel}, key`;
  }

  override _focus(): void {
    this.tag('Highlight')!.patch({ alpha: 1 });
    this.paint();
  }

  override _unfocus(): void {
    this.tag('Highlight')!.patch({ alpha: 0 });
    this.tint(this.row, this.col, Colors.text);
  }

  override _handleLeft(): boolean | void {
    if (this.col === 0) return false;
    this.moveTo(this.row, this.col - 1);
  }

  override _handleRight(): void {
    const last = this.rows()[this.row]!.length - 1;
    this.moveTo(this.row, this.col === last ? 0 : this.col + 1);
  }

  override _handleUp(): boolean | void {
    if (this.row === 0) return false;
    this.moveRow(this.row - 1);
  }

  override _handleDown(): boolean | void {
    if (this.row === this.rows().length - 1) return false;
    this.moveRow(this.row + 1);
  }

  override _handleEnter(): void {
    const key = this.key();
    if (!key) return;
    if (key.text !== undefined) this.onInput({ kind: 'type', text: key.text });
    else if (key.action === 'delete') this.onInput({ kind: 'delete' });
    else if (key.action === 'clear') this.onInput({ kind: 'clear' });
    else if (key.action === 'accents') this.restore({ row: this.row, col: this.col, accents: this.layout === 'plain' });
  }

  /** The key under the centre of the one left (rows have keys of different widths). */
  private moveRow(row: number): void {
    const centre = this.keyX(this.row, this.col) + (this.rows()[this.row]![this.col]!.span * UNIT) / 2;
    const keys = this.rows()[row]!;
    let nearest = 0;
    for (let c = 0; c < keys.length; c++) if (this.keyX(row, c) <= centre) nearest = c;
    this.moveTo(row, nearest);
  }

  private moveTo(row: number, col: number): void {
    this.tint(this.row, this.col, Colors.text);
    this.row = row;
    this.col = col;
    this.paint();
    this.onFocusKey(this.key()?.text ?? null);
  }

  private paint(): void {
    const key = this.key();
    if (!key) return;
    this.tag('Highlight')!.patch({ x: this.keyX(this.row, this.col), y: this.row * (KEY_H + GAP), w: key.span * UNIT - GAP });
    if (this.hasFocus()) this.tint(this.row, this.col, Colors.background);
  }

  private tint(row: number, col: number, color: number): void {
    const el = this.tag('Keys')?.childList.getAt(this.flatIndex(row, col)) as Lightning.Component | undefined;
    el?.tag('Label')?.patch({ color });
  }

  private build(): void {
    const children: Lightning.Component.Template[] = [];
    this.rows().forEach((keys, r) =>
      keys.forEach((key, c) => {
        const w = key.span * UNIT - GAP;
        children.push({
          x: this.keyX(r, c),
          y: r * (KEY_H + GAP),
          Background: { w, h: KEY_H, rect: true, color: Colors.surfaceRaised, shader: { type: Lightning.shaders.RoundedRectangle, radius: 10 } },
          Label: {
            zIndex: 2,
            mount: 0.5,
            x: w / 2,
            y: KEY_H / 2 + 2,
            color: Colors.text,
            text: { text: key.label, fontFace: Font.face, fontSize: key.span > 1 ? Font.caption - 2 : Font.body, fontStyle: 'bold', textColor: 0xffffffff },
          },
        });
      }),
    );
    this.tag('Keys')!.children = children;
  }

  private keyX(row: number, col: number): number {
    let units = 0;
    for (let c = 0; c < col; c++) units += this.rows()[row]![c]!.span;
    return units * UNIT;
  }

  private flatIndex(row: number, col: number): number {
    let i = 0;
    for (let r = 0; r < row; r++) i += this.rows()[r]!.length;
    return i + col;
  }

  private rows(): KeyDef[][] {
    return LAYOUTS[this.layout];
  }

  private key(): KeyDef | undefined {
    return this.rows()[this.row]?.[this.col];
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(lo, Math.trunc(v)), hi);
}
