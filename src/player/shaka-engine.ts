/**
 * The one place that imports Shaka. The build aliases `shaka-player` to its DASH-only bundle
 * (scripts/build-app.mjs), which drops HLS/MSS/offline code we do not use.
 */
import shaka from 'shaka-player';
import { toEngineError } from './engine-error';
import { MEMORY_SCHEME, pageManifests } from './manifest-memory';
import { PreloadShells } from './preload-shells';
import type { EngineError, MediaEngine } from './media-engine';
import { CATALOGUE_AUDIO, type InlineInit } from '../protocol';

/**
 * Shaka's default segment prefetch: one segment ahead. Also what a preload fetches before a start
 * from it may begin (PreloadManager: `segmentPrefetchLimit || 2`), so not 0 and not 2.
 */
const SEGMENT_PREFETCH_LIMIT = 1;

/** Manifests inlined in screen data, shared by every engine of the page (Shaka's schemes are global). */
const memory = pageManifests;
let memorySchemeRegistered = false;

/**
 * Serves `encore-mpd:` URIs from memory: manifests answer as if they had come from their real URL
 * (Shaka's DASH parser resolves segment URLs against `response.uri`, as after a redirect), and
 * init segments a manifest points at (manifest-memory.ts) as the bytes their URL serves.
 */
function registerMemoryScheme(): void {
  if (memorySchemeRegistered) return;
  memorySchemeRegistered = true;
  const encoder = new TextEncoder();
  shaka.net.NetworkingEngine.registerScheme(MEMORY_SCHEME, (uri, request, requestType, progressUpdated, headersReceived, config) => {
    const manifest = memory.get(uri);
    const segment = manifest ? undefined : memory.segment(uri);
    const realUrl = manifest || segment ? undefined : memory.realUrl(uri);
    if (realUrl) {
      // An init whose bytes were dropped while its track still plays: from the network, as Shaka would.
      const http = shaka.net.HttpFetchPlugin.isSupported() ? shaka.net.HttpFetchPlugin : shaka.net.HttpXHRPlugin;
      return http.parse(realUrl, request, requestType, progressUpdated, headersReceived, config);
    }
    if (!manifest && !segment) {
      const error = new shaka.util.Error(
        shaka.util.Error.Severity.CRITICAL,
        shaka.util.Error.Category.NETWORK,
        shaka.util.Error.Code.BAD_HTTP_STATUS,
        uri,
        404,
      );
      return shaka.util.AbortableOperation.failed(error);
    }
    return shaka.util.AbortableOperation.completed({
      uri: manifest ? manifest.url : segment!.url,
      originalUri: uri,
      // A copy per request: whoever receives it may keep or transfer it.
      data: manifest ? encoder.encode(manifest.text) : segment!.data.slice().buffer,
      headers: { 'content-type': manifest ? 'application/dash+xml' : 'audio/mp4' },
      originalRequest: request,
    });
  });
}

/** The catalogue's audio as a DASH manifest whose segments are never there (warmUp). */
function warmUpManifest(): string {
  const sets = CATALOGUE_AUDIO.map(
    (audio, a) =>
      `<AdaptationSet id="${a}" contentType="audio">` +
      audio.bitrates
        .map(
          (bitrate, r) =>
            `<Representation id="${a}-${r}" mimeType="audio/mp4" codecs="${audio.codec}" bandwidth="${bitrate}" audioSamplingRate="${audio.sampleRate}">` +
            `<AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${audio.channels}"/>` +
            `<SegmentTemplate timescale="1000" duration="4000" initialization="absent-$RepresentationID$.m4s" media="absent-$RepresentationID$-$Number$.m4s" startNumber="1"/>` +
            `</Representation>`,
        )
        .join('') +
      `</AdaptationSet>`,
  );
  return `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011"><Period id="0" start="PT0S">${sets.join('')}</Period></MPD>`;
}
let warmedUp = false;

/**
 * A preload handed out at once, so the cache can destroy it while it still downloads; `finished`
 * says when its manifest, init and first segments are in memory. Shaka's `waitForFinish()`
 * never settles for a destroyed manager, so destroy settles `finished` itself. `swept`: the
 * engine's shell sweep destroyed it (preload-shells.ts); a load then starts from `uri` instead.
 */
