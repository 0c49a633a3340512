/**
 * What an e2e file needs for its tests: a private copy of the demo library, the real BFF on it and
 * one headless Chromium, started before the file's tests and stopped after them.
 *
 *   const tv = useTvSession();
 *   it('…', async () => { await tv.browser.url(`${tv.bff.url}/`); });
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { startBff, type RunningBff } from './bff';
import { launchBrowser, type LaunchOptions, type LaunchedBrowser } from './browser';
import { copyDataDir, freePort } from './data-dir';

export interface TvSession {
  readonly bff: RunningBff;
  readonly browser: WebdriverIO.Browser;
}

/** The returned object is filled in by beforeAll: read it inside tests and hooks, not at collection. */
export function useTvSession(opts: { browser?: LaunchOptions } = {}): TvSession {
  const session = {} as { bff: RunningBff; browser: WebdriverIO.Browser };
  let data: ReturnType<typeof copyDataDir> | undefined;
  let launched: LaunchedBrowser | undefined;
  beforeAll(async () => {
    data = copyDataDir(inject('demoDataDir'));
    session.bff = await startBff({ dataDir: data.dir, port: await freePort() });
    launched = await launchBrowser(opts.browser);
    session.browser = launched.browser;
  });
  afterAll(async () => {
    await launched?.close();
    await session.bff?.stop();
    data?.remove();
  });
  return session;
}
