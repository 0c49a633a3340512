/**
 * The PlaybackMachine's table, and the QueuePlayer driven by random sequences of keys, network
 * faults, engine and media events and superseding loads (fast-check), checking after every step:
 * - what the screen shows is what sounds (the element only ever plays the track on screen);
 * - the state agrees with the element (playing ⇒ sound, paused/idle/loading/ended/failed ⇒ none);
 * - every state emitted follows an edge of the table;
 * and at the end of each sequence, no dead end: once the network is back, nothing stays loading,
 * reconnecting or buffering, and a new Enter plays.
 *
 * With crossfade on (two decks), "one track sounds at a time" becomes: at most two elements
 * sound; a second one sounds only in `crossfading` (the outgoing track's tail); the element in use
 * is the incoming track's, and the screen shows it.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  PlaybackMachine,
  TRANSITIONS,
  type PlaybackEvent,
  type PlaybackState,
} from '../../src/player/playback-machine';
import { createPlayerConfig } from '../../src/player/player-config';
import { TOO_MANY_FAILURES } from '../../src/player/queue-player';
import { engineError, item, setup, trackNumber, useFakeClock } from './support/fake-playback';

const STATES = Object.keys(TRANSITIONS) as PlaybackState[];

describe('PlaybackMachine table', () => {
  it('applies an allowed edge and refuses (and logs) one the table does not have', () => {
    const changes: string[] = [];
    const logged: string[] = [];
    const m = new PlaybackMachine((to, from, ev) => changes.push(`${from}-${ev}->${to}`), (l) => logged.push(l));
    expect(m.send('paused')).toBe(false);
    expect(m.state).toBe('idle');
    expect(logged).toEqual(['[player] paused refused in idle']);
    expect(m.send('load')).toBe(true);
    expect(m.send('started')).toBe(true);
    expect(m.send('paused')).toBe(true);
    expect(changes).toEqual(['idle-load->loading', 'loading-started->playing', 'playing-paused->paused']);
  });

  it('has no dead end: from every state, playing and idle are reachable', () => {
    const reachable = (from: PlaybackState): Set<PlaybackState> => {
      const seen = new Set<PlaybackState>([from]);
      const todo = [from];
      while (todo.length) {
        for (const to of Object.values(TRANSITIONS[todo.pop()!])) {
          if (to && !seen.has(to)) {
            seen.add(to);
            todo.push(to);
          }
        }
      }
      return seen;
    };
    for (const s of STATES) {
      expect(reachable(s), s).toContain('playing');
      expect(reachable(s), s).toContain('idle');
    }
  });

  it('a gapless join keeps the state, and only where a track is loaded (nothing to join from idle, loading, ended, failed)', () => {
    for (const s of STATES) {
      const to = TRANSITIONS[s].joined;
      if (['playing', 'paused', 'buffering', 'reconnecting', 'crossfading'].includes(s)) expect(to, s).toBe(s);
      else expect(to, s).toBeUndefined();
    }
  });

  it('a new start and a per-track failure are allowed from every state', () => {
    for (const s of STATES) {
      for (const ev of ['load', 'handover', 'failed', 'clear'] satisfies PlaybackEvent[]) {
        expect(TRANSITIONS[s][ev], `${s} ${ev}`).toBeDefined();
      }
    }
  });
});

type Step =
  | { kind: 'enter'; length: number; start: number }
  | { kind: 'preload'; n: number }
  | { kind: 'play' | 'pause' | 'toggle' | 'next' | 'previous' | 'stop' | 'end' | 'netDown' | 'netUp' | 'refuse' | 'allow' }
  | { kind: 'seek'; ms: number }
  /** The playhead jumps to this many ms before the track's end (as playing would take it there). */
  | { kind: 'nearEnd'; ms: number }
  | { kind: 'engineError'; transient: boolean; critical: boolean }
  | { kind: 'buffering'; on: boolean }
  | { kind: 'wait'; ms: number };

/**
 * `weight`: how often a start, the playhead near a track's end, and time passing come up (the
 * two-deck runs need all three, in that order, to reach a fade).
 */
