/**
 * One ffmpeg decode per track does everything: loudness analysis and the DASH ladder hang off one
 * `asplit`, so the source is decoded and resampled once. The progressive fallback is a remux of
 * one rung, not another encode: ffmpeg 5.1's native AAC encoder is the bottleneck (≈0.7–0.9 CPU s
 * per 100 s of audio per rung on a Xeon core; the decode is ≈0.1 s).
 *
 * Two ladders (LADDERS): music gets stereo 96/160/320 kbps; long-form speech (podcasts,
 * audiobooks, ingest/classify-long-form.ts) gets mono 32/64 kbps, about a tenth of the encoder CPU
 * (600 s of the demo show's audio: 6.6 vs 68.5 CPU s of ffmpeg, `npm run bench -- longform`,
 * same run), which is what lets a fresh install build the demo show's 45 minutes by default.
 * Both are AAC-LC at 44.1 kHz: every
 * profile's MSE probe already answers for `mp4a.40.2` (mono is the same codec string), and one
 * sample rate for the catalogue keeps TV pipelines from reinitialising their decoder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { parseFile } from 'music-metadata';
import { EncoderPadding, Rendition } from '../protocol';
import { PackagingError, readDashPackaging, regroupSegments, rungSegments, withSegmentTimeline } from './dash-packaging';
import { MANIFEST_FILE, PROGRESSIVE_FILE } from '../config/encore-config';

/**
 * ffmpeg processes still running. A process that exits through process.exit (the BFF on SIGTERM
 * while it transcodes the demo library at first start) kills them on its way out, so no orphan
 * keeps a core busy writing into a .tmp dir nobody will commit. (Ctrl-C reaches them anyway: the
 * terminal signals the whole process group.)
 */
const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * Bump when the ladder or encoding changes. Folders of an older version still readable
 * (READABLE_PIPELINE_VERSIONS) are kept: version 1 differs only in its 4 s first segment, which
 * starts a little slower but plays, and redoing a whole library is hours of CPU on a small box.
 */
export const PIPELINE_VERSION = 2;
const READABLE_PIPELINE_VERSIONS: readonly number[] = [1, PIPELINE_VERSION];
export const ANALYSIS_FILE = 'analysis.json';
export const AAC_LC = 'mp4a.40.2';

export type LadderKind = 'music' | 'spoken';

export interface Ladder {
  readonly channelLayout: 'stereo' | 'mono';
  readonly bitrates: readonly number[];
  /** The rung remuxed into progressive.m4a (devices without MSE). */
  readonly progressiveBitrate: number;
}

export const LADDERS: Readonly<Record<LadderKind, Ladder>> = {
  music: { channelLayout: 'stereo', bitrates: [96_000, 160_000, 320_000], progressiveBitrate: 160_000 },
  // Speech at 64 kbps mono AAC-LC is transparent enough on TV speakers; 32 kbps keeps a weak
  // connection playing (ABR steps down instead of stalling).
  spoken: { channelLayout: 'mono', bitrates: [32_000, 64_000], progressiveBitrate: 64_000 },
};
export const SEGMENT_SECONDS = 4;
/** The first segment's length: what a start fetches before its first sound (dash-packaging.ts). */
export const FIRST_SEGMENT_SECONDS = 1;
/**
 * One rate for the whole catalogue: a sample-rate change between queued tracks makes several TV
 * MSE pipelines (webOS, Tizen) reinitialise the decoder, which is audible as a gap.
 */
export const OUTPUT_SAMPLE_RATE = 44_100;
/** Shorter than this after decoding means nothing playable came out. */
const MIN_DURATION_MS = 100;
/** ebur128 reports digital silence as -inf; JSON (and the protocol) need a finite number. */
const FLOOR_DB = -120;

/** What a transcode learns about a track; also stored as analysis.json beside its media. */
const AnalysisFile = Type.Object({
  version: Type.Integer(),
  durationMs: Type.Integer({ minimum: 0 }),
  integratedLufs: Type.Number(),
  truePeakDbtp: Type.Number(),
  ladder: Type.Array(Rendition, { minItems: 1 }),
  /** Added after version 1 shipped: absent in older folders, read from their segments then. */
  packaging: Type.Optional(EncoderPadding),
});
type AnalysisFile = Static<typeof AnalysisFile>;
/** A stored record read back from disk is an edge like any other: checked before it is trusted. */
const checkAnalysis = TypeCompiler.Compile(AnalysisFile);

export type TrackMedia = Omit<AnalysisFile, 'version' | 'packaging'> & { packaging: EncoderPadding | null };

export interface TranscodeResult {
  media: TrackMedia;
  /** CPU seconds ffmpeg spent (user + system), from -benchmark: throughput that ignores load. */
  cpuSeconds: number;
}

