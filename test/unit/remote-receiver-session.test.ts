/**
 * The receiver session: requests drive the player and are answered (MEDIA_STATUS broadcast with
 * the requestId, errors to the sender only), sequence-number conflicts are refused with the
 * current status, guests are limited to adding, a newer load cancels an older one, a track ending
 * advances, and a fast-check fuzz of every message type: no crash, every request answered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REMOTE_REQUEST_SCHEMAS, type MediaStatus, type ReceiverMessage, type RemoteSender } from '../../src/protocol/remote';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';
import { ScriptedPlayer } from '../fixtures/scripted-player';

const phone: RemoteSender = { deviceId: 'phone-ada-01', name: 'Ada’s phone', guest: false };
const guest: RemoteSender = { deviceId: 'guest-bob-01', name: 'Bob', guest: true };
const T = (n: number) => `tr_${n.toString(16).padStart(12, '0')}`;
const ALBUM = 'al_00000000000a';

function setup() {
  const player = new ScriptedPlayer();
  const sent: Array<{ m: ReceiverMessage; to: string | null }> = [];
  const session = new ReceiverSession({
    player,
    resolveContext: async (c) => (c.kind === 'album' && c.id === ALBUM ? [T(1), T(2), T(3)] : undefined),
    send: (m, to) => sent.push({ m, to }),
    random: () => 0.5,
  });
  let rid = 100;
  const ask = async (from: RemoteSender, req: Record<string, unknown>) => {
    const requestId = ++rid;
    const before = sent.length;
    await session.handle(from, { requestId, ...req });
    return { requestId, replies: sent.slice(before) };
  };
  const last = () => session.status();
  return { player, sent, session, ask, last };
}
const statusOf = (r: { replies: Array<{ m: ReceiverMessage }> }) => r.replies.map((x) => x.m).filter((m): m is MediaStatus => m.type === 'MEDIA_STATUS').at(-1)!;

describe('ReceiverSession', () => {
  it('LOADs an album context and plays it; the status names the items, who added them, and the request', async () => {
    const { player, ask } = setup();
    const r = await ask(phone, { type: 'LOAD', context: { kind: 'album', id: ALBUM }, startIndex: 1, currentTime: 30 });
    expect(player.loads).toEqual([{ id: T(2), at: 30, autoplay: true }]);
    const s = statusOf(r);
    expect(s).toMatchObject({ requestId: r.requestId, playerState: 'PLAYING', currentTime: 30 });
    expect(s.items.map((i) => i.media.contentId)).toEqual([T(1), T(2), T(3)]);
    expect(s.items.every((i) => i.addedBy.name === 'Ada’s phone')).toBe(true);
    expect(s.currentItemId).toBe(s.items[1]!.itemId);
    // The first broadcast said LOADING while the player loaded.
    expect(r.replies[0]!.m).toMatchObject({ type: 'MEDIA_STATUS', playerState: 'LOADING' });
    expect(r.replies.every((x) => x.to === null)).toBe(true);
  });

  it('answers an unknown context with LOAD_FAILED to the sender only, and both-or-neither of context/items with INVALID_PARAMS', async () => {
    const { ask } = setup();
    const r = await ask(phone, { type: 'LOAD', context: { kind: 'album', id: 'al_0000000000ff' } });
    expect(r.replies).toEqual([{ to: phone.deviceId, m: expect.objectContaining({ type: 'LOAD_FAILED', reason: 'NOT_FOUND', requestId: r.requestId }) }]);
    const both = await ask(phone, { type: 'LOAD', context: { kind: 'album', id: ALBUM }, items: [{ media: { contentId: T(1) } }] });
    expect(both.replies[0]!.m).toMatchObject({ type: 'INVALID_REQUEST', reason: 'INVALID_PARAMS' });
  });

  it('PAUSE, SEEK with resumeState, SET_VOLUME drive the player; PAUSE with nothing loaded is INVALID_PLAYER_STATE', async () => {
    const { player, ask } = setup();
    expect((await ask(phone, { type: 'PAUSE' })).replies[0]!.m).toMatchObject({ type: 'INVALID_PLAYER_STATE' });
    await ask(phone, { type: 'LOAD', items: [{ media: { contentId: T(1) } }] });
    expect(statusOf(await ask(phone, { type: 'PAUSE' })).playerState).toBe('PAUSED');
    const seek = statusOf(await ask(phone, { type: 'SEEK', currentTime: 61.5, resumeState: 'PLAYBACK_START' }));
    expect(seek).toMatchObject({ currentTime: 61.5, playerState: 'PLAYING' });
    expect(statusOf(await ask(phone, { type: 'SET_VOLUME', volume: { muted: true } })).volume).toEqual({ level: 1, muted: true });
    expect(player.state.volume).toEqual({ level: 1, muted: true });
  });

  it('refuses a stale sequenceNumber with STALE_SEQUENCE_NUMBER plus the current status, and applies a fresh one', async () => {
    const { ask, last } = setup();
    await ask(phone, { type: 'LOAD', items: [1, 2, 3].map((n) => ({ media: { contentId: T(n) } })) });
    const seq = last().sequenceNumber;
    const [a, b, c] = last().items.map((i) => i.itemId);
    const first = await ask(phone, { type: 'QUEUE_REORDER', sequenceNumber: seq, itemIds: [c], insertBefore: a });
    expect(statusOf(first).items.map((i) => i.itemId)).toEqual([c, a, b]);
    const stale = await ask(phone, { type: 'QUEUE_REMOVE', sequenceNumber: seq, itemIds: [b] });
    expect(stale.replies.map((x) => x.to)).toEqual([phone.deviceId, phone.deviceId]);
    expect(stale.replies[0]!.m).toMatchObject({ type: 'INVALID_REQUEST', reason: 'STALE_SEQUENCE_NUMBER', requestId: stale.requestId });
    expect(stale.replies[1]!.m).toMatchObject({ type: 'MEDIA_STATUS', sequenceNumber: seq + 1 });
    expect(last().items).toHaveLength(3);
    const fresh = await ask(phone, { type: 'QUEUE_REMOVE', sequenceNumber: seq + 1, itemIds: [b] });
    expect(statusOf(fresh).items.map((i) => i.itemId)).toEqual([c, a]);
  });

  it('QUEUE_UPDATE: next/previous load the new item; END_OF_QUEUE at the end without repeat; shuffle keeps the current item', async () => {
    const { player, ask, last } = setup();
    await ask(phone, { type: 'LOAD', items: [1, 2, 3, 4].map((n) => ({ media: { contentId: T(n) } })), startIndex: 3 });
    const end = await ask(phone, { type: 'QUEUE_UPDATE', sequenceNumber: last().sequenceNumber, jump: 1 });
    expect(end.replies[0]!.m).toMatchObject({ reason: 'END_OF_QUEUE' });
    await ask(phone, { type: 'QUEUE_UPDATE', sequenceNumber: last().sequenceNumber, jump: 1, repeatMode: 'REPEAT_ALL' });
    expect(player.loads.at(-1)!.id).toBe(T(1));
    const cur = last().currentItemId;
    const sh = statusOf(await ask(phone, { type: 'QUEUE_UPDATE', sequenceNumber: last().sequenceNumber, shuffle: true }));
    expect(sh).toMatchObject({ shuffle: true, currentItemId: cur, repeatMode: 'REPEAT_ALL' });
    expect(sh.items[0]!.itemId).toBe(cur);
    expect(player.loads).toHaveLength(2); // shuffling did not restart the track
  });

  it('a track ending advances; at the end of the queue the status is IDLE/FINISHED; PLAY then starts the last item again', async () => {
    const { player, ask, last } = setup();
    await ask(phone, { type: 'LOAD', items: [1, 2].map((n) => ({ media: { contentId: T(n) } })) });
    player.emit('ended');
    await new Promise((r) => setTimeout(r, 0));
    expect(player.loads.map((l) => l.id)).toEqual([T(1), T(2)]);
    player.emit('ended');
    expect(last()).toMatchObject({ playerState: 'IDLE', idleReason: 'FINISHED' });
    await ask(phone, { type: 'PLAY' });
    expect(player.loads.at(-1)).toEqual({ id: T(2), at: 0, autoplay: true });
  });

  it('a newer LOAD cancels a pending one with LOAD_CANCELLED to its sender; a failing load answers LOAD_FAILED and goes IDLE/ERROR', async () => {
    const { player, session, sent, last } = setup();
    player.hold = true;
    const first = session.handle(phone, { type: 'LOAD', requestId: 1, items: [{ media: { contentId: T(1) } }] });
    player.hold = false;
    const other = { ...phone, deviceId: 'phone-eve-02' };
    await session.handle(other, { type: 'LOAD', requestId: 2, items: [{ media: { contentId: T(2) } }] });
    player.release();
    await first;
    expect(sent).toContainEqual({ to: phone.deviceId, m: expect.objectContaining({ type: 'LOAD_CANCELLED', requestId: 1 }) });
    expect(last()).toMatchObject({ playerState: 'PLAYING' });
    expect(last().items[0]!.addedBy.deviceId).toBe('phone-eve-02');

    player.failNext = true;
    await session.handle(phone, { type: 'LOAD', requestId: 3, items: [{ media: { contentId: T(3) } }] });
    expect(sent).toContainEqual({ to: phone.deviceId, m: expect.objectContaining({ type: 'LOAD_FAILED', requestId: 3 }) });
    expect(last()).toMatchObject({ playerState: 'IDLE', idleReason: 'ERROR' });
  });

  it('a guest may add and ask for status, anything else is NOT_ALLOWED; the added item names the guest', async () => {
    const { ask, last } = setup();
    await ask(phone, { type: 'LOAD', items: [{ media: { contentId: T(1) } }] });
    for (const type of ['PAUSE', 'PLAY', 'STOP'] as const) {
      expect((await ask(guest, { type })).replies[0]!.m, type).toMatchObject({ type: 'INVALID_REQUEST', reason: 'NOT_ALLOWED' });
    }
    expect((await ask(guest, { type: 'SEEK', currentTime: 3 })).replies[0]!.m).toMatchObject({ reason: 'NOT_ALLOWED' });
    const add = await ask(guest, { type: 'QUEUE_INSERT', sequenceNumber: last().sequenceNumber, items: [{ media: { contentId: T(9) } }] });
    expect(statusOf(add).items.at(-1)!.addedBy).toEqual(guest);
  });

  it('QUEUE_GET_ITEM_RANGE answers the run of the queue around an item to its sender alone; the status says where its window sits', async () => {
    const { ask, last, session } = setup();
    const items = Array.from({ length: 500 }, (_, n) => ({ media: { contentId: T(n + 1) } }));
    await ask(phone, { type: 'LOAD', items, startIndex: 30 });
    const s = last();
    expect(s).toMatchObject({ itemCount: 500, firstItemIndex: 10 });
    expect(s.items).toEqual(session.queue.items.slice(10, 210));
    const tail = s.items.at(-1)!;
    const page = await ask(guest, { type: 'QUEUE_GET_ITEM_RANGE', itemId: tail.itemId, prevCount: 0, nextCount: 200 });
    expect(page.replies).toEqual([{ to: guest.deviceId, m: { type: 'QUEUE_ITEMS', requestId: page.requestId, sequenceNumber: s.sequenceNumber, firstItemIndex: 209, items: session.queue.items.slice(209, 410) } }]);
    const around = await ask(phone, { type: 'QUEUE_GET_ITEM_RANGE', itemId: session.queue.items[3]!.itemId, prevCount: 5, nextCount: 2 });
    expect(around.replies[0]!.m).toMatchObject({ firstItemIndex: 0, items: session.queue.items.slice(0, 6) });
    const gone = await ask(phone, { type: 'QUEUE_GET_ITEM_RANGE', itemId: 99_999, prevCount: 0, nextCount: 10 });
    expect(gone.replies).toEqual([{ to: phone.deviceId, m: expect.objectContaining({ type: 'INVALID_REQUEST', reason: 'INVALID_PARAMS' }) }]);
    const tooMany = await ask(phone, { type: 'QUEUE_GET_ITEM_RANGE', itemId: tail.itemId, prevCount: 0, nextCount: 201 });
    expect(tooMany.replies[0]!.m).toMatchObject({ type: 'INVALID_REQUEST', reason: 'INVALID_PARAMS' });
  });

  it('places guests\' adds fairly whatever sequenceNumber they quote, and refuses past guestMaxPending', async () => {
    const { ask, last } = setup();
    await ask(phone, { type: 'LOAD', items: [1, 2].map((n) => ({ media: { contentId: T(n) } })) });
    const bob2: RemoteSender = { deviceId: 'guest-cat-02', name: 'Cat', guest: true };
    for (const [who, n] of [[guest, 10], [guest, 11], [bob2, 20]] as const) {
      const r = await ask(who, { type: 'QUEUE_INSERT', sequenceNumber: 0, items: [{ media: { contentId: T(n) } }], insertBefore: 1, currentItemIndex: 0 });
      expect(statusOf(r), `${who.name} ${n}`).toBeDefined();
    }
    expect(last().items.map((i) => i.media.contentId)).toEqual([T(1), T(10), T(20), T(11), T(2)]);
    expect(last().currentItemId).toBe(last().items[0]!.itemId); // a guest cannot make its add play now
    await ask(guest, { type: 'QUEUE_INSERT', sequenceNumber: 0, items: [{ media: { contentId: T(12) } }] });
    const full = await ask(guest, { type: 'QUEUE_INSERT', sequenceNumber: 0, items: [{ media: { contentId: T(13) } }] });
    expect(full.replies[0]!.m).toMatchObject({ type: 'INVALID_REQUEST', reason: 'QUEUE_FULL' });
  });

  it('STOP unloads the session (Cast): queue empty, IDLE/CANCELLED', async () => {
    const { ask } = setup();
    await ask(phone, { type: 'LOAD', items: [{ media: { contentId: T(1) } }] });
    expect(statusOf(await ask(phone, { type: 'STOP' }))).toMatchObject({ playerState: 'IDLE', idleReason: 'CANCELLED', items: [], currentItemId: null });
  });

  it('broadcasts at least every statusIntervalMs while playing, and stops when paused', async () => {
    const player = new ScriptedPlayer();
    const sent: ReceiverMessage[] = [];
    const session = new ReceiverSession({ player, resolveContext: async () => undefined, send: (m) => sent.push(m), statusIntervalMs: 40 });
    await session.handle(phone, { type: 'LOAD', requestId: 1, items: [{ media: { contentId: T(1) } }] });
    const n = sent.length;
    await new Promise((r) => setTimeout(r, 130));
    expect(sent.length - n).toBeGreaterThanOrEqual(2);
    await session.handle(phone, { type: 'PAUSE', requestId: 2 });
    const m = sent.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(sent.length).toBe(m);
    session.destroy();
  });

  it('fuzz: every message of every type, valid or not, is answered and never crashes the session', async () => {
    const { session, sent } = setup();
    await session.handle(phone, { type: 'LOAD', requestId: 1, items: [1, 2, 3].map((n) => ({ media: { contentId: T(n) } })) });
    const types = Object.keys(REMOTE_REQUEST_SCHEMAS);
    const field = fc.oneof(fc.jsonValue(), fc.integer({ min: -3, max: 12 }), fc.array(fc.integer({ min: -1, max: 12 }), { maxLength: 5 }));
    const request = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...types), fc.string()),
        requestId: fc.oneof(fc.integer({ min: 1, max: 1e9 }), fc.jsonValue()),
        sequenceNumber: fc.oneof(fc.nat(40), fc.jsonValue()),
        items: fc.oneof(fc.array(fc.record({ media: fc.record({ contentId: fc.constantFrom(T(1), T(7), 'tr_x', '') }) }), { maxLength: 4 }), fc.jsonValue()),
        itemIds: field,
        insertBefore: field,
        currentItemIndex: field,
        currentItemId: field,
        jump: field,
        currentTime: fc.oneof(fc.double({ min: -5, max: 1e5 }), fc.jsonValue()),
        shuffle: fc.oneof(fc.boolean(), fc.jsonValue()),
        repeatMode: fc.oneof(fc.constantFrom('REPEAT_OFF', 'REPEAT_ALL', 'REPEAT_SINGLE', 'REPEAT_ALL_AND_SHUFFLE'), fc.string()),
        volume: fc.oneof(fc.record({ level: fc.double({ min: -1, max: 2 }), muted: fc.boolean() }, { requiredKeys: [] }), fc.jsonValue()),
        context: fc.oneof(fc.constant({ kind: 'album', id: ALBUM }), fc.jsonValue()),
        startIndex: field,
        autoplay: fc.oneof(fc.boolean(), fc.jsonValue()),
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(request, fc.jsonValue()), fc.boolean(), async (msg, asGuest) => {
        const before = sent.length;
        await session.handle(asGuest ? guest : phone, msg);
        expect(sent.length).toBeGreaterThan(before);
        const status = session.status();
        expect(new Set(status.items.map((i) => i.itemId)).size).toBe(status.items.length);
      }),
      { numRuns: 600 },
    );
  });
});
