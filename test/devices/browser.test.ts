import { describe, expect, it } from 'vitest';
import { BrowserDevice } from '../../devices/browser';
import { pickProfile, PROFILES } from '../../devices/registry';
import { envFor, fakeHost } from './support/fake-host';
import { useLocalStorage } from './support/local-storage';
import { describeProfileBasics } from './support/profile-basics';

// Desktop UAs in the formats Chrome, Firefox and Safari document (Chrome: "User-Agent reduction",
// https://www.chromium.org/updates/ua-reduction/; Firefox:
// https://developer.mozilla.org/docs/Web/HTTP/Headers/User-Agent/Firefox). None is a TV.
const UA = {
  chrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  empty: '',
  garbage: 'curl/8.5.0',
};

describeProfileBasics(BrowserDevice, UA.chrome);

describe('browser fallback', () => {
  useLocalStorage();

  it.each(Object.entries(UA))('is what an unknown device gets: %s', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(BrowserDevice);
  });

  it('is the last profile, so every TV is tried first', () => {
    expect(PROFILES[PROFILES.length - 1]).toBe(BrowserDevice);
  });

  it('has the base answers for exit and background audio', () => {
    const device = new BrowserDevice(fakeHost({ userAgent: UA.chrome }));
    expect(device.exitPolicy).toBe('confirm');
    expect(device.keepsAudioWhenConcealed).toBe(true);
    expect(device.capabilities.memoryClass).toBe('mid');
  });

  it('asks for WebP artwork where the engine has it, JPEG elsewhere', () => {
    expect(new BrowserDevice(fakeHost({ userAgent: UA.chrome, webpImages: true })).capabilities.artworkFormat).toBe('webp');
    expect(new BrowserDevice(fakeHost({ userAgent: UA.chrome })).capabilities.artworkFormat).toBe('jpg');
  });

  it('describes itself as a web browser', async () => {
    expect((await new BrowserDevice(fakeHost({ userAgent: UA.firefox })).deviceInfo()).displayName).toBe('Web browser');
  });
});
