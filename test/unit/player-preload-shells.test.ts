/**
 * Preload shells stay bounded over a long session. Shaka's Player keeps every PreloadManager its
 * `preload()` created, destroyed or not, until `destroyAllPreloads()` (player.js
 * `createdPreloadManagers_`), so the real ShakaEngine runs here against a stand-in `shaka-player`
 * with those list semantics: `preload()` appends, `destroyAllPreloads()` destroys what is not
 * destroyed yet and empties the list, `load(manager)` refuses a destroyed manager (Shaka's
 * PRELOAD_DESTROYED) and destroys the one it loaded when it settles. fast-check drives random
 * sessions of focus preloads, held next-track preloads and loads.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SHELL_CAP, PreloadShells } from '../../src/player/preload-shells';

class FakeManager {
  destroyed = false;
  inLoad = false;
  private finish: () => void = () => undefined;
  readonly done = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(readonly uri: string) {}

  waitForFinish(): Promise<void> {
    return this.done;
  }

  complete(): void {
    this.finish();
  }

  destroy(): Promise<void> {
    if (this.inLoad) throw new Error(`${this.uri}: destroyed in the middle of its load`);
    this.destroyed = true;
    return Promise.resolve();
  }
}

/** Loads waiting for the test to settle them, newest last. */
const loads: Array<{ asset: FakeManager | string; settle: () => void }> = [];

class FakePlayer {
  static instances: FakePlayer[] = [];
  created: FakeManager[] = [];
  managersMade = 0;

  constructor() {
    FakePlayer.instances.push(this);
  }

  attach(): Promise<void> {
    return Promise.resolve();
  }

  preload(uri: string): Promise<FakeManager> {
    const m = new FakeManager(uri);
    this.managersMade += 1;
    this.created.push(m);
    return Promise.resolve(m);
  }

  destroyAllPreloads(): Promise<void> {
    for (const m of this.created) if (!m.destroyed) void m.destroy();
    this.created = [];
    return Promise.resolve();
  }

  load(asset: FakeManager | string): Promise<void> {
    if (asset instanceof FakeManager && asset.destroyed) return Promise.reject({ code: 7005, severity: 2, data: [] });
    if (asset instanceof FakeManager) asset.inLoad = true;
    return new Promise<void>((resolve) => {
      loads.push({
        asset,
        settle: () => {
          if (asset instanceof FakeManager) {
            asset.inLoad = false;
            void asset.destroy();
          }
          resolve();
        },
      });
    });
  }

  /** Shells: destroyed managers still in the list. */
  get shells(): number {
    return this.created.filter((m) => m.destroyed).length;
  }
}

vi.mock('shaka-player', () => ({
  default: {
    polyfill: { installAll: () => undefined },
    net: { NetworkingEngine: { registerScheme: () => undefined } },
    Player: FakePlayer,
  },
}));

const { ShakaEngine } = await import('../../src/player/shaka-engine');
type EnginePreload = NonNullable<Awaited<ReturnType<InstanceType<typeof ShakaEngine>['preload']>>>;

function newEngine(): { engine: InstanceType<typeof ShakaEngine>; player: FakePlayer } {
  const engine = new ShakaEngine();
  return { engine, player: FakePlayer.instances.at(-1)! };
}

const settleLoads = async () => {
  for (const l of loads.splice(0)) l.settle();
  await new Promise((r) => setTimeout(r, 0));
};

describe('PreloadShells', () => {
  it('refuses a cap that is not a positive integer', () => {
    expect(() => new PreloadShells(() => undefined, () => undefined, 0)).toThrow(RangeError);
  });

  it('sweeps as soon as nothing is held or loading, and never while a preload is in a load', () => {
    const destroyAll = vi.fn();
    const shells = new PreloadShells<string>(destroyAll, () => undefined, 4);
    shells.created('a');
    shells.created('b');
    shells.loading('b');
    shells.done('a');
    for (let i = 0; i < 10; i++) {
      shells.created(`f${i}`);
      shells.done(`f${i}`);
    }
    expect(destroyAll).not.toHaveBeenCalled(); // 'b' is inside a load
    shells.done('b');
    expect(destroyAll).toHaveBeenCalledTimes(1);
    expect(shells.size).toBe(0);
  });
});

