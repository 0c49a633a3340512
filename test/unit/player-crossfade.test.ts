/**
 * Crossfade (src/player/crossfade.ts): the fade timer's timing from the outgoing track's remaining
 * time and buffered end, its cancellation by pause, seek and skip near the end, the rules (gapless
 * albums, long-form, one-pipeline devices), the gain math with both tracks' loudness, and the
 * QueuePlayer with two fake decks: who sounds, what the screen shows, and how a fade ends.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  Crossfader,
  crossfadeChoice,
  equalPower,
  fadeGains,
  fadeLengthS,
  mayCrossfade,
  msUntilFade,
  READY_START_LEAD_S,
  START_LEAD_S,
  stepCrossfade,
  type TailView,
} from '../../src/player/crossfade';
import { ElementVolumeGain } from '../../src/player/gain-stage';
import { createPlayerConfig } from '../../src/player/player-config';
import { FakeMedia, item, setup, trackNumber, useFakeClock } from './support/fake-playback';

const tail = (over: Partial<TailView> = {}): TailView => ({
  currentTime: 100,
  duration: 200,
  playbackRate: 1,
  paused: false,
  seeking: false,
  buffered: [[80, 200]],
  ...over,
});

describe('fade timing from the remaining time', () => {
  it('aims at duration − fade − the start lead, scaled by the playback rate; starts at once when less is left', () => {
    expect(msUntilFade(tail(), 6)).toBeCloseTo(94_000 - START_LEAD_S * 1000, 6);
    expect(msUntilFade(tail({ playbackRate: 2 }), 6)).toBeCloseTo((94_000 - START_LEAD_S * 1000) / 2, 6);
    expect(msUntilFade(tail({ currentTime: 196 }), 6)).toBe(0);
  });

  it('waits for the tail to be buffered to the end (a fade must not stall the outgoing half)', () => {
    expect(msUntilFade(tail({ buffered: [[80, 150]] }), 6)).toBeNull();
    // A range elsewhere does not count: the one holding the playhead must reach the end.
    expect(msUntilFade(tail({ buffered: [[80, 150], [160, 200]] }), 6)).toBeNull();
    expect(msUntilFade(tail({ buffered: [[80, 199.95]] }), 6)).not.toBeNull();
  });

  it('is not coming while paused, seeking, without a duration, with under a second left, or with the setting off', () => {
    expect(msUntilFade(tail({ paused: true }), 6)).toBeNull();
    expect(msUntilFade(tail({ seeking: true }), 6)).toBeNull();
    expect(msUntilFade(tail({ duration: Number.NaN }), 6)).toBeNull();
    expect(msUntilFade(tail({ currentTime: 199.5 }), 6)).toBeNull();
    expect(msUntilFade(tail(), 0)).toBeNull();
  });

  it('a fade is at most half of either track', () => {
    expect(fadeLengthS(12, 200, 180)).toBe(12);
    expect(fadeLengthS(12, 10, 180)).toBe(5);
    expect(fadeLengthS(6, 200, 4)).toBe(2);
    expect(fadeLengthS(6, Number.NaN, 0)).toBe(6);
  });
});

describe('gain curve', () => {
  it('equal power: out² + in² = 1, out falls and in rises monotonically, ends exact', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const g = equalPower(a);
        expect(g.out ** 2 + g.in ** 2).toBeCloseTo(1, 12);
        if (a < b) {
          expect(equalPower(b).out).toBeLessThanOrEqual(g.out);
          expect(equalPower(b).in).toBeGreaterThanOrEqual(g.in);
        }
      }),
    );
    expect(equalPower(0)).toEqual({ out: 1, in: 0 });
    expect(equalPower(1).out).toBeCloseTo(0, 12);
    expect(equalPower(1).in).toBe(1);
    expect(equalPower(Number.NaN)).toEqual(equalPower(1));
  });

  it("each track keeps its own loudness gain under the curve, and the listener's level on top", () => {
    // Half way: each share is √½; a loud track (-9 dB) and a quiet one (+3 dB), level 0.5.
    const g = fadeGains(0.5, -9, 3, 0.5);
    expect(g.out).toBeCloseTo(10 ** (-9 / 20) * Math.SQRT1_2 * 0.5, 12);
    expect(g.in).toBeCloseTo(10 ** (3 / 20) * Math.SQRT1_2 * 0.5, 12);
  });

  it('the volume gain stage multiplies loudness × level × fade (and clamps a bad fade)', () => {
    const media = new FakeMedia() as unknown as HTMLMediaElement;
    const gain = new ElementVolumeGain(media);
    gain.apply(-6);
    gain.setLevel(0.8);
    gain.setFade(0.5);
    expect(media.volume).toBeCloseTo(10 ** (-6 / 20) * 0.8 * 0.5, 12);
    gain.setFade(Number.NaN);
    expect(gain.fade).toBe(1);
    gain.setFade(-3);
    expect(media.volume).toBe(0);
  });
});

describe('rules and choices', () => {
  it('never between tracks of one album tagged gapless, never for long-form; otherwise yes', () => {
    expect(mayCrossfade({ albumId: 'a', gapless: true }, { albumId: 'a', gapless: true })).toBe(false);
    expect(mayCrossfade({ albumId: 'a', gapless: true }, { albumId: 'b', gapless: true })).toBe(true);
    expect(mayCrossfade({ albumId: 'a', gapless: true }, { albumId: 'b' })).toBe(true);
    expect(mayCrossfade({ albumId: 'a' }, { albumId: 'a' })).toBe(true);
    expect(mayCrossfade({ albumId: 'a', longForm: 'podcast' }, { albumId: 'b' })).toBe(false);
    expect(mayCrossfade({ albumId: 'a' }, { albumId: 'b', longForm: 'audiobook' })).toBe(false);
  });

  it('choices: Off, 2 … 12 s; stored values snap to the nearest; Left/Right hold at both ends', () => {
    expect(crossfadeChoice(5.2)).toBe(6);
    expect(crossfadeChoice(99)).toBe(12);
    expect(crossfadeChoice(-1)).toBe(0);
    expect(crossfadeChoice('6')).toBe(0);
    expect(stepCrossfade(0, 1)).toBe(2);
    expect(stepCrossfade(12, 1)).toBe(12);
    expect(stepCrossfade(2, -1)).toBe(0);
    expect(stepCrossfade(0, -1)).toBe(0);
  });
});

const FADE_S = 6;
/**
 * Where the fade timer fires, ms after the outgoing element stands at 190 s of 200 s: the next
 * track waits loaded on the spare deck by then (its preload starts 20 s before the end), so the
 * incoming start is a play() and the lead is short.
 */
