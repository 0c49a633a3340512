import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOperation, LIBRARY_LIMITS, type PlaylistOperation } from '../../src/protocol';
import type { LibraryStore, OperationOutcome, OperationRequestRow } from '../../src/store';
import { createCatalogueFixture, FIXTURE_IDS, FIXTURE_TRACKS, type CatalogueFixture } from '../fixtures/catalogue-fixture';

let fx: CatalogueFixture;
let library: LibraryStore;
let households = 0;
let opCounter = 0;
const TRACKS = FIXTURE_TRACKS.map((t) => t.id);

async function newProfile(): Promise<string> {
  const n = ++households;
  const made = await fx.accounts.createHousehold({
    id: `hh_${n}`,
    login: `lib${n}@example.test`,
    passwordHash: 'x',
    profile: { id: `pf_${n.toString(16).padStart(16, '0')}`, name: `P${n}`, color: '#112233' },
    now: 1,
  });
  return made!.profile.id;
}

const newOpId = () => `op-${(++opCounter).toString().padStart(8, '0')}`;

async function allEntries(profileId: string, playlistId: string) {
  const page = await library.playlistPage(profileId, playlistId, 0, 100_000);
  return { version: page!.playlist.version, name: page!.playlist.name, entries: page!.entries.map((e) => ({ id: e.id, trackId: e.track.id })) };
}

beforeAll(async () => {
  fx = await createCatalogueFixture();
  library = fx.stores.library;
});
afterAll(async () => fx?.cleanup());

type Model = { version: number; name: string; entries: Array<{ id: string; trackId: string }> };

