/**
 * What the player needs from a streaming engine. Shaka implements it (shaka-engine.ts); unit tests
 * use a stub, because MSE does not exist outside a browser.
 */
import type { Destroyable } from './preload-cache';
import type { InlineInit } from '../protocol';

export interface EngineError {
  /** Shaka's numeric code as a string (e.g. "1001"), or a name for non-Shaka failures. */
  code: string;
  message: string;
  /** Shaka's LOAD_INTERRUPTED: a newer load replaced this one, which is not a failure. */
  interrupted: boolean;
  /** A network failure (unreachable, 5xx, timeout): retry, do not skip (failure.ts). */
  transient: boolean;
  /** The engine gave up (Shaka's CRITICAL); a recoverable error is one it is handling itself. */
  critical: boolean;
}

export interface MediaEngine<P extends Destroyable = Destroyable> {
  attach(media: HTMLMediaElement): Promise<void>;
  configure(config: Record<string, unknown>): void;
  /**
   * Load a manifest URL, or a preload started earlier (which the engine then consumes), or with
   * `mimeType` a plain media file played by the element itself.
   */
  load(source: string | P, mimeType?: string, startTimeS?: number): Promise<void>;
  preload(manifestUrl: string): Promise<P | null>;
  /**
   * A manifest the app already holds (inlined in screen data): the URI to load or preload so the
   * engine takes it from memory instead of requesting it. Relative segment URLs still resolve
   * against `manifestUrl`. With `init`, the start rung's init segment comes from memory too.
   */
  manifestFromMemory(manifestUrl: string, text: string, init?: InlineInit): string;
  onError(listener: (error: EngineError) => void): void;
  onBuffering(listener: (buffering: boolean) => void): void;
  /** A media request succeeded: after a network failure, the network is back. */
  onNetworkOk(listener: () => void): void;
  /** Resume streaming stopped by a network failure, keeping what is buffered; false if it cannot. */
  retry(): boolean;
  /**
   * Let go of the loaded media, keeping the element attached (a spare deck between tracks:
   * queue-player.ts). Resolves, never rejects.
   */
  unload?(): Promise<void>;
  /**
   * Abort this engine's media requests in flight, keeping what they already appended: the idle
   * deck's, so they stop sharing the line with a start's first segment. The engine asks again on
   * its own if its element still needs data.
   */
  abortFetches?(): void;
  /** Resolves, never rejects. */
  destroy(): Promise<void>;
  /**
   * Get ready for the first start while nothing plays (once per page; no request leaves it): the
   * engine asks the platform about the catalogue's audio now instead of at the first Enter.
   */
  warmUp?(): void;
  /** Bits per second of the rendition playing, when the engine knows it (Now Playing's quality). */
  bitrate?(): number | null;
}
