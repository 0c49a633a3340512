import { describe, expect, it } from 'vitest';
import {
  ApiPath,
  LIBRARY_LIMITS,
  type HomeResponse,
  LibraryPath,
  type LibraryResponse,
  type LikedTracksResponse,
  type OperationResponse,
  type PlaylistResponse,
  type PlaylistSummary,
} from '../../src/protocol';
import { addProfile, signInTv, signUp } from '../fixtures/auth-helpers';
import { FIXTURE_IDS, FIXTURE_TRACKS } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';

const bff = useFixtureApp();
const TRACKS = FIXTURE_TRACKS.map((t) => t.id);
let opCounter = 0;
const opId = () => `route-op-${++opCounter}`;

type Bearer = { authorization: string };

async function tv(): Promise<Bearer> {
  const hh = await signUp(bff.app);
  return (await signInTv(bff.app, hh)).bearer;
}

async function create(headers: Bearer, name = 'Road trip'): Promise<PlaylistSummary> {
  const res = await bff.app.inject({ method: 'POST', url: LibraryPath.playlists(), headers, payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as PlaylistSummary;
}

function edit(headers: Bearer, id: string, baseVersion: number, operation: Record<string, unknown>, operationId = opId()) {
  return bff.app.inject({
    method: 'POST',
    url: LibraryPath.playlistOperations(id),
    headers,
    payload: { operationId, baseVersion, operation },
  });
}

async function read(headers: Bearer, id: string, query = ''): Promise<PlaylistResponse> {
  const res = await bff.app.inject({ url: `${LibraryPath.playlist(id)}${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PlaylistResponse;
}

const message = (res: { json(): unknown }) => (res.json() as { message: string }).message;

describe('library and playlist routes', () => {
  it('need a token: 401 on every route without one', async () => {
    const id = 'pl_000000000001';
    const routes: Array<[string, string]> = [
      ['GET', LibraryPath.library()],
      ['GET', LibraryPath.likedTracks()],
      ['PUT', LibraryPath.likedTrack(TRACKS[0]!)],
      ['DELETE', LibraryPath.savedAlbum(FIXTURE_IDS.albums.dawn)],
      ['PUT', LibraryPath.followedArtist(FIXTURE_IDS.artists.olafur)],
      ['GET', LibraryPath.playlists()],
      ['POST', LibraryPath.playlists()],
      ['GET', LibraryPath.playlist(id)],
      ['DELETE', LibraryPath.playlist(id)],
      ['POST', LibraryPath.playlistOperations(id)],
    ];
    for (const [method, url] of routes) {
      const res = await bff.app.inject({ method: method as 'GET', url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('creates, edits by operation, reads back in order; the same track twice is two entries', async () => {
    const me = await tv();
    const p = await create(me, '  Road trip  ');
    expect(p).toMatchObject({ name: 'Road trip', version: 0, trackCount: 0, artwork: null });

    const insert = await edit(me, p.id, 0, { op: 'insert', at: 0, trackIds: [TRACKS[0], TRACKS[1], TRACKS[0]] });
    expect(insert.statusCode, insert.body).toBe(200);
    const inserted = insert.json() as OperationResponse;
    expect(inserted).toMatchObject({ playlistId: p.id, version: 1, replayed: false });
    expect(new Set(inserted.entryIds).size).toBe(3);

    expect((await edit(me, p.id, 1, { op: 'move', from: 2, to: 0 })).statusCode).toBe(200);
    expect((await edit(me, p.id, 2, { op: 'remove', at: 1 })).statusCode).toBe(200);
    expect((await edit(me, p.id, 3, { op: 'rename', name: 'Sunday' })).statusCode).toBe(200);
    const page = await read(me, p.id);
    expect(page.playlist).toMatchObject({ name: 'Sunday', version: 4, trackCount: 2 });
    expect(page.entries.map((e) => e.id)).toEqual([inserted.entryIds[2], inserted.entryIds[1]]);
    expect(page.entries.map((e) => [e.position, e.track.id])).toEqual([[0, TRACKS[0]], [1, TRACKS[1]]]);
    expect(page.nextCursor).toBeNull();

    const list = (await bff.app.inject({ url: LibraryPath.playlists(), headers: me })).json() as { playlists: PlaylistSummary[] };
    expect(list.playlists.map((x) => [x.id, x.name, x.trackCount])).toEqual([[p.id, 'Sunday', 2]]);

    expect((await bff.app.inject({ method: 'DELETE', url: LibraryPath.playlist(p.id), headers: me })).statusCode).toBe(204);
    expect((await bff.app.inject({ url: LibraryPath.playlist(p.id), headers: me })).statusCode).toBe(404);
  });

  it('applies a retried operation once, answers a stale base with 409 and the current version, refuses a reused id', async () => {
    const me = await tv();
    const p = await create(me);
    const id = opId();
    const first = await edit(me, p.id, 0, { op: 'insert', at: 0, trackIds: [TRACKS[2]] }, id);
    const again = await edit(me, p.id, 0, { op: 'insert', at: 0, trackIds: [TRACKS[2]] }, id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...(first.json() as OperationResponse), replayed: true });
    expect((await read(me, p.id)).entries).toHaveLength(1);

    const stale = await edit(me, p.id, 0, { op: 'remove', at: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({
      error: 'ENCORE_ERR_CONFLICT',
      message: 'baseVersion: 0 is stale; the playlist is at version 1',
      statusCode: 409,
      currentVersion: 1,
    });
    const reused = await edit(me, p.id, 1, { op: 'remove', at: 0 }, id);
    expect(reused.statusCode).toBe(409);
    expect(message(reused)).toMatch(/^operationId: .* was already used for a different operation/);
    const after = await read(me, p.id);
    expect(after.playlist.version).toBe(1);
    expect(after.entries).toHaveLength(1);
  });

  it('bad input: a 4xx naming the problem, nothing applied', async () => {
    const me = await tv();
    const p = await create(me);
    await edit(me, p.id, 0, { op: 'insert', at: 0, trackIds: [TRACKS[0]] });
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ op: 'insert', at: 0, trackIds: Array(10_000).fill(TRACKS[0]) }, 400, new RegExp(`^operation.trackIds: must NOT have more than ${LIBRARY_LIMITS.insertMaxTracks} items`)],
      [{ op: 'insert', at: 0, trackIds: [TRACKS[1], FIXTURE_IDS.missing.track] }, 400, /^operation.trackIds: 1 unknown track id\(s\): tr_ffffffffffff$/],
      [{ op: 'insert', at: 0, trackIds: ['al_1a0000000001'] }, 400, /^operation.trackIds.0: must be a track id \(tr_ \+ 12 hex\)$/],
      [{ op: 'insert', at: 2, trackIds: [TRACKS[1]] }, 400, /^operation.at: must be between 0 and 1/],
      [{ op: 'insert', trackIds: [TRACKS[1]] }, 400, /^operation.at: is required for insert$/],
      [{ op: 'remove', at: 0, name: 'x' }, 400, /^operation.name: is not allowed for remove$/],
      [{ op: 'move', from: 0, to: 1 }, 400, /^operation.to: must be below 1/],
      [{ op: 'remove', at: -1 }, 400, /^operation.at: must be >= 0$/],
      [{ op: 'shuffle' }, 400, /^operation.op: /],
      [{ op: 'rename', name: '' }, 400, /^operation.name: must NOT have fewer than 1 characters$/],
      [{ op: 'rename', name: 'x'.repeat(500) }, 400, /^operation.name: must NOT have more than 100 characters$/],
      [{ op: 'rename', name: 'a\u0007b' }, 400, /^operation.name: must not contain control characters or line breaks$/],
      [{ op: 'rename', name: '   ' }, 400, /^operation.name: must not be blank$/],
    ];
    for (const [operation, status, pattern] of cases) {
      const res = await edit(me, p.id, 1, operation);
      expect(res.statusCode, JSON.stringify(operation).slice(0, 80)).toBe(status);
      expect(message(res)).toMatch(pattern);
    }
    const badId = await bff.app.inject({ method: 'POST', url: LibraryPath.playlistOperations(p.id), headers: me, payload: { operationId: 'no', baseVersion: 1, operation: { op: 'remove', at: 0 } } });
    expect(message(badId)).toBe('operationId: must match pattern "^[A-Za-z0-9_-]{8,64}$"');
    for (const name of ['', 'x'.repeat(500), 'tab\there', 'line\nbreak', '\u2028']) {
      const res = await bff.app.inject({ method: 'POST', url: LibraryPath.playlists(), headers: me, payload: { name } });
      expect(res.statusCode, JSON.stringify(name)).toBe(400);
      expect(message(res)).toMatch(/^name: /);
    }
    // 100 emoji are 200 UTF-16 units but 100 characters: allowed.
    expect((await bff.app.inject({ method: 'POST', url: LibraryPath.playlists(), headers: me, payload: { name: '🎵'.repeat(50) } })).statusCode).toBe(201);
    const after = await read(me, p.id);
    expect(after.playlist).toMatchObject({ version: 1, trackCount: 1, name: 'Road trip' });
    expect((await bff.app.inject({ url: `${LibraryPath.playlist(p.id)}?cursor=banana`, headers: me })).statusCode).toBe(400);
    const badPlaylist = await bff.app.inject({ url: LibraryPath.playlist('pl_nothex'), headers: me });
    expect(badPlaylist.statusCode).toBe(400);
    expect(message(badPlaylist)).toBe('id: must be a playlist id (pl_ + 12 hex)');
  });

  it('another household, and another profile of the same household, get 404 for the playlist and see none of the library', async () => {
    const hh = await signUp(bff.app, 'Owner');
    const owner = (await signInTv(bff.app, hh)).bearer;
    const kid = await addProfile(bff.app, hh, 'Kid');
    const kidTv = (await signInTv(bff.app, hh, kid.id)).bearer;
    const stranger = await tv();
    const p = await create(owner, 'Mine');
    await edit(owner, p.id, 0, { op: 'insert', at: 0, trackIds: [TRACKS[0]] });
    await bff.app.inject({ method: 'PUT', url: LibraryPath.likedTrack(TRACKS[3]!), headers: owner });
    for (const other of [kidTv, stranger]) {
      expect((await bff.app.inject({ url: LibraryPath.playlist(p.id), headers: other })).statusCode).toBe(404);
      expect((await bff.app.inject({ method: 'DELETE', url: LibraryPath.playlist(p.id), headers: other })).statusCode).toBe(404);
      const res = await edit(other, p.id, 1, { op: 'remove', at: 0 });
      expect(res.statusCode).toBe(404);
      expect(message(res)).toBe(`Playlist ${p.id} not found`);
      const lib = (await bff.app.inject({ url: LibraryPath.library(), headers: other })).json() as LibraryResponse;
      expect(lib.playlists).toEqual([]);
      expect(lib.liked.total).toBe(0);
    }
    expect((await read(owner, p.id)).entries).toHaveLength(1);
  });

  it('likes, saves and follows: Library lists them; unknown ids are 404, wrong kinds 400', async () => {
    const me = await tv();
    for (const id of [TRACKS[5]!, TRACKS[2]!, TRACKS[7]!]) {
      expect((await bff.app.inject({ method: 'PUT', url: LibraryPath.likedTrack(id), headers: me })).statusCode).toBe(204);
    }
    await bff.app.inject({ method: 'PUT', url: LibraryPath.savedAlbum(FIXTURE_IDS.albums.night), headers: me });
    await bff.app.inject({ method: 'PUT', url: LibraryPath.followedArtist(FIXTURE_IDS.artists.tokyo), headers: me });
    const lib = (await bff.app.inject({ url: LibraryPath.library(), headers: me })).json() as LibraryResponse;
    expect(new Set(lib.liked.tracks.map((t) => t.track.id))).toEqual(new Set([TRACKS[5], TRACKS[2], TRACKS[7]]));
    expect(lib.liked.total).toBe(3);
    expect(lib.albums.map((c) => c.id)).toEqual([FIXTURE_IDS.albums.night]);
    expect(lib.artists.map((c) => c.id)).toEqual([FIXTURE_IDS.artists.tokyo]);
    expect(lib.sort).toBe('recent');
    expect((await bff.app.inject({ url: `${LibraryPath.library()}?sort=az`, headers: me })).statusCode).toBe(200);
    expect((await bff.app.inject({ url: `${LibraryPath.library()}?sort=size`, headers: me })).statusCode).toBe(400);

    expect((await bff.app.inject({ method: 'DELETE', url: LibraryPath.likedTrack(TRACKS[2]!), headers: me })).statusCode).toBe(204);
    const liked = (await bff.app.inject({ url: `${LibraryPath.likedTracks()}?limit=1`, headers: me })).json() as LikedTracksResponse;
    expect(liked.total).toBe(2);
    expect(liked.tracks).toHaveLength(1);
    const rest = (await bff.app.inject({ url: `${LibraryPath.likedTracks()}?cursor=${liked.nextCursor}`, headers: me })).json() as LikedTracksResponse;
    expect([...liked.tracks, ...rest.tracks].map((t) => t.track.id).sort()).toEqual([TRACKS[5], TRACKS[7]].sort());

    const unknown = await bff.app.inject({ method: 'PUT', url: LibraryPath.likedTrack(FIXTURE_IDS.missing.track), headers: me });
    expect(unknown.statusCode).toBe(404);
    expect(message(unknown)).toBe(`Track ${FIXTURE_IDS.missing.track} not found`);
    const wrongKind = await bff.app.inject({ method: 'PUT', url: LibraryPath.savedAlbum(TRACKS[0]!), headers: me });
    expect(wrongKind.statusCode).toBe(400);
    expect(message(wrongKind)).toBe('id: must be an album id (al_ + 12 hex)');
  });

  it('Home gains "Your playlists" for the profile that has some, newest edit first; guests and other profiles do not', async () => {
    const hh = await signUp(bff.app);
    const me = (await signInTv(bff.app, hh)).bearer;
    const kid = (await signInTv(bff.app, hh, (await addProfile(bff.app, hh, 'Kid')).id)).bearer;
    const rails = async (headers?: Bearer) =>
      ((await bff.app.inject({ url: ApiPath.home(), headers })).json() as HomeResponse).rails;
    expect((await rails(me)).map((r) => r.id)).not.toContain('your-playlists');
    const older = await create(me, 'Older');
    const newer = await create(me, 'Newer');
    // Edited a few ms later, so "newest edit first" does not hang on a tie within one millisecond.
    await new Promise((r) => setTimeout(r, 5));
    await edit(me, older.id, 0, { op: 'insert', at: 0, trackIds: [TRACKS[5]] });
    const mine = (await rails(me)).find((r) => r.id === 'your-playlists')!;
    expect(mine.title).toBe('Your playlists');
    expect(mine.items.map((c) => [c.kind, c.id, c.title, c.subtitle])).toEqual([
      ['playlist', older.id, 'Older', '1 track'],
      ['playlist', newer.id, 'Newer', '0 tracks'],
    ]);
    expect(mine.items[0]!.artwork).toEqual(FIXTURE_TRACKS[5]!.album.artwork);
    expect((await rails(kid)).map((r) => r.id)).not.toContain('your-playlists');
    expect((await rails()).map((r) => r.id)).not.toContain('your-playlists');
  });

  it('pages a long playlist by cursor; a cursor from before an edit is refused with the current version', async () => {
    const me = await tv();
    const p = await create(me);
    const trackIds = Array.from({ length: 250 }, (_, i) => TRACKS[i % TRACKS.length]!);
    await edit(me, p.id, 0, { op: 'insert', at: 0, trackIds });
    const seen: string[] = [];
    let query = '?limit=100';
    for (;;) {
      const page = await read(me, p.id, query);
      seen.push(...page.entries.map((e) => e.track.id));
      if (!page.nextCursor) break;
      query = `?limit=100&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen).toEqual(trackIds);
    const first = await read(me, p.id, '?limit=100');
    await edit(me, p.id, 1, { op: 'remove', at: 0 });
    const stale = await bff.app.inject({ url: `${LibraryPath.playlist(p.id)}?cursor=${first.nextCursor}`, headers: me });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ currentVersion: 2 });
  });
});
