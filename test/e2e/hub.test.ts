/**
 * The hub from a real browser: Chromium's own WebSocket against the real BFF. A page of the BFF's
 * origin signs up, then tries the hub without a token, with the token (as the TV app does, in
 * Sec-WebSocket-Protocol), with invalid JSON and with a 70 KB message; a page served from another
 * origin is refused with 4403 even with a valid token.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTvSession } from './support/tv-session';
import { freePort } from './support/data-dir';

interface Outcome {
  protocol: string;
  messages: string[];
  close: { code: number; reason: string } | null;
}

/** Runs in the page: opens the hub, sends `payload` (if any) once welcomed, reports what happened. */
function tryHub(browser: WebdriverIO.Browser, base: string, token: string | null, payload: string | null, waitMs = 1500): Promise<Outcome> {
  return browser.executeAsync(
    (hubUrl: string, tok: string | null, body: string | null, wait: number, done: (o: Outcome) => void) => {
      const protocols = tok ? ['encore.v1', `encore.bearer.${tok}`] : ['encore.v1'];
      const ws = new WebSocket(hubUrl, protocols);
      const out: Outcome = { protocol: '', messages: [], close: null };
      ws.onopen = () => (out.protocol = ws.protocol);
      ws.onmessage = (ev) => {
        out.messages.push(String(ev.data));
        if (body !== null && out.messages.length === 1) ws.send(body);
      };
      ws.onclose = (ev) => {
        out.close = { code: ev.code, reason: ev.reason };
        done(out);
      };
      setTimeout(() => {
        if (!out.close) {
          ws.close();
          done(out);
        }
      }, wait);
    },
    base.replace('http:', 'ws:') + '/api/v1/hub',
    token,
    payload,
    waitMs,
  );
}

describe('hub from real Chromium', () => {
  const tv = useTvSession();
  let token: string;
  let foreign: http.Server;
  let foreignUrl: string;

  beforeAll(async () => {
    await tv.browser.url(`${tv.bff.url}/health`);
    token = await tv.browser.executeAsync((done: (t: string) => void) => {
      void fetch('/api/v1/auth/signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: `e2e-${Date.now()}@example.test`, password: 'e2e password', profileName: 'E2E', deviceId: 'e2e-browser-0001' }),
      })
        .then((r) => r.json())
        .then((t: { access_token: string }) => done(t.access_token));
    });
    foreign = http.createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
    const port = await freePort();
    await new Promise<void>((r) => foreign.listen(port, '127.0.0.1', r));
    foreignUrl = `http://127.0.0.1:${port}/`;
  });
  afterAll(async () => {
    // Chromium keeps its connection alive: close it, or close() waits for its idle timeout.
    foreign?.closeAllConnections();
    await new Promise<void>((r) => (foreign ? foreign.close(() => r()) : r()));
  });

  it('refuses an upgrade without a token: 4401 after the deadline', async () => {
    const o = await tryHub(tv.browser, tv.bff.url, null, null, 7000);
    expect(o.close?.code).toBe(4401);
  });

  it('welcomes a token in Sec-WebSocket-Protocol and answers invalid JSON with an error', async () => {
    const o = await tryHub(tv.browser, tv.bff.url, token, '{not json');
    expect(o.protocol).toBe('encore.v1');
    expect(JSON.parse(o.messages[0]!)).toMatchObject({ type: 'welcome' });
    expect(JSON.parse(o.messages[1]!)).toMatchObject({ type: 'error', reason: 'INVALID_JSON' });
    expect(o.close).toBeNull(); // still open: a bad message is answered, not punished
  });

  it('closes with 1009 on a 70 KB message', async () => {
    const o = await tryHub(tv.browser, tv.bff.url, token, JSON.stringify({ type: 'get_devices', pad: 'x'.repeat(70 * 1024) }));
    expect(o.close?.code).toBe(1009);
  });

  it('refuses a page of another origin with 4403, token or not', async () => {
    await tv.browser.url(foreignUrl);
    const o = await tryHub(tv.browser, tv.bff.url, token, null);
    expect(o.close?.code).toBe(4403);
  });
});
