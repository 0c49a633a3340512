/**
 * The household hub under load: memory the BFF process holds per authenticated idle WebSocket,
 * and how long a device's state change takes to reach 10 listening connections of its household,
 * with the idle connections open against the same measurement with none (same run, same server).
 * The server runs in its own process (http-bench-server.ts) so its memory is its own.
 */
import WebSocket from 'ws';
import type { ChildProcess } from 'node:child_process';
import { HUB_BEARER_PREFIX, HUB_SUBPROTOCOL, type PlaybackState } from '../../src/protocol';
import { startServers } from './http-bench';
import { quantile } from './playback-bench';

export interface HubBenchResult {
  idle: number;
  listeners: number;
  samples: number;
  baselineRssMiB: number;
  loadedRssMiB: number;
  baselineHeapMiB: number;
  loadedHeapMiB: number;
  rssPerConnectionKiB: number;
  heapPerConnectionKiB: number;
  p50Ms: number;
  p99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
}

export function ask<T>(child: ChildProcess, msg: object, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    child.send(msg);
  });
}

export function open(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [HUB_SUBPROTOCOL, HUB_BEARER_PREFIX + token], { perMessageDeflate: false });
    ws.once('message', () => resolve(ws)); // welcome: authenticated
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

export async function openMany(url: string, tokens: string[], parallel = 100): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < tokens.length; i += parallel) {
    out.push(...(await Promise.all(tokens.slice(i, i + parallel).map((t) => open(url, t)))));
  }
  return out;
}

async function measureBroadcast(tv: WebSocket, listeners: WebSocket[], changes: number, version: { n: number }): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < changes; i++) {
    const v = ++version.n;
    const state: PlaybackState = {
      trackId: null,
      positionMs: i * 1000,
      atMs: Date.now(),
      playing: true,
      queue: [],
      shuffle: false,
      repeat: 'off',
      volume: 1,
      version: v,
    };
    const started = performance.now();
    const arrivals = listeners.map(
      (ws) =>
        new Promise<void>((resolve) => {
          const on = (data: WebSocket.RawData) => {
            const m = JSON.parse(String(data)) as { type: string; state?: { version: number } };
            if (m.type === 'device_state' && m.state?.version === v) {
              latencies.push(performance.now() - started);
              ws.off('message', on);
              resolve();
            }
          };
          ws.on('message', on);
        }),
    );
    tv.send(JSON.stringify({ type: 'state', requestId: v, state }));
    await Promise.all(arrivals);
  }
  return latencies;
}

export async function benchHub(dataDir: string, opts: { idle: number; listeners: number; changes: number }): Promise<HubBenchResult> {
  const servers = await startServers(dataDir);
  const url = `ws://127.0.0.1:${servers.encorePort}/api/v1/hub`;
  const sockets: WebSocket[] = [];
  try {
    const live = (await ask<{ tokens: string[] }>(servers.child, { type: 'tokens', count: opts.listeners + 1 }, 'tokens')).tokens;
    const [tv, ...listeners] = await openMany(url, live);
    sockets.push(tv!, ...listeners);
    tv!.send(JSON.stringify({ type: 'hello', requestId: 0, device: { name: 'Bench TV', kind: 'tv', platform: 'bench', capabilities: [] } }));
    await new Promise((r) => setTimeout(r, 200));
    const version = { n: Date.now() };
    await measureBroadcast(tv!, listeners, 20, version); // warm-up
    const baseline = await measureBroadcast(tv!, listeners, opts.changes, version);

    const before = await ask<{ rss: number; heapUsed: number }>(servers.child, { type: 'memory' }, 'memory');
    const idleTokens = (await ask<{ tokens: string[] }>(servers.child, { type: 'tokens', count: opts.idle, idle: true }, 'tokens')).tokens;
    sockets.push(...(await openMany(url, idleTokens)));
    await new Promise((r) => setTimeout(r, 1000));
    const after = await ask<{ rss: number; heapUsed: number; connections: number }>(servers.child, { type: 'memory' }, 'memory');
    if (after.connections < opts.idle + opts.listeners + 1) throw new Error(`only ${after.connections} connections held`);
    const loaded = await measureBroadcast(tv!, listeners, opts.changes, version);

    const MiB = 1024 * 1024;
    return {
      idle: opts.idle,
      listeners: opts.listeners,
      samples: loaded.length,
      baselineRssMiB: before.rss / MiB,
      loadedRssMiB: after.rss / MiB,
      baselineHeapMiB: before.heapUsed / MiB,
      loadedHeapMiB: after.heapUsed / MiB,
      rssPerConnectionKiB: (after.rss - before.rss) / opts.idle / 1024,
      heapPerConnectionKiB: (after.heapUsed - before.heapUsed) / opts.idle / 1024,
      p50Ms: quantile(loaded, 0.5),
      p99Ms: quantile(loaded, 0.99),
      baselineP50Ms: quantile(baseline, 0.5),
      baselineP99Ms: quantile(baseline, 0.99),
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    servers.child.kill('SIGTERM');
  }
}
