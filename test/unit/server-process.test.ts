/**
 * `npm start` leaves one process, the built BFF under plain node, which receives its signals:
 * SIGTERM stops it (exit 0, port released), SIGKILL leaves nothing behind. Processes are found
 * through /proc by a marker in their environment, so a wrapper or an orphan cannot hide.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogueFixture, type CatalogueFixture } from '../fixtures/catalogue-fixture';

const ROOT = path.resolve('.');
const START_SCRIPT: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start;

/** Pids of every live process whose environment holds `marker` (our own processes only are readable). */
function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const env = fs.readFileSync(`/proc/${name}/environ`, 'utf8');
      const state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (env.includes(marker) && state !== 'Z') pids.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

const cmdline = (pid: number) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const childrenOf = (pid: number) =>
  fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

interface Started {
  child: ChildProcess;
  port: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/** Spawns `command` under sh the way npm runs a script, with a marker in its environment. */
async function start(command: string, dataDir: string, marker: string): Promise<Started> {
  const child = spawn('sh', ['-c', command], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ENCORE_DATA_DIR: dataDir,
      ENCORE_TEST_MARKER: marker,
      // `npm start` builds the TV app: into a directory of this test's own, never over dist/browser,
      // the test build (with its hook) that e2e files running beside this one are serving.
      ENCORE_APP_OUT: path.join(dataDir, 'app'),
      ENCORE_APP_DIR: path.join(dataDir, 'app'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const port = /Health\s+http:\/\/localhost:(\d+)\/health/.exec(out)?.[1];
    if (port) return { child, port: Number(port), exit, output: () => out };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${out}`);
}

async function waitGone(marker: string, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = processesWith(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesWith(marker);
  }
  return left;
}

describe('npm start: one server process', () => {
  let fx: CatalogueFixture;
  const serverCommand = START_SCRIPT.split('&&').pop()!.trim();

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'pipe' });
    fx = await createCatalogueFixture();
  }, 120_000);

  afterAll(async () => {
    for (const pid of processesWith(`encore-process-test-${process.pid}`)) process.kill(pid, 'SIGKILL');
    await fx?.cleanup();
  });

  it('execs node on the built bundle: no tsx, no wrapper between the shell and the server', async () => {
    expect(serverCommand).toMatch(/^exec node .*dist\/server\/main\.mjs$/);
    const marker = `encore-process-test-${process.pid}-exec`;
    const s = await start(serverCommand, fx.config.dataDir, marker);
    try {
      expect(processesWith(marker)).toEqual([s.child.pid]);
      expect(cmdline(s.child.pid!)).toEqual(['node', '--enable-source-maps', 'dist/server/main.mjs']);
      expect(childrenOf(s.child.pid!)).toEqual([]);
      // Files read relative to a source module (package.json, the phone page) are found from the bundle.
      const health = await fetch(`http://127.0.0.1:${s.port}/health`);
      expect(health.status).toBe(200);
      expect((await health.json()).version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
      expect((await fetch(`http://127.0.0.1:${s.port}/remote/`)).status).toBe(200);
    } finally {
      s.child.kill('SIGKILL');
      await s.exit;
    }
  });

  it('stops on SIGTERM: exit code 0, port released, nothing left', async () => {
    const marker = `encore-process-test-${process.pid}-term`;
    const s = await start(serverCommand, fx.config.dataDir, marker);
    expect(await portOpen(s.port)).toBe(true);
    s.child.kill('SIGTERM');
    const exit = await Promise.race([s.exit, new Promise((r) => setTimeout(() => r('still running'), 5000))]);
    expect(exit, s.output()).toEqual({ code: 0, signal: null });
    expect(await portOpen(s.port)).toBe(false);
    expect(await waitGone(marker, 2000)).toEqual([]);
  });

  it('leaves no orphan when SIGKILLed', async () => {
    const marker = `encore-process-test-${process.pid}-kill`;
    const s = await start(serverCommand, fx.config.dataDir, marker);
    s.child.kill('SIGKILL');
    expect(await s.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await waitGone(marker, 2000)).toEqual([]);
    expect(await portOpen(s.port)).toBe(false);
  });

  it('`npm start` itself: the server is npm\'s only child, and SIGTERM to npm stops it', async () => {
    const marker = `encore-process-test-${process.pid}-npm`;
    const s = await start('exec npm start', fx.config.dataDir, marker);
    const npmPid = s.child.pid!;
    const [server, ...others] = childrenOf(npmPid);
    expect(others).toEqual([]);
    expect(cmdline(server!)).toEqual(['node', '--enable-source-maps', 'dist/server/main.mjs']);
    expect(childrenOf(server!)).toEqual([]);
    s.child.kill('SIGTERM');
    await Promise.race([s.exit, new Promise((r) => setTimeout(r, 8000))]);
    expect(await waitGone(marker, 3000), s.output()).toEqual([]);
    expect(await portOpen(s.port)).toBe(false);
  }, 120_000);
});
