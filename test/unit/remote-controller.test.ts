/**
 * The phone's remote controller: commands as intents re-applied once after a stale refusal,
 * commands held visibly while offline and sent on reconnect, a local progress bar, and — over
 * the real hub with the real hub client and a real ReceiverSession on the TV socket — LOAD and
 * PAUSE round trips.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HubConnection } from '../../src/hub-client/hub-connection';
import { AuthPath, REMOTE_RECEIVER_CAPABILITY, type DeviceInfo, type MediaStatus, type ReceiverMessage, type RemoteRequest, type ServerMessage } from '../../src/protocol';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';
import { RemoteController } from '../../src/remote/remote-controller';
import { signInTv, signUp } from '../fixtures/auth-helpers';
import { FIXTURE_TRACKS, createCatalogueFixture, type CatalogueFixture } from '../fixtures/catalogue-fixture';
import { buildFixtureApp } from '../fixtures/fixture-app';
import { connectHub } from './support/hub-socket';
import { ScriptedPlayer } from '../fixtures/scripted-player';

const TV: DeviceInfo = { id: 'tv-living-01', name: 'Living room TV', kind: 'tv', platform: 'browser', online: true, lastSeenAt: 0, signedIn: true, state: null, nowPlaying: null };
const status = (over: Partial<MediaStatus> = {}): MediaStatus => ({
  type: 'MEDIA_STATUS', requestId: 0, playerState: 'PLAYING', currentTime: 10, currentItemId: 1,
  items: [1, 2, 3].map((itemId) => ({ itemId, media: { contentId: FIXTURE_TRACKS[itemId]!.id }, addedBy: { deviceId: 'p', name: 'P', guest: false } })),
  volume: { level: 1, muted: false }, repeatMode: 'REPEAT_OFF', shuffle: false, sequenceNumber: 5, ...over,
});

function fakeHub() {
  const sent: RemoteRequest[] = [];
  let up = true;
  const hub = {
    send: (m: { type: string; request?: RemoteRequest }) => {
      if (!up) return false;
      if (m.type === 'remote_request') sent.push(m.request!);
      return true;
    },
  };
  return { hub, sent, setUp: (v: boolean) => (up = v) };
}

describe('RemoteController', () => {
  it('re-applies a stale queue edit once to the status sent with the refusal', () => {
    const { hub, sent } = fakeHub();
    const c = new RemoteController(hub, () => 1000);
    c.setOnline(true);
    c.handle({ type: 'devices', requestId: 1, devices: [TV] });
    expect(c.targetId).toBe(TV.id);
    c.handle({ type: 'remote_message', deviceId: TV.id, message: status() });
    // "Play item 3 next": before the item after the current one, whatever the queue is then.
    c.command('Play next', (s) => {
      const at = s!.items.findIndex((i) => i.itemId === s!.currentItemId);
      return { type: 'QUEUE_REORDER', sequenceNumber: s!.sequenceNumber, itemIds: [3], insertBefore: s!.items[at + 1]!.itemId };
    });
    expect(sent[0]).toMatchObject({ type: 'QUEUE_REORDER', sequenceNumber: 5, insertBefore: 2 });
    const id = sent[0]!.requestId;
    c.handle({ type: 'remote_message', deviceId: TV.id, message: { type: 'INVALID_REQUEST', requestId: id, reason: 'STALE_SEQUENCE_NUMBER', message: 'stale' } });
    expect(sent).toHaveLength(1); // waits for the status that came with the refusal
    // Meanwhile someone moved item 2 to the front and made it current: item 3 now goes before 1.
    const moved = status({ requestId: id, sequenceNumber: 6, currentItemId: 2 });
    c.handle({ type: 'remote_message', deviceId: TV.id, message: { ...moved, items: [moved.items[1]!, moved.items[0]!, moved.items[2]!] } });
    expect(sent[1]).toMatchObject({ type: 'QUEUE_REORDER', sequenceNumber: 6, insertBefore: 1 });
    expect(sent[1]!.requestId).toBeGreaterThan(id);
    // A second refusal is shown, not retried forever.
    c.handle({ type: 'remote_message', deviceId: TV.id, message: { type: 'INVALID_REQUEST', requestId: sent[1]!.requestId, reason: 'STALE_SEQUENCE_NUMBER', message: 'stale' } });
    expect(c.lastError).toMatch(/Play next/);
    expect(sent).toHaveLength(2);
  });

  it('holds commands visibly while offline or while the TV is away, and sends them on reconnect', () => {
    const { hub, sent, setUp } = fakeHub();
    const c = new RemoteController(hub, () => 1000);
    c.setOnline(true);
    c.handle({ type: 'devices', requestId: 1, devices: [{ ...TV }] });
    setUp(false);
    c.setOnline(false);
    c.command('Pause', () => ({ type: 'PAUSE' }));
    expect(c.held.map((h) => h.label)).toEqual(['Pause']);
    setUp(true);
    c.setOnline(true);
    c.handle({ type: 'presence', deviceId: TV.id, online: false });
    c.command('Next', (s) => ({ type: 'QUEUE_UPDATE', sequenceNumber: s?.sequenceNumber ?? 0, jump: 1 }));
    expect(c.held.map((h) => h.label)).toEqual(['Pause', 'Next']);
    c.handle({ type: 'presence', deviceId: TV.id, online: true });
    expect(c.held).toEqual([]);
    expect(sent.map((r) => r.type)).toEqual(['PAUSE', 'QUEUE_UPDATE']);
    // The hub saying the TV went away puts the command back on hold.
    c.handle({ type: 'remote_message', deviceId: TV.id, message: { type: 'INVALID_REQUEST', requestId: sent[0]!.requestId, reason: 'RECEIVER_OFFLINE', message: 'gone' } });
    expect(c.held.map((h) => h.label)).toEqual(['Pause']);
  });

  it('advances the position locally while playing and not while paused', () => {
    let now = 5000;
    const c = new RemoteController(fakeHub().hub, () => now);
    c.setOnline(true);
    c.handle({ type: 'devices', requestId: 1, devices: [TV] });
    c.handle({ type: 'remote_message', deviceId: TV.id, message: status({ currentTime: 10 }) });
    now += 2500;
    expect(c.position()).toBeCloseTo(12.5);
    c.handle({ type: 'remote_message', deviceId: TV.id, message: status({ currentTime: 12.6, playerState: 'PAUSED' }) });
    now += 4000;
    expect(c.position()).toBeCloseTo(12.6);
  });
});

describe('RemoteController with a long queue', () => {
  it('pages past the status window with QUEUE_GET_ITEM_RANGE to the end, keeps the pages across queue versions, and an edit on a paged row survives a stale refusal', async () => {
    const player = new ScriptedPlayer();
    let controller!: RemoteController;
    // Messages to the phone, delivered at once unless held (a status still on its way).
    let holding = false;
    const held: ReceiverMessage[] = [];
    const toPhone = (message: ReceiverMessage) => controller.handle({ type: 'remote_message', deviceId: TV.id, message });
    const session = new ReceiverSession({
      player,
      resolveContext: async () => undefined,
      send: (message) => (holding ? held.push(message) : toPhone(message)),
    });
    const requests: Array<Promise<void>> = [];
    controller = new RemoteController({
      send: (m) => {
        if (m.type === 'remote_request') requests.push(session.handle({ deviceId: 'phone', name: 'Phone', guest: false }, m.request));
        return true;
      },
    });
    const settle = async () => {
      while (requests.length) await requests.shift();
    };
    controller.setOnline(true);
    controller.handle({ type: 'devices', requestId: 1, devices: [TV] });
    const track = (n: number) => ({ media: { contentId: FIXTURE_TRACKS[n % FIXTURE_TRACKS.length]!.id } });
    // 1,200 items in three loads (500 per request at most).
    controller.command('Load', () => ({ type: 'LOAD', items: Array.from({ length: 500 }, (_, n) => track(n)) }));
    await settle();
    for (let k = 0; k < 2; k++) {
      controller.command('Add', (st) => ({ type: 'QUEUE_INSERT', sequenceNumber: st!.sequenceNumber, items: Array.from({ length: 350 }, (_, n) => track(n)) }));
      await settle();
    }
    expect(controller.knownQueue()).toEqual({ items: session.queue.items.slice(0, 200), more: 1000 });
    let pages = 0;
    while (controller.knownQueue().more > 0 && pages < 10) {
      controller.showMore();
      await settle();
      pages++;
    }
    expect(pages).toBe(5);
    expect(controller.knownQueue().items).toEqual(session.queue.items);

    // Someone else adds a track; before the phone hears of it, it moves the 1,000th item down.
    holding = true;
    await session.handle({ deviceId: 'tablet', name: 'Tablet', guest: false }, { type: 'QUEUE_INSERT', requestId: 1, sequenceNumber: session.status().sequenceNumber, items: [track(1)] });
    const moved = session.queue.items[999]!.itemId;
    controller.command('Move down', (st) => {
      const known = controller.knownQueue(st).items;
      const at = known.findIndex((i) => i.itemId === moved);
      return at < 0 ? null : { type: 'QUEUE_REORDER', sequenceNumber: st!.sequenceNumber, itemIds: [known[at + 1]!.itemId], insertBefore: moved };
    });
    await settle();
    holding = false;
    for (const m of held.splice(0)) toPhone(m);
    await settle();
    // Refused as stale, re-applied to the new version on the paged row, and the pages fetched
    // again as far as the user had paged (the added track is one more page away).
    expect(session.queue.items[1000]!.itemId).toBe(moved);
    expect(controller.lastError).toBeNull();
    expect(controller.knownQueue()).toEqual({ items: session.queue.items.slice(0, 1200), more: 1 });
    session.destroy();
  });

  it('forgets another TV\'s pages when the phone switches TVs', async () => {
    const c = new RemoteController(fakeHub().hub, () => 1000);
    const other = { ...TV, id: 'tv-bedroom-01', name: 'Bedroom TV' };
    c.setOnline(true);
    c.handle({ type: 'devices', requestId: 1, devices: [TV, other] });
    c.handle({ type: 'remote_message', deviceId: TV.id, message: status({ itemCount: 5, firstItemIndex: 0 }) });
    const page = status().items.slice(2).concat([4, 5].map((itemId) => ({ itemId, media: { contentId: FIXTURE_TRACKS[itemId]!.id }, addedBy: { deviceId: 'p', name: 'P', guest: false } })));
    c.handle({ type: 'remote_message', deviceId: TV.id, message: { type: 'QUEUE_ITEMS', requestId: 7, sequenceNumber: 5, firstItemIndex: 2, items: page } });
    expect(c.knownQueue().items.map((i) => i.itemId)).toEqual([1, 2, 3, 4, 5]);
    c.choose(other.id);
    // The bedroom TV's queue has the same version number and a last item with the same id.
    c.handle({ type: 'remote_message', deviceId: other.id, message: status({ itemCount: 9, firstItemIndex: 0 }) });
    expect(c.knownQueue()).toEqual({ items: status().items, more: 6 });
  });
});

describe('RemoteController over the real hub', () => {
  let fx: CatalogueFixture;
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    fx = await createCatalogueFixture();
    app = await buildFixtureApp(fx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}${AuthPath.hub()}`;
  });
  afterAll(async () => {
    await app?.close();
    await fx?.cleanup();
  });

  it('finds the TV, LOADs an album on it and PAUSEs it, each answered by a status', async () => {
    const hh = await signUp(app);
    const tvTokens = await signInTv(app, hh);
    const tv = await connectHub(url, { token: tvTokens.tokens.access_token });
    await tv.next((m) => m.type === 'welcome');
    tv.ws.send(JSON.stringify({ type: 'hello', requestId: 1, device: { name: 'Living room TV', kind: 'tv', platform: 'browser', capabilities: [REMOTE_RECEIVER_CAPABILITY] } }));
    await tv.next((m) => m.type === 'ack');
    const player = new ScriptedPlayer();
    const session = new ReceiverSession({
      player,
      resolveContext: async (ctx) => (await fx.store.albumTracks(ctx.id)).map((t) => t.id),
      send: (message, to) => tv.ws.send(JSON.stringify({ type: 'remote_message', ...(to ? { to } : {}), message })),
    });
    tv.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'remote_request') void session.handle(m.from, m.request);
    });

    let controller!: RemoteController;
    const conn = new HubConnection({
      url,
      getToken: async () => hh.phone.access_token,
      device: { name: 'Ada’s phone', kind: 'phone', platform: 'web', capabilities: [] },
      createSocket: (u, p) => new WebSocket(u, p) as unknown as globalThis.WebSocket,
      onMessage: (m) => controller.handle(m),
      onStatus: (s) => controller.setOnline(s === 'online'),
    });
    controller = new RemoteController(conn);
    const until = (pred: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out; status ${JSON.stringify(controller.status)}`)), 3000);
        const off = controller.onChange(() => pred() && (clearTimeout(t), off(), resolve()));
        if (pred()) (clearTimeout(t), off(), resolve());
      });
    conn.start();
    await until(() => controller.targetId === tvTokens.deviceId);
    controller.command('Play album', () => ({ type: 'LOAD', context: { kind: 'album', id: FIXTURE_TRACKS[0]!.album.id } }));
    await until(() => controller.status?.playerState === 'PLAYING');
    expect(controller.status!.items).toHaveLength(3);
    expect(controller.status!.items[0]!.addedBy.name).toBe('Ada’s phone');
    controller.command('Pause', () => ({ type: 'PAUSE' }));
    await until(() => controller.status?.playerState === 'PAUSED');
    expect(player.state.playerState).toBe('PAUSED');
    conn.stop();
    session.destroy();
    tv.ws.close();
  });
});
