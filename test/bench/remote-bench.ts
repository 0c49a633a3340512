/**
 * Remote-command latency: a phone's PAUSE/PLAY → hub → the TV's receiver session → MEDIA_STATUS
 * back at the phone (the status carrying the request's id), p50/p99, with 0 (the baseline), 1,
 * 100 and 5,000 other authenticated idle connections open on the same server. The server runs
 * in its own process (http-bench-server.ts); phone and TV sockets live in this one, the TV
 * driving a scripted player so only the protocol path is timed.
 */
import WebSocket from 'ws';
import { REMOTE_RECEIVER_CAPABILITY, type ServerMessage } from '../../src/protocol';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';
import { ScriptedPlayer } from '../fixtures/scripted-player';
import { ask, openMany } from './hub-bench';
import { startServers } from './http-bench';
import { quantile } from './playback-bench';

export interface RemoteBenchRow {
  idle: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

const hello = (ws: WebSocket, name: string, kind: 'tv' | 'phone', capabilities: string[]) =>
  ws.send(JSON.stringify({ type: 'hello', requestId: 1, device: { name, kind, platform: 'bench', capabilities } }));

async function measure(phone: WebSocket, tvId: string, commands: number, nextId: { n: number }): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < commands; i++) {
    const requestId = ++nextId.n;
    const started = performance.now();
    const answered = new Promise<void>((resolve, reject) => {
      const on = (data: WebSocket.RawData) => {
        const m = JSON.parse(String(data)) as ServerMessage;
        if (m.type === 'remote_message' && m.message.requestId === requestId) {
          phone.off('message', on);
          // Only the TV's status counts: a refusal by the hub would time a shorter path.
          if (m.message.type !== 'MEDIA_STATUS') return reject(new Error(`refused: ${JSON.stringify(m.message)}`));
          latencies.push(performance.now() - started);
          resolve();
        }
      };
      phone.on('message', on);
    });
    phone.send(JSON.stringify({ type: 'remote_request', targetDeviceId: tvId, request: { type: i % 2 ? 'PLAY' : 'PAUSE', requestId } }));
    await answered;
  }
  return latencies;
}

export async function benchRemote(dataDir: string, opts: { idle: readonly number[]; commands: number }): Promise<RemoteBenchRow[]> {
  const servers = await startServers(dataDir);
  const url = `ws://127.0.0.1:${servers.encorePort}/api/v1/hub`;
  const sockets: WebSocket[] = [];
  const session: { s?: ReceiverSession } = {};
  try {
    const live = (await ask<{ tokens: string[] }>(servers.child, { type: 'tokens', count: 2 }, 'tokens')).tokens;
    const [tv, phone] = await openMany(url, live);
    sockets.push(tv!, phone!);
    const tvId = 'bench-device-live-00000';
    const s = new ReceiverSession({
      player: new ScriptedPlayer(),
      resolveContext: async () => undefined,
      send: (message, to) => tv!.send(JSON.stringify({ type: 'remote_message', ...(to ? { to } : {}), message })),
      statusIntervalMs: 3_600_000, // the periodic status would be noise here
    });
    session.s = s;
    tv!.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'remote_request') void s.handle(m.from, m.request);
    });
    hello(tv!, 'Bench TV', 'tv', [REMOTE_RECEIVER_CAPABILITY]);
    hello(phone!, 'Bench phone', 'phone', []);
    await new Promise((r) => setTimeout(r, 300));
    const nextId = { n: Date.now() };
    phone!.send(JSON.stringify({ type: 'remote_request', targetDeviceId: tvId, request: { type: 'LOAD', requestId: ++nextId.n, items: [{ media: { contentId: 'tr_000000000001' } }] } }));
    await measure(phone!, tvId, 50, nextId); // warm-up

    const rows: RemoteBenchRow[] = [];
    let open = 0;
    for (const target of [0, ...opts.idle]) {
      if (target > open) {
        const tokens = (await ask<{ tokens: string[] }>(servers.child, { type: 'tokens', count: target, idle: true }, 'tokens')).tokens.slice(open);
        sockets.push(...(await openMany(url, tokens)));
        open = target;
        await new Promise((r) => setTimeout(r, 500));
      }
      const lat = await measure(phone!, tvId, opts.commands, nextId);
      rows.push({ idle: target, samples: lat.length, p50Ms: quantile(lat, 0.5), p99Ms: quantile(lat, 0.99) });
    }
    return rows;
  } finally {
    session.s?.destroy();
    for (const ws of sockets) ws.terminate();
    servers.child.kill('SIGTERM');
  }
}
