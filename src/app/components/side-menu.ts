/**
 * The side menu: a Router widget over the left edge of every page. Hidden until the App focuses
 * it (Left from a page's first column); then a panel of destinations with the current page
 * marked. Up/Down move, Enter goes, Right or Back closes it and the Router gives focus back to
 * the page exactly where it was (the page never lost its own focus state).
 */
import { Lightning, Router } from '@lightningjs/sdk';
import { Colors, Font, Layout, lineText } from '../theme';
import { MenuList } from './menu-list';

export interface MenuEntry {
  label: string;
  /** The route it opens; also how the current page is recognised (first path segment). */
  route: string;
}

export const MENU_ENTRIES: readonly MenuEntry[] = [
  { label: 'Home', route: 'home' },
  { label: 'Search', route: 'search' },
  { label: 'Now Playing', route: 'nowplaying' },
  { label: 'Queue', route: 'queue' },
  { label: 'Library', route: 'library' },
  { label: 'Settings', route: 'settings' },
];

const PANEL_W = 460;
const ITEM_H = 84;
const ITEMS_TOP = 220;

export interface SideMenuTemplateSpec extends Lightning.Component.TemplateSpec {
  Scrim: object;
  Panel: { Background: object; Brand: object; List: typeof MenuList };
}

export class SideMenu extends Lightning.Component<SideMenuTemplateSpec> {

  static override _template(): Lightning.Component.Template<SideMenuTemplateSpec> {
    return {
      zIndex: 150,
      alpha: 0,
      Scrim: { w: Layout.stageW, h: Layout.stageH, rect: true, color: 0xb3000000 },
      Panel: {
        x: -PANEL_W,
        Background: { w: PANEL_W, h: Layout.stageH, rect: true, color: Colors.surface },
        Brand: { x: Layout.safeX, y: Layout.safeY + 20, text: { ...lineText(Font.title, Colors.accent), fontStyle: 'bold', text: 'Encore' } },
        List: { type: MenuList, y: ITEMS_TOP },
      },
    };
  }

  override _init(): void {
    const list = this.list();
    list.listStyle = {
      width: PANEL_W,
      itemH: ITEM_H,
      inset: 40,
      gap: 12,
      labelX: Layout.safeX,
      bold: false,
      highlight: Colors.focusRowBg,
      label: Colors.textDim,
      focusedLabel: Colors.text,
      mark: Colors.accent,
      fades: true,
      wraps: false,
    };
    list.show(MENU_ENTRIES.map((e) => e.label));
  }

  /** Which entry is the current page (marked), from the active route. */
  static currentIndex(route: string | undefined): number {
    const first = (route ?? '').split('/')[0];
    return MENU_ENTRIES.findIndex((e) => e.route === first);
  }

  get focusedRoute(): string {
    return MENU_ENTRIES[this.list().index]?.route ?? '';
  }

  override _focus(): void {
    const current = SideMenu.currentIndex(Router.getActiveRoute());
    this.list().mark(current);
    this.list().focusAt(Math.max(0, current));
    this.setSmooth('alpha', 1, { duration: Layout.animSeconds });
    this.tag('Panel')!.setSmooth('x', 0, { duration: Layout.animSeconds });
  }

  override _unfocus(): void {
    this.setSmooth('alpha', 0, { duration: Layout.animSeconds });
    this.tag('Panel')!.setSmooth('x', -PANEL_W, { duration: Layout.animSeconds });
  }

  override _handleUp(): void {
    this.list().move(-1);
  }

  override _handleDown(): void {
    this.list().move(1);
  }

  override _handleLeft(): void {
    // Already open; Left must not fall through to the App and reopen it.
  }

  override _handleRight(): void {
    Router.focusPage();
  }

  override _handleBack(): void {
    Router.focusPage();
  }

  override _handleEnter(): void {
    const route = this.focusedRoute;
    Router.focusPage();
    // The current page again is a no-op: the menu closes and focus stays where it was.
    if (SideMenu.currentIndex(Router.getActiveRoute()) !== this.list().index) Router.navigate(route);
  }

  get announce(): string {
    return `${MENU_ENTRIES[this.list().index]?.label ?? ''}, menu`;
  }

  private list(): MenuList {
    return this.tag('Panel.List') as MenuList;
  }
}
