import fs from 'node:fs/promises';
import { runFfmpeg } from './run-ffmpeg';
import type { SynthesizedAudio } from './synthesize-track';

export interface FlacTags {
  title: string;
  artist: string;
  album: string;
  year: number;
  track: number;
  trackTotal: number;
  /** Part of one continuous piece: written as the Vorbis comment GAPLESS=1. */
  gapless?: boolean;
}

/**
 * Encodes planar float audio to a tagged 16-bit FLAC. Written to a temp name and renamed, so a
 * demo build killed half-way never leaves a truncated source file that would then be ingested.
 */
export async function writeTaggedFlac(
  ffmpegPath: string,
  audio: SynthesizedAudio,
  tags: FlacTags,
  outPath: string,
): Promise<void> {
  const n = audio.left.length;
  const interleaved = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    interleaved[2 * i] = audio.left[i]!;
    interleaved[2 * i + 1] = audio.right[i]!;
  }
  const tmp = `${outPath}.partial`;
  const args = [
    '-hide_banner', '-nostats', '-loglevel', 'error', '-y',
    '-f', 'f32le', '-ar', String(audio.sampleRate), '-ac', '2', '-i', 'pipe:0',
    '-metadata', `title=${tags.title}`,
    '-metadata', `artist=${tags.artist}`,
    '-metadata', `album_artist=${tags.artist}`,
    '-metadata', `album=${tags.album}`,
    '-metadata', `date=${tags.year}`,
    '-metadata', `track=${tags.track}/${tags.trackTotal}`,
    ...(tags.gapless ? ['-metadata', 'GAPLESS=1'] : []),
    '-c:a', 'flac', '-sample_fmt', 's16', '-f', 'flac', tmp,
  ];
  await runFfmpeg(ffmpegPath, args, 'flac encode', Buffer.from(interleaved.buffer));
  await fs.rename(tmp, outPath);
}
