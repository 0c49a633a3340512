/**
 * `npm run bench -- gapless`: the gap at each track change of the continuous demo album, heard
 * on the app's rendered audio (test/e2e/support/audio-probe.ts), for the gapless join (browser
 * profile: 'edit-list') against today's stop-load-start ('reload': the androidtv profile, the
 * same Chromium and Web Audio routing) in the same run, passes alternating so box load hits both.
 * A pass plays from track 1 into track 4: three changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBff } from '../e2e/support/bff';
import { freePort, launchBrowser } from '../e2e/support/browser';
import { gapsAtBoundaries, readProbe, type BoundaryGap } from '../e2e/support/audio-probe';
import { buildContinuousLibrary, playAlbumFrom, trackSeconds, waiterFor } from '../e2e/support/continuous-album';
import { ensureTestBuild } from '../e2e/support/test-build';

/** Tracks of ~8.6, 7.1, 8.6 and 7.7 s. */
const PIECE_SECONDS = 32;

export interface GaplessBench {
  joined: BoundaryGap[];
  reloaded: BoundaryGap[];
}

export async function benchGapless(passes: number): Promise<GaplessBench> {
  ensureTestBuild();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-gapless-'));
  await buildContinuousLibrary(dataDir, PIECE_SECONDS);
  const bff = await startBff({ dataDir, port: await freePort() });
  const launched = await launchBrowser();
  const { browser } = launched;
  const out: GaplessBench = { joined: [], reloaded: [] };
  try {
    const lengths = await trackSeconds(bff.url);
    const waitFor = waiterFor(browser);
    for (let pass = 0; pass < passes; pass++) {
      for (const [device, into] of [[undefined, out.joined], ['androidtv', out.reloaded]] as const) {
        await playAlbumFrom(browser, bff.url, 0, device);
        await waitFor('three track changes, 1.8 s into track 4', (s) => s.queueIndex === 3 && s.positionMs > 1800 && s.currentTime > 1.8, 60_000);
        into.push(...gapsAtBoundaries(await readProbe(browser), lengths));
      }
    }
  } finally {
    await launched.close();
    await bff.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}
