/**
 * What the spoken-word ladder buys a fresh install (`npm run bench -- longform`), all in one run:
 * 1. the demo seed on an empty data dir without the show (the old default) and with it (the new
 *    default), wall seconds and their ratio;
 * 2. the show's two episodes (cut to a few minutes) transcoded once with each ladder, two at a
 *    time as the seed does: wall and ffmpeg CPU seconds, spoken against music.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveConfig } from '../../src/config/encore-config';
import { ensureDemoLibrary } from '../../src/ingest/demo/ensure-demo-library';
import { writeDemoShow } from '../../src/ingest/demo/demo-show';
import { resolveFfmpegPath } from '../../src/ingest/ffmpeg-binary';
import { runBounded } from '../../src/ingest/run-bounded';
import { TrackTranscoder, type LadderKind } from '../../src/ingest/track-transcoder';

export interface SeedTiming {
  withoutShowS: number;
  withShowS: number;
}

export interface LadderTiming {
  ladder: LadderKind;
  wallS: number;
  cpuS: number;
  audioS: number;
}

async function timedSeed(show: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-seed-'));
  try {
    const r = await ensureDemoLibrary(resolveConfig({ ENCORE_DATA_DIR: dir }), { show, progress: false });
    return r.wallSeconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSeeds(): Promise<SeedTiming> {
  const withoutShowS = await timedSeed(false);
  const withShowS = await timedSeed(true);
  return { withoutShowS, withShowS };
}

/**
 * `seconds`: each episode cut to this length. Encoder time is linear in the audio's length, and
 * the music ladder on the full 45 minutes outran a 30-minute ffmpeg timeout on a box at load 20.
 */
export async function benchLadders(seconds: number, concurrency = 2): Promise<LadderTiming[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-ladder-'));
  try {
    const ffmpeg = resolveFfmpegPath();
    const files = await writeDemoShow(ffmpeg, dir, seconds);
    const transcoder = new TrackTranscoder(ffmpeg);
    const rows: LadderTiming[] = [];
    for (const ladder of ['spoken', 'music'] as const) {
      let cpuS = 0;
      let audioS = 0;
      const started = performance.now();
      await runBounded(files, concurrency, async (file, i) => {
        const out = path.join(dir, `${ladder}-${i}`);
        await fs.mkdir(out);
        const r = await transcoder.transcode(file, out, { ladder });
        cpuS += r.cpuSeconds;
        audioS += r.media.durationMs / 1000;
      });
      rows.push({ ladder, wallS: (performance.now() - started) / 1000, cpuS, audioS });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
