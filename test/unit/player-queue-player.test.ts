/**
 * QueuePlayer against a stub engine and a fake media element: MSE does not exist in Node, so
 * Shaka is stubbed here; the real pipeline is exercised in Chromium by the e2e tests.
 */
import { describe, expect, it } from 'vitest';
import { ManifestMemory } from '../../src/player/manifest-memory';
import type { PlaybackItem } from '../../src/player/types';
import { item, settle, setup } from './support/fake-playback';

/** An item as the Album screen lists it: its playback start and manifest inlined. */
const listed = (n: number): PlaybackItem => ({
  ...item(n),
  playback: {
    manifestUrl: `http://bff/media/ok/${n}.mpd`,
    progressiveUrl: `http://bff/media/ok/${n}.m4a`,
    progressiveMimeType: 'audio/mp4',
    gainDb: -3,
    ladder: [{ codec: 'mp4a.40.2', bitrate: 160_000 }],
    durationMs: 200_000,
    manifest: `<MPD id="${n}"/>`,
  },
});

describe('QueuePlayer', () => {
  it('loads the start item, applies loudness gain and plays', async () => {
    const { player, engine, media, states } = setup();
    await player.load([item(1), item(2)], 1);
    expect(engine.loads).toEqual(['/media/ok/2.mpd']);
    expect(media.volume).toBeCloseTo(0.501, 3);
    expect(player.state).toBe('playing');
    expect(states).toEqual(['loading', 'playing']);
    expect(player.current?.trackId).toBe(item(2).trackId);
  });

  it('a seek with nothing loaded (a restored queue) is where the current entry next starts; the last seek wins, another entry drops it', async () => {
    const before = setup();
    before.player.editQueue((q) => q.replace([item(1), item(2), item(3)], 1, null));
    const snapshot = before.player.queueSnapshot();

    const { player, engine, media } = setup();
    player.restoreQueue(snapshot);
    player.seek(42_000); // the position the queue was saved at
    player.seek(95_000); // a phone's "Play on TV": SEEK with its own position, then PLAY
    expect(player.time.positionMs).toBe(95_000);
    await player.play();
    expect(engine.startTimes).toEqual([95]);
    expect(media.currentTime).toBe(95);
    expect(player.time.positionMs).toBe(95_000);
    expect(player.state).toBe('playing');

    // Used once: a later start of the same entry, or another entry, starts from its own position.
    const other = setup();
    other.player.restoreQueue(snapshot);
    other.player.seek(42_000);
    await other.player.next();
    expect(other.player.current?.trackId).toBe(item(3).trackId);
    expect(other.engine.startTimes).toEqual([undefined]);
    const listed = setup();
    listed.player.restoreQueue(snapshot);
    listed.player.seek(42_000);
    await listed.player.load([item(2)], 0);
    expect(listed.engine.startTimes).toEqual([undefined]);
  });

  it('Previous on a restored queue past its first seconds restarts the track from the top, not from the saved position', async () => {
    const before = setup();
    before.player.editQueue((q) => q.replace([item(1), item(2), item(3)], 1, null));
    const { player, media } = setup();
    player.restoreQueue(before.player.queueSnapshot());
    player.seek(42_000); // the saved position
    await player.previous();
    expect(player.current?.trackId).toBe(item(2).trackId);
    expect(media.currentTime).toBe(0);
    expect(player.time.positionMs).toBe(0);
    expect(player.state).toBe('playing');
  });

  it('starts a focused, preloaded row from its preload without fetching again', async () => {
    const { player, engine, fetchPlayback } = setup();
    player.preload(item(1), 'focus');
    await settle();
    expect(player.preloadedIds).toEqual([item(1).trackId]);
    await player.load([item(1), item(2)], 0);
    expect(engine.loads[0]).toBe(engine.preloads[0]);
    expect(fetchPlayback).toHaveBeenCalledTimes(1);
    expect(player.preloadedIds).toEqual([]);
  });

  it('Play pressed while a start is still in flight does not restart it', async () => {
    const { player, engine } = setup();
    const load = engine.load.bind(engine);
    let release: () => void = () => undefined;
    engine.load = async (source, mimeType) => {
      await new Promise<void>((r) => (release = r));
      await load(source, mimeType);
    };
    const started = player.load([item(1)], 0);
    await settle();
    await player.play();
    release();
    await started;
    expect(engine.loads).toHaveLength(1);
    expect(player.state).toBe('playing');
  });

  it('applies the new gain only after the engine unloaded the previous track', async () => {
    const { player, engine, media } = setup();
    await player.load([item(1), item(2)], 0);
    media.volume = 0.25; // the first track's level, as the user hears it
    const volumeDuringLoad: number[] = [];
    const load = engine.load.bind(engine);
    engine.load = async (source, mimeType) => {
      volumeDuringLoad.push(media.volume);
      await load(source, mimeType);
    };
    await player.next();
    expect(volumeDuringLoad).toEqual([0.25]);
    expect(media.volume).toBeCloseTo(0.501, 3);
  });

  it('a start from a finished preload tells the UI once it plays; a cold start tells it at once', async () => {
    const { player, media } = setup();
    const events: string[] = [];
    player.on('track', ({ item: it }) => events.push(`track ${it?.title}`));
    player.on('state', (st) => events.push(st));
    media.addEventListener('playing', () => events.push('element playing'));
    await player.load([item(1), item(2)], 0);
    expect(events).toEqual(['track Track 1', 'loading', 'element playing', 'playing']);

    events.length = 0;
    player.preload(item(2), 'focus');
    await settle();
    await player.load([item(1), item(2)], 1);
    // No "Loading" flash and no frame before the element plays: the bar and row change once
    // (the bar draws nothing for a handover).
    expect(events).toEqual(['handingOver', 'element playing', 'track Track 2', 'playing']);
    expect(player.state).toBe('playing');
  });

  it('a preloaded start that fails still shows the track before the error', async () => {
    const { player, errors } = setup([2]);
    const events: string[] = [];
    player.on('track', ({ item: it }) => events.push(`track ${it?.title}`));
    player.on('error', (e) => events.push(`error ${e.code}`));
    player.preload(item(2), 'focus');
    await settle();
    await player.load([item(2)], 0);
    expect(events).toEqual(['track Track 2', 'error 1001']);
    expect(errors).toHaveLength(1);
  });

  it('plays the progressive file, without preloading, where MSE cannot decode the ladder', async () => {
    const { player, engine } = setup([], { canPlayCodec: () => false, canPlayFile: (type) => type === 'audio/mp4' });
    player.preload(item(1), 'focus');
    await settle();
    expect(engine.preloads).toEqual([]);
    await player.load([item(1)], 0);
    expect(engine.loads).toEqual(['/media/ok/1.m4a']);
    expect(engine.mimeTypes).toEqual(['audio/mp4']);
    expect(player.state).toBe('playing');
  });

  it('says a track cannot be played on this device and moves on when no source fits', async () => {
    const { player, engine, errors } = setup([], { canPlayCodec: () => false, canPlayFile: () => false });
    await player.load([item(1), item(2)], 0);
    await settle();
    expect(engine.loads).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['UNSUPPORTED_SOURCE', 'UNSUPPORTED_SOURCE']);
    expect(errors[0]?.message).toBe('“Track 1” can’t be played on this device. Skipping to the next track.');
    expect(player.state).toBe('failed');
  });

  it('cancels a focus preload when focus leaves the row', async () => {
    const { player, engine } = setup();
    player.preload(item(1), 'focus');
    await settle();
    player.unfocus(item(1).trackId);
    await settle();
    expect(engine.preloads[0]?.destroyed).toBe(true);
    expect(player.preloadedIds).toEqual([]);
  });

  it('reports a play once after 30 s of listening', async () => {
    const { player, media, reportPlay } = setup();
    await player.load([item(1)], 0);
    media.at(29);
    expect(reportPlay).not.toHaveBeenCalled();
    media.at(31);
    media.at(40);
    expect(reportPlay).toHaveBeenCalledTimes(1);
    expect(reportPlay).toHaveBeenCalledWith(item(1).trackId, 31_000);
  });

  it('preloads the next track 20 s before the end and advances into it', async () => {
    const { player, media, engine, reportPlay } = setup();
    await player.load([item(1, 20_000), item(2)], 0);
    media.at(1);
    await settle();
    expect(player.preloadedIds).toEqual([item(2).trackId]);
    media.end();
    await settle();
    await settle();
    expect(reportPlay).toHaveBeenCalledWith(item(1).trackId, 20_000);
    expect(player.queueIndex).toBe(1);
    expect(engine.loads[1]).toBe(engine.preloads[0]);
  });

  it('ends after the last track', async () => {
    const { player, media } = setup();
    await player.load([item(1)], 0);
    media.end();
    await settle();
    expect(player.state).toBe('ended');
  });

  it('skips a track that fails, with a message, and stops at the end', async () => {
    const { player, errors, engine } = setup([1, 3]);
    await player.load([item(1), item(2), item(3)], 0);
    await settle();
    expect(errors[0]).toMatchObject({ code: '1001', trackId: item(1).trackId });
    expect(errors[0]?.message).toMatch(/Skipping to the next track/);
    expect(player.queueIndex).toBe(1);
    expect(player.state).toBe('playing');

    await player.next();
    await settle();
    expect(errors[1]?.message).not.toMatch(/Skipping/);
    expect(player.state).toBe('failed');
    expect(engine.loads.length).toBe(3);
  });

  it('Previous restarts after 3 s and goes back before', async () => {
    const { player, media } = setup();
    await player.load([item(1), item(2)], 1);
    media.at(10);
    await player.previous();
    expect(media.currentTime).toBe(0);
    expect(player.queueIndex).toBe(1);
    media.at(1);
    await player.previous();
    expect(player.queueIndex).toBe(0);
  });

  it('Enter on the row already playing does not restart it', async () => {
    const { player, engine, media } = setup();
    await player.load([item(1), item(2)], 0);
    media.at(12);
    await player.load([item(1), item(2)], 0);
    expect(engine.loads.length).toBe(1);
    expect(media.currentTime).toBe(12);
  });

  it('starts a track listed with its playback start without a playback-info call, the manifest from memory', async () => {
    const { player, engine, fetchPlayback, media } = setup();
    await player.load([listed(1), listed(2)], 0);
    expect(fetchPlayback).not.toHaveBeenCalled();
    expect(engine.loads).toEqual(['mem:http://bff/media/ok/1.mpd']);
    expect(engine.remembered.get('mem:http://bff/media/ok/1.mpd')).toBe('<MPD id="1"/>');
    expect(media.volume).toBeCloseTo(0.708, 3);
    expect(player.state).toBe('playing');
  });

  it('preloads a listed row from its inlined manifest too', async () => {
    const { player, engine, fetchPlayback } = setup();
    player.preload(listed(3), 'focus');
    await settle();
    expect(fetchPlayback).not.toHaveBeenCalled();
    expect(engine.preloads.map((p) => p.url)).toEqual(['mem:http://bff/media/ok/3.mpd']);
  });
});

