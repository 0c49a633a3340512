/**
 * The TV as a receiver: the receiver session over the TV's own QueuePlayer (the real one, on the
 * stub engine and fake media element of the player tests). One queue: what the phones edit is
 * the queue the D-pad plays and the Queue page draws, item ids are its entries' ids, and the
 * D-pad's own presses produce MEDIA_STATUS broadcasts. A LOAD with currentTime and autoplay=false
 * starts there, paused, without sounding from 0 first (review item 7).
 */
import { describe, expect, it } from 'vitest';
import { HUB_MAX_MESSAGE_BYTES, utf8Bytes } from '../../src/protocol/hub';
import { REMOTE_MAX_QUEUE, REMOTE_STATUS_HISTORY, REMOTE_STATUS_ITEMS, type MediaStatus, type ReceiverMessage, type RemoteSender } from '../../src/protocol/remote';
import { QUEUE_KEY, QueuePersistence } from '../../src/app/services/queue-persistence';
import { QueuePlayerReceiver } from '../../src/remote-receiver/queue-player-receiver';
import { ReceiverSession } from '../../src/remote-receiver/receiver-session';
import { HISTORY_LIMIT } from '../../src/player/play-queue';
import { item, settle, setup as playerSetup } from './support/fake-playback';

const phone: RemoteSender = { deviceId: 'phone-ada-01', name: 'Ada’s phone', guest: false };
const tv = { deviceId: 'tv-living-room', name: 'Living room TV', guest: false };
const ALBUM = 'al_00000000000a';

function setup() {
  const p = playerSetup();
  const sent: Array<{ m: ReceiverMessage; to: string | null }> = [];
  const queue = new QueuePlayerReceiver({
    player: p.player,
    describe: async (ids) => ids.map((id) => {
      const n = Number(id.slice(3));
      if (n >= 900) throw new Error(`404 ${id}`);
      return item(n);
    }),
    fetchContext: async (c) =>
      c.kind === 'album' && c.id === ALBUM ? { items: [1, 2, 3, 4, 5, 6].map((n) => item(n)), context: { kind: 'album', id: ALBUM, title: 'Six' } } : undefined,
    self: () => tv,
  });
  const session = new ReceiverSession({
    player: queue.player,
    queue,
    resolveContext: (c) => queue.resolveContext(c),
    send: (m, to) => sent.push({ m, to }),
  });
  let rid = 100;
  const ask = async (req: Record<string, unknown>, from: RemoteSender = phone) => {
    const requestId = ++rid;
    const before = sent.length;
    await session.handle(from, { requestId, ...req });
    await settle();
    return { requestId, replies: sent.slice(before).map((x) => x.m) };
  };
  const statuses = () => sent.map((x) => x.m).filter((m): m is MediaStatus => m.type === 'MEDIA_STATUS');
  const titles = () => p.player.queueEntries.map((e) => e.item.title);
  const T = (n: number) => item(n).trackId;
  return { ...p, queue, session, sent, ask, statuses, titles, T };
}

