/**
 * Polls a page snapshot until a condition holds. On timeout the error names what was awaited and
 * shows the last snapshot, which is what a failing e2e run needs to be read without a rerun.
 */
export type WaitFor<S> = (what: string, ok: (s: S) => boolean, timeout?: number) => Promise<S>;

export function waitForSnapshot<S>(
  browser: WebdriverIO.Browser,
  snapshot: () => Promise<S>,
  defaults: { timeout: number; interval: number },
): WaitFor<S> {
  return async (what, ok, timeout = defaults.timeout) => {
    let last: S | undefined;
    try {
      await browser.waitUntil(
        async () => {
          last = await snapshot();
          return ok(last);
        },
        { timeout, interval: defaults.interval },
      );
    } catch {
      throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(last)}`);
    }
    return last as S;
  };
}
