/**
 * What the playback e2e files poll: the player's state and position as the app reports it
 * (window.__encore), the media element's own clock, and where focus is.
 */
export interface PlaybackSnapshot {
  state: string;
  positionMs: number;
  trackId: string | null;
  queueIndex: number;
  route: string | undefined;
  focused: string;
  /** The media element's clock: advancing means audio really plays. */
  currentTime: number;
  paused: boolean;
}

export function playbackSnapshot(browser: WebdriverIO.Browser): Promise<PlaybackSnapshot> {
  return browser.execute(() => {
    const h = window.__encore!;
    return {
      state: h.state,
      positionMs: h.positionMs,
      trackId: h.trackId,
      queueIndex: h.queueIndex,
      route: h.route,
      focused: h.focusedPath(),
      currentTime: h.mediaElement.currentTime,
      paused: h.mediaElement.paused,
    };
  });
}
