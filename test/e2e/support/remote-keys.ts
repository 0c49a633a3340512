/**
 * The remote as e2e files use it on the TV app: key presses, OK held for the context menu, letters
 * typed on the on-screen keyboard, and the side and context menus' entries reached with arrows.
 * Waits read the focus path through the test hook (src/app/test-hook.ts).
 */
import { Key } from 'webdriverio';

/** The on-screen keyboard's letter rows (src/app/components/on-screen-keyboard.ts). */
const ROWS = ['abcdefghijklm', 'nopqrstuvwxyz'];

export interface KeyboardAt {
  row: number;
  col: number;
}

export interface RemoteKeys {
  press(...keys: string[]): Promise<void>;
  /** OK held past the long-press threshold (the context menu). */
  holdOk(): Promise<void>;
  /** Types letters with arrows and OK from the key at `from` (the first by default); returns the key it ends on. */
  typeOnKeyboard(text: string, from?: KeyboardAt): Promise<KeyboardAt>;
  /** From a page's first column: Left until the side menu, then its entry `index` (Home 0, Search 1, Now Playing 2, Queue 3, Library 4, Settings 5). */
  viaMenu(index: number): Promise<void>;
  /** Opens the context menu on what has focus and chooses `label` with Down and OK. */
  menuChoose(label: string): Promise<void>;
}

/** `browser` is read at each call, so a session filled in by beforeAll can be passed as a getter. */
export function remoteKeys(browser: () => WebdriverIO.Browser): RemoteKeys {
  const until = (what: string, ok: () => Promise<boolean>) =>
    browser().waitUntil(ok, { timeout: 15_000, interval: 50, timeoutMsg: `timed out waiting for ${what}` });
  const focused = () => browser().execute(() => window.__encore?.focusedPath() ?? '');
  const menu = () => browser().execute(() => window.__encore?.menu() ?? { labels: [], focused: '' });
  const press = async (...keys: string[]) => {
    for (const k of keys) await browser().keys(k);
  };
  const holdOk = async () => {
    await browser().performActions([{ type: 'key', id: 'kb', actions: [{ type: 'keyDown', value: Key.Enter }, { type: 'pause', duration: 800 }, { type: 'keyUp', value: Key.Enter }] }]);
    await browser().releaseActions();
  };
  return {
    press,
    holdOk,
    async typeOnKeyboard(text, from = { row: 0, col: 0 }) {
      const at = { ...from };
      for (const ch of text) {
        const row = ROWS.findIndex((r) => r.includes(ch));
        if (row < 0) throw new Error(`"${ch}" is not on the on-screen keyboard's letter rows`);
        const col = ROWS[row]!.indexOf(ch);
        while (at.row < row) (await press(Key.ArrowDown), at.row++);
        while (at.row > row) (await press(Key.ArrowUp), at.row--);
        while (at.col < col) (await press(Key.ArrowRight), at.col++);
        while (at.col > col) (await press(Key.ArrowLeft), at.col--);
        await press(Key.Enter);
      }
      return at;
    },
    async viaMenu(index) {
      for (let i = 0; i < 4 && (await focused()) !== 'App/SideMenu'; i++) await press(Key.ArrowLeft);
      await until('the side menu', async () => (await focused()) === 'App/SideMenu');
      for (let i = 0; i < 6; i++) await press(Key.ArrowUp);
      for (let i = 0; i < index; i++) await press(Key.ArrowDown);
      await press(Key.Enter);
    },
    async menuChoose(label) {
      await holdOk();
      await until('the context menu', async () => (await focused()) === 'App/ContextMenu');
      const { labels } = await menu();
      const index = labels.indexOf(label);
      if (index < 0) throw new Error(`no "${label}" in the context menu: ${JSON.stringify(labels)}`);
      for (let i = 0; i < index; i++) await press(Key.ArrowDown);
      await until(`"${label}" focused`, async () => (await menu()).focused === label);
      await press(Key.Enter);
    },
  };
}
