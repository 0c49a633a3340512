/**
 * Playback through network faults, in real Chromium against the real BFF, with the app loaded
 * through a fault proxy (support/fault-proxy.ts): segment requests failing with 503, stalling,
 * or cut mid-body for 10 s; the next track's requests failing at a track change; the BFF stopped
 * and restarted. Each: no track skipped, no stuck state, and audio advancing again within 2 s
 * of the fault's end; a screenshot shows what the person sees meanwhile.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import { onFirstTrackRow as firstTrackRow, SEGMENTS, TRACK_START, type FaultKind, type FaultProxy } from './support/fault-proxy';
import { playbackSnapshot, type PlaybackSnapshot as Snapshot } from './support/playback-snapshot';
import { useFaultProxySession } from './support/tv-session';
import { waitForSnapshot } from './support/wait-for';

const FAULT_MS = 10_000;
/** The bar: audio advances again this soon after the fault ends. */
const RESUME_BUDGET_MS = 2_000;

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

describe('playback rides out network faults (real Chromium, real BFF, fault proxy)', () => {
  const session = useFaultProxySession();
  let browser: WebdriverIO.Browser;
  let proxy: FaultProxy;
  beforeAll(() => void ({ browser, proxy } = session));

  const snapshot = (): Promise<Snapshot> => playbackSnapshot(browser);
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForSnapshot(browser, snapshot, { timeout: 20_000, interval: 100 })(what, ok, timeout);
  const onFirstTrackRow = () => firstTrackRow(browser, proxy);

  /**
   * Polls through the fault window and after it: every snapshot must keep `queueIndex` (no skip)
   * and never show `failed`; returns how long after the fault's end the audio advanced again.
   */
  async function rideOut(expectIndex: number, endFault: () => Promise<void>, shot: string): Promise<{ resumeMs: number; during: Set<string> }> {
    const during = new Set<string>();
    const until = Date.now() + FAULT_MS;
    let shotTaken = false;
    while (Date.now() < until) {
      const s = await snapshot();
      during.add(s.state);
      expect(s.queueIndex, 'no skip during the fault').toBe(expectIndex);
      expect(s.state, 'no failed state during the fault').not.toBe('failed');
      if (!shotTaken && Date.now() > until - FAULT_MS / 2) {
        await browser.saveScreenshot(path.join(shots, shot));
        shotTaken = true;
      }
      await browser.pause(200);
    }
    await endFault();
    const ended = Date.now();
    const at = (await snapshot()).currentTime;
    const back = await waitFor('audio advancing again', (s) => !s.paused && s.currentTime > at + 0.1 && s.state === 'playing', 10_000);
    expect(back.queueIndex).toBe(expectIndex);
    return { resumeMs: Date.now() - ended, during };
  }

  const cold: Array<[FaultKind, string]> = [
    ['503', 'segment requests answered 503'],
    ['stall', 'segment requests stalled'],
    ['drop', 'segment responses cut mid-body'],
  ];
  for (const [kind, what] of cold) {
    it(`a start with ${what} for 10 s: no skip, and it plays within 2 s of the fault's end`, async () => {
      await onFirstTrackRow();
      proxy.fail(kind, SEGMENTS);
      const brokenBefore = proxy.broken.length;
      await browser.keys(Key.Enter);
      const { resumeMs, during } = await rideOut(0, async () => proxy.clear(), `fault-${kind}.png`);
      console.info(`[faults] ${kind} at start: resumed ${resumeMs} ms after the fault; states ${[...during].join(', ')}`);
      expect(proxy.broken.length).toBeGreaterThan(brokenBefore);
      if (kind !== 'stall') expect(during).toContain('reconnecting');
      expect(resumeMs).toBeLessThanOrEqual(RESUME_BUDGET_MS);
    });
  }

  it('segment requests failing mid-track: the buffered audio plays on, no skip, no stuck state', async () => {
    await onFirstTrackRow();
    await browser.keys(Key.Enter);
    await waitFor('playing', (s) => s.state === 'playing' && s.currentTime > 0.5);
    proxy.fail('503', SEGMENTS);
    const { resumeMs } = await rideOut(0, async () => proxy.clear(), 'fault-mid-track.png');
    expect(resumeMs).toBeLessThanOrEqual(RESUME_BUDGET_MS);
    // Playing on well past the fault: it reached the next track by its end, not by a skip.
    const s = await snapshot();
    expect(['playing', 'buffering']).toContain(s.state);
  });

  it('the next track’s requests failing at Next: it is shown Reconnecting, then plays', async () => {
    await onFirstTrackRow();
    await browser.keys(Key.Enter);
    const first = await waitFor('playing', (s) => s.state === 'playing' && s.currentTime > 0.5);
    proxy.fail('503', TRACK_START);
    await browser.keys('n');
    const moving = await waitFor('the next track, reconnecting', (s) => s.queueIndex === 1 && s.state === 'reconnecting', 8_000);
    expect(moving.trackId).not.toBe(first.trackId);
    expect(moving.paused, 'the first track is silenced, not left playing under the second').toBe(true);
    const { resumeMs } = await rideOut(1, async () => proxy.clear(), 'fault-next-track.png');
    expect(resumeMs).toBeLessThanOrEqual(RESUME_BUDGET_MS);
  });

  it("Next lets go of the old track's segment still on its way, so it no longer shares the line with the next track's start", async () => {
    await onFirstTrackRow();
    const before = proxy.broken.length;
    // Each track's third segment on is held: track 1 plays with its first two (5 s) buffered
    // while its third waits in the proxy.
    proxy.fail('stall', /\/chunk-\d+-(?!0000[12]\.)\d+\.m4s$/);
    await browser.keys(Key.Enter);
    await waitFor('playing', (s) => s.state === 'playing');
    await browser.waitUntil(() => proxy.broken.length > before, { timeout: 5_000, timeoutMsg: "track 1's third segment never asked for" });
    const inFlight = proxy.broken[before]!;
    const folder = inFlight.slice(0, inFlight.lastIndexOf('/') + 1);
    // The second deck is made 500 ms after the first play plays.
    await browser.pause(800);
    expect(proxy.abandoned).not.toContain(inFlight);
    // The next track's start is held too: nothing plays, so the old deck is not tidied away
    // (which would abort its requests anyway); only the start's own swap can let go, at once
    // (Shaka's own connection timeout would end the held request 5 s after it began).
    proxy.fail('stall', SEGMENTS);
    await browser.keys('n');
    await browser.waitUntil(() => proxy.abandoned.includes(inFlight), { timeout: 1_500, timeoutMsg: `${inFlight} still held 1.5 s after Next` });
    // Paused with audio buffered, the old deck asks for nothing more.
    await browser.pause(1_000);
    expect(proxy.broken.slice(before + 1).filter((p) => p.startsWith(folder))).toEqual([]);
    expect((await snapshot()).state).not.toBe('playing');
    proxy.clear();
    await waitFor('the next track plays', (s) => s.queueIndex === 1 && s.state === 'playing' && !s.paused);
  });

  it('the BFF stopped and restarted: no skip, and playback goes on once it answers', async () => {
    await onFirstTrackRow();
    await browser.keys(Key.Enter);
    await waitFor('playing', (s) => s.state === 'playing' && s.currentTime > 0.5);
    await session.bff.stop();
    await browser.keys('n');
    await waitFor('the next track, reconnecting', (s) => s.queueIndex === 1 && s.state === 'reconnecting', 8_000);
    const { resumeMs } = await rideOut(1, () => session.restartBff(), 'fault-bff-restart.png');
    expect(resumeMs).toBeLessThanOrEqual(RESUME_BUDGET_MS);
  });
});
