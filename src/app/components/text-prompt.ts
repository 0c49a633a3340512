/**
 * A name typed with the remote: a Router widget over the page with a title, the text so far, the
 * on-screen keyboard (the Search page's) and Done / Cancel under it. `ask()` resolves with the
 * text on Done, or null on Cancel or Back; focus then goes back to the page where it was. Used for
 * a new playlist's name and a rename. Down from the keyboard's last row reaches the buttons.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import { Button } from './button';
import { OnScreenKeyboard, type KeyboardInput } from './on-screen-keyboard';
import { state } from '../state-name';
import { Colors, Font, Layout, lineText } from '../theme';

const CARD_W = OnScreenKeyboard.WIDTH + 160;
const CARD_H = 230 + OnScreenKeyboard.HEIGHT + 150;

export interface TextPromptTemplateSpec extends Lightning.Component.TemplateSpec {
  Scrim: object;
  Card: { Background: object; Title: object; Text: object; Problem: object; Keyboard: typeof OnScreenKeyboard; Done: typeof Button; Cancel: typeof Button };
}

export class TextPrompt extends Lightning.Component<TextPromptTemplateSpec> {
  private typed = '';
  private maxChars = 100;
  private resolve: ((text: string | null) => void) | null = null;

  static override _template(): Lightning.Component.Template<TextPromptTemplateSpec> {
    return {
      zIndex: 170,
      alpha: 0,
      visible: false,
      Scrim: { w: Layout.stageW, h: Layout.stageH, rect: true, color: 0xd0000000 },
      Card: {
        x: (Layout.stageW - CARD_W) / 2,
        y: (Layout.stageH - CARD_H) / 2,
        Background: { w: CARD_W, h: CARD_H, rect: true, color: Colors.surface, shader: { type: Lightning.shaders.RoundedRectangle, radius: 20 } },
        Title: { x: 80, y: 48, text: { ...lineText(Font.caption, Colors.textDim, CARD_W - 160), fontStyle: 'bold' } },
        Text: { x: 80, y: 100, text: { ...lineText(Font.title, Colors.text, CARD_W - 160), fontStyle: 'bold' } },
        Problem: { x: 80, y: 170, text: lineText(Font.caption - 4, Colors.error, CARD_W - 160) },
        Keyboard: { type: OnScreenKeyboard, x: 80, y: 230 },
        Done: { type: Button, x: 80, y: 230 + OnScreenKeyboard.HEIGHT + 30, w: 260, h: 80, label: 'Done' },
        Cancel: { type: Button, x: 360, y: 230 + OnScreenKeyboard.HEIGHT + 30, w: 260, h: 80, label: 'Cancel' },
      },
    };
  }

  override _init(): void {
    this.keyboard().onInput = (input) => this.onKeyboard(input);
  }

  /** What is typed so far and which part has focus; for tests. */
  get shown(): { title: string; text: string; focus: string } {
    return { title: this.tag('Card.Title')?.text?.text ?? '', text: this.typed, focus: this._getState() };
  }

  /** Opens the prompt (the caller focuses this widget); a prompt already open is cancelled. */
  ask(title: string, initial: string, maxChars: number): Promise<string | null> {
    this.finish(null);
    this.typed = initial;
    this.maxChars = maxChars;
    this.tag('Card.Title')!.patch({ text: { text: title } });
    this.problem('');
    this.showText();
    this.keyboard().restore({ row: 0, col: 0, accents: false });
    this._setState('Keyboard');
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  override _focus(): void {
    this.visible = true;
    this.setSmooth('alpha', 1, { duration: Layout.animSeconds });
  }

  override _unfocus(): void {
    this.setSmooth('alpha', 0, { duration: Layout.animSeconds });
    this.finish(null);
  }

  override _handleBack(): void {
    this.close(null);
  }

  /** Left/Right at the edges stay here (Left would open the side menu). */
  override _handleLeft(): void {}

  override _handleRight(): void {}

  /** Up/Down past the ends stay here too. */
  override _handleUp(): void {}

  override _handleDown(): void {}

  static override _states(): Lightning.Component.Constructor[] {
    return [
      state(
        'Keyboard',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.keyboard();
          }
          override _handleDown(): void {
            this._setState('Done');
          }
        },
      ),
      state(
        'Done',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag('Card.Done');
          }
          override _handleUp(): void {
            this._setState('Keyboard');
          }
          override _handleRight(): void {
            this._setState('Cancel');
          }
          override _handleEnter(): void {
            const name = this.typed.trim();
            if (name === '') this.problem('Type a name first.');
            else this.close(name);
          }
        },
      ),
      state(
        'Cancel',
        class extends this {
          override _getFocused(): Lightning.Component | null | undefined {
            return this.tag('Card.Cancel');
          }
          override _handleUp(): void {
            this._setState('Keyboard');
          }
          override _handleLeft(): void {
            this._setState('Done');
          }
          override _handleEnter(): void {
            this.close(null);
          }
        },
      ),
    ];
  }

  private onKeyboard(input: KeyboardInput): void {
    const chars = [...this.typed];
    if (input.kind === 'type') {
      if (chars.length >= this.maxChars) return this.problem(`At most ${this.maxChars} characters.`);
      this.typed += input.text;
    } else if (input.kind === 'delete') this.typed = chars.slice(0, -1).join('');
    else this.typed = '';
    this.problem('');
    this.showText();
  }

  private showText(): void {
    const empty = this.typed === '';
    this.tag('Card.Text')!.patch({ text: { text: empty ? 'Type a name' : `${this.typed}|`, textColor: empty ? Colors.textFaint : Colors.text } });
  }

  private problem(text: string): void {
    this.tag('Card.Problem')!.patch({ text: { text } });
  }

  private close(text: string | null): void {
    this.finish(text);
    Router.focusPage();
  }

  private finish(text: string | null): void {
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(text);
  }

  private keyboard(): OnScreenKeyboard {
    return this.tag('Card.Keyboard') as OnScreenKeyboard;
  }
}
