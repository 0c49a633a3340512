/**
 * The context menu: a Router widget the App focuses on a long press of OK (or the Menu key) over
 * a track, album or artist. A centred card with the target's name and its actions; Up/Down move,
 * Enter closes the menu and runs the action, Back closes it. Closing gives focus back to the page
 * where it was, so the action's toast never lands on top of a lost focus.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { ContextAction } from '../services/context-actions';
import { Colors, Font, Layout, lineText } from '../theme';
import { MenuList } from './menu-list';

const CARD_W = 640;
const ITEM_H = 80;
const HEADER_H = 120;
/** Entries shown at once; a longer list (the playlist picker) scrolls with the focus. */
const MAX_VISIBLE = 8;

export interface ContextMenuTemplateSpec extends Lightning.Component.TemplateSpec {
  Scrim: object;
  Card: { Background: object; Title: object; List: typeof MenuList };
}

export class ContextMenu extends Lightning.Component<ContextMenuTemplateSpec> {
  private actions: ContextAction[] = [];
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
        List: { type: MenuList, y: HEADER_H },
      },
    };
  }

  override _init(): void {
    this.list().listStyle = {
      width: CARD_W,
      itemH: ITEM_H,
      inset: 24,
      gap: 8,
      labelX: 48,
      labelW: CARD_W - 96,
      bold: true,
      highlight: Colors.focus,
      label: Colors.text,
      focusedLabel: Colors.background,
      fades: false,
      wraps: false,
      visibleRows: MAX_VISIBLE,
    };
  }

  /** Labels as shown, for tests. */
  get labels(): string[] {
    return this.actions.map((a) => a.label);
  }

  get focusedLabel(): string {
    return this.actions[this.list().index]?.label ?? '';
  }

  open(title: string, actions: ContextAction[]): void {
    this.actions = actions;
    this.list().show(actions.map((a) => a.label));
    const h = HEADER_H + this.list().shownH + 32;
    this.patch({ Card: { y: (Layout.stageH - h) / 2, Background: { h }, Title: { text: { text: title } } } });
  }

  override _focus(): void {
    this.setSmooth('alpha', 1, { duration: Layout.animSeconds });
  }

  override _unfocus(): void {
    this.setSmooth('alpha', 0, { duration: Layout.animSeconds });
  }

  override _handleUp(): void {
    this.list().move(-1);
  }

  override _handleDown(): void {
    this.list().move(1);
  }

  override _handleEnter(): void {
    const action = this.actions[this.list().index];
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

  private list(): MenuList {
    return this.tag('Card.List') as MenuList;
  }
}
