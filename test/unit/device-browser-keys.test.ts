import { describe, expect, it } from 'vitest';
import { BrowserDevice } from '../../devices/browser';
import { KEYS } from '../../devices/contracts/keys';
import type { DeviceEnvironment, DeviceProfile } from '../../devices/contracts/device';
import { pickProfile } from '../../devices/registry';
import { BaseDevice } from '../../devices/base-device';

// keyCodes as Chromium reports them for a US keyboard (KeyboardEvent.keyCode).
const press = {
  ArrowUp: 38,
  ArrowDown: 40,
  ArrowLeft: 37,
  ArrowRight: 39,
  Enter: 13,
  Backspace: 8,
  Escape: 27,
  Space: 32,
  k: 75,
  n: 78,
  p: 80,
  Period: 190,
  Comma: 188,
  MediaTrackNext: 176,
  MediaTrackPrevious: 177,
  MediaPlayPause: 179,
};

describe('BrowserDevice key map', () => {
  const keys = new BrowserDevice().keyMap();

  it('maps the D-pad and select', () => {
    expect([keys[press.ArrowUp], keys[press.ArrowDown], keys[press.ArrowLeft], keys[press.ArrowRight]]).toEqual([
      'Up',
      'Down',
      'Left',
      'Right',
    ]);
    expect(keys[press.Enter]).toBe('Enter');
  });

  it('maps Backspace and Escape to Back', () => {
    expect(keys[press.Backspace]).toBe('Back');
    expect(keys[press.Escape]).toBe('Back');
  });

  it('maps playback shortcuts and media keys', () => {
    expect(keys[press.Space]).toBe('PlayPause');
    expect(keys[press.k]).toBe('PlayPause');
    expect(keys[press.MediaPlayPause]).toBe('PlayPause');
    expect(keys[press.n]).toBe('Next');
    expect(keys[press.Period]).toBe('Next');
    expect(keys[press.MediaTrackNext]).toBe('Next');
    expect(keys[press.p]).toBe('Previous');
    expect(keys[press.Comma]).toBe('Previous');
    expect(keys[press.MediaTrackPrevious]).toBe('Previous');
  });

  it('only produces names from the Key union', () => {
    for (const name of Object.values(keys)) expect(KEYS).toContain(name);
  });

  it('leaves letters without a meaning unmapped', () => {
    expect(keys[65]).toBeUndefined(); // a
  });

  it('the base device maps no browser-only shortcuts', () => {
    const base = new BaseDevice().keyMap();
    expect(base[press.Backspace]).toBeUndefined();
    expect(base[press.Enter]).toBe('Enter');
  });
});

describe('device registry', () => {
  const env: DeviceEnvironment = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0', hasGlobal: () => false };

  class FakeTv extends BaseDevice {
    static override readonly profileName: string = 'faketv';
    static readonly floor = { platform: 'FakeTV', version: '1', engine: { name: 'chrome', version: 90 } } as const;
    static detect(e: DeviceEnvironment) {
      return e.userAgent.includes('FakeTV');
    }
  }
  const profiles: DeviceProfile[] = [FakeTv, BrowserDevice];

  it('falls back to the browser profile for an unknown device', () => {
    expect(pickProfile(profiles, env, null)).toBe(BrowserDevice);
  });

  it('picks the first profile whose detect() matches', () => {
    expect(pickProfile(profiles, { ...env, userAgent: 'Mozilla/5.0 FakeTV/1.0' }, null)).toBe(FakeTv);
  });

  it('honours ?device= and ignores an unknown name', () => {
    expect(pickProfile(profiles, env, 'faketv')).toBe(FakeTv);
    expect(pickProfile(profiles, env, 'nope')).toBe(BrowserDevice);
  });

  it('reports its name and codec answers without MSE', () => {
    const device = new BrowserDevice();
    expect(device.name).toBe('browser');
    expect(device.canPlay('mp4a.40.2')).toBe(false); // no MediaSource in node
    expect(device.canPlay('unknown')).toBe(false);
  });
});
