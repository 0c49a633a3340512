/**
 * What ffmpeg's DASH packaging put around a track's audio, read back from the fragments it wrote,
 * so a gapless player can join tracks sample-close (PlaybackStart.packaging):
 *
 * - priming: AAC encoders emit a frame of delay before the first source sample (1024 samples
 *   for ffmpeg's encoder, 2112 for Apple's). ffmpeg records it as the init segment's edit list
 *   (`elst` media_time), not in the segments' timestamps (tfdt starts at 0).
 * - end padding: the last AAC frame is whole (1024 samples) but ffmpeg gives its `trun` entry
 *   only the duration that holds source samples; the rest is padding.
 *
 * So `samples` = Σ trun durations − priming, and `padding` = frames × 1024 − Σ durations.
 * The boxes are read directly (ISO/IEC 14496-12 §8.6.6 elst, §8.8.8 trun, §8.8.7 tfhd): a few
 * hundred bytes per segment, no second decode.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { EncoderPadding } from '../protocol';

/** Samples per AAC-LC frame (ISO/IEC 14496-3). */
export const AAC_FRAME_SAMPLES = 1024;

export class PackagingError extends Error {}

interface Box {
  type: string;
  body: Buffer;
}

/** Boxes that only hold other boxes, on the way to the ones read here. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'edts', 'moof', 'traf', 'mvex']);

/** The boxes side by side in buf[start, end): each one's type, where it starts, its body and its end. */
function* siblingBoxes(buf: Buffer, start = 0, end = buf.length): Generator<{ type: string; start: number; bodyStart: number; end: number }> {
  let off = start;
  while (off + 8 <= end) {
    let size = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    let header = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(off + 8));
      header = 16;
    } else if (size === 0) {
      size = end - off;
    }
    if (size < header || off + size > end) throw new PackagingError(`truncated ${type} box at byte ${off}`);
    yield { type, start: off, bodyStart: off + header, end: off + size };
    off += size;
  }
}

function* boxes(buf: Buffer, start = 0, end = buf.length): Generator<Box> {
  for (const box of siblingBoxes(buf, start, end)) {
    if (CONTAINERS.has(box.type)) yield* boxes(buf, box.bodyStart, box.end);
    else yield { type: box.type, body: buf.subarray(box.bodyStart, box.end) };
  }
}

/** Priming (elst media_time) and timescale (mdhd) from an init segment. */
export function readInitSegment(buf: Buffer): { timescale: number; primingSamples: number } {
  let timescale = 0;
  let primingSamples = 0;
  for (const box of boxes(buf)) {
    const version = box.body[0];
    if (box.type === 'mdhd') timescale = version === 1 ? box.body.readUInt32BE(20) : box.body.readUInt32BE(12);
    if (box.type === 'elst' && box.body.readUInt32BE(4) > 0) {
      // First entry: segment_duration then media_time (64-bit in version 1).
      const mediaTime = version === 1 ? Number(box.body.readBigInt64BE(16)) : box.body.readInt32BE(12);
      primingSamples = Math.max(0, mediaTime);
    }
  }
  if (timescale <= 0) throw new PackagingError('init segment has no media timescale (mdhd)');
  return { timescale, primingSamples };
}

/** Frames and the sum of their durations (in the track's timescale) in one media segment. */
export function readMediaSegment(buf: Buffer): { frames: number; duration: number } {
  let defaultDuration = 0;
  let frames = 0;
  let duration = 0;
  for (const box of boxes(buf)) {
    const flags = box.body.readUIntBE(1, 3);
    if (box.type === 'tfhd') {
      let off = 8; // version/flags + track_ID
      if (flags & 0x01) off += 8; // base_data_offset
      if (flags & 0x02) off += 4; // sample_description_index
      if (flags & 0x08) defaultDuration = box.body.readUInt32BE(off);
    }
    if (box.type === 'trun') {
      const count = box.body.readUInt32BE(4);
      let off = 8;
      if (flags & 0x01) off += 4; // data_offset
      if (flags & 0x04) off += 4; // first_sample_flags
      const stride = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4;
      for (let i = 0; i < count; i++) {
        duration += flags & 0x100 ? box.body.readUInt32BE(off + i * stride) : defaultDuration;
      }
      frames += count;
    }
  }
  return { frames, duration };
}

