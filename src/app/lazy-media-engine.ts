/**
 * A MediaEngine whose implementation (Shaka, ~160 KB brotli of the ~280 KB the TV downloaded at
 * boot) is loaded as a separate chunk: on `prefetch()`, which the entry calls once the first page
 * is on screen (deferred-load.ts), or at the first load or preload, whichever comes first.
 *
 * Calls keep their order: `attach`, `configure` and listener registrations made before the engine
 * exists are replayed on it, in order, before its first load. `attach` resolves at once (the real
 * attach happens with the first load, and its failure fails that load). A failed chunk load (the
 * network) is not cached: the next load tries again. `destroy()` resolves, never rejects, and never
 * loads the engine just to destroy it.
 */
import { pageManifests } from '../player/manifest-memory';
import type { EngineError, MediaEngine } from '../player/media-engine';
import type { Destroyable } from '../player/preload-cache';
import type { InlineInit } from '../protocol';

export class LazyMediaEngine<P extends Destroyable> implements MediaEngine<P> {
  private engine: Promise<MediaEngine<P>> | null = null;
  private readonly pending: Array<(engine: MediaEngine<P>) => void | Promise<void>> = [];
  private loaded: MediaEngine<P> | null = null;
  private destroyed = false;
  /** A load or preload was asked for: the engine has work, no warm-up. */
  private asked = false;

  constructor(private readonly create: () => Promise<MediaEngine<P>>) {}

  /**
   * Start loading the engine now, off the key-press path, and let it warm up (media-engine.ts
   * `warmUp`) when this is what made it and nothing was asked of it meanwhile: a load or preload
   * must not share the main thread with a warm-up. Failures are left for the first load.
   */
  prefetch(): void {
    const first = this.engine === null;
    this.ready().then(
      (engine) => {
        if (first && !this.asked) engine.warmUp?.();
      },
      () => undefined,
    );
  }

  attach(media: HTMLMediaElement): Promise<void> {
    this.apply((engine) => engine.attach(media));
    return Promise.resolve();
  }

  configure(config: Record<string, unknown>): void {
    this.apply((engine) => engine.configure(config));
  }

  async load(source: string | P, mimeType?: string, startTimeS?: number): Promise<void> {
    this.asked = true;
    return (await this.ready()).load(source, mimeType, startTimeS);
  }

  /** Needs no engine: the memory is the page's, which the engine's scheme reads once loaded. */
  manifestFromMemory(manifestUrl: string, text: string, init?: InlineInit): string {
    return pageManifests.put(manifestUrl, text, init);
  }

  onNetworkOk(listener: () => void): void {
    this.apply((engine) => engine.onNetworkOk(listener));
  }

  /** Nothing streams before the engine exists, so there is nothing to resume. */
  retry(): boolean {
    return this.loaded ? this.loaded.retry() : false;
  }

  /** The rendition playing (Now Playing's quality line); none before the engine exists. */
  bitrate(): number | null {
    return this.loaded?.bitrate?.() ?? null;
  }

  /** Nothing is requested before the engine exists. */
  abortFetches(): void {
    this.loaded?.abortFetches?.();
  }

  /** Nothing is loaded before the engine exists. */
  async unload(): Promise<void> {
    await this.loaded?.unload?.();
  }

  async preload(manifestUrl: string): Promise<P | null> {
    this.asked = true;
    return (await this.ready()).preload(manifestUrl);
  }

  onError(listener: (error: EngineError) => void): void {
    this.apply((engine) => engine.onError(listener));
  }

  onBuffering(listener: (buffering: boolean) => void): void {
    this.apply((engine) => engine.onBuffering(listener));
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    const engine = this.engine;
    if (!engine) return;
    await engine.then(
      (e) => e.destroy(),
      () => undefined,
    );
  }

  private apply(call: (engine: MediaEngine<P>) => void | Promise<void>): void {
    if (this.loaded) void call(this.loaded);
    else this.pending.push(call);
  }

  private ready(): Promise<MediaEngine<P>> {
    if (this.destroyed) return Promise.reject(new Error('media engine destroyed'));
    this.engine ??= this.create().then(
      async (engine) => {
        // Calls made while the replay runs are replayed too. A replayed call that fails (attach:
        // a MediaSource the platform refused) is not cached either: that engine goes, and the
        // next load makes another and replays every call on it, so one failure does not leave a
        // deck that fails every load for the rest of the session.
        const replayed: typeof this.pending = [];
        try {
          while (this.pending.length > 0) {
            const call = this.pending.shift()!;
            replayed.push(call);
            await call(engine);
          }
        } catch (e) {
          this.pending.unshift(...replayed);
          this.engine = null;
          void engine.destroy();
          throw e;
        }
        this.loaded = engine;
        return engine;
      },
      (e: unknown) => {
        this.engine = null;
        throw e;
      },
    );
    return this.engine;
  }
}