const DUE_MS = (200 - FADE_S - READY_START_LEAD_S - 190) * 1000;

describe('QueuePlayer with two decks', () => {
  useFakeClock();

  const crossfading = (extra?: Parameters<typeof setup>[0]) => {
    const t = setup(extra, undefined, { ...createPlayerConfig(), audioPipelines: 2 }, { crossfadeS: FADE_S });
    const sounding = () => t.elements().filter((m) => m.sounding !== null).map((m) => trackNumber(m.sounding!));
    return { ...t, sounding };
  };

  /**
   * Time passes: every sounding element's clock moves with it (the fake element does not run by
   * itself), then the timers run.
   */
  async function elapse(t: ReturnType<typeof crossfading>, ms: number) {
    for (const m of t.elements()) if (m.sounding !== null) m.currentTime += ms / 1000;
    await vi.advanceTimersByTimeAsync(ms);
  }

  /** Plays tracks 1–3, track 1 standing at 190 s. */
  async function nearEnd(t: ReturnType<typeof crossfading>) {
    void t.player.load([item(1), item(2), item(3)], 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.state).toBe('playing');
    t.media.at(190);
    // The next track's preload (20 s before the end) goes onto the spare deck, loaded and paused.
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.readyPreloadIds).toEqual([item(2).trackId]);
  }

  it('fades track 1 into track 2 from duration − fade: both sound, the screen shows 2, then only 2', async () => {
    const t = crossfading();
    t.net.gains = new Map([
      [1, -9],
      [2, 3],
    ]);
    await nearEnd(t);
    await elapse(t, DUE_MS - 50);
    expect(t.player.state).toBe('playing');
    expect(t.sounding()).toEqual([1]);
    await elapse(t, 100);
    expect(t.player.state).toBe('crossfading');
    expect(trackNumber(t.shown.item!.trackId)).toBe(2);
    expect(t.sounding()).toEqual([1, 2]);
    expect(t.player.element).not.toBe(t.media);
    // The outgoing half plays on: what it fetches is left alone.
    expect(t.engine.fetchAborts).toBe(0);
    // Half way through the outgoing track's rest, each deck carries its track's loudness under the curve.
    const startAt = t.media.currentTime;
    t.media.at(startAt + (200 - startAt) / 2);
    await vi.advanceTimersByTimeAsync(50);
    const deck2 = t.crossfade!.decks[0]!;
    expect(t.media.volume).toBeCloseTo(fadeGains(0.5, -9, 3, 1).out, 6);
    // Element volume stops at 1: the +3 dB track plays at unity times its share.
    expect(deck2.media.volume).toBeCloseTo(equalPower(0.5).in, 6);
    // Track 1 was reported once (past 30 s); the fade does not report it again.
    expect(t.reportPlay.mock.calls.filter((c) => (c as unknown[])[0] === item(1).trackId)).toHaveLength(1);
    t.media.end();
    await vi.advanceTimersByTimeAsync(50);
    expect(t.player.state).toBe('playing');
    expect(t.sounding()).toEqual([2]);
    expect(deck2.media.volume).toBeCloseTo(1, 6);
    expect(t.player.queueIndex).toBe(1);
    // The next fade goes back to the first deck, which waited at full level.
    t.player.element.currentTime = 190;
    (t.player.element as unknown as FakeMedia).at(190);
    await elapse(t, DUE_MS + 50);
    expect(t.player.state).toBe('crossfading');
    expect(t.sounding().sort()).toEqual([2, 3]);
    expect(t.player.element).toBe(t.media);
    await t.player.destroy();
  });

  it('pause, a seek back or Next near the end cancel the fade timer; play re-aims it', async () => {
    for (const act of ['pause', 'seek', 'next'] as const) {
      const t = crossfading();
      await nearEnd(t);
      await elapse(t, DUE_MS - 500);
      if (act === 'pause') t.player.pause();
      if (act === 'seek') t.player.seek(100_000);
      if (act === 'next') void t.player.next();
      await vi.advanceTimersByTimeAsync(2000);
      expect(t.player.state, act).not.toBe('crossfading');
      expect(t.crossfade!.fading, act).toBe(false);
      expect(t.sounding().length, act).toBeLessThanOrEqual(1);
      if (act === 'next') expect(t.sounding(), act).toEqual([2]);
      if (act === 'pause') {
        void t.player.play();
        await elapse(t, DUE_MS + 50);
        expect(t.player.state).toBe('crossfading');
      }
      await t.player.destroy();
    }
  });

  it('pause during a fade settles to the incoming track; Play resumes only that one', async () => {
    const t = crossfading();
    await nearEnd(t);
    await elapse(t, DUE_MS + 50);
    expect(t.sounding()).toEqual([1, 2]);
    t.player.pause();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.state).toBe('paused');
    expect(t.sounding()).toEqual([]);
    expect(t.crossfade!.fading).toBe(false);
    void t.player.play();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.state).toBe('playing');
    expect(t.sounding()).toEqual([2]);
    expect(t.crossfade!.decks[0]!.media.volume).toBeCloseTo(10 ** (-6 / 20), 6);
    await t.player.destroy();
  });

  it('Next during a fade cuts to the track after: one element sounds, nothing stays crossfading', async () => {
    const t = crossfading();
    await nearEnd(t);
    await elapse(t, DUE_MS + 50);
    void t.player.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.state).toBe('playing');
    expect(t.sounding()).toEqual([3]);
    expect(trackNumber(t.shown.item!.trackId)).toBe(3);
    await t.player.destroy();
  });

  it('a fade whose outgoing element stops moving still ends (wall-clock overrun)', async () => {
    const t = crossfading();
    await nearEnd(t);
    await elapse(t, DUE_MS + 50);
    expect(t.player.state).toBe('crossfading');
    await vi.advanceTimersByTimeAsync(10_000 + 2_100);
    expect(t.player.state).toBe('playing');
    expect(t.sounding()).toEqual([2]);
  });

  it('never fades between tracks of an album tagged gapless, nor into an episode: the ordinary end', async () => {
    const gapless = crossfading();
    gapless.net.extra = () => ({ gapless: true });
    const album = (n: number) => ({ ...item(n), albumId: 'al_000000000001' });
    void gapless.player.load([album(1), album(2)], 0);
    await vi.advanceTimersByTimeAsync(0);
    gapless.media.at(190);
    await elapse(gapless, DUE_MS + 1000);
    expect(gapless.player.state).toBe('playing');
    expect(gapless.sounding()).toEqual([1]);
    expect(gapless.crossfade!.fading).toBe(false);

    const episode = crossfading();
    void episode.player.load([item(1), { ...item(2), longForm: 'podcast' }], 0);
    await vi.advanceTimersByTimeAsync(0);
    episode.media.at(190);
    await elapse(episode, DUE_MS + 1000);
    expect(episode.sounding()).toEqual([1]);
    episode.media.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(episode.sounding()).toEqual([2]);
    // An ordinary change, on the other deck all the same (the next track waited there).
    expect(episode.player.element).not.toBe(episode.media);
    expect(episode.player.state).toBe('playing');
  });

  it('a device with one audio pipeline never fades, whatever the setting', async () => {
    const t = setup([], undefined, createPlayerConfig(), { crossfadeS: 12 });
    void t.player.load([item(1), item(2)], 0);
    await vi.advanceTimersByTimeAsync(0);
    t.media.at(190);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.player.state).toBe('playing');
    expect(t.crossfade!.decks).toHaveLength(0);
  });

  it('the Crossfader alone: makes the second deck once; settle() stops the outgoing deck and restores both fades', () => {
    const make = () => {
      const media = new FakeMedia() as unknown as HTMLMediaElement;
      return { media, engine: {} as never, gain: new ElementVolumeGain(media) };
    };
    const fader = new Crossfader(make);
    const a = make();
    const b = fader.secondDeck();
    expect(b.fresh).toBe(true);
    expect(fader.secondDeck()).toEqual({ deck: b.deck, fresh: false });
    expect(fader.decks).toEqual([b.deck]);
    (a.media as unknown as FakeMedia).source = 'x/1.mpd';
    void a.media.play();
    fader.run(a, b.deck, 6, () => undefined);
    expect(fader.fading).toBe(true);
    expect(b.deck.gain.fade).toBe(0);
    fader.settle();
    expect(fader.fading).toBe(false);
    expect(a.media.paused).toBe(true);
    expect([a.gain.fade, b.deck.gain.fade]).toEqual([1, 1]);
  });
});
