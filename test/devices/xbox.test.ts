import { describe, expect, it } from 'vitest';
import { pickProfile, PROFILES } from '../../devices/registry';
import { XboxDevice } from '../../devices/xbox';
import { envFor, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { useLocalStorage } from './support/local-storage';
import { describeProfileBasics } from './support/profile-basics';

// Edge on Xbox says "Xbox; Xbox One" in the platform token, in the Edge desktop UA format
// Microsoft documents ("User-agent string changes", learn.microsoft.com, previous-versions IE
// developer guide hh869301); legacy EdgeHTML and the Chromium Edge both.
const UA = {
  edgeHtml:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041',
  edgeChromium:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  seriesX:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox Series X) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/48.0.2564.82 Safari/537.36 Edge/20.02',
};

const VK = 'Windows.System.VirtualKey';
const PUBLISHED: PublishedKey[] = [
  [195, 'Enter', `${VK} GamepadA`],
  [196, 'Back', `${VK} GamepadB`],
  [197, 'PlayPause', `${VK} GamepadX`],
  [198, 'Search', `${VK} GamepadY`],
  [199, 'Next', `${VK} GamepadRightShoulder`],
  [200, 'Previous', `${VK} GamepadLeftShoulder`],
  [201, 'Rewind', `${VK} GamepadLeftTrigger`],
  [202, 'FastForward', `${VK} GamepadRightTrigger`],
  [203, 'Up', `${VK} GamepadDPadUp`],
  [204, 'Down', `${VK} GamepadDPadDown`],
  [205, 'Left', `${VK} GamepadDPadLeft`],
  [206, 'Right', `${VK} GamepadDPadRight`],
  [207, 'Menu', `${VK} GamepadMenu`],
  [211, 'Up', `${VK} GamepadLeftThumbstickUp`],
  [212, 'Down', `${VK} GamepadLeftThumbstickDown`],
  [213, 'Right', `${VK} GamepadLeftThumbstickRight`],
  [214, 'Left', `${VK} GamepadLeftThumbstickLeft`],
  [27, 'Back', 'Escape maps to B (Microsoft gamepad and remote interactions)'],
  [13, 'Enter', 'keyboard / media remote'],
  [37, 'Left', 'keyboard / media remote'],
  [38, 'Up', 'keyboard / media remote'],
  [39, 'Right', 'keyboard / media remote'],
  [40, 'Down', 'keyboard / media remote'],
];

describeKeyMap('Xbox', new XboxDevice(fakeHost({ userAgent: UA.edgeHtml })).keyMap(), PUBLISHED);
describeProfileBasics(XboxDevice, UA.edgeHtml);

describe('Xbox', () => {
  useLocalStorage();

  it.each(Object.entries(UA))('is picked for the %s UA', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(XboxDevice);
  });

  it('leaves View (208) unmapped: it has no Encore action yet', () => {
    expect(new XboxDevice(fakeHost({ userAgent: UA.edgeHtml })).keyMap()[208]).toBeUndefined();
  });

  it('switches the controller to key emulation on activate', () => {
    const navigator = { gamepadInputEmulation: 'mouse' };
    new XboxDevice(fakeHost({ userAgent: UA.edgeHtml, globals: { navigator } })).activate();
    expect(navigator.gamepadInputEmulation).toBe('keyboard');
  });

  it('leaves a navigator without the Xbox property alone', () => {
    const navigator: Record<string, unknown> = {};
    new XboxDevice(fakeHost({ userAgent: UA.edgeChromium, globals: { navigator } })).activate();
    expect(navigator).toEqual({});
  });

  it('exits with window.close, pauses when concealed, and has a high memory class', async () => {
    const window = fakeWindow();
    const device = new XboxDevice(fakeHost({ userAgent: UA.seriesX, globals: { window } }));
    device.exit();
    expect(window.closed).toBe(1);
    expect(device.keepsAudioWhenConcealed).toBe(false);
    expect(device.capabilities.memoryClass).toBe('high');
    expect(await device.deviceInfo()).toMatchObject({ model: 'Xbox Series X', displayName: 'Xbox Series X' });
  });
});
