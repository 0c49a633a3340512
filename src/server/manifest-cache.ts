/**
 * The DASH manifests the BFF inlines into screens that list tracks (PlaybackStart.manifest), with
 * the start rung's init segment (PlaybackStart.init), so a start needs no manifest or init
 * request: its only request is the first media segment. Each is kept once read: ~2 KB of
 * manifest and ~1 KB of base64 init per track, bounded (LRU). A manifest that cannot be read is
 * simply not inlined (the player fetches it by its URL); an init segment that cannot be read, or
 * is not the small AAC init it should be, leaves the manifest inlined without it (the player
 * fetches the init).
 *
 * Media folders are content-addressed, yet a folder may be rewritten under the same hash: an
 * ingest that redoes it (a ladder change when a file moves into or out of Podcasts/, a pipeline
 * version no longer readable) replaces it whole (media-staging.ts `replace`), in its own
 * process (`npm run ingest`), so nothing tells this one. A kept entry therefore checks its
 * manifest file (inode, size, mtime: a replaced folder's file is a new file) at most once per
 * `recheckMs`, and is read again, init too, when the file is another.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { initSegmentFile, MANIFEST_FILE, trackMediaPath } from '../config/encore-config';
import { INLINE_INIT_MAX_BYTES, type InlineInit } from '../protocol';
import { SERVER_DEFAULTS } from './server-defaults';

export interface InlineMedia {
  manifest: string;
  init?: InlineInit;
}

/**
 * A track's inlined media, by its media folder and the rung its start begins on (the top rung:
 * players start at an estimate above it, player-config.ts defaultBandwidthEstimateBps).
 */
export type ManifestSource = (contentHash: string, startRung: number) => InlineMedia | undefined;

export interface ManifestCacheOptions {
  capacity?: number;
  recheckMs?: number;
  now?: () => number;
}

interface Entry {
  media: InlineMedia;
  /** The manifest file it was read from (fileOf). */
  file: string | null;
  /** When that file was last found to be the same (`now()`). */
  checkedAt: number;
}

export class ManifestCache {
  private readonly entries = new Map<string, Entry>();
  private readonly capacity: number;
  private readonly recheckMs: number;
  private readonly now: () => number;

  constructor(
    private readonly mediaDir: string,
    { capacity = SERVER_DEFAULTS.inlineMedia.capacity, recheckMs = SERVER_DEFAULTS.inlineMedia.recheckMs, now = () => performance.now() }: ManifestCacheOptions = {},
  ) {
    this.capacity = capacity;
    this.recheckMs = recheckMs;
    this.now = now;
  }

  readonly start: ManifestSource = (contentHash, startRung) => {
    const key = `${contentHash}/${startRung}`;
    const dir = path.join(this.mediaDir, trackMediaPath(contentHash));
    const manifestPath = path.join(dir, MANIFEST_FILE);
    const hit = this.entries.get(key);
    const now = this.now();
    // Stat before the read: a folder replaced in between leaves the old file's stamp on the new
    // text, which the next check reads again, never the new stamp on the old text.
    let file: string | null | undefined;
    if (hit !== undefined) {
      this.entries.delete(key);
      const recent = now - hit.checkedAt < this.recheckMs;
      if (!recent) file = fileOf(manifestPath);
      if (recent || file === hit.file) {
        if (!recent) hit.checkedAt = now;
        this.entries.set(key, hit);
        return hit.media;
      }
    }
    if (file === undefined) file = fileOf(manifestPath);
    let media: InlineMedia;
    try {
      // Synchronous: small files from the page cache, once per track and rewrite.
      media = { manifest: readFileSync(manifestPath, 'utf8') };
    } catch {
      return undefined;
    }
    const init = readInit(dir, startRung, media.manifest);
    if (init) media.init = init;
    this.entries.set(key, { media, file, checkedAt: now });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return media;
  };
}

/** Which file is at `p` (a rewrite or replacement is another), or null when there is none. */
function fileOf(p: string): string | null {
  try {
    const st = statSync(p, { bigint: true });
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return null;
  }
}

/** The rung's init segment, when the manifest names a Representation of that id and the file is small. */
function readInit(dir: string, rung: number, manifest: string): InlineInit | undefined {
  const representation = String(rung);
  if (!manifest.includes(`<Representation id="${representation}"`)) return undefined;
  try {
    const bytes = readFileSync(path.join(dir, initSegmentFile(rung)));
    if (bytes.length === 0 || bytes.length > INLINE_INIT_MAX_BYTES) return undefined;
    return { representation, data: bytes.toString('base64') };
  } catch {
    return undefined;
  }
}

const byMediaDir = new Map<string, ManifestCache>();

/** One cache per media dir, shared by the routes that list tracks. */
export function manifestCacheFor(mediaDir: string): ManifestCache {
  let cache = byMediaDir.get(mediaDir);
  if (!cache) byMediaDir.set(mediaDir, (cache = new ManifestCache(mediaDir)));
  return cache;
}
