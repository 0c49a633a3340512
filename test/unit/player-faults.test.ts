/**
 * QueuePlayer under faults and impatient people: Shaka runtime errors (network and per-track),
 * buffering, play() refused, playback-info fetches rejected, back-to-back loads, keys pressed
 * while a track loads, and destroy() in the middle of it all. Stub engine, fake element, fake
 * timers (the reconnect backoff runs on them).
 */
import { describe, expect, it, vi } from 'vitest';
import { MAX_FAILURES_IN_A_ROW, TOO_MANY_FAILURES } from '../../src/player/queue-player';
import { classifyFailure, reconnectDelayMs } from '../../src/player/failure';
import { toEngineError } from '../../src/player/engine-error';
import { engineError, FetchFailure, item, setup, trackNumber, useFakeClock } from './support/fake-playback';

const flush = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

useFakeClock();

describe('failure classification', () => {
  it('Shaka network errors: 5xx, no answer and timeouts are transient; 404 is the track', () => {
    const shaka = (code: number, data: unknown[] = [], severity = 2) => toEngineError({ code, data, severity });
    expect(shaka(1001, ['/x.m4s', 503]).transient).toBe(true);
    expect(shaka(1001, ['/x.m4s', 404]).transient).toBe(false);
    expect(shaka(1002).transient).toBe(true);
    expect(shaka(1003).transient).toBe(true);
    expect(shaka(3016).transient).toBe(false);
    expect(shaka(1001, ['/x.m4s', 503], 1).critical).toBe(false);
    expect(shaka(7000).interrupted).toBe(true);
    expect(toEngineError(new RangeError('bad')).transient).toBe(false);
  });

  it('fetch failures and errors that say so are transient; anything else is the track', () => {
    expect(classifyFailure(new TypeError('Failed to fetch'))).toBe('transient');
    expect(classifyFailure(new FetchFailure('offline'))).toBe('transient');
    expect(classifyFailure({ transient: false, code: '404' })).toBe('track');
    expect(classifyFailure(new Error('odd'))).toBe('track');
  });

  it('reconnect backoff doubles from 250 ms and never waits more than a second', () => {
    expect([0, 1, 2, 3, 10].map((n) => reconnectDelayMs(n))).toEqual([250, 500, 1000, 1000, 1000]);
  });
});

