/**
 * Two decks (queue-player.ts): where the profile allows two audio pipelines, each start after the
 * first goes to the idle deck and the old one stops at once, then is unloaded once the new track
 * plays; preloads are made on the spare deck, and the most recently wanted finished one waits
 * there loaded and paused, silent and unheard by the UI, so Enter on it needs no load. Where the
 * profile says one pipeline, everything stays on the one element.
 */
import { describe, expect, it, vi } from 'vitest';
import { createPlayerConfig } from '../../src/player/player-config';
import type { PlayerState } from '../../src/player/types';
import { engineError, FakeMedia, item, setup, trackNumber, useFakeClock, type StubEngine } from './support/fake-playback';

/** The tidy of the spare waits this long after a start plays (SPARE_TIDY_DELAY_MS). */
const TIDY_MS = 500;

function twoDecks(crossfadeS = 0) {
  const t = setup([], undefined, { ...createPlayerConfig(), audioPipelines: 2 }, { crossfadeS });
  const second = () => t.crossfade!.decks[0]!;
  const secondMedia = () => second().media as unknown as FakeMedia;
  const secondEngine = () => second().engine as unknown as StubEngine;
  const sounding = () => t.elements().filter((m) => m.sounding !== null).map((m) => trackNumber(m.sounding!));
  return { ...t, second, secondMedia, secondEngine, sounding };
}

/** Two decks, track 1 of [1 … tracks] playing on the first. */
async function playingOnTwoDecks(tracks = 2) {
  const t = twoDecks();
  void t.player.load(Array.from({ length: tracks }, (_, i) => item(i + 1)), 0);
  await vi.advanceTimersByTimeAsync(0);
  return t;
}

/** Track 1 twenty seconds before its end, where the next track is asked for. */
async function nearTheEnd(t: ReturnType<typeof twoDecks>) {
  t.media.at(185);
  await vi.advanceTimersByTimeAsync(0);
}

/** Track 1 ends: track 2 plays from the spare's element with no load (a slow network would show). */
async function expectAdvanceFromSpare(t: ReturnType<typeof twoDecks>) {
  const loads = t.secondEngine().loads.length;
  t.net.loadDelayMs = 5000;
  t.media.end();
  await vi.advanceTimersByTimeAsync(0);
  expect(t.sounding()).toEqual([2]);
  expect(t.player.state).toBe('playing');
  expect(t.secondEngine().loads).toHaveLength(loads);
}

