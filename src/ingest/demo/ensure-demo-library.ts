/**
 * First start on an empty catalogue: synthesise the demo library's source files under
 * `<dataDir>/demo-source/Artist/Album/NN Title.flac` and ingest them through the normal ingest,
 * so the demo exercises exactly the code path a real library does. Later starts return at once
 * (the catalogue is not empty). A build that was killed half-way resumes on the next start:
 * `.demo.json` records the build options and whether the build completed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EncoreConfig } from '../../config/encore-config';
import type { CatalogueStore, ShowStore } from '../../store';
import { openSqliteStores } from '../../store';
import { resolveFfmpegPath } from '../ffmpeg-binary';
import { defaultConcurrency, ingestFolder, type IngestSummary } from '../ingest-folder';
import { runBounded } from '../run-bounded';
import { TerminalProgress } from '../terminal-progress';
import { DEMO_CATALOGUE, type DemoTrack } from './demo-catalogue';
import { writeContinuousAlbum } from './demo-continuous';
import { writeDemoShow } from './demo-show';
import { synthesizeTrack } from './synthesize-track';
import { writeTaggedFlac } from './write-tagged-flac';

export const DEMO_SOURCE_DIR = 'demo-source';
const STATE_FILE = '.demo.json';
/** Bump when the catalogue or the synthesiser changes, so old source files are regenerated. */
const DEMO_VERSION = 1;

export interface DemoLibraryOptions {
  /** Every track this long instead of its catalogue length (60–120 s); tests use ~10–20 s. */
  trackSeconds?: number;
  /** Only the first N tracks of each album; all artists and albums are still present. */
  tracksPerAlbum?: number;
  /** Use this store instead of opening `config.dbPath` (tests pass their own). */
  store?: CatalogueStore;
  /** With `store`: where the show's episodes are recorded (else the show ingests as an album). */
  shows?: ShowStore;
  /**
   * Include the demo show (demo-show.ts); default true. Its 45 minutes go through the spoken-word
   * ladder (mono 32/64 kbps, track-transcoder.ts) at about an eighth of the music ladder's CPU.
   */
  show?: boolean;
  /**
   * Include the continuous album (demo-continuous.ts), default true: its tracks are tagged
   * gapless, so the join between them can be heard. Its length is `continuousSeconds`, default
   * 4 × `trackSeconds`, else 104 s.
   */
  continuous?: boolean;
  continuousSeconds?: number;
  /** Length of each show episode; default `trackSeconds`, else their 20+ minutes. */
  showSeconds?: number;
  /** Terminal progress output; default true. */
  progress?: boolean;
  concurrency?: number;
  ffmpegPath?: string;
  /** fsync media before publishing (default true); throw-away test dirs may skip it. */
  durable?: boolean;
}

export interface DemoLibraryResult {
  /** False when the catalogue already had tracks and nothing was done. */
  built: boolean;
  sourceDir: string;
  /** Source files of the demo (synthesised now or earlier). */
  files: string[];
  summary: IngestSummary | null;
  wallSeconds: number;
}

interface DemoState {
  version: number;
  trackSeconds: number | null;
  tracksPerAlbum: number | null;
  complete: boolean;
}

interface PlannedTrack {
  spec: DemoTrack;
  artist: string;
  album: string;
  year: number;
  number: number;
  trackTotal: number;
  file: string;
  seed: number;
}

/** Characters that are illegal in file names on the platforms a library might be copied to. */
const safeName = (s: string) => s.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_');

function plan(sourceDir: string, tracksPerAlbum: number | null): PlannedTrack[] {
  return DEMO_CATALOGUE.flatMap((artist) =>
    artist.albums.flatMap((album) => {
      const tracks = album.tracks.slice(0, tracksPerAlbum ?? album.tracks.length);
      return tracks.map((spec, i) => ({
        spec,
        artist: artist.name,
        album: album.title,
        year: album.year,
        number: i + 1,
        trackTotal: tracks.length,
        file: path.join(
          sourceDir,
          safeName(artist.name),
          safeName(album.title),
          `${String(i + 1).padStart(2, '0')} ${safeName(spec.title)}.flac`,
        ),
        seed: crypto.createHash('sha256').update(`${artist.name}/${album.title}/${spec.title}`).digest().readUInt32LE(0),
      }));
    }),
  );
}