const stepWith = (weight: number): fc.Arbitrary<Step> => fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('enter' as const), length: fc.integer({ min: 1, max: 4 }), start: fc.integer({ min: 0, max: 3 }) }), weight },
  fc.record({ kind: fc.constant('preload' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.constantFrom(
    ...(['play', 'pause', 'toggle', 'next', 'previous', 'stop', 'end', 'netDown', 'netUp', 'refuse', 'allow'] as const),
  ).map((kind) => ({ kind })),
  fc.record({ kind: fc.constant('seek' as const), ms: fc.integer({ min: 0, max: 250_000 }) }),
  { arbitrary: fc.record({ kind: fc.constant('nearEnd' as const), ms: fc.constantFrom(500, 3000, 7000) }), weight },
  fc.record({ kind: fc.constant('engineError' as const), transient: fc.boolean(), critical: fc.boolean() }),
  fc.record({ kind: fc.constant('buffering' as const), on: fc.boolean() }),
  { arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(0, 5, 30, 120, 600, 1500) }), weight },
);

describe.each([
  { crossfadeS: undefined, title: 'one deck' },
  // Every start after the first on the idle deck, preloads ready on the spare: never two sounding.
  { crossfadeS: 0, title: 'two decks, crossfade off' },
  { crossfadeS: 6, title: 'two decks, crossfade 6 s' },
])('QueuePlayer under random sequences (fast-check), $title', ({ crossfadeS }) => {
  useFakeClock();

  it('the screen shows what sounds, the state agrees with the element, and nothing is a dead end', async () => {
    /** Steps taken with two elements sounding: the two-deck runs must reach fades, or they prove nothing. */
    let overlapping = 0;
    /** Steps on the second deck, and with a track waiting on the idle one: the two-deck runs must swap and ready. */
    let onSecondDeck = 0;
    let spareHolding = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepWith(crossfadeS === undefined ? 1 : 3), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0, 20),
        fc.constantFrom(0, 15),
        fc.boolean(),
        async (steps, loadDelayMs, fetchDelayMs, withBroken) => {
          // Track 3 is a broken file in half the runs (a per-track failure among network faults).
          const config = { ...createPlayerConfig(), audioPipelines: crossfadeS === undefined ? (1 as const) : (2 as const) };
          const t = setup(withBroken ? [3] : [], undefined, config, { crossfadeS });
          const { player, net, shown } = t;
          /** The deck in use: its element, and its engine for engine events. */
          const active = () => t.elements().find((m) => (m as unknown) === player.element)!;
          const engine = { fail: (e: Parameters<typeof t.engine.fail>[0]) => engineOf().fail(e), buffering: (b: boolean) => engineOf().buffering(b) };
          const engineOf = () => (player.element === (t.media as unknown) ? t.engine : t.crossfade!.decks.find((d) => d.media === player.element)!.engine as typeof t.engine);
          net.loadDelayMs = loadDelayMs;
          net.fetchDelayMs = fetchDelayMs;
          const emitted: PlaybackState[] = ['idle'];
          player.on('state', (s) => emitted.push(s));

          const check = (where: string) => {
            const media = active();
            const all = t.elements().filter((m) => m.sounding !== null);
            expect(all.length, `${where}: elements sounding`).toBeLessThanOrEqual(2);
            if (all.length === 2) overlapping += 1;
            if (media !== t.media) onSecondDeck += 1;
            if (t.elements().some((m) => m !== media && m.source !== null && m.paused)) spareHolding += 1;
            // Anything sounding besides the deck in use is a fade's outgoing tail.
            if (all.some((m) => m !== media)) expect(player.state, `${where}: a second element outside a fade`).toBe('crossfading');
            const sounding = media.sounding;
            if (sounding !== null && player.state !== 'handingOver') {
              expect(trackNumber(shown.item?.trackId ?? ''), `${where}: screen vs sound`).toBe(trackNumber(sounding));
            }
            if (player.state === 'playing') expect(media.paused, `${where}: playing without sound`).toBe(false);
            if (['paused', 'idle', 'loading', 'ended', 'failed'].includes(player.state)) {
              expect(sounding, `${where}: sound in ${player.state}`).toBeNull();
            }
            if (player.state !== 'handingOver') {
              expect(shown.item?.trackId ?? null, `${where}: screen vs queue`).toBe(player.current?.trackId ?? null);
            }
          };

          // Two decks: every sequence starts inside a fade (tracks 1→2 of 3), so its random steps land during one.
          const intoFade: Step[] = [{ kind: 'enter', length: 3, start: 0 }, { kind: 'wait', ms: 30 }, { kind: 'nearEnd', ms: 3000 }, { kind: 'wait', ms: 30 }];
          for (const [i, s] of [...(crossfadeS ? intoFade : []), ...steps].entries()) {
            switch (s.kind) {
              case 'enter':
                void player.load(
                  Array.from({ length: s.length }, (_, k) => item(k + 1)),
                  Math.min(s.start, s.length - 1),
                );
                break;
              case 'preload':
                player.preload(item(s.n), 'focus');
                break;
              case 'play':
                void player.play();
                break;
              case 'pause':
                player.pause();
                break;
              case 'toggle':
                void player.toggle();
                break;
              case 'next':
                void player.next();
                break;
              case 'previous':
                void player.previous();
                break;
              case 'stop':
                player.pause();
                player.seek(0);
                break;
              case 'seek':
                player.seek(s.ms);
                break;
              case 'end': {
                // The end of whatever sounds: the fade's outgoing tail first, if there is one.
                const ending = t.elements().find((m) => m.sounding !== null && m !== active()) ?? active();
                if (ending.sounding) ending.end();
                break;
              }
              case 'nearEnd': {
                const media = active();
                if (media.sounding) media.at(200 - s.ms / 1000);
                break;
              }
              case 'netDown':
                net.offline = true;
                break;
              case 'netUp':
                net.offline = false;
                break;
              case 'refuse':
                for (const m of t.elements()) m.refusePlay = true;
                break;
              case 'allow':
                for (const m of t.elements()) m.refusePlay = false;
                break;
              case 'engineError':
                engine.fail(engineError(s.transient ? '1002' : '3016', s.transient, s.critical));
                break;
              case 'buffering':
                engine.buffering(s.on);
                break;
              case 'wait':
                await vi.advanceTimersByTimeAsync(s.ms);
                break;
            }
            await vi.advanceTimersByTimeAsync(0);
            check(`step ${i} ${s.kind}`);
          }

          // A network fault never fails a track: only the broken file, an undecodable one, or the stop.
          for (const e of t.errors) {
            if (e.code === '1001') expect(trackNumber(e.trackId ?? '')).toBe(3);
            else expect(['3016', TOO_MANY_FAILURES], e.message).toContain(e.code);
          }

          for (let k = 1; k < emitted.length; k++) {
            const from = emitted[k - 1]!;
            const to = emitted[k]!;
            expect(Object.values(TRANSITIONS[from]), `${from} -> ${to}`).toContain(to);
          }

          // The network is back and serving data: whatever was pending resolves by itself.
          net.offline = false;
          for (const m of t.elements()) m.refusePlay = false;
          engine.buffering(false);
          await vi.advanceTimersByTimeAsync(3000);
          expect(['loading', 'reconnecting', 'buffering', 'handingOver']).not.toContain(player.state);
          // A fade ends by itself: at the outgoing track's end, or by the wall clock past its planned end.
          await vi.advanceTimersByTimeAsync(10_000);
          expect(player.state).not.toBe('crossfading');
          expect(t.elements().filter((m) => m.sounding !== null).length).toBeLessThanOrEqual(1);
          check('after recovery');

          // And a way out always exists: Enter on a good track plays it.
          void player.load([item(1), item(2)], 1);
          await vi.advanceTimersByTimeAsync(200);
          expect(player.state).toBe('playing');
          expect(trackNumber(active().sounding ?? '')).toBe(2);
          expect(t.elements().filter((m) => m.sounding !== null)).toHaveLength(1);
          await player.destroy();
        },
      ),
      { numRuns: 150 },
    );
    if (crossfadeS) expect(overlapping).toBeGreaterThan(50);
    else expect(overlapping).toBe(0);
    if (crossfadeS === undefined) {
      expect(onSecondDeck).toBe(0);
    } else {
      // About 150–800 and 170–600 in runs of 150 sequences.
      expect(onSecondDeck).toBeGreaterThan(50);
      expect(spareHolding).toBeGreaterThan(50);
    }
  });
});
