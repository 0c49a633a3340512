/**
 * Gapless runs: the composed multi-period manifest, the timeline, the handover scheduler (timing
 * from buffered ranges; cancelled by pause, seek and skip), and the QueuePlayer playing a run
 * on the fake element: joins move the queue and the screen without a reload, skips inside the
 * run are seeks, an edited queue ends the run the ordinary way, and random sequences of keys
 * near the joins keep the screen on the track under the playhead (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  buildChainManifest,
  canJoin,
  ChainTimeline,
  HandoverScheduler,
  msUntilBoundary,
  type ChainPart,
  type PlayheadView,
} from '../../src/player/gapless-chain';
import { createPlayerConfig, type PlayerConfig } from '../../src/player/player-config';
import type { PlaybackItem } from '../../src/player/types';
import type { EncoderPadding, PlaybackStart } from '../../src/protocol';
import { item, setup, useFakeClock } from './support/fake-playback';

const RATE = 44_100;

/** A one-period MPD as ffmpeg 5.1's DASH muxer writes it (src/ingest/track-transcoder.ts). */
const mpd = (seconds: number) => `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT${seconds.toFixed(1)}S" maxSegmentDuration="PT4.0S" minBufferTime="PT8.0S">
	<Period id="0" start="PT0.0S">
		<AdaptationSet id="0" contentType="audio" startWithSAP="1" segmentAlignment="true" bitstreamSwitching="true">
			<Representation id="0" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="160000" audioSamplingRate="44100">
				<SegmentTemplate timescale="1000000" duration="4000000" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
				</SegmentTemplate>
			</Representation>
		</AdaptationSet>
	</Period>
</MPD>
`;

const packaging = (samples: number): EncoderPadding => ({
  sampleRate: RATE,
  primingSamples: 1024,
  samples,
  paddingSamples: (1024 - ((samples + 1024) % 1024)) % 1024,
});

/** Track lengths of the run in samples: off frame boundaries, like the demo album's cuts. */
const LENGTHS = [286_335, 233_829, 286_337];

const start = (n: number, samples: number, gapless = true): PlaybackStart => ({
  manifestUrl: `/media/tracks/t${n}/manifest.mpd`,
  progressiveUrl: `/media/tracks/t${n}/progressive.m4a`,
  progressiveMimeType: 'audio/mp4',
  gainDb: -3 - n,
  ladder: [{ codec: 'mp4a.40.2', bitrate: 160_000 }],
  durationMs: Math.round((samples / RATE) * 1000),
  manifest: mpd(samples / RATE),
  packaging: packaging(samples),
  gapless,
});

const runItem = (n: number, samples: number, gapless = true): PlaybackItem => ({
  ...item(n, Math.round((samples / RATE) * 1000)),
  playback: start(n, samples, gapless),
});

const album = () => LENGTHS.map((samples, i) => runItem(i + 1, samples));
const parts = (): ChainPart[] =>
  LENGTHS.map((samples, i) => ({ manifestUrl: `http://tv/media/tracks/t${i + 1}/manifest.mpd`, manifest: mpd(samples / RATE), packaging: packaging(samples) }));

