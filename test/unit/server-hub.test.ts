/**
 * The household hub over real WebSockets on a real port: authentication (subprotocol, first
 * message, deadline), Origin, size and rate bounds with their close codes, validation of every
 * message (fuzzed), presence and state broadcast within a household only, persistence of the
 * newest state, remote sign-out, and the slow-consumer bound.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { Socket } from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AuthPath, HUB_BEARER_PREFIX, HUB_SUBPROTOCOL, HubClose, type PlaybackState } from '../../src/protocol';
import { Hub } from '../../src/server/hub/hub';
import { FIXTURE_TRACKS, createCatalogueFixture, type CatalogueFixture } from '../fixtures/catalogue-fixture';
import { buildFixtureApp } from '../fixtures/fixture-app';
import { signInTv, signUp, type Household } from '../fixtures/auth-helpers';
import { connectHub, type HubSocket } from './support/hub-socket';

let fx: CatalogueFixture;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  fx = await createCatalogueFixture();
  app = await buildFixtureApp(fx, { hub: { authDeadlineMs: 300, messageRate: { capacity: 40, refillPerSecond: 10 }, upgradesPerIp: { capacity: 1000, refillPerSecond: 100 } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  url = `ws://127.0.0.1:${addr.port}${AuthPath.hub()}`;
});
afterAll(async () => {
  await app?.close();
  await fx?.cleanup();
});

type Client = HubSocket;
const connect = (opts: { token?: string; origin?: string } = {}) => connectHub(url, opts);

const send = (c: Client, m: unknown) => c.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
const hello = (c: Client, name = 'Living room TV') =>
  send(c, { type: 'hello', requestId: 1, device: { name, kind: 'tv', platform: 'browser', capabilities: ['mse'] } });

const state = (version: number, over: Partial<PlaybackState> = {}): PlaybackState => ({
  trackId: FIXTURE_TRACKS[0]!.id,
  positionMs: 151_000,
  atMs: 1_700_000_000_000,
  playing: true,
  queue: [FIXTURE_TRACKS[0]!.id, FIXTURE_TRACKS[1]!.id],
  shuffle: false,
  repeat: 'off',
  volume: 0.8,
  version,
  ...over,
});

describe('authentication and bounds', () => {
  let hh: Household;
  beforeAll(async () => {
    hh = await signUp(app);
  });

  it('closes 4401 when no token comes within the deadline, and for a bad token', async () => {
    const silent = await connect();
    expect((await silent.closed).code).toBe(HubClose.UNAUTHENTICATED);
    const bad = await connect({ token: 'not-a-jwt' });
    expect((await bad.closed).code).toBe(HubClose.UNAUTHENTICATED);
    const late = await connect();
    send(late, { type: 'hello', device: { name: 'x', kind: 'tv', platform: 'p', capabilities: [] } });
    expect((await late.closed).code).toBe(HubClose.UNAUTHENTICATED);
  });

  it('authenticates by subprotocol (echoing only encore.v1) or by a first auth message', async () => {
    const a = await connect({ token: hh.phone.access_token });
    expect(a.ws.protocol).toBe(HUB_SUBPROTOCOL);
    expect(await a.next((m) => m.type === 'welcome')).toMatchObject({ type: 'welcome', profileId: hh.phone.profile!.id });
    const b = await connect();
    send(b, { type: 'auth', token: hh.phone.access_token });
    expect(await b.next()).toMatchObject({ type: 'welcome' });
    send(b, { type: 'auth', token: hh.phone.access_token });
    expect(await b.next()).toMatchObject({ type: 'error', reason: 'ALREADY_AUTHENTICATED' });
    a.ws.close();
    b.ws.close();
  });

  it('holds a message sent before the subprotocol token is checked until it is', async () => {
    const ws = new WebSocket(url, [HUB_SUBPROTOCOL, `${HUB_BEARER_PREFIX}${hh.phone.access_token}`]);
    const got: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'get_devices', requestId: 5 }));
    await new Promise((r) => setTimeout(r, 300));
    expect(got.map((m) => m.type)).toEqual(['welcome', 'devices']);
    ws.close();
  });

  it('refuses a foreign Origin with 4403, accepts its own and the packaged apps\'', async () => {
    const evil = await connect({ token: hh.phone.access_token, origin: 'http://evil.example' });
    expect((await evil.closed).code).toBe(HubClose.ORIGIN);
    for (const origin of ['null', url.replace('ws:', 'http:').replace(AuthPath.hub(), '')]) {
      const ok = await connect({ token: hh.phone.access_token, origin });
      expect(await ok.next()).toMatchObject({ type: 'welcome' });
      ok.ws.close();
    }
  });

  it('closes 1009 on a 70 KB message and 1008 past the message budget', async () => {
    const big = await connect({ token: hh.phone.access_token });
    await big.next();
    send(big, JSON.stringify({ type: 'get_devices', pad: 'x'.repeat(70 * 1024) }));
    expect((await big.closed).code).toBe(HubClose.TOO_BIG);

    const chatty = await connect({ token: hh.phone.access_token });
    await chatty.next();
    for (let i = 0; i < 100; i++) send(chatty, { type: 'get_devices', requestId: i });
    expect((await chatty.closed).code).toBe(HubClose.RATE_LIMITED);
  });

  it('reads the rest of an oversized frame after its 1009 close frame: no reset reaches a client still sending', async () => {
    // Chromium writes a 70 KB frame in pieces. A server that cut the connection at the frame's
    // header, with the rest unread, made the kernel answer those pieces with a reset, and the
    // browser saw 1006 instead of the close frame it had not read yet. This client writes the
    // same way and records what it got.
    const o = await sendInPieces(hh.phone.access_token, JSON.stringify({ type: 'get_devices', pad: 'x'.repeat(70 * 1024) }));
    expect(o.error, 'no reset while the frame was still being written').toBeNull();
    expect(o.written, 'the whole frame went out').toBe(true);
    expect(o.closeCode).toBe(HubClose.TOO_BIG);
    expect(o.ended, 'the server ended the connection with a FIN').toBe(true);
  });

  it('answers every invalid message with an error naming the reason and the requestId (fuzzed), and stays open', async () => {
    const c = await connect({ token: hh.phone.access_token });
    await c.next();
    send(c, '{nope');
    expect(await c.next()).toMatchObject({ type: 'error', reason: 'INVALID_JSON', requestId: null });
    send(c, { type: 'state', requestId: 7, state: state(1) });
    expect(await c.next()).toMatchObject({ type: 'error', reason: 'HELLO_FIRST', requestId: 7 });
    send(c, { type: 'warp', requestId: 8 });
    expect(await c.next()).toMatchObject({ type: 'error', reason: 'UNKNOWN_TYPE', requestId: 8 });
    send(c, { type: 'hello', requestId: 9, device: { name: '', kind: 'toaster', platform: 'x', capabilities: [] } });
    const err = await c.next();
    expect(err).toMatchObject({ type: 'error', reason: 'INVALID_MESSAGE', requestId: 9 });
    expect(String(err.message)).toMatch(/device\.(name|kind)/);

    // Random JSON: each one is answered (an error or a result), none crashes the hub.
    const samples = fc.sample(
      fc.oneof(
        fc.jsonValue(),
        fc.record({ type: fc.constantFrom('hello', 'state', 'get_devices', 'auth', '__proto__', 'constructor'), requestId: fc.oneof(fc.integer(), fc.string()), device: fc.jsonValue(), state: fc.jsonValue() }),
      ),
      25,
    );
    for (const [i, sample] of samples.entries()) {
      const before = c.messages.length;
      send(c, sample);
      await c.next(() => c.messages.length > before);
      expect(c.ws.readyState, `sample ${i}: ${JSON.stringify(sample)}`).toBe(WebSocket.OPEN);
      await new Promise((r) => setTimeout(r, 60)); // stay inside the message budget
    }
    c.ws.close();
  });
});

describe('presence and playback state', () => {
  it('passes a TV\'s state to the household\'s phone only, keeps the newest, and lists it for a late phone', async () => {
    const hh = await signUp(app);
    const tvSignIn = await signInTv(app, hh);
    const phone = await connect({ token: hh.phone.access_token });
    await phone.next();
    const stranger = await connect({ token: (await signUp(app, 'Eve')).phone.access_token });
    await stranger.next();

    const tv = await connect({ token: tvSignIn.tokens.access_token });
    await tv.next();
    expect(await phone.next((m) => m.type === 'presence')).toMatchObject({ deviceId: tvSignIn.deviceId, online: true });
    hello(tv);
    expect(await tv.next((m) => m.type === 'ack')).toMatchObject({ requestId: 1 });
    send(tv, { type: 'state', requestId: 2, state: state(2) });
    expect(await phone.next((m) => m.type === 'device_state')).toMatchObject({ deviceId: tvSignIn.deviceId, state: { positionMs: 151_000, version: 2 } });
    send(tv, { type: 'state', requestId: 3, state: state(1) });
    expect(await tv.next((m) => m.type === 'error')).toMatchObject({ reason: 'STALE_VERSION', requestId: 3 });

    const list = await app.inject({ url: AuthPath.devices(), headers: hh.bearer });
    const tvRow = (list.json() as { devices: Array<Record<string, unknown>> }).devices.find((d) => d.id === tvSignIn.deviceId);
    expect(tvRow).toMatchObject({
      name: 'Living room TV',
      online: true,
      signedIn: true,
      platform: 'browser',
      state: { version: 2, positionMs: 151_000 },
      nowPlaying: { title: FIXTURE_TRACKS[0]!.title },
    });

    tv.ws.close();
    expect(await phone.next((m) => m.type === 'presence' && m.online === false)).toMatchObject({ deviceId: tvSignIn.deviceId });
    await new Promise((r) => setTimeout(r, 100));
    expect(stranger.messages.filter((m) => m.type !== 'welcome')).toEqual([]);
    phone.ws.close();
    stranger.ws.close();
  });

  it('handles a socket\'s messages in order: a state sent right after hello (no wait for its ack) is kept', async () => {
    const hh = await signUp(app);
    const tvSignIn = await signInTv(app, hh);
    const phone = await connect({ token: hh.phone.access_token });
    await phone.next();
    const tv = await connect({ token: tvSignIn.tokens.access_token });
    await tv.next();
    hello(tv);
    send(tv, { type: 'state', requestId: 2, state: state(5) });
    expect(await phone.next((m) => m.type === 'device_state')).toMatchObject({ state: { version: 5 } });
    expect(tv.messages.filter((m) => m.type === 'error')).toEqual([]);
    tv.ws.close();
    phone.ws.close();
  });

  it('tells a TV signed out from a phone and closes it with 4401', async () => {
    const hh = await signUp(app);
    const tvSignIn = await signInTv(app, hh);
    const tv = await connect({ token: tvSignIn.tokens.access_token });
    await tv.next();
    await app.inject({ method: 'DELETE', url: AuthPath.deviceSession(tvSignIn.deviceId), headers: hh.bearer });
    expect(await tv.next((m) => m.type === 'signed_out')).toMatchObject({ reason: 'elsewhere' });
    expect((await tv.closed).code).toBe(HubClose.UNAUTHENTICATED);
  });
});

describe('slow consumers', () => {
  it('are dropped once their unsent bytes pass the bound, not buffered without end', async () => {
    class FakeSocket extends EventEmitter {
      readonly OPEN = 1;
      readonly CONNECTING = 0;
      readyState = 1;
      bufferedAmount = 0;
      protocol = '';
      sent = 0;
      terminated = false;
      send() {
        this.sent++;
        this.bufferedAmount += 600_000;
      }
      terminate() {
        this.terminated = true;
        this.readyState = 3;
      }
      close() {
        this.readyState = 3;
      }
      ping() {}
    }
    const hh = await signUp(app);
    const hub = new Hub({ auth: app.auth, accounts: fx.accounts, catalogue: fx.store, log: app.log, limits: { maxBufferedBytes: 1_000_000 } });
    const socket = new FakeSocket();
    hub.accept(socket as unknown as WebSocket, { headers: { 'sec-websocket-protocol': `${HUB_SUBPROTOCOL}, ${HUB_BEARER_PREFIX}${hh.phone.access_token}` } }, true);
    await new Promise((r) => setTimeout(r, 50));
    expect(socket.sent).toBe(1); // welcome: 600 KB buffered, under the bound
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'get_devices', requestId: 1 })), false);
    await new Promise((r) => setTimeout(r, 50));
    expect(socket.terminated).toBe(true);
    expect(hub.size).toBe(0);
    hub.close();
  });
});

/**
 * A bare TCP client: upgrades by hand, waits for the welcome, then writes one masked text frame
 * of `text` in 4 KB pieces a few milliseconds apart, as a browser's network stack does. Reports
 * the close code the server sent, whether every piece was written, and any socket error.
 */
