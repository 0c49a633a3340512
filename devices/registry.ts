/**
 * Picks the device profile once per run. Each profile owns its detection (`detect(env)`); they
 * are tried in order and `browser` is always last, so an unknown device gets the defaults.
 * `?device=<name>` forces a profile (testing a TV build in a desktop browser); so does
 * settings.json `platformSettings.device` (a build made for one platform), with the query winning
 * so a tester can still switch. The choice is logged, because "which profile did it pick" is the
 * first question of every device bug.
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
    console.warn(`[device] unknown device profile "${override}"; detecting instead`);
  }
  return profiles.find((p) => safeDetect(p, env)) ?? fallback;
}

let resolved: Device | null = null;

/** Which forced profile name applies, and where it came from: the query first, then settings. */
export function forcedProfile(query: string | null, configured: string | null | undefined): { name: string; source: string } | null {
  if (query) return { name: query, source: `?device=${query}` };
  if (configured) return { name: configured, source: `settings.json device "${configured}"` };
  return null;
}

/**
 * The device for this run: resolved on first call, then the same instance every time.
 * `configured` is settings.json `platformSettings.device` (empty: detect).
 */
export function resolveDevice(configured?: string | null): Device {
  if (resolved) return resolved;
  const env: DeviceEnvironment = {
    userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent,
    hasGlobal: (name) => typeof globalThis === 'object' && name in globalThis,
  };
  const query = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('device');
  const forced = forcedProfile(query, configured);
  const Profile = pickProfile(PROFILES, env, forced?.name ?? null);
  resolved = new Profile();
  const how = forced && Profile.profileName === forced.name ? ` (forced by ${forced.source})` : '';
  console.info(`[device] ${resolved.name}${how}`);
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