async function readState(file: string): Promise<DemoState | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as DemoState;
  } catch {
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

export async function ensureDemoLibrary(
  config: Pick<EncoreConfig, 'dataDir' | 'dbPath' | 'mediaDir'>,
  options: DemoLibraryOptions = {},
): Promise<DemoLibraryResult> {
  const started = performance.now();
  const sourceDir = path.join(config.dataDir, DEMO_SOURCE_DIR);
  const stateFile = path.join(sourceDir, STATE_FILE);
  const wanted: DemoState = {
    version: DEMO_VERSION,
    trackSeconds: options.trackSeconds ?? null,
    tracksPerAlbum: options.tracksPerAlbum ?? null,
    complete: false,
  };
  const planned = plan(sourceDir, wanted.tracksPerAlbum);
  const files = planned.map((p) => p.file);
  const owned = options.store ? null : openSqliteStores(config.dbPath);
  const store = options.store ?? owned!.catalogue;
  const shows = options.store ? options.shows : owned!.shows;
  const showProgress = options.progress ?? true;
  try {
    const state = await readState(stateFile);
    const interrupted = state !== null && !state.complete;
    if ((await store.trackCount()) > 0 && !interrupted) {
      return { built: false, sourceDir, files, summary: null, wallSeconds: (performance.now() - started) / 1000 };
    }
    const sameBuild =
      state?.version === wanted.version &&
      state.trackSeconds === wanted.trackSeconds &&
      state.tracksPerAlbum === wanted.tracksPerAlbum;
    if (state && !sameBuild) await fs.rm(sourceDir, { recursive: true, force: true });
    await fs.mkdir(sourceDir, { recursive: true });
    await fs.writeFile(stateFile, `${JSON.stringify(wanted)}\n`);

    const ffmpegPath = options.ffmpegPath ?? resolveFfmpegPath();
    const concurrency = options.concurrency ?? defaultConcurrency();
    const synthBar = showProgress ? new TerminalProgress('demo: synthesise') : null;
    let synthesised = 0;
    // Synthesis is synchronous CPU work on this thread; running lanes in parallel still
    // overlaps one track's synthesis with another's FLAC encode in ffmpeg.
    await runBounded(planned, concurrency, async (p) => {
      if (!(await exists(p.file))) {
        await fs.mkdir(path.dirname(p.file), { recursive: true });
        const audio = synthesizeTrack(p.spec, p.seed, wanted.trackSeconds ?? p.spec.seconds);
        await writeTaggedFlac(ffmpegPath, audio, {
          title: p.spec.title,
          artist: p.artist,
          album: p.album,
          year: p.year,
          track: p.number,
          trackTotal: p.trackTotal,
        }, p.file);
      }
      synthBar?.update(++synthesised, planned.length, path.relative(sourceDir, p.file), 'ready');
    });
    synthBar?.stop();
    if (options.continuous ?? true) {
      const seconds = options.continuousSeconds ?? (wanted.trackSeconds !== null ? 4 * wanted.trackSeconds : undefined);
      files.push(...(await writeContinuousAlbum(ffmpegPath, sourceDir, seconds)));
    }
    if (options.show ?? true) {
      files.push(...(await writeDemoShow(ffmpegPath, sourceDir, options.showSeconds ?? wanted.trackSeconds ?? undefined)));
    }

    const ingestBar = showProgress ? new TerminalProgress('demo: ingest') : null;
    const summary = await ingestFolder({
      root: sourceDir,
      store,
      shows,
      mediaDir: config.mediaDir,
      concurrency,
      ffmpegPath,
      durable: options.durable,
      onProgress: (p) => ingestBar?.update(p.done, p.total, p.file, p.outcome),
    });
    ingestBar?.stop();
    if (summary.failed.length > 0) {
      // Generated input should never fail; if it does, leave the build marked incomplete so the
      // next start retries, and say why.
      const reasons = summary.failed.map((f) => `${f.path}: ${f.reason}`).join('\n');
      throw new Error(`demo library: ${summary.failed.length} track(s) failed to ingest\n${reasons}`);
    }
    await fs.writeFile(stateFile, `${JSON.stringify({ ...wanted, complete: true })}\n`);
    return { built: true, sourceDir, files, summary, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    await owned?.close();
  }
}
