/**
 * The ingest: a folder of audio files in, catalogue rows plus DASH/progressive media and covers
 * out. The CLI, the demo library builder, the tests and the bench all come through here.
 *
 * Idempotent and crash-safe:
 *   - a file whose size and mtime match its row (and whose media exists) is not even read;
 *     one whose bytes hash the same as before is not transcoded again;
 *   - media is published by rename before its row is committed (see media-staging.ts), and a
 *     media folder left without a row by a crash is picked up again by its analysis.json;
 *   - DB writes happen on this thread only; the parallel work is ffmpeg child processes.
 * A bad file becomes a failure entry with its path and reason; nothing a file does aborts a run.
 *
 * Files gone since the last run (under the folder ingested, ENOENT, not a dangling symlink) are
 * counted as `missing`; with `prune` they are removed from the catalogue (albums and artists left
 * empty go too; plays pass to the same recording if it was moved or renamed). Removal is opt-in
 * because "gone" is often "not mounted right now" (an offline NAS behind a symlink, an unmounted
 * sub-folder), and a removed track loses its history. Even with `prune`, nothing is removed when
 * the walk found no audio at all. Media no track references any more is swept once it is old
 * enough that no other ingest can be about to commit a row for it; reusing media touches it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Artwork } from '../protocol';
import type { CatalogueStore, ShowStore, TrackInput } from '../store';
import { classifyLongForm } from './classify-long-form';
import { MANIFEST_FILE, PROGRESSIVE_FILE, trackMediaPath } from '../config/encore-config';
import { ArtworkRenderer } from './artwork-renderer';
import { deriveIds, type CatalogueIds } from './derive-ids';
import { resolveFfmpegPath } from './ffmpeg-binary';
import { generateCoverSvg } from './generate-cover-svg';
import { hashFile } from './hash-file';
import { MediaStaging } from './media-staging';
import { readTrackTags, type TrackTags } from './read-track-tags';
import { runBounded } from './run-bounded';
import { TrackTranscoder, type LadderKind, type TrackMedia } from './track-transcoder';
import { walkAudioFiles, type WalkNote } from './walk-audio-files';

export type IngestOutcome = 'ingested' | 'unchanged' | 'failed';

export interface IngestProgress {
  /** Files finished so far (any outcome) out of `total`. */
  done: number;
  total: number;
  /** Path relative to the root of the file that just finished. */
  file: string;
  outcome: IngestOutcome;
  /** Why it failed, when it did. */
  reason?: string;
}

export interface IngestFailure {
  path: string;
  reason: string;
}

export interface IngestSummary {
  root: string;
  total: number;
  ingested: number;
  unchanged: number;
  /** Tracks whose source file is gone (see `prune`). */
  missing: number;
  /** Of those, removed from the catalogue (only with `prune`). */
  removed: number;
  failed: IngestFailure[];
  /** Left out on purpose, with why: named pipes, sockets, devices, looping or repeated links. */
  skipped: WalkNote[];
  /** Seconds of audio transcoded by this run (reused or unchanged media not counted). */
  audioSeconds: number;
  wallSeconds: number;
  concurrency: number;
  /** audioSeconds / wallSeconds / concurrency: the ingest bench's throughput figure. */
  realtimePerCore: number;
  /** CPU seconds the transcoding ffmpeg processes used (user + system). */
  transcodeCpuSeconds: number;
  /**
   * audioSeconds / transcodeCpuSeconds: throughput per core that other load on the machine
   * does not distort (wall-clock figures do, on a shared CI box).
   */
  realtimePerCpuSecond: number;
}

export interface IngestOptions {
  root: string;
  store: CatalogueStore;
  mediaDir: string;
  /** Parallel ffmpeg processes; default ENCORE_INGEST_CONCURRENCY or the number of cores. */
  concurrency?: number;
  onProgress?: (progress: IngestProgress) => void;
  ffmpegPath?: string;
  /** fsync media before publishing it (default true); tests on throw-away dirs may skip it. */
  durable?: boolean;
  /** Remove tracks whose source file is gone (default false: only count them). */
  prune?: boolean;
  /** Records podcast episodes and audiobook chapters (classify-long-form.ts); without it, all is music. */
  shows?: ShowStore;
}

