/**
 * A small HTTP proxy in front of the real BFF that breaks requests on demand, so e2e tests can
 * put the TV app through the faults of a home network:
 * - `503`: answer 503 with the BFF's error body;
 * - `stall`: hold the request, unanswered, until the fault is cleared, then forward it;
 * - `drop`: forward, but cut the connection halfway through the response body.
 * A fault applies to requests whose path matches its pattern; `clear()` ends it. The page is
 * loaded through the proxy, so every request of the app goes through it.
 *
 * `startFaultProxySession` sets up what the fault e2e files and the faults bench share: a real
 * BFF, the proxy in front of it and a Chromium with its HTTP cache off (tv-session.ts's
 * `useFaultProxySession` runs it around an e2e file).
 */
import http from 'node:http';
import net from 'node:net';
import { Key } from 'webdriverio';
import { startBff, type RunningBff } from './bff';
import { launchBrowser } from './browser';
import { freePort } from './data-dir';
import { playbackSnapshot, type PlaybackSnapshot } from './playback-snapshot';
import { waitForSnapshot } from './wait-for';

/** DASH media segments. */
export const SEGMENTS = /\/chunk-\d+-\d+\.m4s$/;
/** Everything a track change may ask for: playback info (queues without inlined starts) and media. */
export const TRACK_START = /^\/api\/v1\/tracks\/[^/]+\/playback$|^\/media\/tracks\//;

export type FaultKind = '503' | 'stall' | 'drop';

export interface FaultProxy {
  url: string;
  /** Start breaking requests whose path matches `match`; replaces any fault in place. */
  fail(kind: FaultKind, match: RegExp): void;
  /** End the fault: held requests go through now. */
  clear(): void;
  /** Let the held requests whose path matches go through now; the fault stays. */
  release(match: RegExp): void;
  /** Paths the proxy broke, for assertions that the fault really hit. */
  readonly broken: string[];
  /** Held requests the browser gave up on (aborted) before the fault let them through. */
  readonly abandoned: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let fault: { kind: FaultKind; match: RegExp } | null = null;
  const held: Array<{ path: string; go: () => void }> = [];
  const broken: string[] = [];
  const abandoned: string[] = [];
  const sockets = new Set<net.Socket>();

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, drop: boolean) => {
    const out = http.request(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (!drop) {
          up.pipe(res);
          return;
        }
        const length = Number(up.headers['content-length'] ?? 0);
        let sent = 0;
        up.on('data', (chunk: Buffer) => {
          const room = Math.max(0, Math.floor(length / 2) - sent);
          if (room > 0) res.write(chunk.subarray(0, room));
          sent += chunk.length;
          if (sent >= length / 2) {
            up.destroy();
            res.socket?.destroy();
          }
        });
      },
    );
    // The BFF is down: the browser sees a dead connection, as it would without the proxy.
    out.on('error', () => res.socket?.destroy());
    req.pipe(out);
  };

  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const f = fault && fault.match.test(path) ? fault : null;
    if (!f) return forward(req, res, false);
    broken.push(path);
    if (f.kind === '503') {
      res.writeHead(503, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ error: 'ENCORE_ERR_INTERNAL', message: 'injected fault', statusCode: 503 }));
    } else if (f.kind === 'stall') {
      res.on('close', () => {
        if (!res.headersSent) abandoned.push(path);
      });
      held.push({
        path,
        go: () => {
          if (!req.destroyed && !res.destroyed) forward(req, res, false);
        },
      });
    } else {
      forward(req, res, true);
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${port}`,
    broken,
    abandoned,
    fail(kind, match) {
      fault = { kind, match };
    },
    clear() {
      fault = null;
      for (const h of held.splice(0)) h.go();
    },
    release(match) {
      for (const h of held.filter((x) => match.test(x.path))) {
        held.splice(held.indexOf(h), 1);
        h.go();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface FaultProxySession {
  /** The BFF running now: a new one after `restartBff()`. */
  readonly bff: RunningBff;
  readonly proxy: FaultProxy;
  readonly browser: WebdriverIO.Browser;
  /** Starts the BFF again on its port and data dir (after `bff.stop()`), as a restart would. */
  restartBff(): Promise<void>;
  /** Stops the browser, the proxy and the BFF. */
  close(): Promise<void>;
}

/** A real BFF on `dataDir`, the fault proxy in front of it, and a headless Chromium (1920×1080). */
export async function startFaultProxySession(dataDir: string): Promise<FaultProxySession> {
  const port = await freePort();
  let bff = await startBff({ dataDir, port });
  const proxy = await startFaultProxy(bff.url);
  const launched = await launchBrowser();
  const { browser } = launched;
  // Media and chunks are cached for good (immutable, content-hashed): with the cache on, a file
  // fetched once never passes the proxy again and no fault can hit it.
  await browser.sendCommandAndGetResult('Network.enable', {});
  await browser.sendCommandAndGetResult('Network.setCacheDisabled', { cacheDisabled: true });
  return {
    get bff() {
      return bff;
    },
    proxy,
    browser,
    async restartBff() {
      bff = await startBff({ dataDir, port });
    },
    async close() {
      await launched.close();
      await proxy.close();
      await bff.stop();
    },
  };
}

/**
 * A fresh page through the proxy, on the first album's first track row. `beforeAlbum` runs just
 * before the album opens: a fault set there also hits the focus preload of its first track.
 */
export async function onFirstTrackRow(browser: WebdriverIO.Browser, proxy: FaultProxy, beforeAlbum = () => {}): Promise<void> {
  const waitFor = waitForSnapshot<PlaybackSnapshot>(browser, () => playbackSnapshot(browser), { timeout: 20_000, interval: 50 });
  await browser.url(`${proxy.url}/`);
  await waitFor('Home', (s) => /^App\/home\/Rail\d+\/Tile\d+$/.test(s.focused));
  beforeAlbum();
  await browser.keys(Key.Enter);
  await waitFor('the Album page', (s) => s.route?.startsWith('album/') === true && s.focused.startsWith('App/album/'));
  await browser.keys(Key.ArrowDown);
  await waitFor('a track row', (s) => s.focused === 'App/album/Tracks/Row0');
}
