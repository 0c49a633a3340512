/**
 * Test inputs made with the same ffmpeg the ingest uses: tones of chosen length and level in any
 * container, with or without tags and an embedded cover.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { resolveFfmpegPath } from '../../../src/ingest/ffmpeg-binary';

export interface ToneOptions {
  seconds: number;
  freq?: number;
  /** Peak amplitude, 0..1. A 440 Hz stereo tone at 1.0 measures about -3 LUFS. */
  amplitude?: number;
  tags?: Record<string, string | number>;
  /** PNG/JPEG bytes to embed as the front cover (mp3, flac and m4a). */
  cover?: Buffer;
  /** Keep the moov atom at the end (ffmpeg's default), so truncating loses it. */
  faststart?: boolean;
}

const CODECS: Record<string, string[]> = {
  '.flac': ['-c:a', 'flac'],
  '.mp3': ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '3'],
  '.m4a': ['-c:a', 'aac', '-b:a', '128k'],
  '.opus': ['-c:a', 'libopus', '-b:a', '96k'],
  '.ogg': ['-c:a', 'libvorbis', '-q:a', '3'],
  '.wav': ['-c:a', 'pcm_s16le'],
};

export function makeTone(file: string, opts: ToneOptions): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const ext = path.extname(file).toLowerCase();
  const f = opts.freq ?? 440;
  const a = opts.amplitude ?? 0.5;
  // Slightly different right channel, so the file is real stereo.
  const expr = `${a}*sin(2*PI*${f}*t)|${a}*sin(2*PI*${f * 1.5}*t+0.3)`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `aevalsrc='${expr}':s=44100:d=${opts.seconds}`];
  let coverPath: string | undefined;
  if (opts.cover) {
    coverPath = `${file}.cover.png`;
    fs.writeFileSync(coverPath, opts.cover);
    args.push('-i', coverPath, '-map', '0:a', '-map', '1:v', '-c:v', ext === '.m4a' ? 'png' : 'mjpeg',
      '-disposition:v', 'attached_pic');
  }
  for (const [k, v] of Object.entries(opts.tags ?? {})) args.push('-metadata', `${k}=${v}`);
  args.push(...(CODECS[ext] ?? []));
  if (opts.faststart) args.push('-movflags', '+faststart');
  args.push(file);
  execFileSync(resolveFfmpegPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (coverPath) fs.rmSync(coverPath);
}

export function solidImage(r: number, g: number, b: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 300, channels: 3, background: { r, g, b } } })
    .toFormat(format)
    .toBuffer();
}
