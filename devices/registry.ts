/**
 * Picks the device profile once per run. Each profile owns its detection (`detect(env)`); they
 * are tried in order and `browser` is always last, so an unknown device gets the defaults.
 * `?device=<name>` forces a profile (testing a TV build in a desktop browser). The choice is
 * logged, because "which profile did it pick" is the first question of every device bug.
 */
import type { Device, DeviceEnvironment, DeviceProfile } from './contracts/device';
import { AndroidTvDevice } from './androidtv';
import { BrowserDevice } from './browser';
import { FireTvDevice } from './firetv';
import { PlayStationDevice } from './playstation';
import { RdkDevice } from './rdk';
import { TizenDevice } from './tizen';
import { VizioDevice } from './vizio';
import { WebOsDevice } from './webos';
import { XboxDevice } from './xbox';

/**
 * Platform profiles, most specific first, the browser last. Order matters where UAs overlap:
 * Fire TV says "Android" (so before Android TV), Vizio's Chromium and RDK's WPE are plain Linux
 * browsers otherwise, and the platform globals (PalmSystem, tizen, $badger) win over any UA.
 */
export const PROFILES: readonly DeviceProfile[] = [
  WebOsDevice,
  TizenDevice,
  FireTvDevice,
  VizioDevice,
  XboxDevice,
  PlayStationDevice,
  AndroidTvDevice,
  RdkDevice,
  BrowserDevice,
];

export function pickProfile(
  profiles: readonly DeviceProfile[],
  env: DeviceEnvironment,
  override: string | null,
): DeviceProfile {
  const fallback = profiles[profiles.length - 1];
  if (!fallback) throw new Error('no device profiles registered');
  if (override) {
    const forced = profiles.find((p) => p.profileName === override);
    if (forced) return forced;
    console.warn(`[device] unknown ?device=${override}; detecting instead`);
  }
  return profiles.find((p) => safeDetect(p, env)) ?? fallback;
}

let resolved: Device | null = null;

/** The device for this run: resolved on first call, then the same instance every time. */
export function resolveDevice(): Device {
  if (resolved) return resolved;
  const env: DeviceEnvironment = {
    userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent,
    hasGlobal: (name) => typeof globalThis === 'object' && name in globalThis,
  };
  const override = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('device');
  const Profile = pickProfile(PROFILES, env, override);
  resolved = new Profile();
  console.info(`[device] ${resolved.name}${override ? ` (forced by ?device=${override})` : ''}`);
  return resolved;
}

function safeDetect(profile: DeviceProfile, env: DeviceEnvironment): boolean {
  try {
    return profile.detect(env);
  } catch (e) {
    console.warn(`[device] ${profile.profileName}.detect() failed`, e);
    return false;
  }
}