async function sendInPieces(token: string, text: string): Promise<{ closeCode: number | null; written: boolean; ended: boolean; error: string | null }> {
  const [socket, head] = await new Promise<[Socket, Buffer]>((resolve, reject) => {
    const req = http.request(url.replace('ws:', 'http:'), {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-protocol': `${HUB_SUBPROTOCOL}, ${HUB_BEARER_PREFIX}${token}`,
      },
    });
    req.on('upgrade', (_res, s: Socket, first: Buffer) => resolve([s, first]));
    req.on('response', (res) => reject(new Error(`HTTP ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
  const out = { closeCode: null as number | null, written: false, ended: false, error: null as string | null };
  let received = Buffer.alloc(0);
  let welcomed!: () => void;
  const welcome = new Promise<void>((r) => (welcomed = r));
  const onData = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    // Server frames are unmasked and small here: a 1-byte length (< 126) or 126 + 2 bytes.
    while (received.length >= 2) {
      const short = received[1]! & 0x7f;
      const [start, len] = short === 126 ? [4, received.readUInt16BE(2)] : [2, short];
      if (received.length < start + len) break;
      const opcode = received[0]! & 0x0f;
      if (opcode === 0x1) welcomed();
      if (opcode === 0x8) out.closeCode = received.readUInt16BE(start);
      received = received.subarray(start + len);
    }
  };
  onData(head);
  socket.on('data', onData);
  // Writing goes on after the server's FIN (the connection is half-closed then), as a browser's does.
  socket.allowHalfOpen = true;
  socket.on('end', () => (out.ended = true));
  socket.on('error', (e) => (out.error ??= e.message));
  const closed = new Promise((resolve) => socket.on('close', resolve));
  await welcome;
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(payload.length), 2);
  mask.copy(header, 10);
  const frame = Buffer.concat([header, payload.map((b, i) => b ^ mask[i % 4]!)]);
  for (let at = 0; at < frame.length && out.error === null; at += 4096) {
    await new Promise<void>((resolve) => socket.write(frame.subarray(at, at + 4096), (e) => ((out.error ??= e?.message ?? null), resolve())));
    await new Promise((r) => setTimeout(r, 2));
  }
  out.written = out.error === null;
  socket.end();
  await closed;
  return out;
}
