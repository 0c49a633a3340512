/**
 * Headless Chromium for e2e tests and the bench, driven by the system chromedriver (Debian's
 * `chromium` and `chromium-driver` packages; .ci/run installs them). WebdriverIO never downloads a
 * browser or a driver here: we start chromedriver ourselves on a free port and connect to it.
 *
 *   const { browser, close } = await launchBrowser();
 *   await browser.url('http://127.0.0.1:8080/');
 *   ...
 *   await close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';
import { stopProcess } from './process';

export interface LaunchOptions {
  /** Stage-sized by default: the TV app draws 1920×1080. */
  width?: number;
  height?: number;
  chromiumBinary?: string;
  chromedriverBinary?: string;
  /** Extra Chromium switches, appended after ours. */
  args?: string[];
  /** WebdriverIO log level; 'error' keeps test output readable. */
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export interface LaunchedBrowser {
  browser: WebdriverIO.Browser;
  /** Ends the session, stops chromedriver and removes the throwaway profile. Never rejects. */
  close(): Promise<void>;
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const width = opts.width ?? 1920;
  const height = opts.height ?? 1080;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'encore-chromium-'));
  const port = await freePort();
  const driver = spawn(opts.chromedriverBinary ?? '/usr/bin/chromedriver', [`--port=${port}`, '--allowed-ips=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let driverLog = '';
  driver.stderr?.on('data', (c: Buffer) => (driverLog = (driverLog + c.toString()).slice(-4000)));

  const cleanup = async (browser?: WebdriverIO.Browser) => {
    await browser?.deleteSession().catch(() => undefined);
    await stopProcess(driver);
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    await waitForPort(port, 10_000, driver);
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: opts.logLevel ?? 'error',
      connectionRetryCount: 1,
      capabilities: {
        browserName: 'chrome',
        'goog:chromeOptions': {
          binary: opts.chromiumBinary ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--autoplay-policy=no-user-gesture-required',
            // Canvas apps need WebGL: SwiftShader renders it without a GPU.
            '--use-angle=swiftshader',
            '--enable-unsafe-swiftshader',
            `--window-size=${width},${height}`,
            `--user-data-dir=${profile}`,
            ...(opts.args ?? []),
          ],
        },
      },
    });
    await fitViewport(browser, width, height);
    return { browser, close: () => cleanup(browser) };
  } catch (e) {
    await cleanup();
    throw new Error(`could not start Chromium via chromedriver: ${(e as Error).message}\n${driverLog}`);
  }
}

/** --window-size sizes the window, not the page: grow the window until the viewport is exact. */
async function fitViewport(browser: WebdriverIO.Browser, width: number, height: number): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [w, h] = await browser.execute(() => [window.innerWidth, window.innerHeight]);
    if (w === width && h === height) return;
    const size = await browser.getWindowSize();
    await browser.setWindowSize(size.width + (width - w), size.height + (height - h));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`chromedriver exited with ${proc.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`chromedriver did not listen on ${port} within ${timeoutMs} ms`);
}