describe('the run manifest', () => {
  it('lays the tracks end to end at their source sample counts, each resolving its own segments', () => {
    const { text, timeline } = buildChainManifest(parts(), 'edit-list');
    expect(timeline.starts).toEqual([0, LENGTHS[0]! / RATE, (LENGTHS[0]! + LENGTHS[1]!) / RATE]);
    expect(timeline.durations).toEqual(LENGTHS.map((n) => n / RATE));
    const periods = [...text.matchAll(/<Period id="(p\d)" start="PT([\d.]+)S" duration="PT([\d.]+)S"><BaseURL>([^<]+)<\/BaseURL>/g)];
    expect(periods.map((m) => [m[1], Number(m[2]), Number(m[3]), m[4]])).toEqual([
      ['p0', 0, 6.492857, 'http://tv/media/tracks/t1/'],
      ['p1', 6.492857, 5.302245, 'http://tv/media/tracks/t2/'],
      ['p2', 11.795102, 6.492902, 'http://tv/media/tracks/t3/'],
    ]);
    expect(text).toMatch(/<MPD [^>]*mediaPresentationDuration="PT18\.288005S">/);
    expect(text.match(/mediaPresentationDuration/g)).toHaveLength(1);
    // The pipeline skips the priming itself (edit list): no offset is added.
    expect(text).not.toContain('presentationTimeOffset');
  });

  it("cuts the priming by a presentation offset where the profile says 'offset'", () => {
    const { text } = buildChainManifest(parts(), 'offset');
    // 1024 / 44100 s in the template's 1 MHz timescale.
    expect(text.match(/presentationTimeOffset="23220"/g)).toHaveLength(3);
  });

  it('refuses a manifest with more than one period, and an empty run', () => {
    const twice = parts();
    twice[1] = { ...twice[1]!, manifest: twice[1]!.manifest.replace('</Period>', '</Period><Period id="1"></Period>') };
    expect(() => buildChainManifest(twice, 'edit-list')).toThrow(/one-period/);
    expect(() => buildChainManifest([], 'edit-list')).toThrow(RangeError);
  });

  it('joins only tagged tracks with packaging, a manifest, the same rate and the same ladder', () => {
    const a = start(1, LENGTHS[0]!);
    expect(canJoin(a, start(2, LENGTHS[1]!))).toBe(true);
    expect(canJoin(a, start(2, LENGTHS[1]!, false))).toBe(false);
    expect(canJoin(a, { ...start(2, LENGTHS[1]!), packaging: undefined })).toBe(false);
    expect(canJoin(a, { ...start(2, LENGTHS[1]!), manifest: undefined })).toBe(false);
    expect(canJoin(a, { ...start(2, LENGTHS[1]!), packaging: { ...packaging(1000), sampleRate: 48_000 } })).toBe(false);
    expect(canJoin(a, { ...start(2, LENGTHS[1]!), ladder: [{ codec: 'mp4a.40.2', bitrate: 96_000 }] })).toBe(false);
  });

  it('maps element time to the track under the playhead, a join belonging to the next track', () => {
    const timeline = new ChainTimeline([0, 5, 9], [5, 4, 3]);
    expect([0, 4.999, 5, 8.999, 9, 12, 50].map((t) => timeline.indexAt(t))).toEqual([0, 0, 1, 1, 2, 2, 2]);
    expect(timeline.endOf(1)).toBe(9);
  });
});

const view = (over: Partial<PlayheadView> = {}): PlayheadView => ({
  currentTime: 4,
  playbackRate: 1,
  paused: false,
  seeking: false,
  buffered: [[0, 20]],
  ...over,
});

describe('the handover scheduler', () => {
  it('times the join from the playhead when the next track is buffered next to it', () => {
    expect(msUntilBoundary(view(), 5)).toBeCloseTo(1000, 6);
    expect(msUntilBoundary(view({ playbackRate: 2 }), 5)).toBeCloseTo(500, 6);
  });

  it('waits (null) while paused, seeking, past the join, or when the join is not buffered yet', () => {
    expect(msUntilBoundary(view({ paused: true }), 5)).toBeNull();
    expect(msUntilBoundary(view({ seeking: true }), 5)).toBeNull();
    expect(msUntilBoundary(view({ currentTime: 5 }), 5)).toBeNull();
    expect(msUntilBoundary(view({ buffered: [[0, 5]] }), 5)).toBeNull();
    // Buffered beyond the join, but not contiguously from the playhead: a stall comes first.
    expect(msUntilBoundary(view({ buffered: [[0, 4.5], [4.6, 20]] }), 5)).toBeNull();
    expect(msUntilBoundary(view({ currentTime: 30 }), 40)).toBeNull();
  });

  it('never answers a negative delay, and answers the remaining music time for any covered playhead', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 600, noNaN: true }), fc.double({ min: 0.001, max: 600, noNaN: true }), fc.constantFrom(0.5, 1, 1.5, 2), (t, ahead, rate) => {
        const boundary = t + ahead;
        const ms = msUntilBoundary(view({ currentTime: t, playbackRate: rate, buffered: [[0, boundary + 1]] }), boundary);
        expect(ms).not.toBeNull();
        expect(ms!).toBeGreaterThanOrEqual(0);
        expect(ms!).toBeCloseTo((ahead / rate) * 1000, 3);
      }),
    );
  });

  describe('its timer', () => {
    useFakeClock();

    it('fires at the join, is kept through jitter, and is cancelled by pause, seek and cancel()', () => {
      const due = vi.fn();
      const s = new HandoverScheduler(due);
      s.aim(view({ currentTime: 4 }), 5);
      vi.advanceTimersByTime(500);
      s.aim(view({ currentTime: 4.501 }), 5); // a time update 1 ms off: the same timer
      vi.advanceTimersByTime(499);
      expect(due).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(due).toHaveBeenCalledTimes(1);
      expect(s.armed).toBe(false);

      for (const stop of [view({ paused: true }), view({ seeking: true })]) {
        s.aim(view({ currentTime: 4.9 }), 5);
        expect(s.armed).toBe(true);
        s.aim(stop, 5);
        expect(s.armed).toBe(false);
      }
      s.aim(view({ currentTime: 4.9 }), 5);
      s.cancel();
      s.aim(view(), null); // nothing left to join
      vi.advanceTimersByTime(5000);
      expect(due).toHaveBeenCalledTimes(1);
    });
  });
});

