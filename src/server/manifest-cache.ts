/**
 * The DASH manifests the BFF inlines into screens that list tracks (PlaybackStart.manifest), with
 * the start rung's init segment (PlaybackStart.init), so a start needs no manifest or init
 * request: its only request is the first media segment. Media lives under content-addressed
 * folders and never changes, so each is read once and kept: ~2 KB of manifest and ~1 KB of base64
 * init per track, bounded (LRU). A manifest that cannot be read is simply not inlined (the player
 * fetches it by its URL); an init segment that cannot be read, or is not the small AAC init it
 * should be, leaves the manifest inlined without it (the player fetches the init).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initSegmentFile, MANIFEST_FILE, trackMediaPath } from '../config/encore-config';
import { INLINE_INIT_MAX_BYTES, type InlineInit } from '../protocol';

/** ~1.5 MB of manifests and inits: every track of a large library's recent screens. */
const CAPACITY = 512;

export interface InlineMedia {
  manifest: string;
  init?: InlineInit;
}

/**
 * A track's inlined media, by its media folder and the rung its start begins on (the top rung:
 * players start at an estimate above it, player-config.ts defaultBandwidthEstimateBps).
 */
export type ManifestSource = (contentHash: string, startRung: number) => InlineMedia | undefined;

export class ManifestCache {
  private readonly entries = new Map<string, InlineMedia>();

  constructor(
    private readonly mediaDir: string,
    private readonly capacity = CAPACITY,
  ) {}

  readonly start: ManifestSource = (contentHash, startRung) => {
    const key = `${contentHash}/${startRung}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const dir = path.join(this.mediaDir, trackMediaPath(contentHash));
    let media: InlineMedia;
    try {
      // Synchronous: small files from the page cache, once per track for the process's life.
      media = { manifest: readFileSync(path.join(dir, MANIFEST_FILE), 'utf8') };
    } catch {
      return undefined;
    }
    const init = readInit(dir, startRung, media.manifest);
    if (init) media.init = init;
    this.entries.set(key, media);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return media;
  };
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
