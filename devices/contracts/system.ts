/**
 * Contract: system.
 *
 * Who the device is and what it can do, as named facts fixed for the run: `Capabilities` is
 * probed once at boot and frozen. `exit()` asks the platform to close the app (some platforms
 * ignore it or need a platform call); it may not return, so save state before calling it.
 * `activate()` runs once, before the first frame, for platform registration (media keys, a
 * screensaver opt-out); it must be idempotent and must not touch the UI.
 *
 * `exitPolicy` answers what Back on the app's first screen leads to; `exit()` stays the single
 * command that closes the app, whatever the policy. `deviceInfo()` is asynchronous (the stable
 * id lives in storage): call it after the first screen, never on a key press.
 */
import type { AudioCodec } from './media';

export interface Capabilities {
  /** Whether the platform delivers media keys (Play/Pause/Next/Previous) to the app. */
  readonly mediaKeys: boolean;
  /** Whether the app may close itself (a browser tab not opened by script may not). */
  readonly canExit: boolean;
  /** Pointer (magic remote, mouse) in addition to the D-pad. */
  readonly pointer: boolean;
}

/** Coarse device memory: decides the budgets below. */
export type MemoryClass = 'low' | 'mid' | 'high';

/** Numbers the app sizes itself by; chosen from the memory class, fixed for the run. */
export interface Budgets {
  /**
   * Lightning `stage.memoryPressure`: texture memory (counted in pixels, w × h, as Lightning's
   * Stage adds it up; ×4 for bytes) above which Lightning collects unused textures.
   */
  readonly memoryPressure: number;
  /** Largest artwork edge to request, in px (one of the protocol's ARTWORK_SIZES). */
  readonly artworkMaxPx: number;
  /** Tiles kept in one rail; the rest is fetched as focus moves. */
  readonly railLength: number;
}

/** Facts measured from the running engine at boot (MSE answers, memory, speech). */
export interface ProbedCapabilities {
  /** MSE playback answer per codec of our ladder (the same answers as `canPlay`). */
  readonly codecs: Readonly<Record<AudioCodec, boolean>>;
  readonly memoryClass: MemoryClass;
  readonly budgets: Budgets;
  /** `speechSynthesis.speak` exists (the screen reader can talk without a platform TTS). */
  readonly speechSynthesis: boolean;
  /** Artwork format to ask for: WebP is a third of the JPEG's bytes where the engine decodes it. */
  readonly artworkFormat: 'webp' | 'jpg';
}

/** Everything a device states about itself; frozen. */
export type SystemCapabilities = Capabilities & ProbedCapabilities;

/**
 * What Back on the first screen should do (PRODUCT.md: store rules ask before exiting):
 * - 'confirm': the app asks ("Exit Encore?"), then calls `exit()`.
 * - 'immediate': the app calls `exit()` at once, because the platform's rule is to go straight
 *   home (LG: webOS 5 and older launch the Home launcher; webOS 6 and newer ask).
 */
export type ExitPolicy = 'confirm' | 'immediate';

export interface DeviceInfo {
  /** Model as the platform names it (`OLED55C1PUA`, `AFTMM`); '' when unknown. */
  readonly model: string;
  /** Platform version (`6.0`, `5.5`); '' when unknown. */
  readonly platformVersion: string;
  /** Generated once per install and kept in storage; stable across launches. */
  readonly id: string;
  /** Default human name ("LG TV (webOS 6)"); the user may rename it later. */
  readonly displayName: string;
}

export interface SystemInfo {
  /** Profile name, as used by the `?device=` override and in logs. */
  readonly name: string;
  readonly capabilities: SystemCapabilities;
  readonly exitPolicy: ExitPolicy;
  activate(): void;
  exit(): void;
  deviceInfo(): Promise<DeviceInfo>;
}

/**
 * The oldest platform release a profile supports and the web engine that release ships, in the
 * engine vocabulary esbuild and browserslist share (`chrome` 53 → `chrome53`, "chrome 53"). The
 * build compiles each packaged app for its profile's floor (scripts/build-app.mjs), and the
 * hosted app for the oldest engine among the profiles that load it.
 */
export interface PlatformFloor {
  /** The platform as its vendor names it ("webOS TV", "Tizen"). */
  readonly platform: string;
  /** Its oldest supported release, in the vendor's numbering ("4.0"); Tizen's config.xml takes it as is. */
  readonly version: string;
  readonly engine: { readonly name: 'chrome' | 'safari' | 'edge'; readonly version: number };
}
