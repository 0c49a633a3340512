import { describe, expect, it } from 'vitest';
import { pageManifests } from '../../src/player/manifest-memory';
import { LazyMediaEngine } from '../../src/app/lazy-media-engine';
import type { EngineError, MediaEngine } from '../../src/player/media-engine';

interface FakePreload {
  url: string;
  destroy(): Promise<void>;
}

/** A stand-in engine that records every call in order. */
function recordingEngine(log: string[]): MediaEngine<FakePreload> {
  return {
    attach: async () => void log.push('attach'),
    configure: (c) => void log.push(`configure ${JSON.stringify(c)}`),
    load: async (source) => void log.push(`load ${typeof source === 'string' ? source : source.url}`),
    preload: async (url) => {
      log.push(`preload ${url}`);
      return { url, destroy: async () => undefined };
    },
    onError: (l: (e: EngineError) => void) => void log.push(`onError ${typeof l}`),
    onBuffering: () => void log.push('onBuffering'),
    onNetworkOk: () => void log.push('onNetworkOk'),
    manifestFromMemory: () => 'unused',
    retry: () => (log.push('retry'), true),
    bitrate: () => 160_000,
    warmUp: () => void log.push('warmUp'),
    unload: async () => void log.push('unload'),
    destroy: async () => void log.push('destroy'),
  };
}

function lazy(log: string[], fail: { times: number } = { times: 0 }) {
  let created = 0;
  const engine = new LazyMediaEngine<FakePreload>(async () => {
    created++;
    if (fail.times-- > 0) throw new Error('chunk failed to load');
    return recordingEngine(log);
  });
  return { engine, created: () => created };
}

describe('LazyMediaEngine', () => {
  it('warms the engine up once after its setup when prefetch made it, and never when a load or preload was asked first', async () => {
    const idle: string[] = [];
    const made = lazy(idle).engine;
    await made.attach({} as HTMLMediaElement);
    made.prefetch();
    made.prefetch();
    await new Promise((r) => setTimeout(r, 0));
    await made.load('m1.mpd');
    expect(idle).toEqual(['attach', 'warmUp', 'load m1.mpd']);

    for (const ask of [(e: LazyMediaEngine<FakePreload>) => e.load('m1.mpd'), (e: LazyMediaEngine<FakePreload>) => e.preload('m1.mpd')]) {
      const busy: string[] = [];
      const racing = lazy(busy).engine;
      racing.prefetch();
      await ask(racing);
      racing.prefetch();
      await new Promise((r) => setTimeout(r, 0));
      expect(busy.includes('warmUp')).toBe(false);
    }
  });

  it('unload before the engine exists resolves without loading it (nothing is loaded); after, it reaches the engine', async () => {
    const log: string[] = [];
    const { engine, created } = lazy(log);
    await engine.unload();
    expect(created()).toBe(0);
    await engine.load('m1.mpd');
    await engine.unload();
    expect(log).toEqual(['load m1.mpd', 'unload']);
  });

  it('does not load the engine for attach, configure or listeners', async () => {
    const log: string[] = [];
    const { engine, created } = lazy(log);
    await engine.attach({} as HTMLMediaElement);
    engine.configure({ a: 1 });
    engine.onError(() => undefined);
    engine.onBuffering(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(created()).toBe(0);
    expect(log).toEqual([]);
  });

  it('replays setup calls in order before the first load, then loads once', async () => {
    const log: string[] = [];
    const { engine, created } = lazy(log);
    engine.onError(() => undefined);
    await engine.attach({} as HTMLMediaElement);
    engine.configure({ a: 1 });
    await Promise.all([engine.load('m1.mpd'), engine.preload('m2.mpd')]);
    engine.configure({ b: 2 });
    expect(log).toEqual(['onError function', 'attach', 'configure {"a":1}', 'load m1.mpd', 'preload m2.mpd', 'configure {"b":2}']);
    expect(created()).toBe(1);
  });

  it('prefetch loads the engine without playing anything', async () => {
    const log: string[] = [];
    const { engine, created } = lazy(log);
    await engine.attach({} as HTMLMediaElement);
    engine.prefetch();
    await new Promise((r) => setTimeout(r, 10));
    expect(created()).toBe(1);
    expect(log).toEqual(['attach', 'warmUp']);
  });

  it('a failed chunk load fails that load, and the next load tries again', async () => {
    const log: string[] = [];
    const { engine, created } = lazy(log, { times: 1 });
    await expect(engine.load('m1.mpd')).rejects.toThrow('chunk failed to load');
    await engine.load('m1.mpd');
    expect(created()).toBe(2);
    expect(log).toEqual(['load m1.mpd']);
  });

  it('a setup call that fails on the new engine (attach) fails that load; the next load makes the engine again and replays every call', async () => {
    const log: string[] = [];
    let attachFails = 1;
    let created = 0;
    const engine = new LazyMediaEngine<FakePreload>(async () => {
      created++;
      const e = recordingEngine(log);
      return {
        ...e,
        attach: async (m: HTMLMediaElement) => {
          if (attachFails-- > 0) throw new Error('MediaSource refused');
          await e.attach(m);
        },
      };
    });
    void engine.attach({} as HTMLMediaElement);
    engine.configure({ a: 1 });
    await expect(engine.load('m1.mpd')).rejects.toThrow('MediaSource refused');
    await engine.load('m1.mpd');
    expect(created).toBe(2);
    expect(log).toEqual(['destroy', 'attach', 'configure {"a":1}', 'load m1.mpd']);
  });

  it('destroy before any load resolves without loading; after a load it destroys the engine; loads after destroy fail', async () => {
    const unused = lazy([]);
    await expect(unused.engine.destroy()).resolves.toBeUndefined();
    expect(unused.created()).toBe(0);
    await expect(unused.engine.load('m.mpd')).rejects.toThrow('destroyed');

    const log: string[] = [];
    const used = lazy(log);
    await used.engine.load('m.mpd');
    await used.engine.destroy();
    expect(log).toEqual(['load m.mpd', 'destroy']);
  });
});

describe('LazyMediaEngine, the player rewrite\'s additions', () => {
  it('takes a manifest into memory before the engine exists, and retries only a loaded engine', async () => {
    const log: string[] = [];
    const { engine } = lazy(log);
    const uri = engine.manifestFromMemory('http://tv/media/tracks/h/manifest.mpd', '<MPD/>');
    expect(uri).toMatch(/^encore-mpd:\/\/m\/\d+\.mpd$/);
    expect(pageManifests.get(uri)).toEqual({ url: 'http://tv/media/tracks/h/manifest.mpd', text: '<MPD/>' });
    engine.onNetworkOk(() => undefined);
    expect(engine.retry()).toBe(false);
    await engine.load('x');
    expect(log).toContain('onNetworkOk');
    expect(engine.retry()).toBe(true);
  });

  it('reports the loaded engine\'s bitrate for Now Playing, and none before it exists', async () => {
    const { engine } = lazy([]);
    expect(engine.bitrate()).toBeNull();
    await engine.load('/m.mpd');
    expect(engine.bitrate()).toBe(160_000);
  });
});