/** Picked up in this order when a folder has no embedded picture; matched case-insensitively. */
export const FOLDER_COVER_NAMES = ['cover.jpg', 'folder.jpg', 'cover.png', 'front.jpg'] as const;
/**
 * Unreferenced media younger than this is left alone: another ingest may have published it
 * (rename) and not yet committed its row.
 */
export const SWEEP_MEDIA_OLDER_THAN_MS = 60 * 60_000;
/** Tag reading and stat are I/O-bound; a few in flight hide disk latency without thrashing. */
const PREPARE_CONCURRENCY = 8;

interface Candidate {
  index: number;
  file: string;
  rel: string;
  size: number;
  mtimeMs: number;
  tags: TrackTags;
  ids: CatalogueIds;
}

export function defaultConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.ENCORE_INGEST_CONCURRENCY);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return os.availableParallelism();
}

async function mediaExists(mediaDir: string, contentHash: string): Promise<boolean> {
  const dir = path.join(mediaDir, trackMediaPath(contentHash));
  try {
    await Promise.all([
      fs.access(path.join(dir, MANIFEST_FILE)),
      fs.access(path.join(dir, PROGRESSIVE_FILE)),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function findFolderCover(dir: string): Promise<Buffer | null> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  for (const wanted of FOLDER_COVER_NAMES) {
    const actual = byLower.get(wanted);
    if (actual) {
      const data = await fs.readFile(path.join(dir, actual)).catch(() => null);
      if (data && data.length > 0) return data;
    }
  }
  return null;
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function ingestFolder(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { store, mediaDir } = options;
  const root = path.resolve(options.root);
  const concurrency = options.concurrency ?? defaultConcurrency();
  const staging = new MediaStaging(mediaDir, options.durable ?? true);
  const transcoder = new TrackTranscoder(options.ffmpegPath ?? resolveFfmpegPath());
  const artwork = new ArtworkRenderer(staging);

  await staging.sweep();
  // The only error that escapes: the root itself cannot be listed.
  const walk = await walkAudioFiles(root);

  const failed: IngestFailure[] = [...walk.unreadable];
  let ingested = 0;
  let unchanged = 0;
  let done = 0;
  let audioSeconds = 0;
  let transcodeCpuSeconds = 0;
  const total = walk.files.length;
  const finish = (file: string, outcome: IngestOutcome, reason?: string) => {
    done++;
    if (outcome === 'ingested') ingested++;
    else if (outcome === 'unchanged') unchanged++;
    else failed.push({ path: file, reason: reason ?? 'unknown error' });
    options.onProgress?.({ done, total, file: path.relative(root, file), outcome, reason });
  };

  // Pass 1: skip what has not changed, read tags of the rest. Pictures are kept for one track
  // per album only (the first in path order), so a big library does not hold every cover.
  const candidates: Candidate[] = [];
  const albumPicture = new Map<string, { index: number; data: Uint8Array }>();
  await runBounded(walk.files, PREPARE_CONCURRENCY, async (file, index) => {
    try {
      const stat = await fs.stat(file);
      if (stat.size === 0) return finish(file, 'failed', 'empty file (0 bytes)');
      const record = await store.sourceRecord(file);
      if (
        record &&
        record.sourceSize === stat.size &&
        record.sourceMtimeMs === Math.round(stat.mtimeMs) &&
        (await mediaExists(mediaDir, record.contentHash))
      ) {
        return finish(file, 'unchanged');
      }
      const rel = path.relative(root, file);
      const tags = await readTrackTags(file, root);
      const ids = deriveIds(tags.artist, tags.album, rel);
      const held = albumPicture.get(ids.albumId);
      if (tags.picture && (!held || held.index > index)) {
        albumPicture.set(ids.albumId, { index, data: tags.picture.data });
      }
      tags.picture = null;
      candidates.push({ index, file, rel, size: stat.size, mtimeMs: stat.mtimeMs, tags, ids });
    } catch (err) {
      finish(file, 'failed', errorMessage(err));
    }
  });
  candidates.sort((a, b) => a.index - b.index);

  // One cover per album, decided once: embedded picture, folder image, the album's current
  // cover (a retagged track without art must not replace real art), then a generated one.
  const albumArt = new Map<string, Promise<Artwork>>();
  const artworkFor = (c: Candidate): Promise<Artwork> => {
    let pending = albumArt.get(c.ids.albumId);
    if (!pending) {
      pending = (async () => {
        const picture = albumPicture.get(c.ids.albumId);
        albumPicture.delete(c.ids.albumId);
        if (picture) {
          const art = await artwork.render(picture.data).catch(() => null);
          if (art) return art;
        }
        const folderCover = await findFolderCover(path.dirname(c.file));
        if (folderCover) {
          const art = await artwork.render(folderCover).catch(() => null);
          if (art) return art;
        }
        const current = await store.album(c.ids.albumId);
        if (current) return current.artwork;
        const svg = generateCoverSvg(c.ids.albumId, c.tags.album);
        return artwork.render(Buffer.from(svg));
      })();
      albumArt.set(c.ids.albumId, pending);
    }
    return pending;
  };

  // Identical files (same hash) in one run are transcoded once. Long-form speech gets the cheap
  // mono ladder (track-transcoder.ts); the media folder is per content hash, so the same bytes
  // moved into or out of Podcasts/ are encoded again with the other ladder.
  const transcodes = new Map<string, Promise<{ media: TrackMedia; fresh: boolean }>>();
  const mediaFor = (contentHash: string, c: Candidate, ladder: LadderKind) => {
    let pending = transcodes.get(contentHash);
    if (!pending) {
      pending = (async () => {
        const rel = trackMediaPath(contentHash);
        const dir = path.join(mediaDir, rel);
        const reused = await TrackTranscoder.readAnalysis(dir, ladder);
        if (reused) {
          // Fresh mtime: a concurrent ingest's sweep must not take media this run is about to use.
          const now = new Date();
          await fs.utimes(dir, now, now).catch(() => undefined);
          return { media: reused, fresh: false };
        }
        const tmp = await staging.createTempDir();
        try {
          const timeoutMs = Math.max(10 * 60_000, (c.tags.durationSec ?? 0) * 2000);
          const { media, cpuSeconds } = await transcoder.transcode(c.file, tmp, { timeoutMs, ladder });
          transcodeCpuSeconds += cpuSeconds;
          const stale = await fs.stat(dir).then(() => true, () => false);
          // A folder without a valid analysis.json is from an older pipeline or a torn copy.
          if (stale) await staging.replace(tmp, rel);
          else await staging.commit(tmp, rel);
          return { media, fresh: true };
        } catch (err) {
          await staging.discard(tmp);
          throw err;
        }
      })();
      transcodes.set(contentHash, pending);
    }
    return pending;
  };

  // Pass 2: hash, transcode (bounded by cores), publish, then commit the row.
  await runBounded(candidates, concurrency, async (c) => {
    try {
      const contentHash = await hashFile(c.file);
      const episode = classifyLongForm(c.tags, c.rel);
      const ladder: LadderKind = episode ? 'spoken' : 'music';
      const record = await store.sourceRecord(c.file);
      if (record && record.contentHash === contentHash && (await mediaExists(mediaDir, contentHash))) {
        // Touched but identical (copied, restored from backup): refresh size/mtime only, so the
        // next run takes the cheap path.
        await refreshSource(store, record.trackId, c);
        return finish(c.file, 'unchanged');
      }
      const { media, fresh } = await mediaFor(contentHash, c, ladder);
      const art = await artworkFor(c);
      const input: TrackInput = {
        id: c.ids.trackId,
        title: c.tags.title,
        artist: { id: c.ids.artistId, name: c.tags.artist },
        album: { id: c.ids.albumId, title: c.tags.album, year: c.tags.year, artwork: art },
        disc: c.tags.disc,
        number: c.tags.number,
        durationMs: media.durationMs,
        integratedLufs: media.integratedLufs,
        truePeakDbtp: media.truePeakDbtp,
        contentHash,
        ladder: media.ladder,
        packaging: media.packaging,
        gapless: c.tags.gapless,
        sourcePath: c.file,
        sourceSize: c.size,
        sourceMtimeMs: Math.round(c.mtimeMs),
        genre: c.tags.genre,
      };
      await store.upsertTrack(input);
      await options.shows?.setEpisode(input.id, input.album.id, episode);
      if (fresh) audioSeconds += media.durationMs / 1000;
      finish(c.file, 'ingested');
    } catch (err) {
      finish(c.file, 'failed', errorMessage(err));
    }
  });

  const gone = await missingSources(store, root);
  const removed = options.prune && walk.files.length > 0 ? gone : [];
  await store.removeTracks(removed);
  await sweepUnreferencedMedia(store, mediaDir);

  const wallSeconds = (performance.now() - started) / 1000;
  return {
    root,
    total,
    ingested,
    unchanged,
    missing: gone.length,
    removed: removed.length,
    failed,
    skipped: walk.skipped,
    audioSeconds,
    wallSeconds,
    concurrency,
    realtimePerCore: wallSeconds > 0 ? audioSeconds / wallSeconds / concurrency : 0,
    transcodeCpuSeconds,
    realtimePerCpuSecond: transcodeCpuSeconds > 0 ? audioSeconds / transcodeCpuSeconds : 0,
  };
}

/**
 * Track ids whose source is gone: ENOENT through lstat, so a dangling symlink still counts as
 * there, and so does a file under a linked folder whose target is offline (see behindDanglingLink).
 */
async function missingSources(store: CatalogueStore, root: string): Promise<string[]> {
  const gone: string[] = [];
  for (const { trackId, sourcePath } of await store.sourcesUnder(root)) {
    try {
      await fs.lstat(sourcePath);
    } catch (err) {
      // Unreadable (EACCES, EIO) is reported by the walk and kept: only a missing file counts.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !(await behindDanglingLink(sourcePath, root))) {
        gone.push(trackId);
      }
    }
  }
  return gone;
}

/** True when a folder between `root` and `file` is a symlink whose target cannot be reached. */
async function behindDanglingLink(file: string, root: string): Promise<boolean> {
  for (let dir = path.dirname(file); dir.startsWith(`${root}${path.sep}`); dir = path.dirname(dir)) {
    const link = await fs.lstat(dir).catch(() => null);
    if (link?.isSymbolicLink() && !(await fs.stat(dir).then(() => true, () => false))) return true;
  }
  return false;
}

async function sweepUnreferencedMedia(store: CatalogueStore, mediaDir: string, now = Date.now()): Promise<void> {
  const tracksDir = path.dirname(path.join(mediaDir, trackMediaPath('x')));
  const referenced = await store.referencedHashes();
  const names = await fs.readdir(tracksDir).catch(() => [] as string[]);
  for (const name of names) {
    if (referenced.has(name)) continue;
    const dir = path.join(tracksDir, name);
    const stat = await fs.stat(dir).catch(() => null);
    if (stat?.isDirectory() && now - stat.mtimeMs > SWEEP_MEDIA_OLDER_THAN_MS) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}

async function refreshSource(store: CatalogueStore, trackId: string, c: Candidate): Promise<void> {
  const track = await store.track(trackId);
  const album = track && (await store.album(track.albumId));
  if (!track || !album) return;
  await store.upsertTrack({
    id: track.id,
    title: track.title,
    artist: { id: track.artistId, name: track.artistName },
    album: { id: album.id, title: album.title, year: album.year, artwork: album.artwork },
    disc: track.disc,
    number: track.number,
    durationMs: track.durationMs,
    integratedLufs: track.integratedLufs,
    truePeakDbtp: track.truePeakDbtp,
    contentHash: track.contentHash,
    ladder: track.ladder,
    packaging: track.packaging,
    gapless: track.gapless,
    sourcePath: c.file,
    sourceSize: c.size,
    sourceMtimeMs: Math.round(c.mtimeMs),
  });
}