/**
 * Rung `rung`'s media segments (`chunk-<rung>-NNNNN.m4s`) among `names`, in playing order: by
 * number, as ffmpeg's five digits run out past segment 99,999 (a day-long audiobook).
 */
export function rungSegments(names: readonly string[], rung: number): string[] {
  const pattern = new RegExp(`^chunk-${rung}-(\\d+)\\.m4s$`);
  return names
    .map((name) => ({ name, n: Number(pattern.exec(name)?.[1] ?? NaN) }))
    .filter((x) => Number.isFinite(x.n))
    .sort((a, b) => a.n - b.n)
    .map((x) => x.name);
}

/**
 * Reads rung `rung`'s init segment and media segments (`chunk-<rung>-NNNNN.m4s`) in `dir`. Every
 * rung comes from the same encoder settings, so one rung speaks for all of them.
 */
export async function readDashPackaging(dir: string, rung: number): Promise<EncoderPadding> {
  const init = readInitSegment(await fsp.readFile(path.join(dir, `init-${rung}.m4s`)));
  const names = rungSegments(await fsp.readdir(dir), rung);
  if (names.length === 0) throw new PackagingError(`no media segments for rung ${rung}`);
  let frames = 0;
  let duration = 0;
  for (const name of names) {
    const seg = readMediaSegment(await fsp.readFile(path.join(dir, name)));
    frames += seg.frames;
    duration += seg.duration;
  }
  const samples = duration - init.primingSamples;
  const paddingSamples = frames * AAC_FRAME_SAMPLES - duration;
  if (samples <= 0 || paddingSamples < 0 || paddingSamples >= AAC_FRAME_SAMPLES) {
    throw new PackagingError(`unexpected packaging: ${frames} frames, ${duration} samples, priming ${init.primingSamples}`);
  }
  return { sampleRate: init.timescale, primingSamples: init.primingSamples, samples, paddingSamples };
}

/** A media segment's top-level boxes, whole (header included). */
export function topLevelBoxes(buf: Buffer): Array<{ type: string; bytes: Buffer }> {
  return [...siblingBoxes(buf)].map((box) => ({ type: box.type, bytes: buf.subarray(box.start, box.end) }));
}

/** Where the segments of every rung begin and end, in the track's timescale. */
export interface SegmentLayout {
  timescale: number;
  /** Nominal length of the first segment and of every later one but the last. */
  firstDuration: number;
  groupDuration: number;
  /** Σ sample durations of a rung (priming included: the timeline is media time). */
  totalDuration: number;
  segments: number;
}

const chunkName = (rung: number, n: number) => `chunk-${rung}-${String(n).padStart(5, '0')}.m4s`;

/**
 * A start fetches one whole media segment before its first sound, so the first segment is short
 * (1 s: ~40 KB at 320 kbps against ~160 KB for 4 s, about 50 ms less on a 20 Mbit/s link) and the
 * rest stay long (few requests while playing). ffmpeg's DASH muxer cuts every segment alike, so
 * it writes `chunkSeconds` segments and this joins every `perGroup` after the first into one
 * segment of several fragments (moof+mdat pairs; an MSE append takes any number). Only the
 * first part's `styp` is kept; `sidx` boxes go, as each indexed only its own fragment.
 *
 * ffmpeg starts chunk k at the first frame at or after (k − 1) × chunkSeconds, so every segment
 * starts within one AAC frame of its nominal time, which the manifest's SegmentTimeline states
 * (as the fixed-duration template did before). Checked here rather than trusted.
 */
