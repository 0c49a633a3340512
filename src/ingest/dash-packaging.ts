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

function* boxes(buf: Buffer, start = 0, end = buf.length): Generator<Box> {
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
    if (CONTAINERS.has(type)) yield* boxes(buf, off + header, off + size);
    else yield { type, body: buf.subarray(off + header, off + size) };
    off += size;
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
 * Reads rung `rung`'s init segment and media segments (`chunk-<rung>-NNNNN.m4s`) in `dir`. Every
 * rung comes from the same encoder settings, so one rung speaks for all of them.
 */
export async function readDashPackaging(dir: string, rung: number): Promise<EncoderPadding> {
  const init = readInitSegment(await fsp.readFile(path.join(dir, `init-${rung}.m4s`)));
  const names = (await fsp.readdir(dir)).filter((n) => n.startsWith(`chunk-${rung}-`) && n.endsWith('.m4s')).sort();
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