export class TranscodeError extends Error {}

export interface TranscodeOptions {
  /** Kill ffmpeg after this long; a wedged decoder must not stall the pool forever. */
  timeoutMs?: number;
  /** Which ladder to encode; default music. */
  ladder?: LadderKind;
}

/** The renditions a ladder produces, as stored with the track and sent to players. */
export function ladderRenditions(kind: LadderKind): Rendition[] {
  return LADDERS[kind].bitrates.map((bitrate) => ({ codec: AAC_LC, bitrate }));
}

/** Whether stored renditions are the ones `kind` produces (a file reclassified needs a new encode). */
export function isLadder(renditions: readonly Rendition[], kind: LadderKind): boolean {
  const wanted = ladderRenditions(kind);
  return renditions.length === wanted.length && renditions.every((r, i) => r.codec === wanted[i]!.codec && r.bitrate === wanted[i]!.bitrate);
}

function parseDb(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (/^-inf$/i.test(text)) return FLOOR_DB;
  const n = Number(text);
  return Number.isFinite(n) ? Math.max(FLOOR_DB, n) : null;
}

/** ffmpeg's log lines, minus the "[aac @ 0x55…] [error] " prefix, for human-readable reasons. */
const cleanLogLine = (line: string) =>
  line.replace(/^(\[[^\]]+\]\s*)+/, '').trim();

export class TrackTranscoder {
  constructor(private readonly ffmpegPath: string) {}

  /**
   * Reads what a previous run left in a media folder; null if absent, stale, unreadable or of
   * another ladder than `kind` (the same bytes moved into or out of Podcasts/).
   */
  static async readAnalysis(dir: string, kind: LadderKind = 'music'): Promise<TrackMedia | null> {
    try {
      const raw: unknown = JSON.parse(await fsp.readFile(path.join(dir, ANALYSIS_FILE), 'utf8'));
      if (!checkAnalysis.Check(raw) || !READABLE_PIPELINE_VERSIONS.includes(raw.version) || !isLadder(raw.ladder, kind)) return null;
      const { durationMs, integratedLufs, truePeakDbtp, ladder } = raw;
      await fsp.access(path.join(dir, MANIFEST_FILE));
      await fsp.access(path.join(dir, PROGRESSIVE_FILE));
      const packaging = raw.packaging ?? (await readDashPackaging(dir, 0).catch(() => null));
      return { durationMs, integratedLufs, truePeakDbtp, ladder, packaging };
    } catch {
      return null;
    }
  }

  /** Writes manifest.mpd + segments, progressive.m4a and analysis.json into `outDir`. */
  async transcode(input: string, outDir: string, options: TranscodeOptions = {}): Promise<TranscodeResult> {
    const kind = options.ladder ?? 'music';
    const ladder = LADDERS[kind];
    const split = ladder.bitrates.map((_, i) => `[r${i}]`).join('');
    const graph =
      `[0:a:0]aresample=${OUTPUT_SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=${ladder.channelLayout},` +
      `asplit=${ladder.bitrates.length + 1}[m]${split};` +
      // framelog=verbose keeps the 10 Hz per-frame log out of the info level we parse.
      `[m]ebur128=peak=true:framelog=verbose[mo]`;
    const args = [
      '-hide_banner', '-nostdin', '-nostats', '-benchmark', '-loglevel', 'level+info', '-y',
      '-i', input,
      '-filter_complex', graph,
      '-map', '[mo]', '-f', 'null', '-',
      ...ladder.bitrates.flatMap((_, i) => ['-map', `[r${i}]`]),
      '-map_metadata', '-1', '-map_chapters', '-1',
      // The fast coder is ~2-4x quicker than twoloop; at ≥96 kbps stereo the difference is not
      // what limits quality on TV speakers. For the mono speech ladder twoloop cost 1.7× the CPU
      // (5.5 vs 3.3 s for 300 s) for a difference speech on TV speakers does not show.
      '-c:a', 'aac', '-aac_coder', 'fast',
      ...ladder.bitrates.flatMap((b, i) => [`-b:a:${i}`, String(b)]),
      '-f', 'dash',
      '-adaptation_sets', 'id=0,streams=a',
      // Cut short; regroupSegments joins all but the first into SEGMENT_SECONDS segments.
      '-seg_duration', String(FIRST_SEGMENT_SECONDS),
      '-use_template', '1',
      '-use_timeline', '0',
      '-init_seg_name', 'init-$RepresentationID$.m4s',
      '-media_seg_name', 'chunk-$RepresentationID$-$Number%05d$.m4s',
      path.join(outDir, MANIFEST_FILE),
    ];
    const log = await this.run(args, options.timeoutMs);
    const summary = log.summary.join('\n');
    const integratedLufs = parseDb(/I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(summary)?.[1]);
    const truePeakDbtp = parseDb(/Peak:\s+(-?[\d.]+|-inf)\s+dBFS/.exec(summary)?.[1]);
    if (integratedLufs === null || truePeakDbtp === null) {
      throw new TranscodeError('ffmpeg printed no loudness summary (no audio decoded?)');
    }
    await this.regroup(outDir, ladder.bitrates.length);

    const rung = ladder.bitrates.indexOf(ladder.progressiveBitrate);
    await this.remuxProgressive(outDir, rung, options.timeoutMs);
    const meta = await parseFile(path.join(outDir, PROGRESSIVE_FILE), { duration: true });
    const durationMs = Math.round((meta.format.duration ?? 0) * 1000);
    if (durationMs < MIN_DURATION_MS) throw new TranscodeError('no decodable audio');

    // Unreadable packaging costs the gapless join, not the track.
    const packaging = await readDashPackaging(outDir, 0).catch(() => null);
    const media: TrackMedia = {
      durationMs,
      integratedLufs,
      truePeakDbtp,
      ladder: ladderRenditions(kind),
      packaging,
    };
    const { packaging: _p, ...rest } = media;
    const analysis: AnalysisFile = { version: PIPELINE_VERSION, ...rest, ...(packaging ? { packaging } : {}) };
    await fsp.writeFile(path.join(outDir, ANALYSIS_FILE), `${JSON.stringify(analysis)}\n`);
    return { media, cpuSeconds: log.cpuSeconds };
  }