class Preload {
  readonly finished: Promise<boolean>;
  swept = false;
  private destroyed = false;
  private settle: (done: boolean) => void = () => undefined;

  constructor(
    readonly manager: shaka.media.PreloadManager,
    readonly uri: string,
    private readonly shells: PreloadShells<Preload>,
  ) {
    this.finished = new Promise<boolean>((resolve) => {
      this.settle = resolve;
    });
    manager.waitForFinish().then(
      () => this.settle(true),
      () => this.settle(false),
    );
  }

  /** Destroyed by Shaka's `destroyAllPreloads()`. */
  markSwept(): void {
    this.swept = true;
    this.destroyed = true;
    this.settle(false);
  }

  async destroy(): Promise<void> {
    this.settle(false);
    if (this.destroyed) return;
    this.destroyed = true;
    try {
      await this.manager.destroy();
    } finally {
      this.shells.done(this);
    }
  }
}

/**
 * A gapless run (gapless-chain.ts: one manifest, a period per track) loads with Shaka's own
 * load: handed over as a preload, its prefetched first segments went to the streaming engine and
 * the run ended 12 s into its 17.6 s (gapless e2e, 3 of 3 runs).
 */
function isMultiPeriod(uri: string): boolean {
  const text = memory.get(uri)?.text;
  return text !== undefined && text.indexOf('<Period') !== text.lastIndexOf('<Period');
}

export class ShakaEngine implements MediaEngine<Preload> {
  private readonly player: shaka.Player;
  private readonly shells: PreloadShells<Preload>;
  /** abortFetches set the segment prefetch limit to 0; resumePrefetch puts it back. */
  private prefetchStopped = false;

  /** Install polyfills once and ask whether this browser can run MSE playback at all. */
  static isSupported(): boolean {
    shaka.polyfill.installAll();
    return shaka.Player.isBrowserSupported();
  }

  constructor() {
    shaka.polyfill.installAll();
    registerMemoryScheme();
    this.player = new shaka.Player();
    this.shells = new PreloadShells<Preload>(
      () => this.player.destroyAllPreloads(),
      (preload) => preload.markSwept(),
    );
  }

  /**
   * Once per page, off the key path (the engine is made when the first page is idle,
   * lazy-media-engine.ts): a preload of the catalogue's audio ladders from memory, so Shaka asks
   * MediaCapabilities about them now. Its answers are cached for the page, and the first play no
   * longer waits for them: on a busy main thread each answer came a task later, behind Enter's
   * drawing (first plays 289 vs 205 ms after Enter, medians of 6 traced fresh pages each, localhost;
   * test/bench/start-trace.ts). Its segments are never there (an unknown memory URI answers 404 at
   * once): no request leaves the page, and the preload ends failed, unseen by the player.
   */
  warmUp(): void {
    if (warmedUp) return;
    warmedUp = true;
    const uri = memory.put(`${MEMORY_SCHEME}://warm-up/manifest.mpd`, warmUpManifest());
    // Only a cache is filled: whatever fails here, a real load finds out for itself.
    void this.startPreload(uri, null)
      .then(async (preload) => {
        if (!preload) return;
        await preload.finished;
        await preload.destroy();
      })
      .catch(() => undefined);
  }

  manifestFromMemory(manifestUrl: string, text: string, init?: InlineInit): string {
    return memory.put(manifestUrl, text, init);
  }

  async attach(media: HTMLMediaElement): Promise<void> {
    await this.player.attach(media);
  }

  configure(config: Record<string, unknown>): void {
    this.player.configure(config);
  }

