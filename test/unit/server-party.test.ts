/**
 * The party over HTTP (inject) and real WebSockets on a real port, with a real ReceiverSession on
 * the host TV's socket: only a signed-in household starts a party; a guest joins by code and
 * name; failed joins (guesses) are limited per IP before the code is looked up; a guest's hub
 * socket sees the host TV only, may add tracks (named, fairly placed, at most N waiting, rate
 * limited) and gets NOT_ALLOWED for every other command; removing a guest or ending the party
 * closes guest sockets with a reason and kills their passes; an ended party refuses joins.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthPath,
  HubClose,
  PartyPath,
  REMOTE_RECEIVER_CAPABILITY,
  type JoinPartyResponse,
  type PartyInfo,
} from '../../src/protocol';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';
import { ApiClient } from '../../src/app/services/api-client';
import { PartyHost } from '../../src/app/services/party-host';
import { pollToken, signUp, startDeviceFlow } from '../fixtures/auth-helpers';
import { FIXTURE_TRACKS, createCatalogueFixture, type CatalogueFixture } from '../fixtures/catalogue-fixture';
import { buildFixtureApp } from '../fixtures/fixture-app';
import { SERVER_DEFAULTS } from '../../src/server/server-defaults';
import { ScriptedPlayer } from '../fixtures/scripted-player';
import { connectHub, type HubMessage, type HubSocket } from './support/hub-socket';

let fx: CatalogueFixture;
let app: FastifyInstance;
let url: string;
let httpBase: string;
let ipCounter = 0;
const freshIp = () => `10.88.${(++ipCounter >> 8) & 255}.${ipCounter & 255}`;

beforeAll(async () => {
  fx = await createCatalogueFixture();
  app = await buildFixtureApp(fx, { hub: { messageRate: { capacity: 500, refillPerSecond: 200 }, upgradesPerIp: { capacity: 1000, refillPerSecond: 100 } } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  httpBase = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  url = `${httpBase.replace(/^http/, 'ws')}${AuthPath.hub()}`;
});
afterAll(async () => {
  await app?.close();
  await fx?.cleanup();
});

const send = (c: HubSocket, m: unknown) => c.ws.send(JSON.stringify(m));
const T = (i: number) => FIXTURE_TRACKS[i % FIXTURE_TRACKS.length]!.id;

async function greeted(token: string, name: string, capabilities: string[] = []) {
  const c = await connectHub(url, { token });
  const welcome = await c.next((m) => m.type === 'welcome');
  send(c, { type: 'hello', requestId: 1, device: { name, kind: 'tv', platform: 'browser', capabilities } });
  await c.next((m) => m.type === 'ack');
  return Object.assign(c, { deviceId: welcome.deviceId as string, welcome });
}

/** A household whose TV is a receiver (a real ReceiverSession over the hub) hosting a party. */
async function hostParty(maxPending?: number) {
  const hh = await signUp(app);
  // Each TV asks for its sign-in code from its own address: codes are limited per IP.
  const flow = await startDeviceFlow(app, undefined, freshIp());
  const approved = await app.inject({ method: 'POST', url: AuthPath.linkApprove(flow.user_code), remoteAddress: freshIp(), headers: hh.bearer, payload: { profileId: hh.phone.profile!.id } });
  expect(approved.statusCode, approved.body).toBe(204);
  const polled = await pollToken(app, flow.device_code);
  expect(polled.statusCode, polled.body).toBe(200);
  const tokens = polled.json() as { access_token: string };
  const tvSignIn = { tokens, bearer: { authorization: `Bearer ${tokens.access_token}` } };
  const tv = await greeted(tvSignIn.tokens.access_token, 'Living room TV', [REMOTE_RECEIVER_CAPABILITY]);
  const res = await app.inject({ method: 'POST', url: PartyPath.party(), headers: tvSignIn.bearer, payload: maxPending ? { maxPending } : {} });
  expect(res.statusCode).toBe(200);
  const party = res.json() as PartyInfo;
  const player = new ScriptedPlayer();
  const session = new ReceiverSession({
    player,
    resolveContext: async () => undefined,
    send: (message, to) => send(tv, { type: 'remote_message', ...(to ? { to } : {}), message }),
    guestMaxPending: party.maxPending,
  });
  tv.ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as HubMessage;
    if (m.type === 'remote_request') void session.handle(m.from as never, m.request);
  });
  return { hh, tvSignIn, tv, party, session, player };
}

