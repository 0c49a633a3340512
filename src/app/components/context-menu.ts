/**
 * The context menu: a Router widget the App focuses on a long press of OK (or the Menu key) over
 * a track, album or artist. A centred card with the target's name and its actions; Up/Down move,
 * Enter closes the menu and runs the action, Back closes it. Closing gives focus back to the page
 * where it was, so the action's toast never lands on top of a lost focus.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { ContextAction } from '../services/context-actions';
import { Colors, Font, Layout, lineText } from '../theme';

const CARD_W = 640;
const ITEM_H = 80;
const HEADER_H = 120;
/** Entries shown at once; a longer list (the playlist picker) scrolls with the focus. */
const MAX_VISIBLE = 8;

export interface ContextMenuTemplateSpec extends Lightning.Component.TemplateSpec {
  Scrim: object;
  Card: { Background: object; Title: object; Viewport: { Items: object } };
}

export class ContextMenu extends Lightning.Component<ContextMenuTemplateSpec> {
  private actions: ContextAction[] = [];
  private index = 0;
  /** Where the action's outcome goes (the App's toast). */
  onResult: (message: string) => void = () => undefined;

  static override _template(): Lightning.Component.Template<ContextMenuTemplateSpec> {
    return {
      zIndex: 160,
      alpha: 0,
      Scrim: { w: Layout.stageW, h: Layout.stageH, rect: true, color: 0xc0000000 },
      Card: {
        x: (Layout.stageW - CARD_W) / 2,
        Background: { w: CARD_W, h: 200, rect: true, color: Colors.surface, shader: { type: Lightning.shaders.RoundedRectangle, radius: 20 } },
        Title: { x: 48, y: 40, text: { ...lineText(Font.body, Colors.textDim, CARD_W - 96) } },
        Viewport: { y: HEADER_H, w: CARD_W, h: MAX_VISIBLE * ITEM_H, clipping: true, Items: {} },
      },
    };
  }

  /** Labels as shown, for tests. */
  get labels(): string[] {
    return this.actions.map((a) => a.label);
  }

  get focusedLabel(): string {
    return this.actions[this.index]?.label ?? '';
  }

  open(title: string, actions: ContextAction[]): void {
    this.actions = actions;
    this.index = 0;
    const h = HEADER_H + Math.min(actions.length, MAX_VISIBLE) * ITEM_H + 32;
    this.patch({
      Card: {
        y: (Layout.stageH - h) / 2,
        Background: { h },
        Title: { text: { text: title } },
        Viewport: {
          h: Math.min(actions.length, MAX_VISIBLE) * ITEM_H,
          Items: {
            children: actions.map((a, i) => ({
              y: i * ITEM_H,
              Highlight: { x: 24, w: CARD_W - 48, h: ITEM_H - 8, rect: true, color: Colors.focus, alpha: 0, shader: { type: Lightning.shaders.RoundedRectangle, radius: 12 } },
              Label: { x: 48, y: 18, color: Colors.text, text: { ...lineText(Font.body, 0xffffffff, CARD_W - 96), fontStyle: 'bold', text: a.label } },
            })),
          },
        },
      },
    });
    this.paint();
  }

  override _focus(): void {
    this.setSmooth('alpha', 1, { duration: Layout.animSeconds });
  }

  override _unfocus(): void {
    this.setSmooth('alpha', 0, { duration: Layout.animSeconds });
  }

  override _handleUp(): void {
    this.index = Math.max(0, this.index - 1);
    this.paint();
  }

  override _handleDown(): void {
    this.index = Math.min(this.actions.length - 1, this.index + 1);
    this.paint();
  }

  override _handleEnter(): void {
    const action = this.actions[this.index];
    Router.focusPage();
    if (!action) return;
    action.run().then(
      (message) => message && this.onResult(message),
      (e: unknown) => {
        console.warn('[menu] action failed', e);
        this.onResult('That didn’t work. Try again.');
      },
    );
  }

  override _handleBack(): void {
    Router.focusPage();
  }

  /** Left/Right stay here (Left would open the side menu); media keys still reach the App. */
  override _handleLeft(): void {}

  override _handleRight(): void {}

  get announce(): string {
    return `${this.focusedLabel}, menu item`;
  }

  private paint(): void {
    const list = this.tag('Card.Viewport.Items');
    const items = (list?.children ?? []) as Lightning.Component[];
    if (list) list.y = -Math.max(0, Math.min(this.index - MAX_VISIBLE + 2, this.actions.length - MAX_VISIBLE)) * ITEM_H;
    items.forEach((item, i) => {
      const focused = i === this.index;
      item.tag('Highlight')!.patch({ alpha: focused ? 1 : 0 });
      item.tag('Label')!.patch({ color: focused ? Colors.background : Colors.text });
    });
  }
}