describe('ShakaEngine preload shells (stand-in shaka-player with its list semantics)', () => {
  it('a day of focus preloads beside a held next-track preload leaves at most the cap of shells', async () => {
    const { engine, player } = newEngine();
    const next = (await engine.preload('encore-mpd://m/next.mpd'))!;
    for (let i = 0; i < 1000; i++) {
      const focus = await engine.preload(`encore-mpd://m/${i}.mpd`);
      await focus!.destroy();
      expect(player.shells).toBeLessThan(DEFAULT_SHELL_CAP);
    }
    // The held preload was swept with the shells: its load starts again from its URI.
    expect(next.swept).toBe(true);
    expect(await Promise.race([next.finished, Promise.resolve('pending')])).toBe(false);
    const loading = engine.load(next);
    await new Promise((r) => setTimeout(r, 0));
    expect(loads.at(-1)!.asset).toMatchObject({ uri: 'encore-mpd://m/next.mpd', destroyed: false });
    await settleLoads();
    await loading;
    expect(player.created).toEqual([]);
  });

  it('each load starts as a preload handed to load; its shell goes once the load settles', async () => {
    const { engine, player } = newEngine();
    for (let i = 0; i < 50; i++) {
      const loading = engine.load(`encore-mpd://m/t${i}.mpd`);
      await new Promise((r) => setTimeout(r, 0));
      expect(loads.at(-1)!.asset).toBeInstanceOf(FakeManager);
      await settleLoads();
      await loading;
      expect(player.created).toEqual([]);
    }
    // A media file plays through src=: no preload, nothing listed.
    const file = engine.load('http://x/a.m4a', 'audio/mp4');
    await new Promise((r) => setTimeout(r, 0));
    expect(loads.at(-1)!.asset).toBe('http://x/a.m4a');
    await settleLoads();
    await file;
    expect(player.managersMade).toBe(50);
  });

  it('random sessions: no preload is destroyed inside its load, and with no load in flight the shells stay under the cap', async () => {
    type Op = { kind: 'focus' } | { kind: 'hold' } | { kind: 'drop'; pick: number } | { kind: 'load'; pick: number } | { kind: 'loadUri' } | { kind: 'settle' };
    const op = fc.oneof(
      fc.constant<Op>({ kind: 'focus' }),
      fc.constant<Op>({ kind: 'hold' }),
      fc.nat(10).map<Op>((pick) => ({ kind: 'drop', pick })),
      fc.nat(10).map<Op>((pick) => ({ kind: 'load', pick })),
      fc.constant<Op>({ kind: 'loadUri' }),
      fc.constant<Op>({ kind: 'settle' }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 120 }), async (ops) => {
        loads.length = 0;
        const { engine, player } = newEngine();
        const held: EnginePreload[] = [];
        const started: Array<Promise<void>> = [];
        let n = 0;
        for (const o of ops) {
          switch (o.kind) {
            case 'focus':
              await (await engine.preload(`encore-mpd://m/f${n++}.mpd`))!.destroy();
              break;
            case 'hold':
              held.push((await engine.preload(`encore-mpd://m/h${n++}.mpd`))!);
              break;
            case 'drop':
              if (held.length > 0) await held.splice(o.pick % held.length, 1)[0]!.destroy();
              break;
            case 'load':
              if (held.length > 0) started.push(engine.load(held.splice(o.pick % held.length, 1)[0]!));
              break;
            case 'loadUri':
              started.push(engine.load(`encore-mpd://m/u${n++}.mpd`));
              break;
            case 'settle':
              await settleLoads();
          }
          await new Promise((r) => setTimeout(r, 0));
          // FakeManager.destroy throws if called inside its load; a rejected load would show here.
          if (loads.length === 0) expect(player.shells).toBeLessThan(DEFAULT_SHELL_CAP);
        }
        await settleLoads();
        await Promise.all(started);
        // Every load was given a live manager (a destroyed one would have rejected).
        for (const h of held) await h.destroy();
        expect(player.created).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