async function join(code: string, name: string, remoteAddress = freshIp()) {
  return app.inject({ method: 'POST', url: PartyPath.join(), remoteAddress, payload: { code, name } });
}
async function guest(code: string, name: string) {
  const res = await join(code, name);
  expect(res.statusCode, res.body).toBe(200);
  const pass = res.json() as JoinPartyResponse;
  const socket = await greeted(pass.token, name);
  return Object.assign(socket, { pass });
}
let rid = 1000;
const ask = (c: HubSocket, target: string, request: Record<string, unknown>) => {
  const requestId = ++rid;
  send(c, { type: 'remote_request', targetDeviceId: target, request: { ...request, requestId } });
  return c.next((m) => m.type === 'remote_message' && (m.message as { requestId: number }).requestId === requestId).then((m) => m.message as Record<string, unknown>);
};
const add = (c: HubSocket, target: string, track: string) => ask(c, target, { type: 'QUEUE_INSERT', sequenceNumber: 0, items: [{ media: { contentId: track } }] });

describe('party over HTTP', () => {
  it('only a signed-in household starts, reads and ends a party; guests cannot', async () => {
    expect((await app.inject({ method: 'POST', url: PartyPath.party(), payload: {} })).statusCode).toBe(401);
    const { tvSignIn, party, tv } = await hostParty();
    expect(party.code).toMatch(/^[A-Z]{3}-[A-Z]{4}$/);
    const g = await join(party.code, 'Sam');
    const pass = g.json() as JoinPartyResponse;
    // A guest token is not an access token: the household's routes refuse it.
    for (const u of [PartyPath.party(), AuthPath.me()]) {
      expect((await app.inject({ method: 'GET', url: u, headers: { authorization: `Bearer ${pass.token}` } })).statusCode).toBe(401);
    }
    const read = await app.inject({ method: 'GET', url: PartyPath.party(), headers: tvSignIn.bearer });
    expect((read.json() as PartyInfo).guests.map((x) => x.name)).toEqual(['Sam']);
    expect((await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: PartyPath.party(), headers: tvSignIn.bearer })).statusCode).toBe(404);
    tv.ws.close();
  });

  it('serves the guest page at /party/ locked down like /link (the join link carries the code)', async () => {
    const page = await app.inject({ method: 'GET', url: '/party/?code=BCDFGHJ' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'.*frame-ancestors 'none'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const bare = await app.inject({ method: 'GET', url: '/party?code=BCDFGHJ' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/party/?code=BCDFGHJ');
  });

  it('validates join bodies: a name of nothing but controls is a 400, extra fields and huge names too', async () => {
    const { party, tv, tvSignIn } = await hostParty();
    expect((await join(party.code, '\u0007\u200b ')).statusCode).toBe(400);
    expect((await join(party.code, 'x'.repeat(500))).statusCode).toBe(400);
    const extra = await app.inject({ method: 'POST', url: PartyPath.join(), remoteAddress: freshIp(), payload: { code: party.code, name: 'Sam', admin: true } });
    expect(extra.statusCode).toBe(400);
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
    tv.ws.close();
  });

  it('limits failed joins per IP before looking the code up, so a right code past the budget is refused too; right codes spend nothing', async () => {
    const { party, tv, tvSignIn } = await hostParty();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await join(party.code, `Guest ${i}`, ip)).statusCode).toBe(200);
    const wrong = party.code.replace(/^./, (c) => (c === 'B' ? 'C' : 'B'));
    for (let i = 0; i < 10; i++) expect((await join(wrong, 'Eve', ip)).statusCode).toBe(404);
    const limited = await join(wrong, 'Eve', ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await join(party.code, 'Eve', ip)).statusCode).toBe(429);
    expect((await join(party.code, 'Ann', freshIp())).statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
    tv.ws.close();
  });

  it('one address missing all day leaves the total budget to fresh addresses: a right code from one still joins', async () => {
    // Its own BFF on a clock we move: the budgets refill by the minute.
    let clock = Date.now();
    const timed = await buildFixtureApp(fx, { now: () => clock });
    try {
      const hh = await signUp(timed);
      const started = await timed.inject({ method: 'POST', url: PartyPath.party(), headers: hh.bearer, payload: {} });
      const party = started.json() as PartyInfo;
      const wrong = party.code.replace(/^./, (c) => (c === 'B' ? 'C' : 'B'));
      const joinAt = (app: FastifyInstance, code: string, name: string, remoteAddress: string) =>
        app.inject({ method: 'POST', url: PartyPath.join(), remoteAddress, payload: { code, name } });
      const eve = freshIp();
      const { guessTotal } = SERVER_DEFAULTS.party;
      const minutes = 30;
      let misses = 0;
      // Eve guesses until refused, every minute for half an hour: past the old shared budget's 25 minutes.
      for (let m = 0; m < minutes; m++) {
        if (m > 0) clock += 60_000;
        for (let status = 404; status === 404; ) {
          status = (await joinAt(timed, wrong, 'Eve', eve)).statusCode;
          if (status === 404) misses++;
          else expect(status).toBe(429);
        }
      }
      // The total still holds Eve (her own budget alone would allow 10 a minute): at most her first
      // miss, then the shared pool; and refused now, a right code is refused too.
      expect(misses).toBeLessThanOrEqual(1 + guessTotal.capacity + guessTotal.refillPerSecond * minutes * 60);
      expect((await joinAt(timed, party.code, 'Eve', eve)).statusCode).toBe(429);
      const ann = await joinAt(timed, party.code, 'Ann', freshIp());
      expect(ann.statusCode, ann.body).toBe(200);
    } finally {
      await timed.close();
    }
  });

  it('reopening the TV\'s Party screen keeps "Tracks per guest", and the TV\'s receiver learns it', async () => {
    const { party, tv, tvSignIn, session } = await hostParty(5);
    // The TV's own ApiClient over real HTTP, as the Party screen uses it.
    const api = new ApiClient(httpBase, (input, init = {}) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...tvSignIn.bearer } }));
    const told: number[] = [];
    const queue = {
      guestTracks: () => [],
      remove: () => {},
      setGuestMaxPending: (n: number) => void (told.push(n), session.setGuestMaxPending(n)),
      onChange: () => () => {},
    };
    const host = new PartyHost(api, queue);
    // ApiClient resolves URLs against the page (document.baseURI): the TV app's page, here.
    (globalThis as { document?: unknown }).document = { baseURI: `${httpBase}/` };
    try {
      await host.open();
    } finally {
      host.close();
      delete (globalThis as { document?: unknown }).document;
    }
    expect(host.state).toMatchObject({ kind: 'running', info: { partyId: party.partyId, maxPending: 5 } });
    expect(told).toEqual([5]);
    const read = await app.inject({ method: 'GET', url: PartyPath.party(), headers: tvSignIn.bearer });
    expect((read.json() as PartyInfo).maxPending).toBe(5);
    expect(((await join(party.code, 'Sam')).json() as JoinPartyResponse).maxPending).toBe(5);
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
    tv.ws.close();
  });

  it('an ended party rejects joins with its code', async () => {
    const { party, tv, tvSignIn } = await hostParty();
    expect((await join(party.code, 'Early')).statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
    const late = await join(party.code, 'Late');
    expect(late.statusCode).toBe(404);
    expect(late.json()).toMatchObject({ error: 'ENCORE_ERR_NOT_FOUND' });
    tv.ws.close();
  });
});

