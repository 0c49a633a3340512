import { describe, expect, it } from 'vitest';
import { AndroidTvDevice } from '../../devices/androidtv';
import { BrowserDevice } from '../../devices/browser';
import { FireTvDevice } from '../../devices/firetv';
import { PlayStationDevice } from '../../devices/playstation';
import { RdkDevice } from '../../devices/rdk';
import { forcedProfile, pickProfile, PROFILES } from '../../devices/registry';
import { TizenDevice } from '../../devices/tizen';
import { VizioDevice } from '../../devices/vizio';
import { WebOsDevice } from '../../devices/webos';
import { XboxDevice } from '../../devices/xbox';
import type { Device, DeviceHost } from '../../devices/contracts/device';

/** Every profile takes a host (BaseDevice); the registry's type only needs the no-argument form. */
type WithHost = new (host: DeviceHost) => Device;
import { envFor, fakeHost } from './support/fake-host';

describe('device registry', () => {
  it('tries the nine profiles in the documented order, browser last', () => {
    expect(PROFILES).toEqual([
      WebOsDevice,
      TizenDevice,
      FireTvDevice,
      VizioDevice,
      XboxDevice,
      PlayStationDevice,
      AndroidTvDevice,
      RdkDevice,
      BrowserDevice,
    ]);
    expect(new Set(PROFILES.map((p) => p.profileName)).size).toBe(PROFILES.length);
  });

  it('honours ?device=<name> for every profile, whatever the UA', () => {
    const desktop = envFor('Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0');
    for (const profile of PROFILES) expect(pickProfile(PROFILES, desktop, profile.profileName)).toBe(profile);
  });

  it('routes loudness gain through Web Audio only on Chromium-based engines known to handle MSE there', () => {
    const stages = Object.fromEntries(PROFILES.map((P) => [P.profileName, new (P as unknown as WithHost)(fakeHost({})).playbackTuning().gainStage]));
    expect(stages).toEqual({
      webos: 'element-volume',
      tizen: 'element-volume',
      firetv: 'web-audio',
      vizio: 'element-volume',
      xbox: 'web-audio',
      playstation: 'element-volume',
      androidtv: 'web-audio',
      rdk: 'element-volume',
      browser: 'web-audio',
    });
  });

  it('joins gapless tracks in one MediaSource only where measured (desktop Chromium); elsewhere stop-load-start', () => {
    const joins = Object.fromEntries(PROFILES.map((P) => [P.profileName, new (P as unknown as WithHost)(fakeHost({})).playbackTuning().gaplessJoin]));
    expect(joins).toEqual({
      webos: 'reload',
      tizen: 'reload',
      firetv: 'reload',
      vizio: 'reload',
      xbox: 'reload',
      playstation: 'reload',
      androidtv: 'reload',
      rdk: 'reload',
      browser: 'edit-list',
    });
  });

  it('plays two audio pipelines at once (crossfade) only where measured (desktop Chromium); elsewhere one', () => {
    const pipelines = Object.fromEntries(PROFILES.map((P) => [P.profileName, new (P as unknown as WithHost)(fakeHost({})).playbackTuning().audioPipelines]));
    expect(pipelines).toEqual({ webos: 1, tizen: 1, firetv: 1, vizio: 1, xbox: 1, playstation: 1, androidtv: 1, rdk: 1, browser: 2 });
  });

  it('forces a profile from ?device= first, then settings.json, else detects', () => {
    expect(forcedProfile('tizen', 'webos')).toEqual({ name: 'tizen', source: '?device=tizen' });
    expect(forcedProfile(null, 'webos')?.name).toBe('webos');
    expect(forcedProfile('', 'webos')?.name).toBe('webos');
    expect(forcedProfile(null, '')).toBeNull();
    expect(forcedProfile(null, undefined)).toBeNull();
    const desktop = envFor('Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0');
    expect(pickProfile(PROFILES, desktop, forcedProfile(null, 'vizio')?.name ?? null)).toBe(VizioDevice);
  });

  it('resolves overlapping UAs to the more specific platform', () => {
    // A Fire TV says Android; an Android TV WebView is not Fire TV.
    expect(pickProfile(PROFILES, envFor('Mozilla/5.0 (Linux; Android 9; AFTKA Build/PS7633; wv) Chrome/120'), null)).toBe(FireTvDevice);
    // A platform global beats the UA (a webOS app whose UA was overridden).
    expect(pickProfile(PROFILES, envFor('Mozilla/5.0 (Linux; Android 9; X Build/Y; wv)', ['PalmSystem']), null)).toBe(WebOsDevice);
    expect(pickProfile(PROFILES, envFor('Mozilla/5.0 WPE', ['tizen']), null)).toBe(TizenDevice);
  });

  it('does not mistake lookalike words for platforms', () => {
    for (const ua of ['Mozilla/5.0 (Windows NT 10.0) CRAFTED/1.0', 'Mozilla/5.0 WPEX/1.0', 'Mozilla/5.0 (Macintosh) Safari/605.1.15']) {
      expect(pickProfile(PROFILES, envFor(ua), null)).toBe(BrowserDevice);
    }
  });
});