describe('QueuePlayer on two decks', () => {
  useFakeClock();

  it('the first start plays on the first deck; the next goes to the idle deck, the old one stops at once and is unloaded after', async () => {
    const t = await playingOnTwoDecks(3);
    expect(t.player.element).toBe(t.media);
    expect(t.sounding()).toEqual([1]);

    t.net.loadDelayMs = 50;
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    // Nothing sounds while track 2 loads on the other deck; the screen already says track 2.
    expect(t.player.element).toBe(t.secondMedia());
    expect(t.sounding()).toEqual([]);
    expect(t.player.state).toBe('loading');
    expect(trackNumber(t.shown.item!.trackId)).toBe(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(t.sounding()).toEqual([2]);
    expect(t.player.state).toBe('playing');
    // The old deck still holds track 1 (its teardown is not on the way to sound) ...
    expect(t.media.source).toContain('/1.mpd');
    expect(t.engine.unloads).toBe(0);
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    // ... until the new track has played a moment.
    expect(t.engine.unloads).toBe(1);
    expect(t.media.source).toBeNull();

    // And back: the third track goes to the first deck, which now holds nothing.
    void t.player.next();
    await vi.advanceTimersByTimeAsync(50);
    expect(t.player.element).toBe(t.media);
    expect(t.sounding()).toEqual([3]);
    await t.player.destroy();
  });

  it('only the deck in use buffers ahead while paused: the deck a start leaves stops at the swap, its requests in flight are dropped, the new one fetches again once it plays', async () => {
    const t = await playingOnTwoDecks();
    expect(t.engine.fetchesWhilePaused).toBe(true);
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.secondEngine().fetchesWhilePaused).toBe(false);
    t.net.loadDelayMs = 50;
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    // At the swap: the old deck stops, and what it was fetching is dropped (the line is the
    // start's); the new one is left as it was until it plays.
    expect(t.engine.fetchesWhilePaused).toBe(false);
    expect(t.engine.fetchAborts).toBe(1);
    expect(t.secondEngine().fetchesWhilePaused).toBe(false);
    expect(t.secondEngine().fetchAborts).toBe(0);
    // The idle deck looks again often, so a start there asks for its second segment at once.
    expect(t.engine.updateIntervalS).toBeLessThanOrEqual(0.2);
    expect(t.secondEngine().updateIntervalS).toBeLessThanOrEqual(0.2);
    await vi.advanceTimersByTimeAsync(50);
    expect(t.player.state).toBe('playing');
    expect(t.secondEngine().fetchesWhilePaused).toBe(true);
    expect(t.secondEngine().updateIntervalS).toBe(1);
    await t.player.destroy();
  });

  it('a stalled track left for the next keeps its request: with nothing ahead, Shaka would only ask again from the first byte', async () => {
    const t = await playingOnTwoDecks();
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    t.media.bufferedEnd = t.media.currentTime;
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.element).toBe(t.secondMedia());
    expect(t.engine.fetchAborts).toBe(0);
    await t.player.destroy();
  });

  it('the first play of the page: a preload made before anything played is on the first deck, and the start plays there; no second deck yet', async () => {
    const t = twoDecks();
    // OK on a row preloads it on press and plays it on release (app.ts _captureEnter).
    t.player.preload(item(4), 'focus');
    void t.player.load([item(4), item(5)], 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.engine.preloads.map((p) => trackNumber(p.url))).toEqual([4]);
    expect(t.engine.loads).toEqual([t.engine.preloads[0]]);
    expect(t.player.element).toBe(t.media);
    expect(t.sounding()).toEqual([4]);
    expect(t.crossfade!.decks).toHaveLength(0);
    // From then on preloads go to the other deck.
    t.player.preload(item(6), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.engine.preloads).toHaveLength(1);
    expect(t.secondEngine().preloads.map((p) => trackNumber(p.url))).toEqual([6]);
    await t.player.destroy();
  });

  it('the second deck is made once the first play has played a moment, so the first later start does not make it', async () => {
    const t = await playingOnTwoDecks();
    expect(t.crossfade!.decks).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.crossfade!.decks).toHaveLength(1);
    // Made idle: it holds nothing and nothing was unloaded on it.
    expect(t.secondMedia().source).toBeNull();
    expect(t.secondEngine().unloads).toBe(0);
    // OK's press-preload then goes to it, ready-made.
    t.player.preload(item(6), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondEngine().preloads.map((p) => trackNumber(p.url))).toEqual([6]);
    await t.player.destroy();
  });

  it('a focus preload waits on the spare, loaded and paused: silent, unseen by the UI, and Enter on it loads nothing', async () => {
    const t = await playingOnTwoDecks();
    const states: PlayerState[] = [];
    t.player.on('state', (s) => states.push(s));
    const tracks: string[] = [];
    t.player.on('track', ({ item: it }) => tracks.push(it?.trackId ?? ''));

    t.player.preload(item(7), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.readyPreloadIds).toEqual([item(7).trackId]);
    expect(t.secondMedia().source).toContain('/7.mpd');
    expect(t.secondMedia().paused).toBe(true);
    // Its element's events do not reach the player: a stray pause or time update there changes nothing.
    t.secondMedia().dispatchEvent(new Event('timeupdate'));
    t.secondMedia().dispatchEvent(new Event('playing'));
    t.secondMedia().dispatchEvent(new Event('pause'));
    t.secondMedia().dispatchEvent(new Event('ended'));
    expect(states).toEqual([]);
    expect(tracks).toEqual([]);
    expect(t.sounding()).toEqual([1]);
    expect(t.player.time.positionMs).toBe(0);

    // Enter: no load at all, so a slow network does not delay it.
    const loadsBefore = t.secondEngine().loads.length;
    t.net.loadDelayMs = 5000;
    void t.player.load([item(7), item(8)], 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondEngine().loads).toHaveLength(loadsBefore);
    expect(t.player.state).toBe('playing');
    expect(t.sounding()).toEqual([7]);
    expect(states).toEqual(['handingOver', 'playing']);
    // From memory: the screen changed once, when the new track played.
    expect(tracks).toEqual([item(7).trackId]);
    await t.player.destroy();
  });

  it('a preload is reported ready once the idle element holds it, and Enter meanwhile waits for that load instead of starting another', async () => {
    const t = await playingOnTwoDecks();
    t.net.loadDelayMs = 40;
    t.player.preload(item(7), 'focus');
    await vi.advanceTimersByTimeAsync(10);
    expect(t.player.preloadedIds).toEqual([item(7).trackId]);
    expect(t.player.readyPreloadIds).toEqual([]);
    await vi.advanceTimersByTimeAsync(40);
    expect(t.player.readyPreloadIds).toEqual([item(7).trackId]);

    t.player.preload(item(8), 'focus');
    await vi.advanceTimersByTimeAsync(10);
    const loads = t.secondEngine().loads.length;
    void t.player.load([item(8)], 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.state).toBe('loading');
    await vi.advanceTimersByTimeAsync(40);
    expect(t.player.state).toBe('playing');
    expect(t.sounding()).toEqual([8]);
    expect(t.secondEngine().loads).toHaveLength(loads);
    await t.player.destroy();
  });

  it('one ready spare: the most recently wanted preload takes it; the older stays a preload, and Enter on it still needs no unload first', async () => {
    const t = await playingOnTwoDecks();
    t.player.preload(item(5), 'next');
    await vi.advanceTimersByTimeAsync(0);
    t.player.preload(item(6), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondMedia().source).toContain('/6.mpd');
    // Five went back to being a preload only when taken for the element: it is not held anywhere now.
    expect(t.player.preloadedIds).toEqual([item(6).trackId]);
    // Focus on another row: it replaces the ready one.
    t.player.preload(item(4), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondMedia().source).toContain('/4.mpd');
    expect(t.player.readyPreloadIds).toEqual([item(4).trackId]);
    expect(t.sounding()).toEqual([1]);
    await t.player.destroy();
  });

  it('a cold start while the spare holds another track loads over it there; that track never sounds', async () => {
    const t = await playingOnTwoDecks();
    t.player.preload(item(5), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondMedia().source).toContain('/5.mpd');
    t.net.loadDelayMs = 40;
    void t.player.load([item(9)], 0);
    for (let ms = 0; ms < 60; ms += 5) {
      await vi.advanceTimersByTimeAsync(5);
      expect(t.sounding().filter((n) => n !== 9)).toEqual([]);
    }
    expect(t.sounding()).toEqual([9]);
    expect(t.player.element).toBe(t.secondMedia());
    expect(t.player.readyPreloadIds).toEqual([]);
    await t.player.destroy();
  });

  it('the automatic advance plays the next track from the spare, which was readied 20 s before the end', async () => {
    const t = await playingOnTwoDecks();
    await nearTheEnd(t);
    expect(t.player.readyPreloadIds).toEqual([item(2).trackId]);
    await expectAdvanceFromSpare(t);
    await t.player.destroy();
  });

  it('a failed start on the idle deck: the old track stays silent and the screen names the failed one', async () => {
    const t = twoDecks();
    t.net.broken.add(2);
    void t.player.load([item(1), item(2)], 0);
    await vi.advanceTimersByTimeAsync(0);
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sounding()).toEqual([]);
    expect(t.player.state).toBe('failed');
    expect(trackNumber(t.shown.item!.trackId)).toBe(2);
    // The old deck is tidied all the same.
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.engine.unloads).toBe(1);
    await t.player.destroy();
  });

  it('a network failure on the spare while it waits: the track is no longer ready, and its start loads it afresh instead of playing an element that stalls', async () => {
    const t = await playingOnTwoDecks();
    t.player.preload(item(7), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.readyPreloadIds).toEqual([item(7).trackId]);
    // Shaka gave up buffering the paused element: a critical network error, heard on the spare.
    t.secondEngine().fail(engineError('1002', true));
    expect(t.player.state).toBe('playing');
    expect(t.player.readyPreloadIds).toEqual([]);
    const loads = t.secondEngine().loads.length;
    void t.player.load([item(7)], 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondEngine().loads).toHaveLength(loads + 1);
    expect(t.sounding()).toEqual([7]);
    expect(t.player.state).toBe('playing');
    await t.player.destroy();
  });

  it('a failure on the spare while the next track waits there readied for the advance: it is asked again once, and the advance plays it with no load', async () => {
    const t = await playingOnTwoDecks();
    await nearTheEnd(t);
    expect(t.player.readyPreloadIds).toEqual([item(2).trackId]);
    t.secondEngine().fail(engineError('1002', true));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondEngine().preloads.map((p) => trackNumber(p.url))).toEqual([2, 2]);
    expect(t.player.readyPreloadIds).toEqual([item(2).trackId]);
    await expectAdvanceFromSpare(t);
    await t.player.destroy();
  });

  it('the spare failing again on the track asked again: no third ask (the advance starts cold and plays)', async () => {
    const t = await playingOnTwoDecks();
    await nearTheEnd(t);
    for (let failures = 0; failures < 3; failures++) {
      t.secondEngine().fail(engineError('1002', true));
      await vi.advanceTimersByTimeAsync(0);
      t.media.at(190);
      await vi.advanceTimersByTimeAsync(TIDY_MS);
    }
    expect(t.secondEngine().preloads.map((p) => trackNumber(p.url))).toEqual([2, 2]);
    expect(t.player.readyPreloadIds).toEqual([]);
    t.media.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sounding()).toEqual([2]);
    expect(t.player.state).toBe('playing');
    await t.player.destroy();
  });

  it('the next track’s load onto the spare failing on the network: asked again once, readied, and the advance plays it with no load', async () => {
    const t = await playingOnTwoDecks();
    t.net.loadDelayMs = 10;
    await nearTheEnd(t);
    t.net.offline = true;
    await vi.advanceTimersByTimeAsync(10);
    t.net.offline = false;
    await vi.advanceTimersByTimeAsync(10);
    expect(t.secondEngine().preloads.map((p) => trackNumber(p.url))).toEqual([2, 2]);
    expect(t.player.readyPreloadIds).toEqual([item(2).trackId]);
    await expectAdvanceFromSpare(t);
    await t.player.destroy();
  });

  it('a spare that stalled while it waited: its start says buffering, not playing, until data comes', async () => {
    const t = await playingOnTwoDecks();
    t.player.preload(item(7), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    t.secondEngine().buffering(true);
    expect(t.player.state).toBe('playing');
    void t.player.load([item(7)], 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.state).toBe('buffering');
    t.secondEngine().buffering(false);
    expect(t.player.state).toBe('playing');
    await t.player.destroy();
  });

  it('the next track readied near the end stays ready when a focus preload finishes; that one waits in the cache and Enter on it needs no request', async () => {
    const t = await playingOnTwoDecks();
    await nearTheEnd(t);
    expect(t.player.readyPreloadIds).toEqual([item(2).trackId]);
    t.player.preload(item(6), 'focus');
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.secondMedia().source).toContain('/2.mpd');
    expect(t.player.readyPreloadIds).toEqual([item(6).trackId, item(2).trackId]);
    await expectAdvanceFromSpare(t);
    await t.player.destroy();
  });

  it('focus leaving the track that waits on the spare lets it go at once, so a start of another row finds the spare empty; the next track readied near the end stays', async () => {
    const t = await playingOnTwoDecks();
    t.player.preload(item(6), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.secondMedia().source).toContain('/6.mpd');
    const unloads = t.secondEngine().unloads;
    t.player.unfocus(item(6).trackId);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.readyPreloadIds).toEqual([]);
    expect(t.secondEngine().unloads).toBe(unloads + 1);
    expect(t.secondMedia().source).toBeNull();
    // OK on another row: its load on the spare has nothing to tear down first.
    void t.player.load([item(7)], 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sounding()).toEqual([7]);

    // The track about to follow, readied near the end, is not the focus's to let go.
    const u = await playingOnTwoDecks();
    u.player.preload(item(2), 'focus');
    u.media.at(185);
    await vi.advanceTimersByTimeAsync(0);
    expect(u.player.readyPreloadIds).toEqual([item(2).trackId]);
    u.player.unfocus(item(2).trackId);
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(u.player.readyPreloadIds).toEqual([item(2).trackId]);
    expect(u.secondMedia().source).toContain('/2.mpd');
    await t.player.destroy();
    await u.player.destroy();
  });

  it('a focus preload a start dropped (it was made on the engine now in use) is asked again on the new spare once the start has played', async () => {
    const t = await playingOnTwoDecks(3);
    t.player.preload(item(5), 'next');
    await vi.advanceTimersByTimeAsync(0);
    t.player.preload(item(6), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    // Six waits on the spare; five is a preload on the spare's engine.
    expect(t.secondMedia().source).toContain('/6.mpd');
    t.player.preload(item(5), 'focus');
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.element).toBe(t.secondMedia());
    expect(t.player.preloadedIds).toEqual([]);
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    // Asked again where the next start goes, the first deck, and readied there.
    expect(t.engine.preloads.map((p) => trackNumber(p.url))).toContain(5);
    expect(t.player.readyPreloadIds).toEqual([item(5).trackId]);
    await t.player.destroy();
  });

  it('a dropped focus preload is not asked again once focus has left its row: the row focused now keeps its preload', async () => {
    const t = await playingOnTwoDecks(3);
    t.player.preload(item(5), 'focus');
    await vi.advanceTimersByTimeAsync(0);
    t.player.preload(item(6), 'focus');
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    // Within the tidy's delay the person moves on from row 6 to row 8 and rests there.
    t.player.unfocus(item(6).trackId);
    t.player.preload(item(8), 'focus');
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.engine.preloads.map((p) => trackNumber(p.url))).not.toContain(6);
    expect(t.player.readyPreloadIds).toEqual([item(8).trackId]);
    await t.player.destroy();
  });

  it('a track that cannot play on this device: the deck it left is tidied all the same', async () => {
    const t = setup([], { canPlayCodec: (c) => c === 'mp4a.40.2', canPlayFile: (type) => type === 'audio/mp4' }, { ...createPlayerConfig(), audioPipelines: 2 }, { crossfadeS: 0 });
    // Track 2 comes only in a codec and file type this device cannot play.
    t.net.extra = (n) => (n === 2 ? { ladder: [{ codec: 'fLaC', bitrate: 900_000 }], progressiveMimeType: 'audio/x-unknown' } : {});
    void t.player.load([item(1), item(2)], 0);
    await vi.advanceTimersByTimeAsync(0);
    void t.player.next();
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.player.state).toBe('failed');
    expect(t.engine.unloads).toBe(1);
    await t.player.destroy();
  });

  it('the listener level and mute follow the start to the other deck', async () => {
    const t = await playingOnTwoDecks();
    t.main.gain.setLevel(0.5);
    t.media.muted = true;
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.second().gain.level).toBe(0.5);
    expect(t.secondMedia().muted).toBe(true);
    expect(t.secondMedia().volume).toBeCloseTo(10 ** (-6 / 20) * 0.5, 6);
    await t.player.destroy();
  });

  it('one pipeline: no second deck, preloads on the one engine, every start on the one element', async () => {
    const t = setup([], undefined, createPlayerConfig(), { crossfadeS: 0 });
    void t.player.load([item(1), item(2)], 0);
    await vi.advanceTimersByTimeAsync(0);
    t.player.preload(item(5), 'focus');
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.engine.preloads.map((p) => trackNumber(p.url))).toEqual([5]);
    void t.player.next();
    await vi.advanceTimersByTimeAsync(TIDY_MS);
    expect(t.crossfade!.decks).toHaveLength(0);
    expect(t.player.element).toBe(t.media);
    expect(t.media.sounding).toContain('/2.mpd');
    expect(t.engine.unloads).toBe(0);
    // The one element buffers while paused as Shaka does by default: no configure per start.
    expect(t.engine.fetchesWhilePaused).toBeNull();
    await t.player.destroy();
  });
});
