import { describe, expect, it } from 'vitest';
import { pickProfile, PROFILES } from '../../devices/registry';
import { VizioDevice } from '../../devices/vizio';
import { envFor, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { useLocalStorage } from './support/local-storage';
import { describeProfileBasics } from './support/profile-basics';

// SmartCast TVs run Chromium and say "VIZIO SmartCast" in the UA, the token Shaka's
// lib/device/vizio.js matches (https://github.com/shaka-project/shaka-player/blob/main/lib/device/vizio.js).
// Vizio's own UA list is behind its partner portal; these are in the form SmartCast reports
// (Conjure runtime, firmware, model).
const UA = {
  smartcast:
    'Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.143 Safari/537.36 CrKey/1.42.183786 VIZIO SmartCast(Conjure/MTKF-5.1.516.1 FW/0.7.22.7-2 Model/V505-G9)',
  smartcastNoModel: 'Mozilla/5.0 (X11; Linux aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.141 Safari/537.36 SmartCast',
};

const ISSUE = 'Encore issue (Vizio table is partner-gated)';
const CE_HTML = 'CE-HTML media keys, as LG and Samsung publish';
const PUBLISHED: PublishedKey[] = [
  [13, 'Enter', 'D-pad'],
  [37, 'Left', 'D-pad'],
  [38, 'Up', 'D-pad'],
  [39, 'Right', 'D-pad'],
  [40, 'Down', 'D-pad'],
  [8, 'Back', ISSUE],
  [415, 'Play', CE_HTML],
  [19, 'Pause', CE_HTML],
  [417, 'FastForward', CE_HTML],
  [412, 'Rewind', CE_HTML],
  [413, 'Stop', CE_HTML],
  [418, 'Next', ISSUE],
  [419, 'Previous', ISSUE],
  ...([0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((d) => [48 + d, `Digit${d}`, 'number pad'] as PublishedKey),
];

describeKeyMap('Vizio', new VizioDevice(fakeHost({ userAgent: UA.smartcast })).keyMap(), PUBLISHED);
describeProfileBasics(VizioDevice, UA.smartcast);

describe('Vizio', () => {
  useLocalStorage();

  it.each(Object.entries(UA))('is picked for the %s UA', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(VizioDevice);
  });

  it('is picked from the VIZIO global of the companion library', () => {
    expect(pickProfile(PROFILES, envFor('Mozilla/5.0 (X11; Linux armv7l) Chrome/75.0', ['VIZIO']), null)).toBe(VizioDevice);
  });

  it('exits through VIZIO.exitApplication, or window.close without it', () => {
    let exits = 0;
    const window = fakeWindow();
    new VizioDevice(fakeHost({ userAgent: UA.smartcast, globals: { VIZIO: { exitApplication: () => exits++ }, window } })).exit();
    new VizioDevice(fakeHost({ userAgent: UA.smartcast, globals: { window } })).exit();
    expect([exits, window.closed]).toEqual([1, 1]);
  });

  it('pauses when concealed and asks before exiting', () => {
    const device = new VizioDevice(fakeHost({ userAgent: UA.smartcast }));
    expect(device.keepsAudioWhenConcealed).toBe(false);
    expect(device.exitPolicy).toBe('confirm');
  });

  it('reads model and firmware from the UA', async () => {
    expect(await new VizioDevice(fakeHost({ userAgent: UA.smartcast })).deviceInfo()).toMatchObject({
      model: 'V505-G9',
      platformVersion: '0.7.22.7-2',
      displayName: 'Vizio TV (SmartCast)',
    });
  });
});
