/**
 * Serialised screen responses keyed by screen + id, so a hot screen costs a Map lookup instead of
 * several SQLite queries, a serialisation, a hash and a Brotli pass per request.
 *
 * Freshness: writes through this process call `invalidate()`; writes by another process (an
 * ingest running beside the BFF) show up once an entry is `ttlMs` old. An entry rebuilt from an
 * unchanged catalogue hashes to the same ETag, so clients still get 304s.
 */
import { CachedBody, type CachedBodyOptions } from './cached-body';

export interface ResponseCacheOptions extends CachedBodyOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached body for `key`, building and storing it when missing or stale. */
  getOrBuild(key: string, serialise: () => string): CachedBody {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.createdAt < this.options.ttlMs) return hit;

    const body = new CachedBody(serialise(), this.options, now);
    if (hit) this.entries.delete(key);
    else if (this.entries.size >= this.options.maxEntries) {
      // Oldest first (Map keeps insertion order): cheap, and good enough for a bounded set.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, body);
    return body;
  }

  /** After a write: the next request for any screen rebuilds it. */
  invalidate(): void {
    this.entries.clear();
  }

  destroy(): void {
    this.entries.clear();
  }
}