const joinConfig = (): PlayerConfig => ({ ...createPlayerConfig(), gaplessJoin: 'edit-list' });
const boundary = (k: number) => LENGTHS.slice(0, k).reduce((a, b) => a + b, 0) / RATE;

describe('QueuePlayer playing a gapless run', () => {
  useFakeClock();

  const playing = async (config = joinConfig(), items = album(), from = 0) => {
    const t = setup([], undefined, config);
    const tracks: string[] = [];
    t.player.on('track', ({ item: it }) => tracks.push(it?.trackId ?? 'none'));
    await t.player.load(items, from);
    await vi.advanceTimersByTimeAsync(0);
    return { ...t, tracks, items };
  };

  it('loads the run as one presentation and joins by the timer, with no reload', async () => {
    const t = await playing();
    expect(t.engine.loads).toHaveLength(1);
    const text = t.engine.remembered.get(t.engine.loads[0] as string)!;
    expect(text.match(/<Period /g)).toHaveLength(3);
    expect(t.player.state).toBe('playing');
    // Just before the join: the timer is aimed from the buffered range.
    t.media.at(boundary(1) - 0.2);
    // The element moves on by itself (no time update is dispatched): only the timer can notice.
    t.media.currentTime = boundary(1) + 0.001;
    await vi.advanceTimersByTimeAsync(200);
    expect(t.player.current).toBe(t.items[1]);
    expect(t.player.queueIndex).toBe(1);
    expect(t.tracks.at(-1)).toBe(t.items[1]!.trackId);
    expect(t.player.state).toBe('playing');
    expect(t.player.time.durationMs).toBe(Math.round((LENGTHS[1]! / RATE) * 1000));
    expect(t.engine.loads).toHaveLength(1);
    // The gain stays the run's first track's: one piece, one level.
    expect(t.media.volume).toBeCloseTo(10 ** (-4 / 20), 6);
  });

  it('a pause just before the join cancels the timer: nothing moves while paused', async () => {
    const t = await playing();
    t.media.at(boundary(1) - 0.2);
    t.player.pause();
    t.media.currentTime = boundary(1) + 0.001; // even if the element's clock were past it
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.player.queueIndex).toBe(0);
    expect(t.player.state).toBe('paused');
  });

  it('Next and Previous inside the run are seeks to the track’s first sample', async () => {
    const t = await playing();
    t.media.at(1.5);
    await t.player.next();
    expect(t.media.currentTime).toBe(boundary(1));
    expect(t.player.queueIndex).toBe(1);
    expect(t.player.time.positionMs).toBe(0);
    t.player.seek(2000);
    expect(t.media.currentTime).toBeCloseTo(boundary(1) + 2, 9);
    t.media.at(boundary(1) + 1);
    await t.player.previous();
    expect(t.media.currentTime).toBe(0);
    expect(t.player.queueIndex).toBe(0);
    expect(t.engine.loads).toHaveLength(1);
    expect(t.player.state).toBe('playing');
  });

  it('an edited queue ends the run at the join: the inserted track starts the ordinary way', async () => {
    const t = await playing();
    const other = item(9);
    t.player.playNext([other]);
    t.media.at(boundary(1) + 0.01);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.current).toBe(other);
    expect(t.engine.loads).toHaveLength(2);
    expect(t.engine.loads[1]).not.toBe(t.engine.loads[0]);
  });

  it('no crossfade out of the middle of a run: the run plays on to its join, then the track put after it starts the ordinary way', async () => {
    const t = setup([], undefined, { ...joinConfig(), audioPipelines: 2 }, { crossfadeS: 2 });
    const items = album();
    await t.player.load(items, 0);
    await vi.advanceTimersByTimeAsync(0);
    const other = item(9);
    t.player.playNext([other]);
    // Track 1 plays towards its end (a 2 s fade would be due 2.05 s before it); the element runs by itself.
    for (let s = 2; s < boundary(1) - 0.05; s += 0.1) {
      t.media.at(s);
      await vi.advanceTimersByTimeAsync(100);
      expect(t.player.state, `at ${s.toFixed(1)} s`).toBe('playing');
      expect(t.crossfade!.fading).toBe(false);
      expect(t.elements().filter((m) => m.sounding !== null)).toEqual([t.media]);
    }
    t.media.at(boundary(1) + 0.01);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.player.current).toBe(other);
    expect(t.player.state).toBe('playing');
    expect(t.elements().map((m) => m.sounding).filter((u) => u !== null)).toEqual(['/media/ok/9.mpd']);
    await t.player.destroy();
  });

  it("plays each track on its own where the profile says 'reload', and for untagged albums", async () => {
    const reload = await playing(createPlayerConfig());
    expect(reload.engine.remembered.get(reload.engine.loads[0] as string)!.match(/<Period /g)).toHaveLength(1);
    const untagged = await playing(joinConfig(), LENGTHS.map((s, i) => runItem(i + 1, s, false)));
    expect(untagged.engine.remembered.get(untagged.engine.loads[0] as string)!.match(/<Period /g)).toHaveLength(1);
  });

  type Step = { kind: 'advance'; s: number } | { kind: 'nearJoin'; before: number } | { kind: 'pause' | 'play' | 'next' | 'previous' } | { kind: 'seek'; ms: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('advance' as const), s: fc.double({ min: 0.01, max: 3, noNaN: true }) }),
    fc.record({ kind: fc.constant('nearJoin' as const), before: fc.double({ min: 0, max: 0.3, noNaN: true }) }),
    fc.record({ kind: fc.constantFrom('pause' as const, 'play' as const, 'next' as const, 'previous' as const) }),
    fc.record({ kind: fc.constant('seek' as const), ms: fc.integer({ min: 0, max: 7000 }) }),
  );

  it('random keys near the joins: the screen shows the track under the playhead, no reload, no refused edge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const warned = vi.spyOn(console, 'warn');
        warned.mockClear();
        const t = await playing();
        const timeline = new ChainTimeline([0, boundary(1), boundary(2)], LENGTHS.map((n) => n / RATE));
        for (const s of steps) {
          if (t.player.state === 'ended') break;
          if (s.kind === 'advance' && !t.media.paused) t.media.at(Math.min(t.media.currentTime + s.s, boundary(3)));
          if (s.kind === 'nearJoin') {
            const k = timeline.indexAt(t.media.currentTime);
            if (k + 1 < 3 && !t.media.paused) t.media.at(boundary(k + 1) - s.before);
          }
          if (s.kind === 'pause') t.player.pause();
          if (s.kind === 'play') await t.player.play();
          if (s.kind === 'next') await t.player.next();
          if (s.kind === 'previous') await t.player.previous();
          if (s.kind === 'seek') t.player.seek(s.ms);
          await vi.advanceTimersByTimeAsync(50);
          const under = timeline.indexAt(t.media.currentTime);
          expect(t.player.queueIndex).toBe(under);
          expect(t.player.current).toBe(t.items[under]);
          expect(['playing', 'paused']).toContain(t.player.state);
          expect(t.player.state === 'playing').toBe(!t.media.paused);
          expect(t.player.time.positionMs).toBeGreaterThanOrEqual(0);
          expect(t.player.time.positionMs).toBeLessThanOrEqual(t.player.time.durationMs);
        }
        expect(t.engine.loads).toHaveLength(1);
        expect(warned.mock.calls.filter(([m]) => String(m).includes('refused'))).toEqual([]);
        await t.player.destroy();
      }),
      { numRuns: 60 },
    );
  });
});