  /**
   * A manifest URI starts as a preload handed straight to `load`: Shaka's own `load(uri)` fetches
   * the init and first segments only once the previous track is unloaded and a MediaSource is
   * open, while a preload fetches them as soon as the manifest is parsed, so the network runs
   * alongside that setup. With a MIME type of a media file Shaka plays it through the element's
   * src= mode, which has no preload.
   */
  async load(source: string | Preload, mimeType?: string, startTimeS?: number): Promise<void> {
    this.resumePrefetch();
    const start = startTimeS ?? null;
    let preload: Preload | null = null;
    try {
      // A swept preload is destroyed: its manifest comes again from its URI (memory or network).
      let asset: string | Preload = typeof source === 'string' || !source.swept ? source : source.uri;
      if (typeof asset === 'string' && mimeType === undefined && !isMultiPeriod(asset)) asset = (await this.startPreload(asset, start)) ?? asset;
      // A sweep may have run while the preload's promise settled: then the URI again.
      if (typeof asset !== 'string' && asset.swept) asset = asset.uri;
      if (typeof asset !== 'string') {
        preload = asset;
        this.shells.loading(preload);
      }
      // Shaka destroys the preload it loads, also when the load fails or is superseded.
      await this.player.load(typeof asset === 'string' ? asset : asset.manager, start, mimeType);
    } catch (e) {
      throw toEngineError(e);
    } finally {
      if (preload) this.shells.done(preload);
    }
  }

  /** Starts a preload; its `finished` resolves once the first segments are in memory. */
  preload(manifestUrl: string): Promise<Preload | null> {
    this.resumePrefetch();
    return this.startPreload(manifestUrl, null);
  }

  private async startPreload(uri: string, startTimeS: number | null): Promise<Preload | null> {
    const manager = await this.player.preload(uri, startTimeS);
    if (!manager) return null;
    const preload = new Preload(manager, uri, this.shells);
    this.shells.created(preload);
    return preload;
  }

  onError(listener: (error: EngineError) => void): void {
    this.player.addEventListener('error', (event: Event) => listener(toEngineError((event as Event & { detail?: unknown }).detail)));
  }

  onBuffering(listener: (buffering: boolean) => void): void {
    this.player.addEventListener('buffering', (event: Event) => listener(Boolean((event as Event & { buffering?: boolean }).buffering)));
  }

  onNetworkOk(listener: () => void): void {
    this.player.getNetworkingEngine()?.registerResponseFilter(() => listener());
  }

  retry(): boolean {
    return this.player.retryStreaming(0);
  }

  /**
   * Every media segment comes through Shaka's segment prefetch (segmentPrefetchLimit ≥ 1), and a
   * limit of 0 aborts its operations and drops them (StreamingEngine.configure), so the fetch
   * waiting on one ends as aborted and is asked again only if the element needs data. (Aborting
   * at the HTTP plugin instead left the rejected operation in the prefetch, which Shaka handed
   * back on every retry: a busy loop on a deck with nothing ahead.) The limit is put back before
   * this engine's next load, preload or unload, not here: each `configure` is a few ms of a start
   * (the idle deck's abort runs on the way to the next track's sound).
   */
  abortFetches(): void {
    if (this.prefetchStopped) return;
    this.prefetchStopped = true;
    this.player.configure({ streaming: { segmentPrefetchLimit: 0 } });
  }

  /** A preload copies the player's config: with a limit of 0 it would fetch two segments, and a start from it wait for both. */
  private resumePrefetch(): void {
    if (!this.prefetchStopped) return;
    this.prefetchStopped = false;
    this.player.configure({ streaming: { segmentPrefetchLimit: SEGMENT_PREFETCH_LIMIT } });
  }

  /** Shaka also opens a fresh MediaSource on the element, so the next load there starts warm. */
  async unload(): Promise<void> {
    this.resumePrefetch();
    try {
      await this.player.unload();
    } catch {
      // unload() resolves, never rejects: a failure leaves the next load to replace the media.
    }
  }

  async destroy(): Promise<void> {
    try {
      await this.player.destroy();
    } catch {
      // destroy() resolves, never rejects.
    }
  }

  /** Bits per second of the rendition playing (Shaka's stats); null before a load or in src= mode. */
  bitrate(): number | null {
    const bandwidth = this.player.getStats().streamBandwidth;
    return Number.isFinite(bandwidth) && bandwidth > 0 ? bandwidth : null;
  }
}