describe('QueuePlayerReceiver', () => {
  it('a remote LOAD becomes the TV\'s own queue: the Queue page shows it, ids are its entries, the adder rides on the items', async () => {
    const { ask, player, session, titles } = setup();
    await ask({ type: 'LOAD', context: { kind: 'album', id: ALBUM }, startIndex: 1 });
    expect(titles()).toEqual(['Track 1', 'Track 2', 'Track 3', 'Track 4', 'Track 5', 'Track 6']);
    expect(player.upNext.context?.title).toBe('Six');
    expect(player.current?.title).toBe('Track 2');
    expect(player.state).toBe('playing');
    const s = session.status();
    expect(s.items.map((i) => i.itemId)).toEqual(player.queueEntries.map((e) => e.id));
    expect(s.currentItemId).toBe(player.queueEntries[1]!.id);
    expect(s.items[0]!.addedBy).toEqual(phone);
    expect(s.playerState).toBe('PLAYING');
  });

  it('LOAD with currentTime and autoplay=false starts there, paused: the element never sounds from 0 or at all', async () => {
    const { ask, media, engine, session } = setup();
    let sounded = 0;
    media.addEventListener('playing', () => sounded++);
    await ask({ type: 'LOAD', items: [{ media: { contentId: item(3).trackId } }], currentTime: 42, autoplay: false });
    expect(engine.startTimes).toEqual([42]);
    expect(sounded).toBe(0);
    expect(media.paused).toBe(true);
    expect(media.currentTime).toBe(42);
    expect(session.status()).toMatchObject({ playerState: 'PAUSED', currentTime: 42 });
  });

  it('the D-pad\'s own presses and queue edits are broadcast (requestId 0), and the Cast view follows the TV\'s queue', async () => {
    const { ask, player, session, statuses, titles } = setup();
    await ask({ type: 'LOAD', context: { kind: 'album', id: ALBUM } });
    const n = statuses().length;
    player.pause();
    expect(statuses().length).toBeGreaterThan(n);
    expect(statuses().at(-1)).toMatchObject({ requestId: 0, playerState: 'PAUSED' });
    const seq = session.status().sequenceNumber;
    player.addToQueue([item(9)]); // the context menu's "Add to queue" on the TV
    const s = statuses().at(-1)!;
    expect(s.sequenceNumber).toBeGreaterThan(seq);
    expect(s.items.map((i) => i.media.contentId)).toEqual(player.queueEntries.map((e) => e.item.trackId));
    expect(s.items.find((i) => i.media.contentId === item(9).trackId)!.addedBy).toEqual(tv);
    expect(titles()[1]).toBe('Track 9');
    await player.next();
    await settle();
    expect(statuses().at(-1)).toMatchObject({ requestId: 0, currentItemId: player.queueEntries[1]!.id, playerState: 'PLAYING' });
    player.seek(100_000); // Right on Now Playing: a jump in position
    expect(statuses().at(-1)!.currentTime).toBe(100);
  });

  it('QUEUE_REORDER follows Cast on the TV\'s queue (A D G H B E: [D, H, B] before G → A D H B G E), and the TV plays that order', async () => {
    const { ask, player, session, media, titles } = setup();
    await ask({ type: 'LOAD', context: { kind: 'album', id: ALBUM } });
    const id = (t: number) => player.queueEntries.find((e) => e.item.title === `Track ${t}`)!.id;
    // A=1 B=2 D=4 E=5 G=… build A D G H B E from the album's 1..6 as A=1 D=2 G=3 H=4 B=5 E=6
    const [A, D, G, H, B, E] = [1, 2, 3, 4, 5, 6].map(id);
    const r = await ask({ type: 'QUEUE_REORDER', sequenceNumber: session.status().sequenceNumber, itemIds: [D, H, B], insertBefore: G });
    expect(r.replies.at(-1)).toMatchObject({ type: 'MEDIA_STATUS', requestId: r.requestId });
    expect(player.queueEntries.map((e) => e.id)).toEqual([A, D, H, B, G, E]);
    expect(titles()).toEqual(['Track 1', 'Track 2', 'Track 4', 'Track 5', 'Track 3', 'Track 6']);
    media.end();
    await settle();
    expect(player.current?.title).toBe('Track 2');
    media.end();
    await settle();
    expect(player.current?.title).toBe('Track 4');
  });

  it('a 2,000-track playlist: a status names a window around the current item within the hub\'s limit, and phones may still add', async () => {
    const { ask, player, session } = setup();
    const playlist = Array.from({ length: 2000 }, (_, n) => ({ ...item(n + 1), addedBy: phone }));
    player.editQueue((q) => q.replace(playlist, 0, null));
    player.editQueue((q) => q.jump(1500));
    const s = session.status();
    expect(utf8Bytes(JSON.stringify({ type: 'remote_message', message: s }))).toBeLessThan(HUB_MAX_MESSAGE_BYTES);
    expect(s.items.length).toBe(REMOTE_STATUS_ITEMS);
    const at = s.items.findIndex((i) => i.itemId === s.currentItemId);
    expect(s.items[at]!.media.contentId).toBe(item(1501).trackId);
    expect(at).toBe(REMOTE_STATUS_HISTORY);
    // The whole queue, history included, is over 1,000: only what is still to play counts.
    expect(player.queueEntries.length).toBeGreaterThan(1000);
    const r = await ask({ type: 'QUEUE_INSERT', sequenceNumber: s.sequenceNumber, items: [{ media: { contentId: item(5).trackId } }] });
    expect(r.replies.filter((m) => m.type !== 'MEDIA_STATUS')).toEqual([]);
    expect(r.replies).toContainEqual(expect.objectContaining({ type: 'MEDIA_STATUS', requestId: r.requestId }));
    expect(player.queueEntries.at(-1)!.item.trackId).toBe(item(5).trackId);
    // Near the end, the window keeps more history rather than naming fewer items.
    player.editQueue((q) => q.jump(q.entries.length - 1));
    const end = session.status();
    expect(end.items.length).toBe(REMOTE_STATUS_ITEMS);
    expect(end.items.at(-1)!.itemId).toBe(end.currentItemId);
  });

  it('inserts before the current item (into history) are bounded too: the whole list stops at the cap plus the history kept', async () => {
    const { queue, player } = setup();
    player.editQueue((q) => q.replace([item(1), item(2), item(3)], 0, null));
    const current = player.queueEntries[0]!.id;
    const batch = Array.from({ length: 1000 }, () => ({ contentId: item(7).trackId, addedBy: phone }));
    // What is still to play stays at 3 however many go in before the current item.
    await queue.prepare([item(7).trackId]);
    let refused = null;
    for (let i = 0; i < 20 && !refused; i++) refused = queue.insert(batch, current);
    expect(refused).toEqual(expect.objectContaining({ reason: 'QUEUE_FULL' }));
    expect(player.queueEntries.length).toBeLessThanOrEqual(REMOTE_MAX_QUEUE + HISTORY_LIMIT);
    expect(player.current?.trackId).toBe(item(1).trackId);
  });

  it('"Play on TV" after the TV app restarted: SEEK with PLAYBACK_START starts the restored track at the phone\'s position, not the saved one', async () => {
    const data = new Map<string, unknown>();
    const store = { get: async <T>(k: string) => (data.get(k) as T) ?? null, set: async <T>(k: string, v: T) => void data.set(k, v) };
    const before = playerSetup();
    await before.player.load([item(1), item(2)], 1);
    before.player.seek(42_000);
    await new QueuePersistence(before.player, store).save();

    const { ask, player, engine, media, session } = setup();
    const persistence = new QueuePersistence(player, store);
    expect(await persistence.restore()).toBe(true);
    persistence.start();
    await ask({ type: 'SEEK', currentTime: 95, resumeState: 'PLAYBACK_START' });
    expect(player.current?.trackId).toBe(item(2).trackId);
    expect(engine.startTimes).toEqual([95]);
    expect(player.state).toBe('playing');
    expect(media.currentTime).toBe(95);
    expect(session.status()).toMatchObject({ playerState: 'PLAYING', currentTime: 95 });
    await persistence.save();
    expect(data.get(QUEUE_KEY)).toMatchObject({ positionMs: 95_000 });
    persistence.destroy();
  });

  it('a stale sequenceNumber is refused with the current status and changes nothing', async () => {
    const { ask, titles, session } = setup();
    await ask({ type: 'LOAD', context: { kind: 'album', id: ALBUM } });
    const before = titles();
    const stale = session.status().sequenceNumber - 1;
    const r = await ask({ type: 'QUEUE_REMOVE', sequenceNumber: stale, itemIds: [session.status().items[2]!.itemId] });
    expect(r.replies[0]).toMatchObject({ type: 'INVALID_REQUEST', reason: 'STALE_SEQUENCE_NUMBER', requestId: r.requestId });
    expect(r.replies[1]).toMatchObject({ type: 'MEDIA_STATUS', requestId: r.requestId, sequenceNumber: session.status().sequenceNumber });
    expect(titles()).toEqual(before);
  });

  it('insert before an item, remove the current one (the next plays), jump back to the item before, END_OF_QUEUE past the end', async () => {
    const { ask, player, session, titles, T } = setup();
    await ask({ type: 'LOAD', items: [1, 2, 3].map((n) => ({ media: { contentId: T(n) } })) });
    const seq = () => session.status().sequenceNumber;
    const [one, , three] = player.queueEntries.map((e) => e.id);
    await ask({ type: 'QUEUE_INSERT', sequenceNumber: seq(), items: [{ media: { contentId: T(7) } }], insertBefore: three });
    expect(titles()).toEqual(['Track 1', 'Track 2', 'Track 7', 'Track 3']);
    expect(player.upNext.queued.map((i) => i.title)).toEqual([]);
    await ask({ type: 'QUEUE_REMOVE', sequenceNumber: seq(), itemIds: [one] });
    expect(titles()).toEqual(['Track 2', 'Track 7', 'Track 3']);
    expect(player.current?.title).toBe('Track 2');
    expect(player.state).toBe('playing');
    await ask({ type: 'QUEUE_UPDATE', sequenceNumber: seq(), jump: 2 });
    expect(player.current?.title).toBe('Track 3');
    await ask({ type: 'QUEUE_UPDATE', sequenceNumber: seq(), jump: -1 });
    expect(player.current?.title).toBe('Track 7');
    const r = await ask({ type: 'QUEUE_UPDATE', sequenceNumber: seq(), jump: 5 });
    expect(r.replies[0]).toMatchObject({ reason: 'END_OF_QUEUE' });
    const unknown = await ask({ type: 'QUEUE_INSERT', sequenceNumber: seq(), items: [{ media: { contentId: T(901) } }] });
    expect(unknown.replies[0]).toMatchObject({ type: 'INVALID_REQUEST', reason: 'NOT_FOUND' });
    expect(titles()).toEqual(['Track 2', 'Track 7', 'Track 3']);
  });

  it('a track ending at the end of the TV\'s queue is IDLE/FINISHED; STOP empties the TV\'s queue and silences it', async () => {
    const { ask, player, session, media, T } = setup();
    await ask({ type: 'LOAD', items: [{ media: { contentId: T(1) } }] });
    media.end();
    await settle();
    expect(session.status()).toMatchObject({ playerState: 'IDLE', idleReason: 'FINISHED' });
    await ask({ type: 'PLAY' });
    expect(player.state).toBe('playing');
    await ask({ type: 'STOP' });
    expect(player.queueEntries).toEqual([]);
    expect(player.current).toBe(null);
    expect(media.sounding).toBe(null);
    expect(session.status()).toMatchObject({ playerState: 'IDLE', idleReason: 'CANCELLED', items: [] });
  });

  it('shuffle keeps the current item and the ids of the items waiting; REPEAT_SINGLE is the TV\'s repeat one', async () => {
    const { ask, player, session } = setup();
    await ask({ type: 'LOAD', context: { kind: 'album', id: ALBUM }, startIndex: 2 });
    const ids = new Set(player.queueEntries.slice(2).map((e) => e.id));
    const current = session.status().currentItemId;
    await ask({ type: 'QUEUE_UPDATE', sequenceNumber: session.status().sequenceNumber, shuffle: true, repeatMode: 'REPEAT_SINGLE' });
    expect(session.status()).toMatchObject({ shuffle: true, repeatMode: 'REPEAT_SINGLE', currentItemId: current });
    expect(player.upNext.repeat).toBe('one');
    for (const e of player.queueEntries.slice(player.queueIndex + 1)) if (e.item.title !== 'Track 1' && e.item.title !== 'Track 2') expect(ids.has(e.id)).toBe(true);
  });
});
