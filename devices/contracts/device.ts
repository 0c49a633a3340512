/**
 * Contract: a device profile answers every concern. The app holds one `Device`, resolved once by
 * `devices/registry.ts`; it asks questions and gives commands, and never checks which device it is.
 */
import type { KeyInput } from './keys';
import type { Lifecycle, LifecyclePolicy, ScreensaverPolicy } from './lifecycle';
import type { MediaCapabilities } from './media';
import type { StorageDriver } from './storage';
import type { PlatformFloor, SystemInfo } from './system';

export interface Device extends KeyInput, MediaCapabilities, SystemInfo, LifecyclePolicy, ScreensaverPolicy {
  readonly storage: StorageDriver;
  readonly lifecycle: Lifecycle;
}

/** What a profile's `detect()` looks at. Passed in, so detection is tested with UA fixtures. */
export interface DeviceEnvironment {
  userAgent: string;
  /** Globals the platform injects (`webOS`, `tizen`, …), by name. */
  hasGlobal(name: string): boolean;
}

/**
 * What a profile reads from its surroundings while running (platform globals, MSE, memory). The
 * default is the real window (`devices/shared/browser-host.ts`); tests pass a fake, so a profile
 * is exercised with a device's globals and UA without that device.
 */
export interface DeviceHost extends DeviceEnvironment {
  /** A platform global (`tizen`, `webOS`, `PalmSystem`, `VIZIO`, `$badger`), or undefined. */
  global(name: string): unknown;
  /** `MediaSource.isTypeSupported`; false without MSE. */
  isTypeSupported(mimeWithCodecs: string): boolean;
  /** `navigator.deviceMemory` in GiB (Chromium, secure contexts); undefined elsewhere. */
  readonly deviceMemoryGiB: number | undefined;
  /** `speechSynthesis.speak` is callable. */
  readonly speechSynthesis: boolean;
  /** The engine decodes WebP images (probed by encoding a 1×1 canvas; a false "no" only costs bytes). */
  readonly webpImages: boolean;
  /** The document lifecycle events come from; null outside a page. */
  readonly document: Document | null;
}

export interface DeviceProfile {
  readonly profileName: string;
  /** The oldest release this profile supports, and its engine (data; the build compiles for it). */
  readonly floor: PlatformFloor;
  detect(env: DeviceEnvironment): boolean;
  new (): Device;
}
