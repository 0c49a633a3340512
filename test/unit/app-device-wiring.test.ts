/**
 * The pure parts of the app's device wiring: the key table handed to Lightning, what Back does at
 * the first screen, and storage sizes as the settings screen shows them.
 */
import { describe, expect, it } from 'vitest';
import type { Device, DeviceHost, DeviceProfile } from '../../devices/contracts/device';
import { PROFILES } from '../../devices/registry';
import { rootBackAction } from '../../src/app/exit-decision';
import { formatBytes } from '../../src/app/format';
import { replaceKeyMap, type LiveKeyTable } from '../../src/app/key-map';
import { fakeHost } from '../devices/support/fake-host';

/** What Lightning-SDK's Application deep-merges under appSettings.keys (src/Application/index.js). */
const SDK_DEFAULT_KEYS = {
  8: 'Back',
  13: 'Enter',
  27: 'Menu',
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  174: 'ChannelDown',
  175: 'ChannelUp',
  178: 'Stop',
  250: 'PlayPause',
  191: 'Search',
  409: 'Search',
};

/** Profiles take their surroundings as a constructor argument (devices/base-device.ts). */
function build(profile: DeviceProfile): Device {
  return new (profile as unknown as new (host: DeviceHost) => Device)(fakeHost());
}

describe('replaceKeyMap', () => {
  it.each(PROFILES.map((p) => [p.profileName, p] as const))('leaves exactly the %s map in the live table', (_name, profile) => {
    const wanted = build(profile).keyMap();
    // What the SDK builds: its defaults, then the app's keys over them.
    const live: LiveKeyTable = { ...SDK_DEFAULT_KEYS, ...wanted };
    replaceKeyMap(live, wanted);
    expect(live).toEqual({ ...wanted });
  });

  it('drops SDK names the profile does not give: webOS has no 27 Menu and no 8 Back', () => {
    const wanted = build(PROFILES.find((p) => p.profileName === 'webos')!).keyMap();
    const live: LiveKeyTable = { ...SDK_DEFAULT_KEYS, ...wanted };
    replaceKeyMap(live, wanted);
    expect(live[27]).toBeUndefined();
    expect(live[8]).toBeUndefined();
    expect(live[250]).toBeUndefined();
    expect(live[461]).toBe('Back');
  });
});

describe('rootBackAction', () => {
  it('asks where the policy is confirm, and exits at once where it is immediate', () => {
    expect(rootBackAction('confirm', false)).toBe('ask');
    expect(rootBackAction('immediate', false)).toBe('exit');
  });

  it('cancels a page still loading before anything else, whatever the policy', () => {
    expect(rootBackAction('confirm', true)).toBe('cancel-navigation');
    expect(rootBackAction('immediate', true)).toBe('cancel-navigation');
  });
});

describe('formatBytes', () => {
  it('uses binary units as platforms state their caps', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(640)).toBe('640 B');
    expect(formatBytes(4400)).toBe('4.3 KB');
    expect(formatBytes(16 * 1024 * 1024)).toBe('16 MB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(10.5 * 1024 ** 3)).toBe('11 GB');
  });
});
