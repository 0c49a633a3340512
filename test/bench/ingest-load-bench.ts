/**
 * BFF responsiveness while an `ingest --prune` runs against the same SQLite file: better-sqlite3
 * is synchronous, so a play write that waits on the ingest's write lock (busy_timeout) stalls the
 * BFF's whole event loop. Measured as /health latency, probed back to back, with ~200 play
 * writes/s, first with no ingest (the baseline, same run, same load) and then during an ingest
 * that adds, prunes and leaves unchanged real tracks. Three processes, as in production: the
 * BFF (child), the ingest CLI (child), and this load generator.
 *
 * The library is the demo's FLAC files, hard-linked into many album folders: each link is a new
 * track row (ids come from the path), and its media is reused by content hash, so the ingest is
 * catalogue writes and file hashing, not ffmpeg (transcoding would measure the CPU, not the lock).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestFolder } from '../../src/ingest/ingest-folder';
import { ApiPath } from '../../src/protocol';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores } from '../../src/store';
import { quantile } from './playback-bench';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(here, '../../src/ingest/cli.ts');

export interface LatencyPhase {
  probes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  playsPerSecond: number;
  /** Play reports not answered 204 (a 500 would be SQLITE_BUSY after busy_timeout). */
  playFailures: number;
  seconds: number;
  /** The BFF's event-loop delay over the phase (monitorEventLoopDelay, 5 ms resolution). */
  loopP99Ms: number;
  loopMaxMs: number;
  /** Time inside the BFF's synchronous play write (store.recordPlay), where a lock wait blocks. */
  writeP99Ms: number;
  writeMaxMs: number;
}

export interface IngestLoadResult {
  /** No ingest, no writes: /health alone. */
  quiet: LatencyPhase;
  /** No ingest, play writes at the set rate. */
  idle: LatencyPhase;
  ingest: LatencyPhase;
  files: number;
  /** The CLI's summary of each ingest round. */
  ingestSummaries: string[];
}

interface LoadOptions {
  /** Album-folder copies of the demo in the library before the timed run. */
  copies: number;
  idleSeconds: number;
  playsPerSecond: number;
  /** Baseline + ingest rounds, alternating. */
  rounds: number;
}

function linkCopy(demoSource: string, library: string, copy: number): void {
  for (const rel of fs.readdirSync(demoSource, { recursive: true }) as string[]) {
    const from = path.join(demoSource, rel);
    if (!rel.endsWith('.flac')) continue;
    const to = path.join(library, `Copy ${String(copy).padStart(3, '0')}`, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.linkSync(from, to);
  }
}

interface BenchBff {
  child: ChildProcess;
  base: string;
}

/** Starts a new phase in the BFF's loop-delay monitor and returns what the last one saw. */
type BffPhaseStats = Pick<LatencyPhase, 'loopP99Ms' | 'loopMaxMs' | 'writeP99Ms' | 'writeMaxMs'>;

function loopPhase(bff: BenchBff): Promise<BffPhaseStats> {
  return new Promise((resolve) => {
    bff.child.once('message', (m) => resolve(m as BffPhaseStats));
    bff.child.send('phase');
  });
}

async function startBff(dataDir: string): Promise<BenchBff> {
  const child = fork(path.join(here, 'ingest-load-server.ts'), [], {
    env: { ...process.env, ENCORE_DATA_DIR: dataDir },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`bench BFF exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** Probes /health back to back and posts plays at a steady rate until `until` resolves. */
interface PhaseSamples extends BffPhaseStats {
  latencies: number[];
  plays: number;
  playFailures: number;
  seconds: number;
}

/** Pools the rounds of one kind of phase: latency quantiles over all probes, the worst loop delay. */
function summarise(rounds: PhaseSamples[]): LatencyPhase {
  const latencies = rounds.flatMap((r) => r.latencies);
  const seconds = rounds.reduce((t, r) => t + r.seconds, 0);
  return {
    probes: latencies.length,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: Math.max(...latencies),
    playsPerSecond: rounds.reduce((t, r) => t + r.plays, 0) / seconds,
    playFailures: rounds.reduce((t, r) => t + r.playFailures, 0),
    seconds,
    loopP99Ms: Math.max(...rounds.map((r) => r.loopP99Ms)),
    loopMaxMs: Math.max(...rounds.map((r) => r.loopMaxMs)),
    writeP99Ms: Math.max(...rounds.map((r) => r.writeP99Ms)),
    writeMaxMs: Math.max(...rounds.map((r) => r.writeMaxMs)),
  };
}

async function underLoad(bff: BenchBff, trackIds: string[], playsPerSecond: number, until: Promise<unknown>): Promise<PhaseSamples> {
  const { base } = bff;
  await loopPhase(bff);
  const started = performance.now();
  const latencies: number[] = [];
  let plays = 0;
  let playFailures = 0;
  let done = false;
  void until.finally(() => (done = true));

  // Plays in batches every 20 ms, sized by the time elapsed so the rate holds when timers slip.
  const inFlight = new Set<Promise<void>>();
  const writer = setInterval(() => {
    const batch = Math.floor(((performance.now() - started) / 1000) * playsPerSecond) - plays;
    for (let i = 0; i < batch; i++) {
      const trackId = trackIds[(plays + i) % trackIds.length]!;
      const p = fetch(`${base}${ApiPath.plays()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ trackId, positionMs: 30_000 }),
      }).then(
        (res) => {
          if (res.status !== 204) playFailures++;
          return res.arrayBuffer().then(() => undefined);
        },
        () => void playFailures++,
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    plays += Math.max(0, batch);
  }, 20);

  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`${base}${ApiPath.health()}`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  clearInterval(writer);
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  const loop = await loopPhase(bff);
  return { ...loop, latencies, plays, playFailures, seconds };
}

