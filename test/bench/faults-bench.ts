/**
 * Recovery from network faults in real headless Chromium, through the fault proxy the e2e tests
 * use (test/e2e/support/fault-proxy.ts) in front of a real BFF: for each fault kind the issue
 * names, held for 10 s, how long after the fault ends the audio advances again, against a clean
 * start (Enter → audio advancing) through the same proxy in the same run. Each trial also counts
 * what must never happen meanwhile: a skipped track or a `failed` state.
 */
import { Key } from 'webdriverio';
import { onFirstTrackRow, SEGMENTS, startFaultProxySession, TRACK_START, type FaultKind } from '../e2e/support/fault-proxy';
import { playbackSnapshot } from '../e2e/support/playback-snapshot';
import { applyNetwork, type Network } from './playback-bench';

export const FAULT_MS = 10_000;

export type FaultCase = 'start-503' | 'start-stall' | 'start-drop' | 'next-503' | 'bff-restart';
export const FAULT_CASES: Record<FaultCase, string> = {
  'start-503': 'segment requests answered 503 at a start',
  'start-stall': 'segment requests stalled at a start',
  'start-drop': 'segment responses cut mid-body at a start',
  'next-503': 'playback info and media answered 503 at Next',
  'bff-restart': 'the BFF stopped at Next, then started again',
};

export interface FaultBenchResult {
  network: string;
  /** Enter → audio advancing, no fault. */
  cleanStartMs: number[];
  /** Fault end → audio advancing, per case. */
  recoveryMs: Record<FaultCase, number[]>;
  /** Trials where the queue moved on or the player said `failed` during the fault (must stay 0). */
  skips: Record<FaultCase, number>;
  /** Trials left out: the fault broke no request, or audio still sounded when it ended. */
  missed: Record<FaultCase, number>;
  failedStates: Record<FaultCase, number>;
}

type Page = WebdriverIO.Browser;

/** In-page: resolves with Date.now() once the media clock advances while the app says playing. */
function audioAdvancing(b: Page): Promise<number> {
  return b.executeAsync((done: (at: number) => void) => {
    const h = window.__encore!;
    const from = h.mediaElement.currentTime;
    const tick = () => {
      const m = h.mediaElement;
      if (h.state === 'playing' && !m.paused && m.currentTime > from + 0.05) done(Date.now());
      else setTimeout(tick, 5);
    };
    tick();
  });
}

async function waitUntil(b: Page, what: string, ok: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  await b.waitUntil(ok, { timeout, interval: 50, timeoutMsg: `faults bench: timed out waiting for ${what}` });
}

async function playing(b: Page): Promise<void> {
  await waitUntil(b, 'playing', async () => {
    const s = await playbackSnapshot(b);
    return s.state === 'playing' && s.currentTime > 0.5;
  });
}

/**
 * Watches the fault window: whether the queue left `index`, the player said `failed`, and whether
 * audio was still advancing at its end (then the fault never stopped it: no recovery to time).
 */
async function ride(b: Page, index: number, ms: number): Promise<{ skipped: boolean; failed: boolean; soundingAtEnd: boolean }> {
  const until = Date.now() + ms;
  let skipped = false;
  let failed = false;
  let last = await playbackSnapshot(b);
  let soundingAtEnd = false;
  while (Date.now() < until) {
    await b.pause(250);
    const s = await playbackSnapshot(b);
    skipped ||= s.queueIndex !== index;
    failed ||= s.state === 'failed';
    soundingAtEnd = !s.paused && s.currentTime > last.currentTime;
    last = s;
  }
  return { skipped, failed, soundingAtEnd };
}

export async function benchFaults(dataDir: string, net: Network, trials: number): Promise<FaultBenchResult> {
  const session = await startFaultProxySession(dataDir);
  const { browser: b, proxy } = session;
  const cases = Object.keys(FAULT_CASES) as FaultCase[];
  const result: FaultBenchResult = {
    network: net.name,
    cleanStartMs: [],
    recoveryMs: Object.fromEntries(cases.map((c) => [c, []])) as unknown as Record<FaultCase, number[]>,
    skips: Object.fromEntries(cases.map((c) => [c, 0])) as Record<FaultCase, number>,
    failedStates: Object.fromEntries(cases.map((c) => [c, 0])) as Record<FaultCase, number>,
    missed: Object.fromEntries(cases.map((c) => [c, 0])) as Record<FaultCase, number>,
  };
  try {
    await b.setTimeout({ script: 60_000 });
    await applyNetwork(b, net);
    for (let t = 0; t < trials; t++) {
      await onFirstTrackRow(b, proxy);
      const pressed = Date.now();
      const advancing = audioAdvancing(b);
      await b.keys(Key.Enter);
      result.cleanStartMs.push((await advancing) - pressed);

      for (const c of cases) {
        const atStart = c.startsWith('start-');
        const brokenBefore = proxy.broken.length;
        await onFirstTrackRow(b, proxy, () => {
          if (atStart) proxy.fail(c.slice('start-'.length) as FaultKind, SEGMENTS);
        });
        let index = 0;
        let endFault: () => Promise<void> = async () => proxy.clear();
        if (atStart) {
          await b.keys(Key.Enter);
        } else {
          await b.keys(Key.Enter);
          await playing(b);
          index = 1;
          if (c === 'next-503') proxy.fail('503', TRACK_START);
          else {
            await session.bff.stop();
            endFault = () => session.restartBff();
          }
          await b.keys('n');
          await waitUntil(b, 'the next track', async () => (await playbackSnapshot(b)).queueIndex === 1);
        }
        const watched = await ride(b, index, FAULT_MS);
        if (watched.skipped) result.skips[c]++;
        if (watched.failed) result.failedStates[c]++;
        // A BFF that is down breaks connections, not proxied requests.
        const hit = c === 'bff-restart' || proxy.broken.length > brokenBefore;
        await endFault();
        const ended = Date.now();
        const back = (await audioAdvancing(b)) - ended;
        if (hit && !watched.soundingAtEnd) result.recoveryMs[c].push(back);
        else result.missed[c]++;
      }
    }
  } finally {
    await session.close();
  }
  return result;
}
