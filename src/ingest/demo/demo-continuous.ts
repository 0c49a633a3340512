/**
 * The demo library's continuous album: one long synthesized piece cut into tracks at arbitrary
 * sample positions (never on an AAC frame boundary, never at a quiet spot) and tagged gapless, so
 * the join between tracks can be heard, and measured, on a fresh install. The piece is a slowly
 * moving three-voice drone: every oscillator keeps its phase across the cuts and the level never
 * drops below about -20 dBFS, so any run of silent samples at a boundary is the player's gap, not
 * the music's.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEMO_SAMPLE_RATE, type SynthesizedAudio } from './synthesize-track';
import { writeTaggedFlac } from './write-tagged-flac';

export const CONTINUOUS_ALBUM = {
  artist: 'Lumen Drift',
  title: 'Continuum',
  year: 2024,
  /** Where each track ends, as a share of the piece: uneven on purpose. */
  cuts: [0.27, 0.49, 0.76, 1],
  tracks: ['Drift', 'Undertow', 'Slack Water', 'Landfall'],
  /** The whole piece on a fresh install (~26 s a track). */
  seconds: 104,
} as const;

/** Chord tones (MIDI) the three voices glide between, one chord per 8 s. */
const CHORDS = [
  [50, 57, 62],
  [48, 55, 64],
  [45, 52, 60],
  [47, 54, 62],
];
const CHORD_SECONDS = 8;
const GLIDE_SECONDS = 2;
const midiHz = (m: number) => 440 * 2 ** ((m - 69) / 12);

/** Renders the whole piece; deterministic (no randomness at all). */
export function synthesizeContinuousPiece(seconds: number): SynthesizedAudio {
  const sr = DEMO_SAMPLE_RATE;
  const n = Math.round(seconds * sr);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  const phase = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const bar = Math.floor(t / CHORD_SECONDS);
    const into = t - bar * CHORD_SECONDS;
    const from = CHORDS[bar % CHORDS.length]!;
    const to = CHORDS[(bar + 1) % CHORDS.length]!;
    // Glide into the next chord over the bar's last GLIDE_SECONDS (smoothstep).
    const g = Math.max(0, (into - (CHORD_SECONDS - GLIDE_SECONDS)) / GLIDE_SECONDS);
    const mix = g * g * (3 - 2 * g);
    let l = 0;
    let r = 0;
    for (let v = 0; v < 3; v++) {
      const hz = midiHz(from[v]! + (to[v]! - from[v]!) * mix);
      phase[v] = (phase[v]! + (2 * Math.PI * hz) / sr) % (2 * Math.PI);
      const p = phase[v]!;
      // A touch of the second and third harmonic: a soft organ rather than pure sines.
      const s = Math.sin(p) + 0.3 * Math.sin(2 * p) + 0.12 * Math.sin(3 * p);
      const swell = 0.75 + 0.25 * Math.sin(2 * Math.PI * (0.05 + v * 0.013) * t + v);
      const pan = 0.5 + 0.35 * Math.sin(2 * Math.PI * 0.03 * t + v * 2.1);
      l += s * swell * (1 - pan);
      r += s * swell * pan;
    }
    left[i] = 0.2 * l;
    right[i] = 0.2 * r;
  }
  return { left, right, sampleRate: sr, loudness: Number.NaN };
}

/** Sample positions where tracks end: the album's shares of `n`, moved off any frame boundary. */
export function cutPoints(n: number): number[] {
  return CONTINUOUS_ALBUM.cuts.map((share, i) => {
    if (share === 1) return n;
    const at = Math.round(n * share);
    // 1024-sample AAC frames: an arbitrary cut lands inside one, which is the hard case.
    return at % 1024 === 0 ? at + 337 + i : at;
  });
}

/** Source path of track `index` (0-based) under the demo source dir. */
export function continuousTrackPath(sourceDir: string, index: number): string {
  const title = CONTINUOUS_ALBUM.tracks[index]!;
  return path.join(sourceDir, CONTINUOUS_ALBUM.artist, CONTINUOUS_ALBUM.title, `${String(index + 1).padStart(2, '0')} ${title}.flac`);
}

/**
 * Writes the tracks that are not there yet (each to a temp name, then renamed); returns every
 * path. `seconds` is the length of the whole piece.
 */
export async function writeContinuousAlbum(ffmpegPath: string, sourceDir: string, seconds: number = CONTINUOUS_ALBUM.seconds): Promise<string[]> {
  const files = CONTINUOUS_ALBUM.tracks.map((_, i) => continuousTrackPath(sourceDir, i));
  const missing = await Promise.all(files.map((f) => fs.access(f).then(() => false, () => true)));
  if (!missing.some(Boolean)) return files;
  const piece = synthesizeContinuousPiece(seconds);
  const ends = cutPoints(piece.left.length);
  await fs.mkdir(path.dirname(files[0]!), { recursive: true });
  for (const [i, file] of files.entries()) {
    if (!missing[i]) continue;
    const from = i === 0 ? 0 : ends[i - 1]!;
    const part: SynthesizedAudio = {
      ...piece,
      left: piece.left.subarray(from, ends[i]),
      right: piece.right.subarray(from, ends[i]),
    };
    await writeTaggedFlac(ffmpegPath, part, {
      title: CONTINUOUS_ALBUM.tracks[i]!,
      artist: CONTINUOUS_ALBUM.artist,
      album: CONTINUOUS_ALBUM.title,
      year: CONTINUOUS_ALBUM.year,
      track: i + 1,
      trackTotal: files.length,
      gapless: true,
    }, file);
  }
  return files;
}
