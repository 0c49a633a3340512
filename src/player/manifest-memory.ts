/**
 * Manifests held in memory under URIs of their own (`encore-mpd://m/<n>.mpd`), so the engine can
 * load a manifest that came inlined in screen data without a request. Each entry keeps the URL
 * the manifest lives at: segment URLs in it resolve against that, as if it had been fetched.
 * A manifest may come with its start rung's init segment (PlaybackStart.init): that
 * Representation's `initialization` then points at the bytes in memory (`encore-mpd://i/<n>.m4s`),
 * so a start's only request is its first media segment. Bounded: one entry per track started or
 * preloaded lately. A track plays on long after its entry may be dropped (browsing preloads more),
 * and Shaka asks for an init again when ABR comes back to its rung, so each memory init URI keeps
 * the URL it stands for much longer: the engine then fetches it from there (`realUrl`).
 */
import type { InlineInit } from '../protocol';

export const MEMORY_SCHEME = 'encore-mpd';

/** A scheme, then anything (RFC 3986 §3.1): what Shaka's networking engine can fetch. */
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;

export interface RememberedManifest {
  /** Where the manifest would have been fetched from; the base for its relative URLs. */
  url: string;
  text: string;
}

export interface RememberedSegment {
  /** Where the segment would have been fetched from. */
  url: string;
  data: Uint8Array;
}

interface Entry extends RememberedManifest {
  /** The text and init as given (before the init was pointed at memory): what `put` dedupes on. */
  given: string;
  initUri: string | null;
}

const givenKey = (text: string, init?: InlineInit) => (init ? `${init.representation}:${init.data}\n${text}` : text);

export class ManifestMemory {
  private readonly byUri = new Map<string, Entry>();
  private readonly uriByUrl = new Map<string, string>();
  private readonly segments = new Map<string, RememberedSegment>();
  /** Each init URI handed out, and the URL it stands for (a URL string each: kept far longer). */
  private readonly realUrls = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly capacity = 16,
    private readonly urlCapacity = 1024,
  ) {}

  /**
   * The memory URI for this manifest (the same URI for the same URL, text and init). `url` must
   * be absolute: the manifest's segment URLs resolve against it, and a relative base leaves them
   * relative, which the engine refuses later with an error that names neither. An `init` the
   * manifest has no place for (no Representation of its id with one `initialization` of its own)
   * is left out: the engine then fetches the init segment.
   */
  put(url: string, text: string, init?: InlineInit): string {
    if (!ABSOLUTE_URL.test(url)) throw new Error(`A remembered manifest needs its absolute URL, got "${url}"`);
    const known = this.uriByUrl.get(url);
    const entry = known === undefined ? undefined : this.byUri.get(known);
    const given = givenKey(text, init);
    if (known && entry?.given === given) return known;
    const n = ++this.counter;
    // `.mpd` at the end: Shaka picks its DASH parser by the URI's extension.
    const uri = `${MEMORY_SCHEME}://m/${n}.mpd`;
    const inlined = init ? pointInitAtMemory(text, url, init, `${MEMORY_SCHEME}://i/${n}.m4s`) : null;
    if (inlined) {
      this.segments.set(inlined.uri, inlined.segment);
      this.realUrls.set(inlined.uri, inlined.segment.url);
      while (this.realUrls.size > this.urlCapacity) this.realUrls.delete(this.realUrls.keys().next().value as string);
    }
    this.byUri.set(uri, { url, text: inlined?.text ?? text, given, initUri: inlined?.uri ?? null });
    this.uriByUrl.set(url, uri);
    while (this.byUri.size > this.capacity) {
      const [oldest, old] = this.byUri.entries().next().value as [string, Entry];
      this.byUri.delete(oldest);
      if (old.initUri) this.segments.delete(old.initUri);
      if (this.uriByUrl.get(old.url) === oldest) this.uriByUrl.delete(old.url);
    }
    return uri;
  }

  get(uri: string): RememberedManifest | undefined {
    const entry = this.byUri.get(uri);
    return entry && { url: entry.url, text: entry.text };
  }

  /** An init segment a remembered manifest points at. */
  segment(uri: string): RememberedSegment | undefined {
    return this.segments.get(uri);
  }

  /** Where an init URI's bytes live on the network, also once its entry has been dropped. */
  realUrl(uri: string): string | undefined {
    return this.realUrls.get(uri);
  }
}

/**
 * One Representation element: its attributes and content (ffmpeg writes each with its own
 * SegmentTemplate). A self-closing one (`<Representation .../>`, its template the
 * AdaptationSet's) has no content: read as an opening tag, its content would run on into the next
 * Representation and take that one's initialization for its own. A quoted `>` or `/>` stays inside
 * its attribute.
 */
const REPRESENTATION = /<Representation\b((?:[^>"']|"[^"]*"|'[^']*')*?)(?:\/>|>([\s\S]*?)<\/Representation>)/g;
/** `id`, not a name ending in it. */
const ID = /(?:^|\s)id="([^"]*)"/;
const INITIALIZATION = /\binitialization="([^"]*)"/g;

/** Every match of a global pattern (String.prototype.matchAll is Chrome 73; the TV floor is 53). */
function matches(pattern: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  const re = new RegExp(pattern.source, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m);
  return found;
}

/**
 * The manifest with `init.representation`'s initialization URL replaced by `uri`, and the bytes
 * to serve there; null when the manifest has no single such URL of that Representation's own
 * (a template shared by the AdaptationSet, SegmentBase, no such id) or the data is not base64.
 */
function pointInitAtMemory(text: string, url: string, init: InlineInit, uri: string): { text: string; uri: string; segment: RememberedSegment } | null {
  let found: { start: number; end: number; template: string } | null = null;
  let count = 0;
  for (const rep of matches(REPRESENTATION, text)) {
    const body = rep[2];
    if (body === undefined || ID.exec(rep[1]!)?.[1] !== init.representation) continue;
    const bodyStart = rep.index + rep[0].length - body.length - '</Representation>'.length;
    for (const attr of matches(INITIALIZATION, body)) {
      count++;
      const start = bodyStart + attr.index + attr[0].length - attr[1]!.length - 1;
      found = { start, end: start + attr[1]!.length, template: attr[1]! };
    }
  }
  if (count !== 1 || !found) return null;
  const data = decodeBase64(init.data);
  if (!data) return null;
  let real: string;
  try {
    real = new URL(found.template.replace(/\$RepresentationID\$/g, init.representation), url).href;
  } catch {
    return null;
  }
  return { text: text.slice(0, found.start) + uri + text.slice(found.end), uri, segment: { url: real, data } };
}

function decodeBase64(data: string): Uint8Array | null {
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The page's one memory: Shaka's schemes are global, and the app may hand a manifest over before
 * the engine's code has even loaded (lazy-media-engine.ts), so both sides share this instance.
 */
export const pageManifests = new ManifestMemory();
