/**
 * What an e2e file needs for its tests: a private copy of the demo library, the real BFF on it and
 * one headless Chromium (or a TV and a phone), started before the file's tests and stopped after them.
 *
 *   const tv = useTvSession();
 *   it('…', async () => { await tv.browser.url(`${tv.bff.url}/`); });
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { startBff, type RunningBff } from './bff';
import { launchBrowser, type LaunchOptions, type LaunchedBrowser } from './browser';
import { copyDataDir, freePort } from './data-dir';
import { startFaultProxySession, type FaultProxySession } from './fault-proxy';
import { newHousehold, type Household } from './tv-sign-in';

export interface TvSession {
  readonly bff: RunningBff;
  readonly browser: WebdriverIO.Browser;
}

export interface TvAndPhoneSession extends TvSession {
  /** A phone-sized Chromium (390×844) beside the TV. */
  readonly phone: WebdriverIO.Browser;
  /** The household made for the file (`household` option), its owner's phone tokens. */
  readonly owner: Household;
}

export interface SessionOptions {
  browser?: LaunchOptions;
  /** More environment for the BFF (e.g. ENCORE_DEVICE_CODE_TTL_S). */
  bffEnv?: Record<string, string>;
}

export interface TvAndPhoneOptions extends SessionOptions {
  /** Makes a household with a first profile of this name once the BFF is up (`owner`). */
  household?: string;
}

/** The returned object is filled in by beforeAll: read it inside tests and hooks, not at collection. */
export function useTvSession(opts: SessionOptions = {}): TvSession {
  return useBrowsers(opts, false);
}

/** The TV at 1920×1080 and a phone at 390×844, on one BFF. */
export function useTvAndPhone(opts: TvAndPhoneOptions = {}): TvAndPhoneSession {
  const session = useBrowsers(opts, true) as TvAndPhoneSession & { owner: Household };
  const { household } = opts;
  if (household !== undefined) beforeAll(async () => void (session.owner = await newHousehold(session.bff.url, household)));
  return session;
}

function useBrowsers(opts: SessionOptions, withPhone: boolean): TvSession {
  const session = {} as { bff: RunningBff; browser: WebdriverIO.Browser; phone?: WebdriverIO.Browser };
  let data: ReturnType<typeof copyDataDir> | undefined;
  const launched: LaunchedBrowser[] = [];
  beforeAll(async () => {
    data = copyDataDir(inject('demoDataDir'));
    session.bff = await startBff({ dataDir: data.dir, port: await freePort(), ...(opts.bffEnv ? { env: opts.bffEnv } : {}) });
    launched.push(...(await Promise.all([launchBrowser(opts.browser), ...(withPhone ? [launchBrowser({ width: 390, height: 844 })] : [])])));
    session.browser = launched[0]!.browser;
    session.phone = launched[1]?.browser;
  });
  afterAll(async () => {
    for (const b of launched) await b.close();
    await session.bff?.stop();
    data?.remove();
  });
  return session;
}

/**
 * The BFF behind the fault proxy (support/fault-proxy.ts) and a Chromium with its HTTP cache off,
 * on a private copy of the demo library. Like `useTvSession`, read it inside tests and hooks.
 */
export function useFaultProxySession(): FaultProxySession {
  let data: ReturnType<typeof copyDataDir> | undefined;
  let session: FaultProxySession | undefined;
  beforeAll(async () => {
    data = copyDataDir(inject('demoDataDir'));
    session = await startFaultProxySession(data.dir);
  });
  afterAll(async () => {
    await session?.close();
    data?.remove();
  });
  const started = () => {
    if (!session) throw new Error('the fault proxy session starts in beforeAll: read it inside tests and hooks');
    return session;
  };
  return {
    get bff() {
      return started().bff;
    },
    get proxy() {
      return started().proxy;
    },
    get browser() {
      return started().browser;
    },
    restartBff: () => started().restartBff(),
    close: () => started().close(),
  };
}
