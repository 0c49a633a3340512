/**
 * The TV app's state as e2e files poll it through the test hook (src/app/test-hook.ts): route,
 * focus path, sign-in and session, the player and its queue, what the page shows, the toast and
 * the context menu. One shape for every file, so a wait's timeout message always shows the same
 * fields.
 */
import type { DeviceLoginState } from '../../../src/app/services/device-login';
import { waitForSnapshot, type WaitFor } from './wait-for';

export interface TvState {
  route: string | undefined;
  focused: string;
  /** The sign-in page's state and its QR symbol's stage box; null on other pages. */
  signIn: { state: DeviceLoginState; qr: { x: number; y: number; side: number; modulePx: number; modules: number } | null } | null;
  session: { profile: string | null } | null;
  /** The player's state ('playing', 'paused', …). */
  state: string;
  trackId: string | null;
  paused: boolean;
  /** The media element's currentTime, in seconds. */
  time: number;
  positionMs: number;
  durationMs: number;
  /** The queue by titles (EncoreTestHook.queue). */
  queue: { current: string | null; queued: string[]; fromContext: string[]; context: string | null; shuffle: boolean; repeat: string };
  /** The active page's `shown` report, or null. */
  shown: unknown;
  /** The toast on screen ('' when none). */
  toast: string;
  /** The context menu's entries and the focused one. */
  menu: { labels: string[]; focused: string };
}

export function tvState(browser: WebdriverIO.Browser): Promise<TvState> {
  return browser.execute(() => {
    const h = window.__encore!;
    return {
      route: h.route,
      focused: h.focusedPath(),
      signIn: h.signIn,
      session: h.session,
      state: h.state,
      trackId: h.trackId,
      paused: h.mediaElement.paused,
      time: h.mediaElement.currentTime,
      positionMs: h.positionMs,
      durationMs: h.durationMs,
      queue: h.queue(),
      shown: h.pageShown(),
      toast: h.toast(),
      menu: h.menu(),
    };
  }) as Promise<TvState>;
}

/** Waits for the TV's state to satisfy a condition (see wait-for.ts). */
export function waitForTv(browser: WebdriverIO.Browser, defaults: { timeout: number; interval: number }): WaitFor<TvState> {
  return waitForSnapshot(browser, () => tvState(browser), defaults);
}
