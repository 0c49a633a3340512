/**
 * The phone's page as the e2e files that drive one read it: an element's text, and a wait for a
 * condition with what was awaited in the timeout message.
 */
export interface PhonePage {
  text(selector: string): Promise<string>;
  wait(what: string, ok: () => Promise<boolean>, timeout?: number): Promise<unknown>;
}

/** `phone` is read at each call, so a browser filled in by beforeAll can be passed as a getter. */
export function phonePage(phone: () => WebdriverIO.Browser): PhonePage {
  return {
    text: async (selector) => (await phone().$(selector)).getText(),
    wait: (what, ok, timeout = 10_000) => phone().waitUntil(ok, { timeout, interval: 50, timeoutMsg: `timed out waiting for ${what}` }),
  };
}