export async function regroupSegments(dir: string, rungs: number, chunkSeconds: number, perGroup: number): Promise<SegmentLayout> {
  const { timescale } = readInitSegment(await fsp.readFile(path.join(dir, 'init-0.m4s')));
  const firstDuration = Math.round(chunkSeconds * timescale);
  const groupDuration = firstDuration * perGroup;
  let layout: SegmentLayout | null = null;
  const listing = await fsp.readdir(dir);
  for (let rung = 0; rung < rungs; rung++) {
    const names = rungSegments(listing, rung);
    if (names.length === 0) throw new PackagingError(`no media segments for rung ${rung}`);
    const groups = [names.slice(0, 1)];
    for (let i = 1; i < names.length; i += perGroup) groups.push(names.slice(i, i + perGroup));
    let start = 0;
    // Each joined segment is written as it is made (a rung of a long audiobook is hundreds of
    // MB), under a name of its own until every cut is read.
    const joinedName = (g: number) => `joined-${rung}-${g + 1}.m4s`;
    for (const [g, group] of groups.entries()) {
      const nominal = g === 0 ? 0 : firstDuration + (g - 1) * groupDuration;
      if (Math.abs(start - nominal) >= AAC_FRAME_SAMPLES) {
        throw new PackagingError(`rung ${rung} segment ${g + 1} starts at ${start}, not near ${nominal}`);
      }
      const parts: Buffer[] = [];
      for (const [i, name] of group.entries()) {
        const buf = await fsp.readFile(path.join(dir, name));
        start += readMediaSegment(buf).duration;
        for (const box of topLevelBoxes(buf)) {
          if (box.type === 'sidx' || (box.type === 'styp' && i > 0)) continue;
          parts.push(box.bytes);
        }
      }
      await fsp.writeFile(path.join(dir, joinedName(g)), Buffer.concat(parts));
    }
    if (layout && (layout.totalDuration !== start || layout.segments !== groups.length)) {
      throw new PackagingError(`rung ${rung} (${start} in ${groups.length}) differs from rung 0 (${layout.totalDuration} in ${layout.segments})`);
    }
    layout = { timescale, firstDuration, groupDuration, totalDuration: start, segments: groups.length };
    for (const name of names) await fsp.rm(path.join(dir, name));
    for (let g = 0; g < groups.length; g++) await fsp.rename(path.join(dir, joinedName(g)), path.join(dir, chunkName(rung, g + 1)));
  }
  return layout!;
}

/** The SegmentTimeline for a layout: the short first segment, the long ones, the remainder. */
export function segmentTimeline(layout: SegmentLayout): string {
  const { firstDuration, groupDuration, totalDuration, segments } = layout;
  if (segments === 1) return `<SegmentTimeline><S t="0" d="${totalDuration}"/></SegmentTimeline>`;
  const lastStart = firstDuration + (segments - 2) * groupDuration;
  const long = segments > 2 ? `<S d="${groupDuration}"${segments > 3 ? ` r="${segments - 3}"` : ''}/>` : '';
  return `<SegmentTimeline><S t="0" d="${firstDuration}"/>${long}<S d="${totalDuration - lastStart}"/></SegmentTimeline>`;
}

/** ffmpeg's fixed-duration SegmentTemplate, with or without a (blank) closing tag. */
const FIXED_TEMPLATE = /<SegmentTemplate\b((?:[^>"']|"[^"]*")*?)\s*(\/?)>(?:\s*<\/SegmentTemplate>)?/g;

/**
 * ffmpeg's manifest with every SegmentTemplate stating `layout` as a SegmentTimeline (in the
 * track's own timescale) instead of one fixed duration. Throws if ffmpeg wrote no such template.
 */
export function withSegmentTimeline(mpd: string, layout: SegmentLayout): string {
  let count = 0;
  const timeline = segmentTimeline(layout);
  const maxSeconds = Math.max(layout.firstDuration, layout.groupDuration) / layout.timescale;
  const out = mpd
    .replace(FIXED_TEMPLATE, (_m, attrs: string) => {
      count++;
      const kept = attrs.replace(/\s(?:duration|timescale)="[^"]*"/g, '');
      return `<SegmentTemplate timescale="${layout.timescale}"${kept}>${timeline}</SegmentTemplate>`;
    })
    .replace(/\bmaxSegmentDuration="[^"]*"/, `maxSegmentDuration="PT${maxSeconds.toFixed(1)}S"`);
  if (count === 0) throw new PackagingError('manifest has no SegmentTemplate to give a timeline');
  return out;
}
