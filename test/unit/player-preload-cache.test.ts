import { describe, expect, it, vi } from 'vitest';
import { PreloadCache } from '../../src/player/preload-cache';

class Handle {
  destroyed = false;
  constructor(readonly key: string) {}
  destroy() {
    this.destroyed = true;
    return Promise.resolve();
  }
}

function setup(capacity = 2) {
  const handles = new Map<string, Handle>();
  const start = vi.fn(async (key: string) => {
    const h = new Handle(key);
    handles.set(key, h);
    return h;
  });
  const cache = new PreloadCache<Handle>(start, capacity);
  return { cache, start, handles };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('PreloadCache', () => {
  it('starts a preload once per key and keeps it while wanted', async () => {
    const { cache, start } = setup();
    cache.want('a', 'focus');
    cache.want('a', 'focus');
    expect(start).toHaveBeenCalledTimes(1);
    expect(cache.keys).toEqual(['a']);
  });

  it('reports a preload ready only once its start resolved with a handle', async () => {
    let finish: (h: Handle | null) => void = () => undefined;
    const start = vi.fn((key: string) =>
      key === 'slow' ? new Promise<Handle | null>((r) => (finish = r)) : Promise.resolve(key === 'none' ? null : new Handle(key)),
    );
    const cache = new PreloadCache<Handle>(start, 3);
    cache.want('slow', 'next');
    cache.want('none', 'focus');
    expect(cache.readyKeys).toEqual([]);
    await settle();
    expect(cache.keys).toEqual(['slow', 'none']);
    // A start that found nothing to preload is held but never ready: Enter takes the slow path.
    expect(cache.readyKeys).toEqual([]);
    finish(new Handle('slow'));
    await settle();
    expect(cache.readyKeys).toEqual(['slow']);
  });

  it('with a `finished` promise, is ready once it settles true, never when it settles false', async () => {
    let finishA: (ok: boolean) => void = () => undefined;
    const handles = {
      a: Object.assign(new Handle('a'), { finished: new Promise<boolean>((r) => (finishA = r)) }),
      b: Object.assign(new Handle('b'), { finished: Promise.resolve(false) }),
    };
    const cache = new PreloadCache<Handle & { finished: Promise<boolean> }>(async (key) => handles[key as 'a' | 'b'], 3);
    cache.want('a', 'focus');
    cache.want('b', 'next');
    await settle();
    expect(cache.readyKeys).toEqual([]);
    // Still downloading, and already cancellable: focus moved on.
    cache.unfocus('a');
    await settle();
    expect(handles.a.destroyed).toBe(true);
    finishA(true);
    await settle();
    expect(cache.readyKeys).toEqual([]);
    expect(cache.keys).toEqual(['b']);
  });

  it('cancels the focus preload when focus moves to another row', async () => {
    const { cache, handles } = setup();
    cache.want('a', 'focus');
    cache.want('b', 'focus');
    await settle();
    expect(cache.keys).toEqual(['b']);
    expect(handles.get('a')?.destroyed).toBe(true);
    expect(handles.get('b')?.destroyed).toBe(false);
  });

  it('cancels on unfocus, unless the queue also wants that track next', async () => {
    const { cache, handles } = setup();
    cache.want('a', 'focus');
    cache.unfocus('a');
    await settle();
    expect(cache.size).toBe(0);
    expect(handles.get('a')?.destroyed).toBe(true);

    cache.want('b', 'next');
    cache.want('b', 'focus');
    cache.unfocus('b');
    await settle();
    expect(cache.keys).toEqual(['b']);
    expect(cache.reasonsOf('b')).toEqual(['next']);
    expect(handles.get('b')?.destroyed).toBe(false);
  });

  it('holds at most `capacity` entries and evicts the least recently used', async () => {
    const { cache, handles } = setup(2);
    cache.want('next1', 'next');
    cache.want('f1', 'focus');
    cache.want('next1', 'next'); // touch: next1 becomes most recent
    cache.want('f1', 'next'); // replaces next1 as "next"; next1 has no reason left
    await settle();
    expect(cache.keys).toEqual(['f1']);
    expect(handles.get('next1')?.destroyed).toBe(true);

    const lru = setup(2);
    lru.cache.want('a', 'next');
    lru.cache.want('b', 'focus');
    lru.cache.want('a', 'focus'); // a is now most recent; b loses focus and goes
    lru.cache.want('c', 'next'); // a keeps focus, c is next
    await settle();
    expect(lru.cache.keys).toEqual(['a', 'c']);
  });

  it('evicts the oldest entry once over capacity', async () => {
    const { cache, handles } = setup(1);
    cache.want('a', 'next');
    cache.want('b', 'focus');
    await settle();
    expect(cache.keys).toEqual(['b']);
    expect(handles.get('a')?.destroyed).toBe(true);
  });

  it('take() hands the preload over without destroying it', async () => {
    const { cache, handles } = setup();
    cache.want('a', 'focus');
    const taken = cache.take('a');
    expect(cache.size).toBe(0);
    expect(await taken).toBe(handles.get('a'));
    cache.unfocus('a');
    await settle();
    expect(handles.get('a')?.destroyed).toBe(false);
    expect(cache.take('missing')).toBeNull();
  });

  it('a failed preload resolves to null and clear() destroys what is left', async () => {
    const handles: Handle[] = [];
    const cache = new PreloadCache<Handle>(async (key) => {
      if (key === 'bad') throw new Error('404');
      const h = new Handle(key);
      handles.push(h);
      return h;
    });
    cache.want('bad', 'focus');
    expect(await cache.take('bad')).toBeNull();
    cache.want('ok', 'next');
    cache.clear();
    await settle();
    expect(handles[0]?.destroyed).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('refuses a capacity below one', () => {
    expect(() => new PreloadCache(async () => null, 0)).toThrow(RangeError);
  });
});