function runIngestCli(root: string, dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, root, '--prune', '--concurrency', '2'], {
      env: { ...process.env, ENCORE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`ingest exited with ${code}:\n${out}`))));
  });
}

export async function benchHealthUnderIngest(benchData: string, opts: LoadOptions): Promise<IngestLoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-bench-ingest-load-'));
  try {
    const demoConfig = resolveConfig({ ENCORE_DATA_DIR: benchData });
    const config = resolveConfig({ ENCORE_DATA_DIR: dir });
    // The demo's catalogue and media as they are: the tracks played during the run.
    fs.cpSync(demoConfig.mediaDir, config.mediaDir, { recursive: true });
    const seed = openSqliteStores(demoConfig.dbPath);
    await seed.database.sqlite.backup(config.dbPath);
    await seed.close();

    const demoSource = path.join(benchData, 'demo-source');
    const library = path.join(dir, 'library');
    for (let c = 0; c < opts.copies; c++) linkCopy(demoSource, library, c);
    const stores = openSqliteStores(config.dbPath);
    const trackIds = (stores.database.sqlite.prepare('SELECT id FROM tracks').all() as { id: string }[]).map((r) => r.id);
    await ingestFolder({ root: library, store: stores.catalogue, mediaDir: config.mediaDir, concurrency: 2, durable: false });
    await stores.close();

    const copyDir = (c: number) => path.join(library, `Copy ${String(c).padStart(3, '0')}`);
    const bff = await startBff(dir);
    try {
      const forSeconds = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
      // Warm the BFF (JIT, statements) before any phase is measured.
      await underLoad(bff, trackIds, opts.playsPerSecond, forSeconds(1));
      const quiet = await underLoad(bff, trackIds, 0, forSeconds(opts.idleSeconds));
      // Rounds alternate baseline and ingest, so a burst of other load on a shared box lands in
      // either kind alike. Each ingest has all three kinds of work: half the copies gone (pruned),
      // as many new ones, the rest unchanged.
      const idle: PhaseSamples[] = [];
      const ingest: PhaseSamples[] = [];
      const summaries: string[] = [];
      const step = Math.floor(opts.copies / 2);
      for (let round = 0; round < opts.rounds; round++) {
        idle.push(await underLoad(bff, trackIds, opts.playsPerSecond, forSeconds(opts.idleSeconds)));
        for (let c = round * step; c < (round + 1) * step; c++) fs.rmSync(copyDir(c), { recursive: true });
        for (let c = opts.copies + round * step; c < opts.copies + (round + 1) * step; c++) linkCopy(demoSource, library, c);
        const ingestRun = runIngestCli(library, dir);
        ingest.push(await underLoad(bff, trackIds, opts.playsPerSecond, ingestRun.catch(() => undefined)));
        const out = (await ingestRun).split('\n');
        const from = out.findIndex((l) => l.startsWith('Ingested '));
        summaries.push(from >= 0 ? out.slice(from).join('\n').trim() : out.join('\n').trim());
      }
      const files = (fs.readdirSync(library, { recursive: true }) as string[]).filter((f) => f.endsWith('.flac')).length;
      return { quiet: summarise([quiet]), idle: summarise(idle), ingest: summarise(ingest), files, ingestSummaries: summaries };
    } finally {
      bff.child.kill('SIGTERM');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
