/**
 * Contract: a device profile answers every concern. The app holds one `Device`, resolved once by
 * `devices/registry.ts`; it asks questions and gives commands, and never checks which device it is.
 */
import type { KeyInput } from './keys';
import type { Lifecycle } from './lifecycle';
import type { MediaCapabilities } from './media';
import type { StorageDriver } from './storage';
import type { SystemInfo } from './system';

export interface Device extends KeyInput, MediaCapabilities, SystemInfo {
  readonly storage: StorageDriver;
  readonly lifecycle: Lifecycle;
}

/** What a profile's `detect()` looks at. Passed in, so detection is tested with UA fixtures. */
export interface DeviceEnvironment {
  userAgent: string;
  /** Globals the platform injects (`webOS`, `tizen`, …), by name. */
  hasGlobal(name: string): boolean;
}

export interface DeviceProfile {
  readonly profileName: string;
  detect(env: DeviceEnvironment): boolean;
  new (): Device;
}
