import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpPlaylistTransport, PlaylistEditor } from '../../src/app/services/playlist-editor';
import { LibraryPath, type PlaylistOperation, type PlaylistSummary } from '../../src/protocol';
import { signInTv, signUp } from '../fixtures/auth-helpers';
import { FIXTURE_TRACKS } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';

const bff = useFixtureApp();
const TRACKS = FIXTURE_TRACKS.map((t) => t.id);

/** `fetch` answered by the real BFF through inject; `fail` drops responses to test resends. */
function injectFetch(fail: { next: number } = { next: 0 }): typeof fetch {
  return (async (url: string, init: RequestInit = {}) => {
    const res = await bff.app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: String(url),
      headers: init.headers as Record<string, string>,
      payload: init.body as string | undefined,
    });
    if (fail.next > 0) {
      fail.next--;
      throw new TypeError('network error (the request reached the server; the answer was lost)');
    }
    return new Response(res.body, { status: res.statusCode, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
}

async function setup(trackCount: number) {
  const hh = await signUp(bff.app);
  const token = (await signInTv(bff.app, hh)).tokens.access_token;
  const create = await bff.app.inject({ method: 'POST', url: LibraryPath.playlists(), headers: { authorization: `Bearer ${token}` }, payload: { name: 'Shared' } });
  const playlist = create.json() as PlaylistSummary;
  const fail = { next: 0 };
  const transport = new HttpPlaylistTransport('', () => token, injectFetch(fail));
  const seed = new PlaylistEditor(transport, await transport.load(playlist.id));
  if (trackCount > 0) {
    const tracks = Array.from({ length: trackCount }, (_, i) => FIXTURE_TRACKS[i % FIXTURE_TRACKS.length]!);
    await seed.edit({ op: 'insert', at: 0, trackIds: tracks.map((t) => t.id) }, tracks.map(rowOf));
  }
  return { transport, playlist, fail };
}

const rowOf = (t: (typeof FIXTURE_TRACKS)[number]) => ({
  track: { id: t.id, title: t.title, artist: t.artist, albumId: t.album.id, disc: t.disc, number: t.number, durationMs: t.durationMs },
  artwork: t.album.artwork,
});

describe('PlaylistEditor against the real BFF', () => {
  it('two TVs edit at once: the later one rebases and both edits land; the local list matches the server', async () => {
    const { transport, playlist } = await setup(4);
    const tvA = new PlaylistEditor(transport, await transport.load(playlist.id));
    const tvB = new PlaylistEditor(transport, await transport.load(playlist.id));
    const [x, y, z, w] = tvA.entries.map((e) => e.id);
    expect(await tvA.edit({ op: 'move', from: 0, to: 3 })).toEqual({ status: 'applied', version: 2 });
    // B still thinks x is first: it removes y (index 1 in its list), which is index 0 now.
    expect(await tvB.edit({ op: 'remove', at: 1 })).toEqual({ status: 'applied', version: 3 });
    const server = await transport.load(playlist.id);
    expect(server.entries.map((e) => e.id)).toEqual([z, w, x]);
    expect(tvB.entries.map((e) => e.id)).toEqual([z, w, x]);
    expect(server.playlist.version).toBe(3);
    expect(y).toBeDefined();
  });

  it('reports a conflict when the other TV removed the entry, and changes nothing', async () => {
    const { transport, playlist } = await setup(3);
    const tvA = new PlaylistEditor(transport, await transport.load(playlist.id));
    const tvB = new PlaylistEditor(transport, await transport.load(playlist.id));
    const gone = tvA.entries[2]!.id;
    await tvA.edit({ op: 'remove', at: 2 });
    expect(await tvB.edit({ op: 'move', from: 2, to: 0 })).toEqual({ status: 'conflict', reason: 'entry_removed', version: 2 });
    expect(tvB.entries.map((e) => e.id)).not.toContain(gone);
    expect((await transport.load(playlist.id)).playlist.version).toBe(2);
  });

  it('a lost answer is resent with the same operation id and applied once', async () => {
    const { transport, playlist, fail } = await setup(2);
    const tv = new PlaylistEditor(transport, await transport.load(playlist.id));
    fail.next = 1;
    const result = await tv.edit({ op: 'insert', at: 1, trackIds: [TRACKS[5]!] }, [rowOf(FIXTURE_TRACKS[5]!)]);
    expect(result).toEqual({ status: 'applied', version: 2 });
    const server = await transport.load(playlist.id);
    expect(server.entries.map((e) => e.track.id)).toEqual([TRACKS[0], TRACKS[5], TRACKS[1]]);
    expect(tv.entries.map((e) => e.id)).toEqual(server.entries.map((e) => e.id));
  });

  it('loads a playlist longer than one page in order', async () => {
    const { transport, playlist } = await setup(900);
    const loaded = await transport.load(playlist.id);
    expect(loaded.entries).toHaveLength(900);
    expect(loaded.entries.map((e) => e.position)).toEqual(Array.from({ length: 900 }, (_, i) => i));
    expect(loaded.entries.map((e) => e.track.id)).toEqual(Array.from({ length: 900 }, (_, i) => TRACKS[i % TRACKS.length]));
  });

  it('random concurrent edits from two TVs: the later TV ends with exactly the server list', async () => {
    const opOn = (n: number) =>
      fc.oneof(
        fc.record({ op: fc.constant('insert' as const), at: fc.integer({ min: 0, max: n }), t: fc.nat(TRACKS.length - 1) }),
        fc.record({ op: fc.constant('move' as const), from: fc.nat(n - 1), to: fc.nat(n - 1) }),
        fc.record({ op: fc.constant('remove' as const), at: fc.nat(n - 1) }),
        fc.record({ op: fc.constant('rename' as const), name: fc.constantFrom('One', 'Two') }),
      );
    const { transport, playlist } = await setup(5);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(opOn(4), opOn(4)), { minLength: 1, maxLength: 4 }), async (rounds) => {
        for (const [a, b] of rounds) {
          const tvA = new PlaylistEditor(transport, await transport.load(playlist.id));
          const tvB = new PlaylistEditor(transport, await transport.load(playlist.id));
          const toOp = (s: typeof a, len: number): [PlaylistOperation, ReturnType<typeof rowOf>[]] => {
            if (s.op === 'insert') return [{ op: 'insert', at: Math.min(s.at, len), trackIds: [TRACKS[s.t]!] }, [rowOf(FIXTURE_TRACKS[s.t]!)]];
            if (s.op === 'move') return [{ op: 'move', from: s.from % len, to: s.to % len }, []];
            if (s.op === 'remove') return [{ op: 'remove', at: s.at % len }, []];
            return [s, []];
          };
          const len = tvA.entries.length;
          if (len === 0) return;
          const [opA, rowsA] = toOp(a, len);
          const [opB, rowsB] = toOp(b, len);
          expect((await tvA.edit(opA, rowsA)).status).toBe('applied');
          const result = await tvB.edit(opB, rowsB);
          const server = await transport.load(playlist.id);
          expect(tvB.entries.map((e) => e.id)).toEqual(server.entries.map((e) => e.id));
          expect(tvB.playlist.version).toBe(server.playlist.version);
          if (result.status === 'conflict') expect(opA.op).toBe('remove');
          // Keep the list from shrinking to nothing over many rounds.
          if (server.entries.length < 3) {
            const refill = new PlaylistEditor(transport, server);
            await refill.edit({ op: 'insert', at: 0, trackIds: [TRACKS[0]!, TRACKS[1]!] }, [rowOf(FIXTURE_TRACKS[0]!), rowOf(FIXTURE_TRACKS[1]!)]);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