describe('party guests on the hub', () => {
  it('a guest sees only the host TV, its adds reach the TV named by the guest, and the status reaches every guest', async () => {
    const { party, tv, tvSignIn, hh } = await hostParty();
    const phone = await greeted(hh.phone.access_token, 'Ada’s phone');
    const sam = await guest(party.code, 'Sam');
    const ann = await guest(party.code, 'Ann');
    expect(sam.welcome).toMatchObject({ householdId: '', deviceId: sam.pass.guestId, party: { name: 'Sam', hostDeviceId: tv.deviceId, maxPending: 3 } });
    send(sam, { type: 'get_devices', requestId: 7 });
    const devices = (await sam.next((m) => m.type === 'devices')).devices as Array<{ id: string }>;
    expect(devices.map((d) => d.id)).toEqual([tv.deviceId]);

    const status = await add(sam, tv.deviceId, T(1));
    expect(status).toMatchObject({ type: 'MEDIA_STATUS' });
    const items = status.items as Array<{ addedBy: { name: string; guest: boolean; deviceId: string } }>;
    expect(items.at(-1)!.addedBy).toEqual({ deviceId: sam.pass.guestId, name: 'Sam', guest: true });
    // Every guest and the household's phone hear it; guests hear nothing of the household (presence, states).
    await ann.next((m) => m.type === 'remote_message');
    await phone.next((m) => m.type === 'remote_message');
    expect([...sam.messages, ...ann.messages].some((m) => m.type === 'presence' || m.type === 'device_state')).toBe(false);
    send(sam, { type: 'state', requestId: 8, state: { trackId: null, positionMs: 0, atMs: 1, playing: false, queue: [], shuffle: false, repeat: 'off', volume: 1, version: 1 } });
    expect(await sam.next((m) => m.type === 'error')).toMatchObject({ reason: 'NOT_ALLOWED', requestId: 8 });
    for (const c of [sam, ann, phone, tv]) c.ws.close();
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
  });

  it('refuses every command but adding and status with NOT_ALLOWED, and a target other than the host', async () => {
    const { party, tv, tvSignIn, player, session } = await hostParty();
    const sam = await guest(party.code, 'Sam');
    await add(sam, tv.deviceId, T(2));
    const seq = session.queue.sequenceNumber;
    const itemId = session.queue.items[0]!.itemId;
    const refused: Array<Record<string, unknown>> = [
      { type: 'PLAY' },
      { type: 'PAUSE' },
      { type: 'STOP' },
      { type: 'SEEK', currentTime: 10 },
      { type: 'SET_VOLUME', volume: { level: 0 } },
      { type: 'LOAD', items: [{ media: { contentId: T(3) } }] },
      { type: 'QUEUE_LOAD', items: [{ media: { contentId: T(3) } }] },
      { type: 'QUEUE_UPDATE', sequenceNumber: seq, jump: 1 },
      { type: 'QUEUE_UPDATE', sequenceNumber: seq, shuffle: true },
      { type: 'QUEUE_REMOVE', sequenceNumber: seq, itemIds: [itemId] },
      { type: 'QUEUE_REORDER', sequenceNumber: seq, itemIds: [itemId] },
    ];
    const before = { ...player.state };
    for (const r of refused) expect(await ask(sam, tv.deviceId, r), String(r.type)).toMatchObject({ type: 'INVALID_REQUEST', reason: 'NOT_ALLOWED' });
    expect(player.state).toEqual(before);
    expect(session.queue.sequenceNumber).toBe(seq);
    expect(await ask(sam, 'some-other-tv-01', { type: 'GET_STATUS' })).toMatchObject({ reason: 'NOT_ALLOWED' });
    expect(await ask(sam, tv.deviceId, { type: 'GET_STATUS' })).toMatchObject({ type: 'MEDIA_STATUS' });
    for (const c of [sam, tv]) c.ws.close();
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
  });

  it('holds a guest to the host\'s pending limit (2 here) and rate-limits adds', async () => {
    const { party, tv, tvSignIn } = await hostParty(2);
    const sam = await guest(party.code, 'Sam');
    // The first add plays at once (the queue was empty): it is not waiting.
    for (const i of [1, 2, 3]) expect(await add(sam, tv.deviceId, T(i)), `add ${i}`).toMatchObject({ type: 'MEDIA_STATUS' });
    expect(await add(sam, tv.deviceId, T(4))).toMatchObject({ type: 'INVALID_REQUEST', reason: 'QUEUE_FULL' });
    await app.inject({ method: 'POST', url: PartyPath.party(), headers: tvSignIn.bearer, payload: { maxPending: 10 } });
    // Three adds spent the burst; the next within seconds is refused as too quick.
    expect(await add(sam, tv.deviceId, T(5))).toMatchObject({ reason: 'RATE_LIMITED' });
    for (const c of [sam, tv]) c.ws.close();
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
  });

  it('counts a guest\'s waiting tracks afresh after the guest went away and the TV moved on', async () => {
    const { party, tv, tvSignIn, player, hh } = await hostParty(1);
    // The household's phone hears the TV's statuses after the relay has counted them.
    const listener = await greeted(hh.phone.access_token, 'Ada’s phone');
    const sam = await guest(party.code, 'Sam');
    await add(sam, tv.deviceId, T(1)); // plays at once
    await add(sam, tv.deviceId, T(2)); // waits
    expect(await add(sam, tv.deviceId, T(3))).toMatchObject({ reason: 'QUEUE_FULL' });
    sam.ws.close();
    await sam.closed;
    const phone = await greeted((await signUp(app)).phone.access_token, 'Other household');
    phone.ws.close();
    player.emit('ended'); // T(1) ends: T(2) is current, nothing of Sam's waits
    await listener.next((m) => {
      const status = m.message as { type: string; currentItemId: number | null; items: Array<{ itemId: number; media: { contentId: string } }> };
      return m.type === 'remote_message' && status.type === 'MEDIA_STATUS' && status.items.find((i) => i.itemId === status.currentItemId)?.media.contentId === T(2);
    });
    const back = await greeted(sam.pass.token, 'Sam');
    expect(await add(back, tv.deviceId, T(3))).toMatchObject({ type: 'MEDIA_STATUS' });
    for (const c of [back, tv, listener]) c.ws.close();
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
  });

  it('removing a guest closes its sockets with PARTY_REMOVED and its pass stays dead; ending closes the rest with PARTY_ENDED', async () => {
    const { party, tv, tvSignIn } = await hostParty();
    const sam = await guest(party.code, 'Sam');
    const sam2 = await greeted(sam.pass.token, 'Sam'); // a second tab
    const ann = await guest(party.code, 'Ann');
    expect((await app.inject({ method: 'DELETE', url: PartyPath.guest(sam.pass.guestId), headers: tvSignIn.bearer })).statusCode).toBe(204);
    for (const c of [sam, sam2]) {
      expect(await c.next((m) => m.type === 'party_closed')).toEqual({ type: 'party_closed', reason: 'removed' });
      expect((await c.closed).code).toBe(HubClose.PARTY_REMOVED);
    }
    const back = await connectHub(url, { token: sam.pass.token });
    expect(await back.next((m) => m.type === 'party_closed')).toMatchObject({ reason: 'removed' });
    expect((await back.closed).code).toBe(HubClose.PARTY_REMOVED);
    expect((await app.inject({ method: 'DELETE', url: PartyPath.guest(sam.pass.guestId), headers: tvSignIn.bearer })).statusCode).toBe(404);

    expect((await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer })).statusCode).toBe(204);
    expect(await ann.next((m) => m.type === 'party_closed')).toMatchObject({ reason: 'ended' });
    const closed = await ann.closed;
    expect(closed).toEqual({ code: HubClose.PARTY_ENDED, reason: 'the host ended the party' });
    tv.ws.close();
  });

  it('another household cannot remove this party\'s guests or end it', async () => {
    const { party, tv, tvSignIn } = await hostParty();
    const sam = await guest(party.code, 'Sam');
    const other = await signUp(app, 'Eve');
    expect((await app.inject({ method: 'DELETE', url: PartyPath.guest(sam.pass.guestId), headers: other.bearer })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: other.bearer })).statusCode).toBe(404);
    send(sam, { type: 'get_devices', requestId: 2 });
    await sam.next((m) => m.type === 'devices');
    for (const c of [sam, tv]) c.ws.close();
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
  });

  it('every guest message has an answer and no socket dies of it (fuzzed)', async () => {
    const { party, tv, tvSignIn } = await hostParty(10);
    const sam = await guest(party.code, 'Sam');
    const types = ['PLAY', 'PAUSE', 'SEEK', 'QUEUE_INSERT', 'QUEUE_REMOVE', 'GET_STATUS', 'LOAD', 'WARP'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types), fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }), async (type, n) => {
        const request: Record<string, unknown> = { type, ...(n !== undefined ? { currentTime: n, sequenceNumber: n } : {}) };
        if (type === 'QUEUE_INSERT') request.items = [{ media: { contentId: T(Math.abs(n ?? 0)) } }];
        const answer = await ask(sam, tv.deviceId, request);
        expect(['MEDIA_STATUS', 'INVALID_REQUEST', 'LOAD_FAILED']).toContain(answer.type);
        if (!['QUEUE_INSERT', 'GET_STATUS'].includes(type)) expect(answer.reason).not.toBe(undefined);
      }),
      { numRuns: 40 },
    );
    expect(sam.ws.readyState).toBe(sam.ws.OPEN);
    for (const c of [sam, tv]) c.ws.close();
    await app.inject({ method: 'DELETE', url: PartyPath.party(), headers: tvSignIn.bearer });
  });
});
