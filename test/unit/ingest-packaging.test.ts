/**
 * Priming and padding round-trip: the continuous demo album's tracks, cut at known sample
 * positions, go through the real transcoder (ffmpeg 5.1 DASH), and what the packaging reader
 * records must give back exactly the source's sample count, the encoder's 1024-sample priming
 * and the padding that fills the last frame; the tags say gapless, and the store keeps it all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AAC_FRAME_SAMPLES, readDashPackaging, readInitSegment, PackagingError } from '../../src/ingest/dash-packaging';
import { CONTINUOUS_ALBUM, cutPoints, writeContinuousAlbum } from '../../src/ingest/demo/demo-continuous';
import { DEMO_SAMPLE_RATE } from '../../src/ingest/demo/synthesize-track';
import { resolveFfmpegPath } from '../../src/ingest/ffmpeg-binary';
import { readTrackTags } from '../../src/ingest/read-track-tags';
import { ANALYSIS_FILE, TrackTranscoder, type TrackMedia } from '../../src/ingest/track-transcoder';

const PIECE_SECONDS = 9;

describe('DASH packaging: priming and padding recorded per track', () => {
  let tmp: string;
  let files: string[];
  const media: TrackMedia[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-packaging-'));
    const ffmpeg = resolveFfmpegPath();
    files = await writeContinuousAlbum(ffmpeg, path.join(tmp, 'src'), PIECE_SECONDS);
    const transcoder = new TrackTranscoder(ffmpeg);
    for (const [i, file] of files.entries()) {
      const dir = path.join(tmp, `out-${i}`);
      fs.mkdirSync(dir);
      dirs.push(dir);
      media.push((await transcoder.transcode(file, dir)).media);
    }
  }, 120_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('cuts the piece off AAC frame boundaries, and the sources hold exactly those samples', async () => {
    const ends = cutPoints(Math.round(PIECE_SECONDS * DEMO_SAMPLE_RATE));
    const lengths = ends.map((end, i) => end - (i === 0 ? 0 : ends[i - 1]!));
    expect(lengths.every((n) => n % AAC_FRAME_SAMPLES !== 0)).toBe(true);
    for (const [i, file] of files.entries()) {
      const meta = await parseFile(file);
      expect(Math.round((meta.format.duration ?? 0) * DEMO_SAMPLE_RATE)).toBe(lengths[i]);
    }
  });

  it('records 1024 samples of priming, the source length and the last frame padding', () => {
    const ends = cutPoints(Math.round(PIECE_SECONDS * DEMO_SAMPLE_RATE));
    for (const [i, m] of media.entries()) {
      const samples = ends[i]! - (i === 0 ? 0 : ends[i - 1]!);
      const frames = Math.ceil((samples + 1024) / AAC_FRAME_SAMPLES);
      expect(m.packaging).toEqual({
        sampleRate: 44_100,
        primingSamples: 1024,
        samples,
        paddingSamples: frames * AAC_FRAME_SAMPLES - 1024 - samples,
      });
    }
  });

  it('writes it to analysis.json, and reads it back from the segments of a folder that lacks it', async () => {
    const dir = dirs[1]!;
    const stored = JSON.parse(fs.readFileSync(path.join(dir, ANALYSIS_FILE), 'utf8')) as { packaging: unknown };
    expect(stored.packaging).toEqual(media[1]!.packaging);
    expect((await TrackTranscoder.readAnalysis(dir))?.packaging).toEqual(media[1]!.packaging);
    // A folder written before packaging was recorded: the segments still tell.
    const { packaging: _gone, ...older } = stored as Record<string, unknown>;
    fs.writeFileSync(path.join(dir, ANALYSIS_FILE), JSON.stringify(older));
    expect((await TrackTranscoder.readAnalysis(dir))?.packaging).toEqual(media[1]!.packaging);
    expect(await readDashPackaging(dir, 2)).toEqual(media[1]!.packaging);
  });

  it('refuses a truncated init segment with a clear error', () => {
    const init = fs.readFileSync(path.join(dirs[0]!, 'init-0.m4s'));
    expect(() => readInitSegment(init.subarray(0, init.length - 10))).toThrow(PackagingError);
    expect(() => readInitSegment(init.subarray(0, init.length - 10))).toThrow(/truncated/);
  });

  it('tags the tracks gapless, in album order', async () => {
    for (const [i, file] of files.entries()) {
      const tags = await readTrackTags(file, path.join(tmp, 'src'));
      expect(tags).toMatchObject({ gapless: true, album: CONTINUOUS_ALBUM.title, number: i + 1, title: CONTINUOUS_ALBUM.tracks[i] });
    }
  });
});
