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
  /** Builds in flight, so a burst of misses for one screen queries the store once. */
  private readonly building = new Map<string, Promise<CachedBody>>();
  /** Bumped by invalidate(): a build that started before a write must not be stored after it. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached body for `key`, building and storing it when missing or stale. */
  getOrBuild(key: string, serialise: () => Promise<string>): CachedBody | Promise<CachedBody> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.createdAt < this.options.ttlMs) return hit;
    const pending = this.building.get(key);
    if (pending) return pending;

    const generation = this.generation;
    const build = serialise()
      .then((json) => {
        const body = new CachedBody(json, this.options, this.now());
        if (generation === this.generation) this.store(key, body);
        return body;
      })
      .finally(() => {
        if (this.building.get(key) === build) this.building.delete(key);
      });
    this.building.set(key, build);
    return build;
  }

  private store(key: string, body: CachedBody): void {
    if (this.entries.has(key)) this.entries.delete(key);
    else if (this.entries.size >= this.options.maxEntries) {
      // Oldest first (Map keeps insertion order): cheap, and good enough for a bounded set.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, body);
  }

  /** After a write: the next request for any screen rebuilds it. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.building.clear();
  }

  destroy(): void {
    this.entries.clear();
  }
}
