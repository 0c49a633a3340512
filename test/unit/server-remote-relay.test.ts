/**
 * The remote relay over real WebSockets on a real port, with a real ReceiverSession on the TV's
 * socket: a phone's request reaches its own household's receiver with the sender named by the
 * hub, MEDIA_STATUS reaches the household's controllers only, duplicate requestIds are refused
 * (also across a reconnect), offline/foreign/non-receiver targets are refused, receivers'
 * messages are checked, and every refusal is answered.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthPath, REMOTE_RECEIVER_CAPABILITY, type ReceiverMessage } from '../../src/protocol';
import { CastQueue } from '../../src/remote-receiver/cast-queue';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';
import { RecentRequestIds } from '../../src/server/hub/recent-request-ids';
import { signInTv, signUp, type Household } from '../fixtures/auth-helpers';
import { FIXTURE_TRACKS, createCatalogueFixture, type CatalogueFixture } from '../fixtures/catalogue-fixture';
import { buildFixtureApp } from '../fixtures/fixture-app';
import { connectHub, type HubMessage, type HubSocket } from './support/hub-socket';
import { ScriptedPlayer } from '../fixtures/scripted-player';

let fx: CatalogueFixture;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  fx = await createCatalogueFixture();
  app = await buildFixtureApp(fx, { hub: { messageRate: { capacity: 500, refillPerSecond: 200 }, upgradesPerIp: { capacity: 1000, refillPerSecond: 100 } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}${AuthPath.hub()}`;
});
afterAll(async () => {
  await app?.close();
  await fx?.cleanup();
});

const send = (c: HubSocket, m: unknown) => c.ws.send(JSON.stringify(m));
async function greeted(token: string, name: string, kind: 'tv' | 'phone', capabilities: string[] = []) {
  const c = await connectHub(url, { token });
  const welcome = await c.next((m) => m.type === 'welcome');
  send(c, { type: 'hello', requestId: 1, device: { name, kind, platform: 'browser', capabilities } });
  await c.next((m) => m.type === 'ack');
  return Object.assign(c, { deviceId: welcome.deviceId as string });
}
const remoteReply = (c: HubSocket, pred: (m: Record<string, unknown>) => boolean = () => true) =>
  c.next((m) => m.type === 'remote_message' && pred(m.message as Record<string, unknown>)).then((m) => m.message as Record<string, unknown>);

interface Living {
  hh: Household;
  tv: HubSocket & { deviceId: string };
  phone: HubSocket & { deviceId: string };
}
async function livingRoom(): Promise<Living> {
  const hh = await signUp(app);
  const tvTokens = await signInTv(app, hh);
  const tv = await greeted(tvTokens.tokens.access_token, 'Living room TV', 'tv', [REMOTE_RECEIVER_CAPABILITY]);
  const phone = await greeted(hh.phone.access_token, 'Ada’s phone', 'phone');
  return { hh, tv, phone };
}

describe('remote relay', () => {
  it('relays a request to the household\'s receiver naming the sender, and its status to the controllers only', async () => {
    const { hh, tv, phone } = await livingRoom();
    const stranger = await greeted((await signUp(app, 'Eve')).phone.access_token, 'Eve’s phone', 'phone');
    const otherPhone = await greeted(hh.phone.access_token, 'Ada’s tablet', 'phone');

    send(phone, { type: 'remote_request', targetDeviceId: tv.deviceId, request: { type: 'GET_STATUS', requestId: 5 } });
    const got = await tv.next((m) => m.type === 'remote_request');
    expect(got).toEqual({ type: 'remote_request', from: { deviceId: phone.deviceId, name: 'Ada’s phone', guest: false }, request: { type: 'GET_STATUS', requestId: 5 } });

    const status: ReceiverMessage = {
      type: 'MEDIA_STATUS', requestId: 5, playerState: 'IDLE', currentTime: 0, currentItemId: null, items: [],
      volume: { level: 1, muted: false }, repeatMode: 'REPEAT_OFF', shuffle: false, sequenceNumber: 0,
    };
    send(tv, { type: 'remote_message', message: status });
    for (const c of [phone, otherPhone]) expect(await c.next((m) => m.type === 'remote_message')).toEqual({ type: 'remote_message', deviceId: tv.deviceId, message: status });
    send(tv, { type: 'remote_message', to: otherPhone.deviceId, message: { ...status, requestId: 6 } });
    expect(await remoteReply(otherPhone, (m) => m.requestId === 6)).toMatchObject({ type: 'MEDIA_STATUS' });
    // A page of the queue goes to the sender that asked; a malformed one is refused at the hub.
    const page: ReceiverMessage = { type: 'QUEUE_ITEMS', requestId: 7, sequenceNumber: 0, firstItemIndex: 200, items: [] };
    send(tv, { type: 'remote_message', to: phone.deviceId, message: page });
    expect(await remoteReply(phone, (m) => m.requestId === 7)).toEqual(page);
    send(tv, { type: 'remote_message', requestId: 8, to: phone.deviceId, message: { ...page, firstItemIndex: -1 } });
    expect(await tv.next((m) => m.type === 'error' && m.requestId === 8)).toMatchObject({ reason: 'INVALID_MESSAGE' });
    await new Promise((r) => setTimeout(r, 100));
    expect(stranger.messages.some((m) => m.type === 'remote_message')).toBe(false);
    for (const c of [tv, phone, otherPhone, stranger]) c.ws.close();
  });

  it('refuses a repeated requestId with DUPLICATE_REQUEST_ID, also over a new socket of the same device', async () => {
    const { hh, tv, phone } = await livingRoom();
    const req = { type: 'remote_request', targetDeviceId: tv.deviceId, request: { type: 'PLAY', requestId: 1_700_000_000_001 } };
    send(phone, req);
    await tv.next((m) => m.type === 'remote_request');
    send(phone, req);
    expect(await remoteReply(phone)).toMatchObject({ type: 'INVALID_REQUEST', reason: 'DUPLICATE_REQUEST_ID', requestId: 1_700_000_000_001 });
    phone.ws.close();
    const again = await greeted(hh.phone.access_token, 'Ada’s phone', 'phone');
    send(again, req);
    expect(await remoteReply(again)).toMatchObject({ reason: 'DUPLICATE_REQUEST_ID' });
    expect(tv.messages.filter((m) => m.type === 'remote_request')).toHaveLength(1);
    tv.ws.close();
    again.ws.close();
  });

  it('refuses an offline, foreign or non-receiver target with RECEIVER_OFFLINE, and an invalid request with INVALID_REQUEST naming the field', async () => {
    const { tv, phone } = await livingRoom();
    const foreign = await livingRoom();
    let id = 10;
    for (const target of [foreign.tv.deviceId, phone.deviceId, 'tv-not-connected-1']) {
      send(phone, { type: 'remote_request', targetDeviceId: target, request: { type: 'PLAY', requestId: ++id } });
      expect(await remoteReply(phone, (m) => m.requestId === id), target).toMatchObject({ type: 'INVALID_REQUEST', reason: 'RECEIVER_OFFLINE' });
    }
    send(phone, { type: 'remote_request', targetDeviceId: tv.deviceId, request: { type: 'SEEK', requestId: 99, currentTime: -4 } });
    const err = await remoteReply(phone, (m) => m.requestId === 99);
    expect(err).toMatchObject({ type: 'INVALID_REQUEST', reason: 'INVALID_PARAMS' });
    expect(String(err.message)).toMatch(/currentTime/);
    send(phone, { type: 'remote_request', targetDeviceId: tv.deviceId, request: { type: 'WARP', requestId: 100 } });
    expect(await remoteReply(phone, (m) => m.requestId === 100)).toMatchObject({ reason: 'INVALID_COMMAND' });
    expect(foreign.tv.messages.some((m) => m.type === 'remote_request')).toBe(false);
    for (const c of [tv, phone, foreign.tv, foreign.phone]) c.ws.close();
  });

  it('checks receivers\' messages: a non-receiver gets NOT_A_RECEIVER, a bad status INVALID_MESSAGE, and nothing before hello', async () => {
    const { tv, phone, hh } = await livingRoom();
    send(phone, { type: 'remote_message', requestId: 3, message: { type: 'MEDIA_STATUS' } });
    expect(await phone.next((m) => m.type === 'error')).toMatchObject({ reason: 'NOT_A_RECEIVER', requestId: 3 });
    send(tv, { type: 'remote_message', requestId: 4, message: { type: 'MEDIA_STATUS', requestId: 0, playerState: 'DANCING' } });
    expect(await tv.next((m) => m.type === 'error')).toMatchObject({ reason: 'INVALID_MESSAGE', requestId: 4 });
    const early = await connectHub(url, { token: hh.phone.access_token });
    await early.next();
    send(early, { type: 'remote_request', requestId: 5, targetDeviceId: tv.deviceId, request: { type: 'PLAY', requestId: 1 } });
    expect(await early.next((m) => m.type === 'error')).toMatchObject({ reason: 'HELLO_FIRST', requestId: 5 });
    for (const c of [tv, phone, early]) c.ws.close();
  });

  it('drives a real receiver session through the hub: LOAD an album, PAUSE, and the phone sees each status', async () => {
    const { tv, phone } = await livingRoom();
    const player = new ScriptedPlayer();
    // Album order (disc, number), not the fixture's upsert order.
    const albumTracks = ['tr_2a0000000001', 'tr_2a0000000002', 'tr_2a0000000003'];
    const albumId = FIXTURE_TRACKS[0]!.album.id;
    const session = new ReceiverSession({
      player,
      resolveContext: async (c) => (c.kind === 'album' ? (await fx.store.albumTracks(c.id)).map((t) => t.id) : undefined),
      send: (message, to) => send(tv, { type: 'remote_message', ...(to ? { to } : {}), message }),
    });
    tv.ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as HubMessage;
      if (m.type === 'remote_request') void session.handle(m.from as never, m.request);
    });
    send(phone, { type: 'remote_request', targetDeviceId: tv.deviceId, request: { type: 'LOAD', requestId: 1, context: { kind: 'album', id: albumId } } });
    const playing = await remoteReply(phone, (m) => m.requestId === 1 && m.playerState === 'PLAYING');
    expect((playing.items as Array<{ media: { contentId: string } }>).map((i) => i.media.contentId)).toEqual(albumTracks);
    expect(player.loads[0]!.id).toBe(albumTracks[0]);
    send(phone, { type: 'remote_request', targetDeviceId: tv.deviceId, request: { type: 'PAUSE', requestId: 2 } });
    expect(await remoteReply(phone, (m) => m.requestId === 2)).toMatchObject({ type: 'MEDIA_STATUS', playerState: 'PAUSED' });
    session.destroy();
    tv.ws.close();
    phone.ws.close();
  });
});

describe('remote relay, a long queue', () => {
  it('a 2,000-item queue with the longest adder names: the status stays under the hub\'s limit, the TV stays connected', async () => {
    const { tv, phone } = await livingRoom();
    const queue = new CastQueue();
    const session = new ReceiverSession({
      player: new ScriptedPlayer(),
      queue,
      resolveContext: async () => undefined,
      send: (message, to) => send(tv, { type: 'remote_message', ...(to ? { to } : {}), message }),
    });
    // Two-byte letters at the schema's maximum lengths: about 4 times the bytes of a usual item.
    const addedBy = { deviceId: 'd'.repeat(80), name: 'é'.repeat(40), guest: true };
    const items = Array.from({ length: 2000 }, (_, n) => ({ contentId: `tr_${n.toString(16).padStart(12, '0')}`, addedBy }));
    expect(queue.load(items, 1000)).toBeNull();
    session.broadcast(0);
    const status = await remoteReply(phone, (m) => m.type === 'MEDIA_STATUS');
    const shown = status.items as Array<{ itemId: number }>;
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.map((i) => i.itemId)).toContain(status.currentItemId);
    // Still connected: a request reaches it and is answered.
    tv.ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as HubMessage;
      if (m.type === 'remote_request') void session.handle(m.from as never, m.request);
    });
    send(phone, { type: 'remote_request', targetDeviceId: tv.deviceId, request: { type: 'GET_STATUS', requestId: 9 } });
    expect(await remoteReply(phone, (m) => m.requestId === 9)).toMatchObject({ type: 'MEDIA_STATUS', currentItemId: status.currentItemId });
    expect(tv.ws.readyState).toBe(tv.ws.OPEN);
    session.destroy();
    tv.ws.close();
    phone.ws.close();
  });
});

describe('remote relay, fuzzed', () => {
  it('answers every remote envelope, valid or not, from a controller and from a receiver, and stays open', async () => {
    const { tv, phone } = await livingRoom();
    const types = ['LOAD', 'PLAY', 'PAUSE', 'STOP', 'SEEK', 'SET_VOLUME', 'QUEUE_LOAD', 'QUEUE_INSERT', 'QUEUE_REMOVE', 'QUEUE_REORDER', 'QUEUE_UPDATE', 'GET_STATUS', 'MEDIA_STATUS', 'WARP'];
    let id = 5_000;
    const samples = fc.sample(
      fc.record({
        type: fc.constantFrom('remote_request', 'remote_message'),
        targetDeviceId: fc.oneof(fc.constant(tv.deviceId), fc.string({ maxLength: 70 })),
        to: fc.option(fc.constant(phone.deviceId), { nil: undefined }),
        inner: fc.oneof(fc.jsonValue(), fc.record({ type: fc.constantFrom(...types), currentTime: fc.jsonValue(), items: fc.jsonValue(), itemIds: fc.jsonValue(), sequenceNumber: fc.jsonValue() }, { requiredKeys: ['type'] })),
      }),
      30,
    );
    for (const [i, s] of samples.entries()) {
      const sender = i % 2 ? tv : phone;
      const requestId = ++id;
      const inner = typeof s.inner === 'object' && s.inner !== null && !Array.isArray(s.inner) ? { ...s.inner, requestId } : s.inner;
      const envelope = s.type === 'remote_request' ? { type: s.type, targetDeviceId: s.targetDeviceId, request: inner } : { type: s.type, requestId, ...(s.to ? { to: s.to } : {}), message: inner };
      const before = tv.messages.length + phone.messages.length;
      send(sender, envelope);
      // Every envelope has an outcome someone sees: a refusal to its sender, or the relayed message.
      const end = Date.now() + 1500;
      while (tv.messages.length + phone.messages.length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(tv.messages.length + phone.messages.length, `sample ${i}: ${JSON.stringify(envelope).slice(0, 200)}`).toBeGreaterThan(before);
      expect(sender.ws.readyState).toBe(1);
    }
    tv.ws.close();
    phone.ws.close();
  });
});

describe('RecentRequestIds', () => {
  it('refuses repeats within each sender\'s window and keeps memory bounded by window and sender count', () => {
    const r = new RecentRequestIds(4, 3);
    expect([1, 2, 1].map((id) => r.claim('a', id))).toEqual([true, true, false]);
    expect(r.claim('b', 1)).toBe(true);
    for (const id of [3, 4, 5, 6]) r.claim('a', id);
    expect(r.claim('a', 1)).toBe(true); // fell out of a's 4-id window
    expect(r.claim('a', 6)).toBe(false);
    r.claim('c', 1);
    r.claim('d', 1); // evicts b, the least recently heard
    expect(r.size).toBe(3);
    expect(r.claim('b', 1)).toBe(true);
  });
});
