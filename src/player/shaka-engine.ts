/**
 * The one place that imports Shaka. The build aliases `shaka-player` to its DASH-only bundle
 * (scripts/build-app.mjs), which drops HLS/MSS/offline code we do not use.
 */
import shaka from 'shaka-player';
import type { EngineError, MediaEngine } from './media-engine';

/**
 * A preload handed out at once, so the cache can destroy it while it still downloads; `finished`
 * says when its manifest, init and first segments are in memory. Shaka's `waitForFinish()`
 * never settles for a destroyed manager, so destroy settles `finished` itself.
 */
class Preload {
  readonly finished: Promise<boolean>;
  private settle: (done: boolean) => void = () => undefined;

  constructor(readonly manager: shaka.media.PreloadManager) {
    this.finished = new Promise<boolean>((resolve) => {
      this.settle = resolve;
    });
    manager.waitForFinish().then(
      () => this.settle(true),
      () => this.settle(false),
    );
  }

  async destroy(): Promise<void> {
    this.settle(false);
    await this.manager.destroy();
  }
}

/** shaka.util.Error.Code.LOAD_INTERRUPTED */
const LOAD_INTERRUPTED = 7000;

export class ShakaEngine implements MediaEngine<Preload> {
  private readonly player: shaka.Player;

  /** Install polyfills once and ask whether this browser can run MSE playback at all. */
  static isSupported(): boolean {
    shaka.polyfill.installAll();
    return shaka.Player.isBrowserSupported();
  }

  constructor() {
    shaka.polyfill.installAll();
    this.player = new shaka.Player();
  }

  async attach(media: HTMLMediaElement): Promise<void> {
    await this.player.attach(media);
  }

  configure(config: Record<string, unknown>): void {
    this.player.configure(config);
  }

  async load(source: string | Preload, mimeType?: string): Promise<void> {
    try {
      // With a MIME type of a media file Shaka plays it through the element's src= mode.
      await this.player.load(typeof source === 'string' ? source : source.manager, null, mimeType);
    } catch (e) {
      throw toEngineError(e);
    }
  }

  /** Starts a preload; its `finished` resolves once the first segments are in memory. */
  async preload(manifestUrl: string): Promise<Preload | null> {
    const manager = await this.player.preload(manifestUrl);
    return manager ? new Preload(manager) : null;
  }

  onError(listener: (error: EngineError) => void): void {
    this.player.addEventListener('error', (event: Event) => listener(toEngineError((event as Event & { detail?: unknown }).detail)));
  }

  onBuffering(listener: (buffering: boolean) => void): void {
    this.player.addEventListener('buffering', (event: Event) => listener(Boolean((event as Event & { buffering?: boolean }).buffering)));
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

function toEngineError(e: unknown): EngineError {
  const code = typeof e === 'object' && e !== null && 'code' in e ? Number((e as { code: unknown }).code) : NaN;
  if (Number.isFinite(code)) {
    return { code: String(code), message: `Shaka error ${code}`, interrupted: code === LOAD_INTERRUPTED };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: e instanceof Error ? e.name : 'Error', message, interrupted: false };
}
