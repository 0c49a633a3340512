import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pickProfile, PROFILES } from '../../devices/registry';
import { StorageQuotaError } from '../../devices/shared/storage-quota-error';
import { TIZEN_REGISTERED_KEYS, TizenDevice } from '../../devices/tizen';
import { envFor, FakeDocument, fakeHost, fakeWindow } from './support/fake-host';
import { describeKeyMap, type PublishedKey } from './support/key-table';
import { describeProfileBasics } from './support/profile-basics';
import { QuotaStorage } from './support/quota-storage';

// UA strings from Samsung's "Retrieving Platform Information" table, one per TV year
// (https://developer.samsung.com/smarttv/develop/guides/fundamentals/retrieving-platform-information.html).
const UA = {
  tizen24_2016: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 2.4.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/2.4.0 TV Safari/538.1',
  tizen30_2017: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 3.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/3.0 TV Safari/538.1',
  tizen40_2018: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 TV Safari/537.36',
  tizen50_2019: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36',
  tizen55_2020: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.5) AppleWebKit/537.36 (KHTML, like Gecko) 69.0.3497.106.1/5.5 TV Safari/537.36',
  tizen65_2022: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36',
};

const GUIDE = 'Samsung remote control guide';
const PUBLISHED: PublishedKey[] = [
  [13, 'Enter', GUIDE],
  [37, 'Left', GUIDE],
  [38, 'Up', GUIDE],
  [39, 'Right', GUIDE],
  [40, 'Down', GUIDE],
  [10009, 'Back', GUIDE],
  [10182, 'Exit', GUIDE],
  [10252, 'PlayPause', GUIDE],
  [415, 'Play', GUIDE],
  [19, 'Pause', GUIDE],
  [413, 'Stop', GUIDE],
  [417, 'FastForward', GUIDE],
  [412, 'Rewind', GUIDE],
  [10233, 'Next', GUIDE],
  [10232, 'Previous', GUIDE],
  [403, 'Red', GUIDE],
  [404, 'Green', GUIDE],
  [405, 'Yellow', GUIDE],
  [406, 'Blue', GUIDE],
  ...([0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const).map((d) => [48 + d, `Digit${d}`, GUIDE] as PublishedKey),
];

describeKeyMap('Tizen', new TizenDevice(fakeHost({ userAgent: UA.tizen50_2019 })).keyMap(), PUBLISHED);
describeProfileBasics(TizenDevice, UA.tizen50_2019);

/** A `tizen` global that records registrations; `missing` names throw like an unsupported key. */
function fakeTizen(missing: readonly string[] = []) {
  const registered: string[] = [];
  let exits = 0;
  const tizen = {
    tvinputdevice: {
      registerKey(name: string) {
        if (missing.includes(name)) throw new Error(`InvalidValuesError: ${name}`);
        registered.push(name);
      },
    },
    application: { getCurrentApplication: () => ({ exit: () => exits++ }) },
    systeminfo: {
      getCapability: (key: string) => (key === 'http://tizen.org/system/model_name' ? 'QE55Q80TATXXU' : undefined),
    },
  };
  return { tizen, registered, exits: () => exits };
}

describe('Tizen detection', () => {
  it.each(Object.entries(UA))('picks tizen for the %s UA', (_, userAgent) => {
    expect(pickProfile(PROFILES, envFor(userAgent), null)).toBe(TizenDevice);
  });

  it('picks tizen from the tizen global', () => {
    expect(pickProfile(PROFILES, envFor('Mozilla/5.0 (X11; Linux)', ['tizen']), null)).toBe(TizenDevice);
  });
});

describe('Tizen setup', () => {
  beforeEach(() => vi.spyOn(console, 'info').mockImplementation(() => undefined));
  afterEach(() => vi.restoreAllMocks());

  it('registers every media, colour and digit key it maps, once', () => {
    const fake = fakeTizen();
    const device = new TizenDevice(fakeHost({ userAgent: UA.tizen50_2019, globals: { tizen: fake.tizen } }));
    device.activate();
    device.activate();
    expect(fake.registered).toEqual([...TIZEN_REGISTERED_KEYS]);
  });

  it('never registers Back, Return or Exit: long-press Back/Exit stays the platform’s', () => {
    for (const name of ['Back', 'Return', 'Exit']) expect(TIZEN_REGISTERED_KEYS).not.toContain(name);
  });

  it('keeps registering when the model lacks a key', () => {
    const fake = fakeTizen(['ColorF0Red', '5']);
    new TizenDevice(fakeHost({ userAgent: UA.tizen50_2019, globals: { tizen: fake.tizen } })).activate();
    expect(fake.registered).toHaveLength(TIZEN_REGISTERED_KEYS.length - 2);
    expect(fake.registered).toContain('MediaPlayPause');
  });

  it('exits through tizen.application, or window.close without it', () => {
    const fake = fakeTizen();
    const window = fakeWindow();
    new TizenDevice(fakeHost({ userAgent: UA.tizen50_2019, globals: { tizen: fake.tizen, window } })).exit();
    expect(fake.exits()).toBe(1);
    expect(window.closed).toBe(0);
    new TizenDevice(fakeHost({ userAgent: UA.tizen50_2019, globals: { window } })).exit();
    expect(window.closed).toBe(1);
  });
});

describe('Tizen answers', () => {
  const everything = ['mp4a.40.2', 'mp4a.40.5', 'opus', 'flac'];

  it.each([UA.tizen24_2016, UA.tizen30_2017, UA.tizen40_2018])('refuses Opus below Tizen 5 even when MSE says yes: %s', (userAgent) => {
    const device = new TizenDevice(fakeHost({ userAgent, supported: everything }));
    expect(device.canPlay('opus')).toBe(false);
    expect(device.capabilities.codecs.opus).toBe(false);
    expect(device.canPlay('mp4a.40.2')).toBe(true);
  });

  it.each([UA.tizen50_2019, UA.tizen55_2020, UA.tizen65_2022])('asks MSE about Opus from Tizen 5 on: %s', (userAgent) => {
    expect(new TizenDevice(fakeHost({ userAgent, supported: everything })).canPlay('opus')).toBe(true);
    expect(new TizenDevice(fakeHost({ userAgent, supported: ['mp4a.40.2'] })).canPlay('opus')).toBe(false);
  });

  it('gives an unparsable version the base answer (MSE decides)', () => {
    const device = new TizenDevice(fakeHost({ userAgent: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen) TV', supported: everything }));
    expect(device.canPlay('opus')).toBe(true);
  });

  it('pauses when concealed, asks before exiting, and turns stall skipping off', () => {
    const device = new TizenDevice(fakeHost({ userAgent: UA.tizen50_2019 }));
    expect(device.keepsAudioWhenConcealed).toBe(false);
    expect(device.exitPolicy).toBe('confirm');
    expect(device.playbackTuning().stallSkip).toBe(false);
  });

  it('follows the prefixed visibility event of Tizen 2.x WebKit', () => {
    const doc = new FakeDocument();
    const lifecycle = new TizenDevice(fakeHost({ userAgent: UA.tizen24_2016, document: doc.asDocument() })).lifecycle;
    doc.show(true, 'webkitvisibilitychange');
    expect(lifecycle.state).toBe('concealed');
    doc.show(false, 'webkitvisibilitychange');
    expect(lifecycle.state).toBe('started');
    lifecycle.destroy();
  });
});

describe('Tizen device info and storage (5 MB per domain)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the model from tizen.systeminfo and the version from the UA', async () => {
    vi.stubGlobal('localStorage', new QuotaStorage(64 * 1024 * 1024));
    const { tizen } = fakeTizen();
    const info = await new TizenDevice(fakeHost({ userAgent: UA.tizen55_2020, globals: { tizen } })).deviceInfo();
    expect(info).toMatchObject({ model: 'QE55Q80TATXXU', platformVersion: '5.5', displayName: 'Samsung TV (Tizen 5.5)' });
  });

  it('rejects a write past 5 MiB with StorageQuotaError and keeps the earlier records', async () => {
    vi.stubGlobal('localStorage', new QuotaStorage(64 * 1024 * 1024));
    const storage = new TizenDevice(fakeHost({ userAgent: UA.tizen50_2019 })).storage;
    await storage.set('queue', ['tr_0123456789ab']);
    await storage.set('half', 'y'.repeat(1024 * 1024)); // 2 MiB
    const error = await storage.set('more', 'z'.repeat(1536 * 1024)).catch((e: unknown) => e); // 3 MiB: over
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect(error).toMatchObject({ key: 'more', quotaBytes: 5 * 1024 * 1024 });
    expect(String((error as Error).message)).toContain('"more"');
    expect(await storage.get('queue')).toEqual(['tr_0123456789ab']);
    expect(await storage.get<string>('half')).toHaveLength(1024 * 1024);
    expect(await storage.get('more')).toBeNull();
  });
});