  /** ffmpeg's 1 s cuts → a short first segment, then long ones, and the manifest to match. */
  private async regroup(outDir: string, rungs: number): Promise<void> {
    try {
      const layout = await regroupSegments(outDir, rungs, FIRST_SEGMENT_SECONDS, SEGMENT_SECONDS / FIRST_SEGMENT_SECONDS);
      const manifestPath = path.join(outDir, MANIFEST_FILE);
      await fsp.writeFile(manifestPath, withSegmentTimeline(await fsp.readFile(manifestPath, 'utf8'), layout));
    } catch (e) {
      if (e instanceof PackagingError) throw new TranscodeError(`DASH segments as ffmpeg wrote them: ${e.message}`);
      throw e;
    }
  }

  /** The DASH rung's init + segments form a fragmented MP4; faststart makes it a plain one. */
  private async remuxProgressive(outDir: string, rung: number, timeoutMs?: number): Promise<void> {
    const names = rungSegments(await fsp.readdir(outDir), rung);
    const fragmented = path.join(outDir, 'progressive.frag.mp4');
    const out = fs.createWriteStream(fragmented);
    await pipeline(async function* () {
      for (const name of [`init-${rung}.m4s`, ...names]) {
        yield await fsp.readFile(path.join(outDir, name));
      }
    }, out);
    await this.run(
      [
        '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'level+error', '-y',
        '-i', fragmented,
        '-map', '0:a', '-c', 'copy', '-map_metadata', '-1', '-movflags', '+faststart',
        path.join(outDir, PROGRESSIVE_FILE),
      ],
      timeoutMs,
    );
    await fsp.rm(fragmented);
  }

  private run(args: string[], timeoutMs = 30 * 60_000): Promise<{ summary: string[]; cpuSeconds: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      liveChildren.add(child);
      const errors: string[] = [];
      let summary: string[] = [];
      let inSummary = false;
      let cpuSeconds = 0;
      let pending = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const onLine = (line: string) => {
        const bench = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(line);
        if (bench) cpuSeconds = Number(bench[1]) + Number(bench[2]);
        if (line.includes('Summary:')) {
          inSummary = true;
          summary = [];
        } else if (inSummary) {
          summary.push(line);
        }
        if (/\[(error|fatal|panic)\]/.test(line)) {
          errors.push(cleanLogLine(line));
          if (errors.length > 20) errors.shift();
        }
      };
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        const lines = (pending + chunk).split(/\r?\n/);
        pending = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new TranscodeError(`cannot run ffmpeg (${this.ffmpegPath}): ${err.message}`));
      });
      child.on('close', (code, signal) => {
        liveChildren.delete(child);
        clearTimeout(timer);
        if (pending) onLine(pending);
        if (code === 0) return resolve({ summary, cpuSeconds });
        const reason = [...new Set(errors.filter(Boolean))].slice(-3).join('; ');
        const how = signal ? `killed by ${signal}` : `exit code ${code}`;
        reject(new TranscodeError(reason ? `${reason} (ffmpeg ${how})` : `ffmpeg ${how}`));
      });
    });
  }
}