describe('ManifestMemory', () => {
  it('hands out one .mpd URI per manifest, resolves it to the URL and text, and forgets the oldest', () => {
    const memory = new ManifestMemory(2);
    const a = memory.put('http://bff/a.mpd', 'A');
    expect(a).toMatch(/^encore-mpd:\/\/m\/\d+\.mpd$/);
    expect(memory.put('http://bff/a.mpd', 'A')).toBe(a);
    expect(memory.get(a)).toEqual({ url: 'http://bff/a.mpd', text: 'A' });
    const b = memory.put('http://bff/b.mpd', 'B');
    memory.put('http://bff/c.mpd', 'C');
    expect(memory.get(a)).toBeUndefined();
    expect(memory.get(b)?.text).toBe('B');
    // A changed manifest at the same URL gets a new URI.
    expect(memory.put('http://bff/b.mpd', 'B2')).not.toBe(b);
  });

  it('refuses a relative URL: segment URLs resolved against it would be unfetchable', () => {
    const memory = new ManifestMemory();
    expect(() => memory.put('/media/tracks/ab/manifest.mpd', 'A')).toThrow(/absolute URL.*\/media\/tracks\/ab/);
    expect(memory.put('https://bff.test:3000/media/a.mpd', 'A')).toMatch(/^encore-mpd:/);
  });
});
