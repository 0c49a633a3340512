import { describe, expect, it } from 'vitest';
import { FireTvDevice } from '../../devices/firetv';
import { pickProfile, PROFILES } from '../../devices/registry';
import { SHELL_BRIDGE } from '../../devices/shared/webview-shell';
import { envFor, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { useLocalStorage } from './support/local-storage';
import { describeProfileBasics } from './support/profile-basics';

// UA strings from Amazon's "User Agent Strings (Fire TV)"
// (https://developer.amazon.com/docs/fire-tv/user-agent-strings.html): Android WebView, Amazon
// WebView and the Amazon web app platform, all on a device model starting with "AFT".
const UA = {
  androidWebView:
    'Mozilla/5.0 (Linux; U; Android 4.2.2; en-us; AFTB Build/JDQ39) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30',
  amazonWebView:
    'Mozilla/5.0 (Linux; Android 4.2.2; AFTB Build/JDQ39) AppleWebKit/537.22 (KHTML, like Gecko) Chrome/25.0.1364.173 Mobile Safari/537.22',
  webAppPlatform:
    'Mozilla/5.0 (Linux; Android 4.2.2; AFTB Build/JDQ39) AppleWebKit/537.22 (KHTML, like Gecko) Chrome/25.0.1364.173 Mobile Safari/537.22 cordova-amazon-fireos/3.4.0 AmazonWebAppPlatform/3.4.0;2.0',
  // A current Fire TV Stick 4K Max (AFTKA) in the same Android WebView format (Android CDD §3.4.1).
  stick4kMax:
    'Mozilla/5.0 (Linux; Android 9; AFTKA Build/PS7633.3445N; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36',
};

const WEB_APPS = 'Amazon, Supporting Controllers in Web Apps';
const PUBLISHED: PublishedKey[] = [
  [13, 'Enter', WEB_APPS],
  [38, 'Up', WEB_APPS],
  [40, 'Down', WEB_APPS],
  [37, 'Left', WEB_APPS],
  [39, 'Right', WEB_APPS],
  [179, 'PlayPause', WEB_APPS],
  [227, 'Rewind', WEB_APPS],
  [228, 'FastForward', WEB_APPS],
  [4, 'Back', WEB_APPS],
  [8, 'Back', `${WEB_APPS}: game controller B`],
  [82, 'Menu', 'our WebView shell forwards KEYCODE_MENU'],
];

describeKeyMap('Fire TV', new FireTvDevice(fakeHost({ userAgent: UA.stick4kMax })).keyMap(), PUBLISHED);
describeProfileBasics(FireTvDevice, UA.stick4kMax);

describe('Fire TV', () => {
  useLocalStorage();

  it.each(Object.entries(UA))('is picked for the %s UA, before Android TV', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(FireTvDevice);
  });

  it('exits through the shell bridge, or window.close outside the shell', () => {
    let finished = 0;
    const window = fakeWindow();
    new FireTvDevice(fakeHost({ userAgent: UA.stick4kMax, globals: { [SHELL_BRIDGE]: { exit: () => finished++ }, window } })).exit();
    new FireTvDevice(fakeHost({ userAgent: UA.stick4kMax, globals: { window } })).exit();
    expect([finished, window.closed]).toEqual([1, 1]);
  });

  it('keeps audio when concealed (the shell holds audio focus) and asks before exiting', () => {
    const device = new FireTvDevice(fakeHost({ userAgent: UA.stick4kMax }));
    expect(device.keepsAudioWhenConcealed).toBe(true);
    expect(device.exitPolicy).toBe('confirm');
    expect(device.capabilities.memoryClass).toBe('low');
  });

  it('names the model from the UA', async () => {
    const info = await new FireTvDevice(fakeHost({ userAgent: UA.stick4kMax })).deviceInfo();
    expect(info).toMatchObject({ model: 'AFTKA', platformVersion: '9', displayName: 'Fire TV (AFTKA)' });
  });
});
