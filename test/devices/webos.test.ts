import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LifecycleState } from '../../devices/contracts/lifecycle';
import { pickProfile, PROFILES } from '../../devices/registry';
import { StorageQuotaError } from '../../devices/shared/storage-quota-error';
import { WebOsDevice } from '../../devices/webos';
import { envFor, FakeDocument, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { describeProfileBasics } from './support/profile-basics';
import { QuotaStorage } from './support/quota-storage';

// UA strings from LG's "Web API and Web Engine" page, which lists one per webOS TV release
// (https://webostv.developer.lge.com/develop/specifications/web-api-and-web-engine). webOS 6
// and 22 carry the Chromium of LG's engine table (79, 87) in the same shape.
const UA = {
  webos2: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/538.2 (KHTML, like Gecko) Large Screen WebAppManager Safari/538.2',
  webos3:
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) QtWebEngine/5.2.1 Chrome/38.0.2125.122 Safari/537.36 WebAppManager',
  webos4: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager',
  webos6: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager',
  webos22: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager',
};

const MAGIC_REMOTE = 'LG Magic Remote guide';
const CONVENTIONAL = 'LG Magic Remote guide, conventional remote';
const PUBLISHED: PublishedKey[] = [
  [13, 'Enter', MAGIC_REMOTE],
  [37, 'Left', MAGIC_REMOTE],
  [38, 'Up', MAGIC_REMOTE],
  [39, 'Right', MAGIC_REMOTE],
  [40, 'Down', MAGIC_REMOTE],
  [461, 'Back', MAGIC_REMOTE],
  [403, 'Red', MAGIC_REMOTE],
  [404, 'Green', MAGIC_REMOTE],
  [405, 'Yellow', MAGIC_REMOTE],
  [406, 'Blue', MAGIC_REMOTE],
  [415, 'Play', CONVENTIONAL],
  [19, 'Pause', CONVENTIONAL],
  [417, 'FastForward', CONVENTIONAL],
  [412, 'Rewind', CONVENTIONAL],
  [413, 'Stop', CONVENTIONAL],
  ...([0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((d) => [48 + d, `Digit${d}`, CONVENTIONAL] as PublishedKey),
];

describeKeyMap('webOS', new WebOsDevice(fakeHost({ userAgent: UA.webos6 })).keyMap(), PUBLISHED);
describeProfileBasics(WebOsDevice, UA.webos6);

describe('webOS detection', () => {
  it.each(Object.entries(UA))('picks webos for the %s UA', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(WebOsDevice);
  });

  it('picks webos from the PalmSystem or webOS global whatever the UA says', () => {
    expect(pickProfile(PROFILES, envFor('Mozilla/5.0 (X11; Linux x86_64)', ['PalmSystem']), null)).toBe(WebOsDevice);
    expect(pickProfile(PROFILES, envFor('', ['webOS']), null)).toBe(WebOsDevice);
  });
});

describe('webOS answers', () => {
  beforeEach(() => vi.stubGlobal('localStorage', new QuotaStorage(64 * 1024 * 1024)));
  afterEach(() => vi.unstubAllGlobals());

  it('asks before exiting on webOS 6 and newer, goes straight home on 5 and older (LG Back button guide)', () => {
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos6 })).exitPolicy).toBe('confirm');
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos22 })).exitPolicy).toBe('confirm');
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos4 })).exitPolicy).toBe('immediate');
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos3 })).exitPolicy).toBe('immediate');
  });

  it('gives an unknown version the base answer', () => {
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos2 })).exitPolicy).toBe('confirm');
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos6.replace('79.0', '999.0') })).exitPolicy).toBe('confirm');
  });

  it('exits through webOS.platformBack, then PalmSystem.platformBack, then window.close', () => {
    const calls: string[] = [];
    const webOS = { platformBack: () => calls.push('webOS') };
    const PalmSystem = {
      platformBack(this: unknown) {
        calls.push(this === PalmSystem ? 'PalmSystem' : 'unbound');
      },
    };
    const window = fakeWindow();
    new WebOsDevice(fakeHost({ userAgent: UA.webos6, globals: { webOS, PalmSystem, window } })).exit();
    new WebOsDevice(fakeHost({ userAgent: UA.webos6, globals: { PalmSystem, window } })).exit();
    new WebOsDevice(fakeHost({ userAgent: UA.webos6, globals: { window } })).exit();
    expect(calls).toEqual(['webOS', 'PalmSystem']);
    expect(window.closed).toBe(1);
  });

  it('does not keep audio when concealed (webOS suspends hidden apps)', () => {
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos6 })).keepsAudioWhenConcealed).toBe(false);
  });

  it('has a pointer (Magic Remote), media keys, and a low memory class unless the engine says otherwise', () => {
    const caps = new WebOsDevice(fakeHost({ userAgent: UA.webos4 })).capabilities;
    expect(caps).toMatchObject({ pointer: true, mediaKeys: true, canExit: true, memoryClass: 'low' });
  });

  it('turns stall skipping off (Shaka: slow hardware pipeline)', () => {
    expect(new WebOsDevice(fakeHost({ userAgent: UA.webos6 })).playbackTuning().stallSkip).toBe(false);
  });

  it('moves to started on webOSRelaunch and follows the prefixed visibility event', () => {
    const doc = new FakeDocument();
    const lifecycle = new WebOsDevice(fakeHost({ userAgent: UA.webos3, document: doc.asDocument() })).lifecycle;
    const seen: LifecycleState[] = [];
    lifecycle.onChange((next) => seen.push(next));
    doc.show(true, 'webkitvisibilitychange');
    expect(lifecycle.state).toBe('concealed');
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('webOSRelaunch'));
    expect(lifecycle.state).toBe('started');
    expect(seen).toEqual(['blurred', 'concealed', 'blurred', 'started']);
    lifecycle.destroy();
    doc.show(true);
    expect(seen).toHaveLength(4);
  });

  it('describes the set from PalmSystem.deviceInfo and the UA', async () => {
    const PalmSystem = { deviceInfo: JSON.stringify({ modelName: 'OLED55C1PUB', platformVersion: '6.3.0' }) };
    const info = await new WebOsDevice(fakeHost({ userAgent: UA.webos6, globals: { PalmSystem } })).deviceInfo();
    expect(info).toMatchObject({ model: 'OLED55C1PUB', platformVersion: '6', displayName: 'LG TV (webOS 6)' });
    const unknown = await new WebOsDevice(fakeHost({ userAgent: UA.webos2, globals: { PalmSystem: { deviceInfo: '{oops' } } })).deviceInfo();
    expect(unknown).toMatchObject({ model: '', platformVersion: '', displayName: 'LG TV (webOS)' });
  });
});

describe('webOS storage (16 MB localStorage cap)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps records in the quota’d localStorage driver and rejects a write past 16 MiB, keeping what was there', async () => {
    const area = new QuotaStorage(64 * 1024 * 1024);
    vi.stubGlobal('localStorage', area);
    const storage = new WebOsDevice(fakeHost({ userAgent: UA.webos6 })).storage;
    await storage.set('settings', { volume: 0.8 });
    const huge = 'x'.repeat(8 * 1024 * 1024); // 16 MiB as UTF-16, plus key and quotes
    const error = await storage.set('offline', huge).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect(error).toMatchObject({ key: 'offline', quotaBytes: 16 * 1024 * 1024 });
    expect((error as StorageQuotaError).bytesNeeded).toBeGreaterThan((error as StorageQuotaError).bytesLeft);
    expect(await storage.get('settings')).toEqual({ volume: 0.8 });
    expect(await storage.get('offline')).toBeNull();
    expect(area.getItem('encore/records/settings')).toBe('{"volume":0.8}');
  });
});
