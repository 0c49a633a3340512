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
import fc from 'fast-check';
import { AAC_FRAME_SAMPLES, readDashPackaging, readInitSegment, PackagingError, segmentTimeline, topLevelBoxes, withSegmentTimeline, type SegmentLayout } from '../../src/ingest/dash-packaging';
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

  it('joins the 1 s cuts after the first into one segment: one styp, no sidx, a fragment per cut', () => {
    // The pieces are 2–3 s long: segment 2 holds all their later cuts (ingest.test.ts: 4 in a 9 s track).
    for (const dir of dirs) {
      const types = (name: string) => topLevelBoxes(fs.readFileSync(path.join(dir, name))).map((b) => b.type);
      expect(types('chunk-2-00001.m4s')).toEqual(['styp', 'moof', 'mdat']);
      const second = types('chunk-2-00002.m4s');
      expect(second[0]).toBe('styp');
      expect(second.slice(1).join(',')).toMatch(/^moof,mdat(,moof,mdat){0,3}$/);
      expect(fs.existsSync(path.join(dir, 'chunk-2-00003.m4s'))).toBe(false);
    }
  });

  it('keeps reading folders of pipeline version 1 (4 s first segment) and redoes unknown versions', async () => {
    const dir = dirs[2]!;
    const file = path.join(dir, ANALYSIS_FILE);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    try {
      fs.writeFileSync(file, JSON.stringify({ ...stored, version: 1 }));
      expect(await TrackTranscoder.readAnalysis(dir)).toMatchObject({ packaging: media[2]!.packaging });
      fs.writeFileSync(file, JSON.stringify({ ...stored, version: 99 }));
      expect(await TrackTranscoder.readAnalysis(dir)).toBeNull();
    } finally {
      fs.writeFileSync(file, JSON.stringify(stored));
    }
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

describe('SegmentTimeline of a short first segment, then long ones', () => {
  const layout = (segments: number, totalDuration: number): SegmentLayout =>
    ({ timescale: 44_100, firstDuration: 44_100, groupDuration: 176_400, totalDuration, segments });
  /** The timeline's segment durations, each S spelled out r more times. */
  const expand = (xml: string) => [...xml.matchAll(/<S (?:t="0" )?d="(\d+)"(?: r="(\d+)")?\/>/g)]
    .flatMap((m) => Array<number>(1 + Number(m[2] ?? 0)).fill(Number(m[1])));

  it('states every segment once, the first short, the last the remainder, summing to the whole track', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 176_400 }), (segments, remainder) => {
      const first = 44_100;
      const total = segments === 1 ? Math.min(remainder, first) : first + (segments - 2) * 176_400 + remainder;
      const durations = expand(segmentTimeline(layout(segments, total)));
      expect(durations).toHaveLength(segments);
      expect(durations.reduce((a, b) => a + b)).toBe(total);
      if (segments > 1) expect(durations[0]).toBe(first);
      expect(durations.slice(1, -1).every((d) => d === 176_400)).toBe(true);
    }));
  });

  it("replaces ffmpeg's fixed-duration templates (closed or not) and refuses a manifest without one", () => {
    const tpl = '<SegmentTemplate timescale="1000000" duration="1000000" initialization="init-$RepresentationID$.m4s" media="c-$Number%05d$.m4s" startNumber="1">';
    const mpd = `<MPD maxSegmentDuration="PT1.0S"><Representation id="0">${tpl}\n</SegmentTemplate></Representation><Representation id="1">${tpl.replace('>', '/>')}</Representation></MPD>`;
    const out = withSegmentTimeline(mpd, layout(3, 44_100 + 176_400 + 10));
    expect(out).toBe('<MPD maxSegmentDuration="PT4.0S">' + ['0', '1'].map((id) => `<Representation id="${id}"><SegmentTemplate timescale="44100" initialization="init-$RepresentationID$.m4s" media="c-$Number%05d$.m4s" startNumber="1"><SegmentTimeline><S t="0" d="44100"/><S d="176400"/><S d="10"/></SegmentTimeline></SegmentTemplate></Representation>`).join('') + '</MPD>');
    expect(() => withSegmentTimeline('<MPD><SegmentBase/></MPD>', layout(1, 10))).toThrow(PackagingError);
  });
});