describe('QueuePlayer faults', () => {
  it('a per-track runtime error skips with a notice and plays the next track', async () => {
    const { player, engine, errors, shown } = setup();
    await player.load([item(1), item(2)], 0);
    engine.fail(engineError('3016', false));
    await flush();
    expect(errors[0]).toMatchObject({ code: '3016', trackId: item(1).trackId });
    expect(errors[0]?.message).toMatch(/Skipping to the next track/);
    expect(player.state).toBe('playing');
    expect(shown.item?.trackId).toBe(item(2).trackId);
  });

  it('a recoverable engine error is Shaka’s to handle: nothing changes', async () => {
    const { player, engine, errors } = setup();
    await player.load([item(1), item(2)], 0);
    engine.fail(engineError('3015', false, false));
    await flush();
    expect(errors).toEqual([]);
    expect(player.queueIndex).toBe(0);
    expect(player.state).toBe('playing');
  });

  it('a network error mid-track keeps the place, says Reconnecting, and resumes when requests succeed', async () => {
    const { player, engine, media, net, errors, states } = setup();
    await player.load([item(1), item(2)], 0);
    media.at(42);
    net.offline = true;
    engine.fail(engineError('1001', true));
    expect(player.state).toBe('reconnecting');
    // The buffered audio plays on: nothing was unloaded.
    expect(media.sounding).toBe('/media/ok/1.mpd');
    await flush(3000);
    expect(engine.retries).toBeGreaterThanOrEqual(3);
    expect(player.state).toBe('reconnecting');
    net.offline = false;
    await flush(1000);
    expect(player.state).toBe('playing');
    expect(player.queueIndex).toBe(0);
    expect(engine.loads).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(states.slice(-2)).toEqual(['reconnecting', 'playing']);
  });

  it('the last track playing out of its buffer while reconnecting ends the queue, not a stuck Reconnecting', async () => {
    const { player, engine, media, net } = setup();
    await player.load([item(1, 20_000)], 0);
    net.offline = true;
    engine.fail(engineError('1001', true));
    expect(player.state).toBe('reconnecting');
    media.end();
    await flush(5000);
    expect(player.state).toBe('ended');
  });

  it('Space while paused and reconnecting plays (the element is the truth, not the label)', async () => {
    const { player, engine, media } = setup();
    await player.load([item(1)], 0);
    player.pause();
    engine.fail(engineError('1002', true));
    expect(player.state).toBe('reconnecting');
    await player.toggle();
    expect(media.paused).toBe(false);
  });

  it('where streaming cannot resume, the track reloads at the same position', async () => {
    const { player, engine, media, net } = setup();
    await player.load([item(1)], 0);
    media.at(42);
    engine.retryWorks = false;
    net.offline = true;
    engine.fail(engineError('1002', true));
    await flush(2000);
    expect(player.state).toBe('reconnecting');
    net.offline = false;
    await flush(1000);
    expect(player.state).toBe('playing');
    expect(engine.startTimes.at(-1)).toBe(42);
    expect(media.currentTime).toBe(42);
  });

  it('a streaming failure while a start loads (the load never settles) reconnects, and plays once the network is back', async () => {
    const { player, engine, net, media } = setup();
    net.loadDelayMs = 60_000; // Shaka waiting for segments that do not come
    void player.load([item(1)], 0);
    await flush(100);
    expect(player.state).toBe('loading');
    engine.fail(engineError('1001', true));
    expect(player.state).toBe('reconnecting');
    net.loadDelayMs = 0;
    await flush(1000);
    expect(player.state).toBe('playing');
    expect(trackNumber(media.sounding ?? '')).toBe(1);
  });

  it('buffering shows as buffering and returns to playing; while paused it stays paused', async () => {
    const { player, engine, media } = setup();
    await player.load([item(1)], 0);
    engine.buffering(true);
    expect(player.state).toBe('buffering');
    engine.buffering(false);
    expect(player.state).toBe('playing');
    media.pause();
    engine.buffering(true);
    expect(player.state).toBe('paused');
    await player.play();
    expect(player.state).toBe('buffering');
    engine.buffering(false);
    expect(player.state).toBe('playing');
  });

  it('play() refused by the platform shows paused, never a stuck playing; Play then starts it', async () => {
    const { player, media } = setup();
    media.refusePlay = true;
    await player.load([item(1)], 0);
    expect(player.state).toBe('paused');
    expect(media.paused).toBe(true);
    media.refusePlay = false;
    await player.toggle();
    expect(player.state).toBe('playing');
    expect(media.paused).toBe(false);
  });

  it('playback info failing on the network at a track boundary: no skip, Reconnecting, resumes within a second of the network', async () => {
    const { player, media, net, errors, fetchPlayback, shown } = setup();
    await player.load([item(1, 20_000), item(2), item(3)], 0);
    net.offline = true;
    media.end();
    await flush();
    expect(player.state).toBe('reconnecting');
    expect(player.queueIndex).toBe(1);
    expect(shown.item?.trackId).toBe(item(2).trackId);
    expect(media.sounding).toBeNull();
    await flush(10_000);
    expect(player.queueIndex).toBe(1);
    expect(errors).toEqual([]);
    const calls = fetchPlayback.mock.calls.length;
    expect(calls).toBeGreaterThan(5);
    net.offline = false;
    await flush(1000);
    expect(player.state).toBe('playing');
    expect(player.queueIndex).toBe(1);
    expect(trackNumber(media.sounding ?? '')).toBe(2);
  });

  it('a track whose media is gone is skipped; three in a row stop with a clear message', async () => {
    const { player, engine, errors, media } = setup([1, 2, 3, 4]);
    await player.load([item(1), item(2), item(3), item(4), item(5)], 0);
    await flush();
    expect(errors.map((e) => e.code)).toEqual(['1001', '1001', TOO_MANY_FAILURES]);
    expect(errors[2]?.message).toMatch(new RegExp(`${MAX_FAILURES_IN_A_ROW} tracks in a row`));
    expect(player.state).toBe('failed');
    expect(player.queueIndex).toBe(2);
    expect(engine.loads).toHaveLength(3);
    expect(media.sounding).toBeNull();
  });

  it('back-to-back loads: only the last one sounds and the earlier fetch is aborted', async () => {
    const { player, media, net, fetchPlayback, shown } = setup();
    net.loadDelayMs = 50;
    const first = player.load([item(1), item(2)], 0);
    await flush(10);
    const second = player.load([item(3), item(4)], 1);
    await flush(200);
    await Promise.all([first, second]);
    expect(trackNumber(media.sounding ?? '')).toBe(4);
    expect(shown.item?.trackId).toBe(item(4).trackId);
    expect(player.state).toBe('playing');
    const firstSignal = fetchPlayback.mock.calls[0]?.[1];
    expect(firstSignal?.aborted).toBe(true);
  });

  it('a failed start of B while A sounds stops A: the screen and the speakers agree', async () => {
    const { player, media, net, shown } = setup();
    await player.load([item(1), item(2)], 0);
    net.offline = true;
    void player.next();
    await flush();
    expect(shown.item?.trackId).toBe(item(2).trackId);
    expect(media.sounding).toBeNull();
    expect(player.state).toBe('reconnecting');
  });

  it('Space pressed right after Enter is honoured once the track has loaded', async () => {
    const { player, media, net } = setup();
    net.loadDelayMs = 80;
    const loading = player.load([item(1)], 0);
    await flush(20);
    await player.toggle();
    await flush(100);
    await loading;
    expect(player.state).toBe('paused');
    expect(media.paused).toBe(true);
    await player.toggle();
    expect(player.state).toBe('playing');
  });

  it('Seek and Stop during a load: the last intent wins', async () => {
    const { player, media, net, engine } = setup();
    net.loadDelayMs = 80;
    const loading = player.load([item(1)], 0);
    await flush(10);
    player.seek(30_000);
    expect(player.time.positionMs).toBe(30_000);
    // Stop (the app's Stop key): pause and back to the start.
    player.pause();
    player.seek(0);
    await flush(100);
    await loading;
    expect(player.state).toBe('paused');
    expect(media.currentTime).toBe(0);
    expect(engine.startTimes).toEqual([undefined]);

    const again = player.load([item(2)], 0);
    await flush(10);
    player.seek(30_000);
    await flush(100);
    await again;
    expect(player.state).toBe('playing');
    expect(media.currentTime).toBe(30);
  });

  it('Next during a load supersedes it', async () => {
    const { player, media, net } = setup();
    net.loadDelayMs = 80;
    void player.load([item(1), item(2)], 0);
    await flush(10);
    void player.next();
    await flush(200);
    expect(player.queueIndex).toBe(1);
    expect(trackNumber(media.sounding ?? '')).toBe(2);
  });

  it('destroy() in the middle of a reconnect resolves, stops retrying and tells nobody anything', async () => {
    const { player, net, engine, fetchPlayback, states } = setup();
    net.offline = true;
    await player.load([item(1)], 0);
    await flush();
    expect(player.state).toBe('reconnecting');
    await expect(player.destroy()).resolves.toBeUndefined();
    const calls = fetchPlayback.mock.calls.length;
    const seen = states.length;
    net.offline = false;
    await flush(5000);
    expect(fetchPlayback.mock.calls.length).toBe(calls);
    expect(states.length).toBe(seen);
    expect(engine.destroyed).toBe(true);
  });
});
