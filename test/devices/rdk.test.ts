import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RdkDevice } from '../../devices/rdk';
import { pickProfile, PROFILES } from '../../devices/registry';
import { envFor, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { useLocalStorage } from './support/local-storage';
import { describeProfileBasics } from './support/profile-basics';

// WPE WebKit appends "WPE" to its UA (https://wpewebkit.org/); RDK's browser reports the WebKit
// it ships with. Comcast X1 devices also inject the `$badger` global.
const UA = {
  rdkWpe: 'Mozilla/5.0 (Linux; x86_64 GNU/Linux) AppleWebKit/601.1 (KHTML, like Gecko) Version/8.0 Safari/601.1 WPE',
  wpe248: 'Mozilla/5.0 (Linux armv7l) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/2.48.0 Safari/605.1.15 WPE',
};

const SDK = 'Lightning SDK defaultOptions.keys';
const PUBLISHED: PublishedKey[] = [
  [8, 'Back', SDK],
  [13, 'Enter', SDK],
  [27, 'Menu', SDK],
  [37, 'Left', SDK],
  [38, 'Up', SDK],
  [39, 'Right', SDK],
  [40, 'Down', SDK],
  [178, 'Stop', SDK],
  [250, 'PlayPause', SDK],
  [191, 'Search', SDK],
  [409, 'Search', SDK],
  ...([0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((d) => [48 + d, `Digit${d}`, 'number pad'] as PublishedKey),
];

describeKeyMap('RDK', new RdkDevice(fakeHost({ userAgent: UA.rdkWpe })).keyMap(), PUBLISHED);
describeProfileBasics(RdkDevice, UA.rdkWpe);

describe('RDK', () => {
  useLocalStorage();

  it('agrees with the Lightning SDK’s own default key map for every key Encore has', () => {
    // Read the SDK source itself, so an SDK upgrade that moves a key fails here.
    const require = createRequire(import.meta.url);
    const sdkDir = path.dirname(require.resolve('@lightningjs/sdk/package.json'));
    const source = readFileSync(path.join(sdkDir, 'src/Application/index.js'), 'utf8');
    const block = /keys:\s*\{([^}]*)\}/.exec(source)?.[1] ?? '';
    const sdkKeys = Object.fromEntries([...block.matchAll(/(\d+):\s*'(\w+)'/g)].map((m) => [Number(m[1]), m[2]]));
    expect(Object.keys(sdkKeys).length).toBeGreaterThan(5);
    const map = new RdkDevice(fakeHost({ userAgent: UA.rdkWpe })).keyMap();
    for (const [code, name] of Object.entries(sdkKeys)) {
      if (name === 'ChannelUp' || name === 'ChannelDown') continue; // no Encore action
      expect(map[Number(code)], `SDK key ${code}`).toBe(name);
    }
  });

  it.each(Object.entries(UA))('is picked for the %s UA', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(RdkDevice);
  });

  it('is picked from the $badger global on Comcast devices', () => {
    expect(pickProfile(PROFILES, envFor('Mozilla/5.0 (Linux; x86_64 GNU/Linux) AppleWebKit/605.1.15', ['$badger']), null)).toBe(RdkDevice);
  });

  it('exits through $badger.shutdown, or window.close without it', () => {
    let shutdowns = 0;
    const window = fakeWindow();
    new RdkDevice(fakeHost({ userAgent: UA.rdkWpe, globals: { $badger: { shutdown: () => shutdowns++ }, window } })).exit();
    new RdkDevice(fakeHost({ userAgent: UA.rdkWpe, globals: { window } })).exit();
    expect([shutdowns, window.closed]).toEqual([1, 1]);
  });

  it('pauses when concealed, asks before exiting, assumes little memory', () => {
    const device = new RdkDevice(fakeHost({ userAgent: UA.rdkWpe }));
    expect(device.keepsAudioWhenConcealed).toBe(false);
    expect(device.exitPolicy).toBe('confirm');
    expect(device.capabilities.memoryClass).toBe('low');
  });
});
