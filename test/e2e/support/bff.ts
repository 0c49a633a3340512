/**
 * Starts the real BFF (`src/server/main.ts`, the same entry `npm start` runs) as a child process on
 * a data dir, and stops it. E2E tests talk to it over real HTTP from real Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopProcess } from './process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningBff {
  url: string;
  port: number;
  /** Requests the BFF logged, newest last (only media paths; used to prove segments were fetched). */
  mediaRequests: string[];
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`BFF exited with ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`BFF at ${url} not healthy within ${timeoutMs} ms`);
}

export async function startBff(opts: {
  dataDir: string;
  port: number;
  timeoutMs?: number;
  /** More environment for the BFF (e.g. ENCORE_DEVICE_CODE_TTL_S). */
  env?: Record<string, string>;
}): Promise<RunningBff> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      ENCORE_DATA_DIR: opts.dataDir,
      ENCORE_LOG_REQUESTS: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const mediaRequests: string[] = [];
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    for (const m of text.matchAll(/"url":"(\/media\/[^"]+)"/g)) mediaRequests.push(m[1]!);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitForHealth(url, child, opts.timeoutMs ?? 120_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- BFF output ---\n${output}`);
  }
  return {
    url,
    port: opts.port,
    mediaRequests,
    stop: () => stopProcess(child, 5000),
  };
}
