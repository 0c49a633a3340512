/**
 * Manifests held in memory under URIs of their own (`encore-mpd://m/<n>.mpd`), so the engine can
 * load a manifest that came inlined in screen data without a request. Each entry keeps the URL
 * the manifest lives at: segment URLs in it resolve against that, as if it had been fetched.
 * Bounded: one entry per track started or preloaded lately.
 */
export const MEMORY_SCHEME = 'encore-mpd';

/** A scheme, then anything (RFC 3986 §3.1): what Shaka's networking engine can fetch. */
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;

export interface RememberedManifest {
  /** Where the manifest would have been fetched from; the base for its relative URLs. */
  url: string;
  text: string;
}

export class ManifestMemory {
  private readonly byUri = new Map<string, RememberedManifest>();
  private readonly uriByUrl = new Map<string, string>();
  private counter = 0;

  constructor(private readonly capacity = 16) {}

  /**
   * The memory URI for this manifest (the same URI for the same URL and text). `url` must be
   * absolute: the manifest's segment URLs resolve against it, and a relative base leaves them
   * relative, which the engine refuses later with an error that names neither.
   */
  put(url: string, text: string): string {
    if (!ABSOLUTE_URL.test(url)) throw new Error(`A remembered manifest needs its absolute URL, got "${url}"`);
    const known = this.uriByUrl.get(url);
    if (known && this.byUri.get(known)?.text === text) return known;
    // `.mpd` at the end: Shaka picks its DASH parser by the URI's extension.
    const uri = `${MEMORY_SCHEME}://m/${++this.counter}.mpd`;
    this.byUri.set(uri, { url, text });
    this.uriByUrl.set(url, uri);
    while (this.byUri.size > this.capacity) {
      const [oldest, entry] = this.byUri.entries().next().value as [string, RememberedManifest];
      this.byUri.delete(oldest);
      if (this.uriByUrl.get(entry.url) === oldest) this.uriByUrl.delete(entry.url);
    }
    return uri;
  }

  get(uri: string): RememberedManifest | undefined {
    return this.byUri.get(uri);
  }
}

/**
 * The page's one memory: Shaka's schemes are global, and the app may hand a manifest over before
 * the engine's code has even loaded (lazy-media-engine.ts), so both sides share this instance.
 */
export const pageManifests = new ManifestMemory();
