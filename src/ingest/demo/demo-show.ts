/**
 * The demo library's one show: a made-up podcast with two episodes of 20+ minutes, so resume
 * ("Resume from 23:14") can be tried on a fresh install. The audio is cheap on purpose: ffmpeg's
 * own generators (a slow tone under brown noise with a speech-like 3 Hz tremolo), mono at 16 kHz,
 * encoded straight to FLAC without any JS synthesis; two episodes take a second or two to write.
 * They land in a `Podcasts/` folder with a Podcast genre tag, the documented long-form rule.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from './run-ffmpeg';

export interface DemoEpisode {
  title: string;
  date: string;
  description: string;
  seconds: number;
  /** Tone of the bed under the "voice", Hz. */
  toneHz: number;
}

export const DEMO_SHOW = {
  title: 'The Long Way Round',
  host: 'Encore Radio',
  folder: 'Podcasts',
  episodes: [
    {
      title: 'Night Trains of the North',
      date: '2024-03-01',
      description: 'Sleeper carriages, dining cars at midnight and the slow way to the Arctic Circle.',
      seconds: 21 * 60 + 7,
      toneHz: 110,
    },
    {
      title: 'Lighthouse Keepers',
      date: '2024-03-15',
      description: 'What it took to keep a light burning on a rock in the sea, told by those who did.',
      seconds: 23 * 60 + 41,
      toneHz: 147,
    },
  ] satisfies DemoEpisode[],
} as const;

const SAMPLE_RATE = 16_000;

/** Source path of episode `index` (0-based) under the demo source dir. */
export function demoEpisodePath(sourceDir: string, index: number): string {
  const episode = DEMO_SHOW.episodes[index]!;
  return path.join(sourceDir, DEMO_SHOW.folder, DEMO_SHOW.title, `${String(index + 1).padStart(2, '0')} ${episode.title}.flac`);
}

/** Writes the episodes that are not there yet (to a temp name, then renamed); returns every path. */
export async function writeDemoShow(ffmpegPath: string, sourceDir: string, seconds?: number): Promise<string[]> {
  const files: string[] = [];
  for (const [i, episode] of DEMO_SHOW.episodes.entries()) {
    const file = demoEpisodePath(sourceDir, i);
    files.push(file);
    if (await fs.access(file).then(() => true, () => false)) continue;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const length = seconds ?? episode.seconds;
    const tmp = `${file}.partial`;
    const graph =
      `sine=f=${episode.toneHz}:r=${SAMPLE_RATE}:d=${length},volume=0.25[tone];` +
      `anoisesrc=c=brown:r=${SAMPLE_RATE}:a=0.3:seed=${i + 1}:d=${length},tremolo=f=3:d=0.7[voice];` +
      `[tone][voice]amix=inputs=2:normalize=0,aformat=channel_layouts=mono[out]`;
    const args = [
      '-hide_banner', '-nostats', '-loglevel', 'error', '-y',
      '-filter_complex', graph, '-map', '[out]',
      '-metadata', `title=${episode.title}`,
      '-metadata', `artist=${DEMO_SHOW.host}`,
      '-metadata', `album_artist=${DEMO_SHOW.host}`,
      '-metadata', `album=${DEMO_SHOW.title}`,
      '-metadata', `genre=Podcast`,
      '-metadata', `date=${episode.date}`,
      '-metadata', `description=${episode.description}`,
      '-metadata', `track=${i + 1}/${DEMO_SHOW.episodes.length}`,
      '-c:a', 'flac', '-sample_fmt', 's16', '-f', 'flac', tmp,
    ];
    await runFfmpeg(ffmpegPath, args, '(demo show)');
    await fs.rename(tmp, file);
  }
  return files;
}
