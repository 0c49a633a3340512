import { describe, expect, it } from 'vitest';
import { AndroidTvDevice } from '../../devices/androidtv';
import { pickProfile, PROFILES } from '../../devices/registry';
import { SHELL_BRIDGE } from '../../devices/shared/webview-shell';
import { envFor, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { useLocalStorage } from './support/local-storage';
import { describeProfileBasics } from './support/profile-basics';

// The Android CDD fixes the WebView UA format (§3.4.1, https://source.android.com/docs/compatibility/cdd):
// "Mozilla/5.0 (Linux; Android $(VERSION); $(MODEL) Build/$(BUILD); wv) AppleWebKit/537.36
// (KHTML, like Gecko) Version/4.0 $(CHROMIUM_VER) Mobile Safari/537.36". Models: Sony BRAVIA
// (Android TV 9), Chromecast with Google TV (Android 12), NVIDIA SHIELD (Android 11).
const UA = {
  bravia:
    'Mozilla/5.0 (Linux; Android 9; BRAVIA 4K GB Build/PTT1.190515.001.S52; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/88.0.4324.181 Mobile Safari/537.36',
  chromecast:
    'Mozilla/5.0 (Linux; Android 12; Chromecast Build/STTE.230319.008.H1; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/114.0.5735.196 Mobile Safari/537.36',
  shield:
    'Mozilla/5.0 (Linux; Android 11; SHIELD Android TV Build/RQ1A.210105.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/96.0.4664.104 Mobile Safari/537.36',
};

const AMAZON = 'Chromium WebView codes as Amazon documents them';
const PUBLISHED: PublishedKey[] = [
  [13, 'Enter', 'DPAD_CENTER'],
  [37, 'Left', 'DPAD_LEFT'],
  [38, 'Up', 'DPAD_UP'],
  [39, 'Right', 'DPAD_RIGHT'],
  [40, 'Down', 'DPAD_DOWN'],
  [179, 'PlayPause', AMAZON],
  [227, 'Rewind', AMAZON],
  [228, 'FastForward', AMAZON],
  [4, 'Back', 'our WebView shell forwards KEYCODE_BACK'],
  [27, 'Back', 'bitmovin-player-ui Android map'],
  [82, 'Menu', 'our WebView shell forwards KEYCODE_MENU'],
  ...([0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((d) => [48 + d, `Digit${d}`, 'number pad'] as PublishedKey),
];

describeKeyMap('Android TV', new AndroidTvDevice(fakeHost({ userAgent: UA.bravia })).keyMap(), PUBLISHED);
describeProfileBasics(AndroidTvDevice, UA.bravia);

describe('Android TV', () => {
  useLocalStorage();

  it.each(Object.entries(UA))('is picked for the %s WebView UA', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(AndroidTvDevice);
  });

  it('exits through the shell bridge, or window.close outside the shell', () => {
    let finished = 0;
    const window = fakeWindow();
    new AndroidTvDevice(fakeHost({ userAgent: UA.bravia, globals: { [SHELL_BRIDGE]: { exit: () => finished++ }, window } })).exit();
    new AndroidTvDevice(fakeHost({ userAgent: UA.bravia, globals: { window } })).exit();
    expect([finished, window.closed]).toEqual([1, 1]);
  });

  it('keeps audio when concealed and asks before exiting', () => {
    const device = new AndroidTvDevice(fakeHost({ userAgent: UA.chromecast }));
    expect(device.keepsAudioWhenConcealed).toBe(true);
    expect(device.exitPolicy).toBe('confirm');
  });

  it('names the model and Android version from the UA', async () => {
    expect(await new AndroidTvDevice(fakeHost({ userAgent: UA.bravia })).deviceInfo()).toMatchObject({
      model: 'BRAVIA 4K GB',
      platformVersion: '9',
      displayName: 'BRAVIA 4K GB (Android 9)',
    });
    expect(await new AndroidTvDevice(fakeHost({ userAgent: 'Mozilla/5.0 (Linux; Android)' })).deviceInfo()).toMatchObject({
      model: '',
      displayName: 'Android TV',
    });
  });
});
