/**
 * The DASH manifests the BFF inlines into screens that list tracks (PlaybackStart.manifest), so
 * a start needs no manifest request. Manifests live under content-addressed folders and never
 * change, so each is read once and kept: ~2 KB each, bounded (LRU). A manifest that cannot be
 * read is simply not inlined; the player then fetches it by its URL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, trackMediaPath } from '../config/encore-config';

/** ~1 MB of manifests: every track of a large library's recent screens. */
const CAPACITY = 512;

export type ManifestSource = (contentHash: string) => string | undefined;

export class ManifestCache {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly mediaDir: string,
    private readonly capacity = CAPACITY,
  ) {}

  /** The manifest of a track's media folder, or undefined when it cannot be read. */
  readonly text: ManifestSource = (contentHash) => {
    const hit = this.texts.get(contentHash);
    if (hit !== undefined) {
      this.texts.delete(contentHash);
      this.texts.set(contentHash, hit);
      return hit;
    }
    let text: string;
    try {
      // Synchronous: a ~2 KB file from the page cache, once per track for the process's life.
      text = readFileSync(path.join(this.mediaDir, trackMediaPath(contentHash), MANIFEST_FILE), 'utf8');
    } catch {
      return undefined;
    }
    this.texts.set(contentHash, text);
    while (this.texts.size > this.capacity) this.texts.delete(this.texts.keys().next().value as string);
    return text;
  };
}

const byMediaDir = new Map<string, ManifestCache>();

/** One cache per media dir, shared by the routes that list tracks. */
export function manifestCacheFor(mediaDir: string): ManifestCache {
  let cache = byMediaDir.get(mediaDir);
  if (!cache) byMediaDir.set(mediaDir, (cache = new ManifestCache(mediaDir)));
  return cache;
}
