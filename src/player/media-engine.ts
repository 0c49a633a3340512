/**
 * What the player needs from a streaming engine. Shaka implements it (shaka-engine.ts); unit tests
 * use a stub, because MSE does not exist outside a browser.
 */
import type { Destroyable } from './preload-cache';

export interface EngineError {
  /** Shaka's numeric code as a string (e.g. "1001"), or a name for non-Shaka failures. */
  code: string;
  message: string;
  /** Shaka's LOAD_INTERRUPTED: a newer load replaced this one, which is not a failure. */
  interrupted: boolean;
}

export interface MediaEngine<P extends Destroyable = Destroyable> {
  attach(media: HTMLMediaElement): Promise<void>;
  configure(config: Record<string, unknown>): void;
  /**
   * Load a manifest URL, or a preload started earlier (which the engine then consumes), or with
   * `mimeType` a plain media file played by the element itself.
   */
  load(source: string | P, mimeType?: string): Promise<void>;
  preload(manifestUrl: string): Promise<P | null>;
  onError(listener: (error: EngineError) => void): void;
  onBuffering(listener: (buffering: boolean) => void): void;
  /** Resolves, never rejects. */
  destroy(): Promise<void>;
  /** Bits per second of the rendition playing, when the engine knows it (Now Playing's quality). */
  bitrate?(): number | null;
}
