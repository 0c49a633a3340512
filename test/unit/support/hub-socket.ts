/**
 * A hub client for BFF tests over a real WebSocket: collects every message, and `next(pred)`
 * waits for the first unseen message matching it.
 */
import WebSocket from 'ws';
import { HUB_BEARER_PREFIX, HUB_SUBPROTOCOL } from '../../../src/protocol';

export type HubMessage = Record<string, unknown>;

export interface HubSocket {
  ws: WebSocket;
  messages: HubMessage[];
  next(pred?: (m: HubMessage) => boolean, ms?: number): Promise<HubMessage>;
  closed: Promise<{ code: number; reason: string }>;
}

export function connectHub(url: string, opts: { token?: string; origin?: string } = {}): Promise<HubSocket> {
  const protocols = [HUB_SUBPROTOCOL, ...(opts.token ? [`${HUB_BEARER_PREFIX}${opts.token}`] : [])];
  const ws = new WebSocket(url, protocols, opts.origin ? { origin: opts.origin } : {});
  const messages: HubMessage[] = [];
  const waiters: Array<{ pred: (m: HubMessage) => boolean; resolve: (m: HubMessage) => void }> = [];
  let seen = 0;
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as HubMessage;
    messages.push(m);
    for (const w of [...waiters]) if (w.pred(m)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(m);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  const client: HubSocket = {
    ws,
    messages,
    closed,
    next(pred = () => true, ms = 3000) {
      const found = messages.slice(seen).find(pred);
      if (found) {
        seen = messages.indexOf(found) + 1;
        return Promise.resolve(found);
      }
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no message within ${ms} ms; got ${JSON.stringify(messages)}`)), ms);
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), (seen = messages.indexOf(m) + 1), resolve(m)) });
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
