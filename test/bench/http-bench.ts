/**
 * BFF throughput: Encore's screen routes against a bare Fastify hello-world measured in the same
 * run, on the same machine, by the same load generator. Only the ratio is meaningful; absolute
 * req/s depend on the machine. The servers run in a child process so autocannon (here) and the
 * server do not share one event loop.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface HttpBenchRow {
  name: string;
  path: string;
  reqPerSec: number;
  p99Ms: number;
  ratioToHello: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BenchServers {
  child: ChildProcess;
  helloPort: number;
  encorePort: number;
  /** A signed-in profile's access token. */
  token: string;
}

export async function startServers(dataDir: string): Promise<BenchServers> {
  const child = fork(path.join(here, 'http-bench-server.ts'), [], {
    env: { ...process.env, ENCORE_DATA_DIR: dataDir },
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Omit<BenchServers, 'child'>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Omit<BenchServers, 'child'>));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, ...ready };
}

async function load(url: string, seconds: number, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({ url, connections: 16, pipelining: 1, duration: seconds, headers });
}

export async function benchHttp(dataDir: string, seconds = 5): Promise<HttpBenchRow[]> {
  const { child, helloPort, encorePort, token } = await startServers(dataDir);
  try {
    const home = (await (await fetch(`http://127.0.0.1:${encorePort}/api/v1/home`)).json()) as {
      rails: { items: { kind: string; id: string }[] }[];
    };
    const albumId = home.rails.flatMap((r) => r.items).find((c) => c.kind === 'album')?.id;
    if (!albumId) throw new Error('bench catalogue has no album');
    // A TV sends Accept-Encoding; measuring identity would hide the cost of Brotli.
    const headers = { 'accept-encoding': 'br, gzip' };
    const targets = [
      { name: 'hello-world (bare Fastify)', url: `http://127.0.0.1:${helloPort}/`, path: '/' },
      { name: 'home', url: `http://127.0.0.1:${encorePort}/api/v1/home`, path: '/api/v1/home' },
      { name: 'album', url: `http://127.0.0.1:${encorePort}/api/v1/albums/${albumId}`, path: `/api/v1/albums/${albumId}` },
      // Same route, a signed-in profile: the JWT check (HMAC) on every request, plus its own cached screen.
      { name: 'home, signed in (token)', url: `http://127.0.0.1:${encorePort}/api/v1/home`, path: '/api/v1/home', auth: true },
    ];
    await load(targets[1]!.url, 1, headers); // warm the JIT and caches of both servers alike
    await load(targets[0]!.url, 1, headers);
    const rows: HttpBenchRow[] = [];
    let hello = 0;
    for (const t of targets) {
      const r = await load(t.url, seconds, 'auth' in t ? { ...headers, authorization: `Bearer ${token}` } : headers);
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${t.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      const rps = r.requests.average;
      if (hello === 0) hello = rps;
      rows.push({ name: t.name, path: t.path, reqPerSec: rps, p99Ms: r.latency.p99, ratioToHello: rps / hello });
    }
    return rows;
  } finally {
    child.kill('SIGTERM');
  }
}