/** One step of a random session against one playlist; indices are fractions of the current length. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    tracks: fc.array(fc.nat(TRACKS.length - 1), { minLength: 1, maxLength: 4 }),
    unknownTrack: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('move' as const), from: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('rename' as const), name: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('outOfRange' as const) }),
  fc.record({ kind: fc.constant('stale' as const) }),
  fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('reuseId' as const), pick: fc.nat() }),
);

const index = (frac: number, n: number) => Math.min(n - 1, Math.floor(frac * n));

describe('LibraryStore playlists (SQLite)', () => {
  it('applies random operation sequences exactly like the protocol model; stale, invalid, replayed and reused requests change nothing', async () => {
    const profileId = await newProfile();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const playlist = await library.createPlaylist(profileId, 'Model', 1);
        const model: Model = { version: 0, name: 'Model', entries: [] };
        const applied: Array<{ request: OperationRequestRow; outcome: OperationOutcome }> = [];
        for (const s of steps) {
          const n = model.entries.length;
          const send = (request: OperationRequestRow) => library.applyOperation(profileId, playlist.id, request, 2);
          let op: PlaylistOperation | undefined;
          if (s.kind === 'insert') {
            const trackIds = s.tracks.map((i) => TRACKS[i]!);
            if (s.unknownTrack) {
              const outcome = await send({ operationId: newOpId(), baseVersion: model.version, operation: { op: 'insert', at: 0, trackIds: [...trackIds, FIXTURE_IDS.missing.track] } });
              expect(outcome).toEqual({ kind: 'invalid', problem: `operation.trackIds: 1 unknown track id(s): ${FIXTURE_IDS.missing.track}` });
            } else {
              op = { op: 'insert', at: Math.floor(s.at * (n + 1)) > n ? n : Math.floor(s.at * (n + 1)), trackIds };
            }
          } else if (s.kind === 'move' && n > 0) {
            op = { op: 'move', from: index(s.from, n), to: index(s.to, n) };
          } else if (s.kind === 'remove' && n > 0) {
            op = { op: 'remove', at: index(s.at, n) };
          } else if (s.kind === 'rename') {
            op = { op: 'rename', name: s.name };
          } else if (s.kind === 'outOfRange') {
            const outcome = await send({ operationId: newOpId(), baseVersion: model.version, operation: { op: 'remove', at: n } });
            expect(outcome.kind).toBe('invalid');
          } else if (s.kind === 'stale') {
            const outcome = await send({ operationId: newOpId(), baseVersion: model.version + 1, operation: { op: 'rename', name: 'never' } });
            expect(outcome).toEqual({ kind: 'stale', version: model.version });
          } else if (s.kind === 'replay' && applied.length > 0) {
            const earlier = applied[s.pick % applied.length]!;
            const outcome = await send(earlier.request);
            expect(outcome).toEqual({ ...earlier.outcome, kind: 'replayed' });
          } else if (s.kind === 'reuseId' && applied.length > 0) {
            const earlier = applied[s.pick % applied.length]!;
            const outcome = await send({ ...earlier.request, baseVersion: model.version, operation: { op: 'rename', name: `other ${model.version}` } });
            expect(outcome).toEqual({ kind: 'id_reused' });
          }
          if (op) {
            const request = { operationId: newOpId(), baseVersion: model.version, operation: op };
            const outcome = await send(request);
            expect(outcome.kind).toBe('applied');
            if (outcome.kind !== 'applied') return;
            const inserted = op.op === 'insert' ? op.trackIds.map((trackId, i) => ({ id: outcome.entryIds[i]!, trackId })) : [];
            expect(outcome.entryIds).toHaveLength(inserted.length);
            model.entries = applyOperation(model.entries, op, inserted);
            model.version = outcome.version;
            if (op.op === 'rename') model.name = op.name;
            expect(outcome.version).toBe(applied.length + 1);
            applied.push({ request, outcome });
          }
          expect(await allEntries(profileId, playlist.id)).toEqual(model);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('pages in order, with the summary (count, duration, first cover) of the same read', async () => {
    const profileId = await newProfile();
    const p = await library.createPlaylist(profileId, 'Pages', 1);
    const trackIds = [...TRACKS, ...TRACKS, TRACKS[0]!];
    const r = await library.applyOperation(profileId, p.id, { operationId: newOpId(), baseVersion: 0, operation: { op: 'insert', at: 0, trackIds } }, 5);
    expect(r.kind).toBe('applied');
    const first = await library.playlistPage(profileId, p.id, 0, 5);
    const rest = await library.playlistPage(profileId, p.id, 5, 100);
    expect([...first!.entries, ...rest!.entries].map((e) => e.track.id)).toEqual(trackIds);
    expect(rest!.entries.map((e) => e.position)).toEqual(trackIds.slice(5).map((_, i) => 5 + i));
    const durations = new Map(FIXTURE_TRACKS.map((t) => [t.id, t.durationMs]));
    expect(first!.playlist).toMatchObject({
      trackCount: trackIds.length,
      durationMs: trackIds.reduce((sum, id) => sum + durations.get(id)!, 0),
      artwork: FIXTURE_TRACKS[0]!.album.artwork,
      version: 1,
      updatedAt: 5,
    });
  });

  it('keeps one profile out of another profile’s playlists and library', async () => {
    const alice = await newProfile();
    const bob = await newProfile();
    const p = await library.createPlaylist(alice, 'Alice only', 1);
    const insert = { operationId: newOpId(), baseVersion: 0, operation: { op: 'insert', at: 0, trackIds: [TRACKS[0]!] } as PlaylistOperation };
    expect(await library.applyOperation(bob, p.id, insert, 2)).toEqual({ kind: 'not_found' });
    expect(await library.playlistPage(bob, p.id, 0, 10)).toBeUndefined();
    expect(await library.deletePlaylist(bob, p.id)).toBe(false);
    expect(await library.playlists(bob, 'recent')).toEqual([]);
    expect((await library.applyOperation(alice, p.id, insert, 2)).kind).toBe('applied');
    expect((await allEntries(alice, p.id)).entries).toHaveLength(1);

    expect(await library.save(alice, 'track', TRACKS[1]!, 10)).toBe(true);
    expect(await library.save(alice, 'album', FIXTURE_IDS.albums.dawn, 10)).toBe(true);
    expect(await library.save(alice, 'artist', FIXTURE_IDS.artists.tokyo, 10)).toBe(true);
    expect((await library.likedTracks(bob, 10)).total).toBe(0);
    expect(await library.savedAlbums(bob, 'recent')).toEqual([]);
    expect(await library.followedArtists(bob, 'recent')).toEqual([]);
    expect([...(await library.savedAmong(bob, 'track', [TRACKS[1]!]))]).toEqual([]);
    expect([...(await library.savedAmong(alice, 'track', [TRACKS[1]!, TRACKS[2]!]))]).toEqual([TRACKS[1]]);
    expect(await library.deletePlaylist(alice, p.id)).toBe(true);
    expect(await library.playlists(alice, 'recent')).toEqual([]);
  });

  it('likes: unknown ids write nothing, liking twice keeps the first date, pages are newest first without gaps on equal dates', async () => {
    const profileId = await newProfile();
    expect(await library.save(profileId, 'track', FIXTURE_IDS.missing.track, 1)).toBe(false);
    expect(await library.save(profileId, 'album', FIXTURE_IDS.missing.album, 1)).toBe(false);
    expect(await library.save(profileId, 'artist', FIXTURE_IDS.missing.artist, 1)).toBe(false);
    // Four liked at the same millisecond: the cursor must still not skip or repeat one.
    for (const [i, id] of TRACKS.entries()) expect(await library.save(profileId, 'track', id, i < 4 ? 100 : 200 + i)).toBe(true);
    expect(await library.save(profileId, 'track', TRACKS[7]!, 999)).toBe(true);
    const seen: string[] = [];
    let cursor: { addedAt: number; trackId: string } | undefined;
    for (;;) {
      const { rows, total } = await library.likedTracks(profileId, 3, cursor);
      expect(total).toBe(TRACKS.length);
      seen.push(...rows.map((r) => r.track.id));
      if (rows.length < 3) break;
      cursor = { addedAt: rows[2]!.addedAt, trackId: rows[2]!.track.id };
    }
    const expected = TRACKS.map((id, i) => ({ id, at: i < 4 ? 100 : 200 + i }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((x) => x.id);
    expect(seen).toEqual(expected);
    expect(await library.unsave(profileId, 'track', TRACKS[0]!)).toBe(true);
    expect(await library.unsave(profileId, 'track', TRACKS[0]!)).toBe(false);
    expect((await library.likedTracks(profileId, 100)).total).toBe(TRACKS.length - 1);
  });

  it('sorts saved albums and followed artists by recent, A–Z and artist', async () => {
    const profileId = await newProfile();
    const { dawn, light, night } = FIXTURE_IDS.albums;
    await library.save(profileId, 'album', light, 1);
    await library.save(profileId, 'album', night, 2);
    await library.save(profileId, 'album', dawn, 3);
    const titles = async (order: 'recent' | 'az' | 'artist') => (await library.savedAlbums(profileId, order)).map((a) => a.id);
    expect(await titles('recent')).toEqual([dawn, night, light]);
    // Ágætis Dögun, Ljós — Live, 夜の光: lower() keeps the accent first, as SQLite compares bytes.
    expect(await titles('az')).toEqual([light, dawn, night].sort((a, b) => {
      const t = (id: string) => FIXTURE_TRACKS.find((x) => x.album.id === id)!.album.title.toLowerCase();
      return t(a) < t(b) ? -1 : 1;
    }));
    // Ólafur (sort key "olafur…") before 東京; his undated live album (null year) first.
    expect(await titles('artist')).toEqual([light, dawn, night]);
    await library.save(profileId, 'artist', FIXTURE_IDS.artists.tokyo, 1);
    await library.save(profileId, 'artist', FIXTURE_IDS.artists.olafur, 2);
    expect((await library.followedArtists(profileId, 'recent')).map((a) => a.id)).toEqual([FIXTURE_IDS.artists.olafur, FIXTURE_IDS.artists.tokyo]);
    expect((await library.followedArtists(profileId, 'az')).map((a) => a.id)).toEqual([FIXTURE_IDS.artists.olafur, FIXTURE_IDS.artists.tokyo]);
  });

  it('refuses an insert past the playlist bound whole, and a track the ingest removes bumps the version so older edits are stale', async () => {
    const profileId = await newProfile();
    const p = await library.createPlaylist(profileId, 'Bound', 1);
    const big = Array.from({ length: LIBRARY_LIMITS.insertMaxTracks }, (_, i) => TRACKS[i % TRACKS.length]!);
    let version = 0;
    for (let i = 0; i < LIBRARY_LIMITS.playlistMaxEntries / big.length; i++) {
      const r = await library.applyOperation(profileId, p.id, { operationId: newOpId(), baseVersion: version, operation: { op: 'insert', at: 0, trackIds: big } }, 2);
      expect(r.kind).toBe('applied');
      version++;
    }
    const over = await library.applyOperation(profileId, p.id, { operationId: newOpId(), baseVersion: version, operation: { op: 'insert', at: 5, trackIds: [TRACKS[0]!] } }, 3);
    expect(over).toEqual({ kind: 'invalid', problem: `operation.trackIds: the playlist would have ${LIBRARY_LIMITS.playlistMaxEntries + 1} entries; at most ${LIBRARY_LIMITS.playlistMaxEntries}` });
    expect((await allEntries(profileId, p.id)).entries).toHaveLength(LIBRARY_LIMITS.playlistMaxEntries);

    // A move across the whole list renumbers every entry in one transaction.
    const moved = await library.applyOperation(profileId, p.id, { operationId: newOpId(), baseVersion: version, operation: { op: 'move', from: 0, to: LIBRARY_LIMITS.playlistMaxEntries - 1 } }, 3);
    expect(moved.kind).toBe('applied');
    version++;
    const after = await allEntries(profileId, p.id);
    expect(after.entries[after.entries.length - 1]!.trackId).toBe(TRACKS[0]);

    await fx.store.removeTracks([TRACKS[1]!]);
    const gone = await allEntries(profileId, p.id);
    expect(gone.version).toBe(version + 1);
    expect(gone.entries.some((e) => e.trackId === TRACKS[1])).toBe(false);
    const late = await library.applyOperation(profileId, p.id, { operationId: newOpId(), baseVersion: version, operation: { op: 'remove', at: 0 } }, 4);
    expect(late).toEqual({ kind: 'stale', version: version + 1 });
    // Positions now have gaps where the removed entries were: an edit still lands where the model says.
    const op: PlaylistOperation = { op: 'move', from: 3, to: gone.entries.length - 2 };
    const now = await library.applyOperation(profileId, p.id, { operationId: newOpId(), baseVersion: version + 1, operation: op }, 4);
    expect(now.kind).toBe('applied');
    expect((await allEntries(profileId, p.id)).entries).toEqual(applyOperation(gone.entries, op));
  });
});
