/**
 * The TV's library services without Lightning, against the real BFF through inject: LibraryState
 * (what is liked, saved, followed; playlists) following the session, optimistic edits put back
 * when refused; appendToPlaylist rebasing "at the end" after someone else's edit; the context
 * menu's library entries (Like/Unlike, Save, Follow, Add to playlist… with New playlist…); and
 * the devices' like key.
 */
import { describe, expect, it, vi } from 'vitest';
import { BrowserDevice } from '../../devices/browser';
import { TizenDevice } from '../../devices/tizen';
import { WebOsDevice } from '../../devices/webos';
import { ApiClient } from '../../src/app/services/api-client';
import { contextActions, type ContextAction } from '../../src/app/services/context-actions';
import { LibraryState } from '../../src/app/services/library-state';
import { appendToPlaylist } from '../../src/app/services/playlist-editor';
import type { SessionChange } from '../../src/app/services/session';
import { LibraryPath, type LikedTracksResponse, type PlaylistResponse } from '../../src/protocol';
import { fakeHost } from '../devices/support/fake-host';
import { signInTv, signUp } from '../fixtures/auth-helpers';
import { FIXTURE_TRACKS } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';

const bff = useFixtureApp();
// The client resolves BFF paths against the page's base, as in the TV's browser.
vi.stubGlobal('document', { baseURI: 'http://tv.test/' });
const TRACKS = FIXTURE_TRACKS.map((t) => t.id);

/** `fetch` answered by the real BFF through inject, as the signed-in TV (bearer added). */
function tvFetch(token: string, fail: { status: number | null } = { status: null }): typeof fetch {
  return (async (url: string, init: RequestInit = {}) => {
    if (fail.status !== null) return new Response(JSON.stringify({ error: 'X', message: 'refused', statusCode: fail.status }), { status: fail.status });
    const res = await bff.app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: new URL(String(url)).pathname + new URL(String(url)).search,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
      payload: init.body as string | undefined,
    });
    return new Response(res.statusCode === 204 ? null : res.body, { status: res.statusCode, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
}

/** A session that is signed in until `end()`; `change` fires what the real one would. */
function fakeSession() {
  const listeners = new Set<(c: SessionChange) => void>();
  const session = {
    signedIn: true,
    restore: async () => undefined,
    onChange: (l: (c: SessionChange) => void) => (listeners.add(l), () => listeners.delete(l)),
    end() {
      session.signedIn = false;
      for (const l of listeners) l({ kind: 'ended', reason: 'signed-out' } as SessionChange);
    },
  };
  return session;
}

async function tv() {
  const hh = await signUp(bff.app);
  const { tokens } = await signInTv(bff.app, hh);
  const fail = { status: null as number | null };
  const api = new ApiClient('http://tv.test', tvFetch(tokens.access_token, fail));
  return { api, fail, token: tokens.access_token };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};

describe('LibraryState', () => {
  it('loads every liked track id page by page to the last cursor, and forgets them when the sign-in ends', async () => {
    const { api, token } = await tv();
    // The TV asks 500 at a time; pages of 2 here make five likes take three pages.
    for (const id of TRACKS.slice(0, 5)) {
      const res = await bff.app.inject({ method: 'PUT', url: LibraryPath.likedTrack(id), headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(204);
    }
    const pages: Array<string | null> = [];
    const paged = Object.assign(Object.create(api) as ApiClient, {
      likedTracks: (cursor: string | null, _limit: number): Promise<LikedTracksResponse> => (pages.push(cursor), api.likedTracks(cursor, 2)),
    });
    const session = fakeSession();
    const state = new LibraryState(paged, session);
    state.start();
    await until(() => TRACKS.slice(0, 5).every((id) => state.has('track', id)));
    expect(pages).toHaveLength(3);
    expect(state.has('track', TRACKS[6]!)).toBe(false);
    session.end();
    expect(state.available).toBe(false);
    expect(TRACKS.slice(0, 5).some((id) => state.has('track', id))).toBe(false);
  });

  it('a like shows at once; a refused one is put back and the error reaches the caller', async () => {
    const { api, fail } = await tv();
    const state = new LibraryState(api, fakeSession());
    await state.set('track', TRACKS[0]!, true);
    expect(state.has('track', TRACKS[0]!)).toBe(true);
    const liked = await api.likedTracks(null, 10);
    expect(liked.tracks.map((t) => t.track.id)).toEqual([TRACKS[0]]);
    fail.status = 503;
    const seen: boolean[] = [];
    state.onChange(() => seen.push(state.has('track', TRACKS[0]!)));
    await expect(state.set('track', TRACKS[0]!, false)).rejects.toThrow();
    expect(seen).toEqual([false, true]);
    expect(state.has('track', TRACKS[0]!)).toBe(true);
  });
});

describe('appendToPlaylist', () => {
  it('appends after another device’s edit: the 409 is rebased onto the new end, nothing is lost', async () => {
    const { api, token } = await tv();
    const created = await api.createPlaylist('Mix');
    const transport = api.playlistTransport();
    expect(await appendToPlaylist(transport, created, [TRACKS[0]!, TRACKS[1]!])).toBe(1);
    // The summary the menu holds is stale now (version 0, 0 tracks): another TV appends meanwhile.
    await appendToPlaylist(transport, await transport.head(created.id), [TRACKS[2]!]);
    const version = await appendToPlaylist(transport, created, [TRACKS[3]!]);
    const res = await bff.app.inject({ method: 'GET', url: LibraryPath.playlist(created.id), headers: { authorization: `Bearer ${token}` } });
    const page = res.json() as PlaylistResponse;
    expect(page.entries.map((e) => e.track.id)).toEqual([TRACKS[0], TRACKS[1], TRACKS[2], TRACKS[3]]);
    expect(version).toBe(page.playlist.version);
  });
});

describe('the context menu’s library entries', () => {
  const item = { trackId: TRACKS[0]!, title: 'Þrír', artist: 'Ólafur', durationMs: 1000 };
  const deps = (state: LibraryState, api: ApiClient, extra: { askName?: () => Promise<string | null>; openMenu?: (t: string, a: ContextAction[]) => void } = {}) => ({
    player: { loadContext: vi.fn(), playNext: vi.fn(), addToQueue: vi.fn() },
    api,
    navigate: vi.fn(),
    library: state,
    ...extra,
  });

  it('offers Like, then Unlike once liked; nothing of the library for a guest', async () => {
    const { api } = await tv();
    const state = new LibraryState(api, fakeSession());
    const labels = () => contextActions({ kind: 'track', item }, deps(state, api)).map((a) => a.label);
    expect(labels().slice(-2)).toEqual(['Like', 'Add to playlist…']);
    const like = contextActions({ kind: 'track', item }, deps(state, api)).find((a) => a.label === 'Like')!;
    expect(await like.run()).toBe('Added to Liked Songs');
    expect(labels()).toContain('Unlike');
    const guest = new LibraryState(api, { ...fakeSession(), signedIn: false });
    expect(contextActions({ kind: 'track', item }, deps(guest, api)).map((a) => a.label)).not.toContain('Like');
    expect(contextActions({ kind: 'artist', id: 'ar_000000000001', title: 'Ólafur' }, deps(state, api)).map((a) => a.label)).toContain('Follow');
  });

  it('Add to playlist… opens the picker; New playlist… makes it with the typed name and adds the album’s tracks', async () => {
    const { api } = await tv();
    const state = new LibraryState(api, fakeSession());
    await state.createPlaylist('Old one');
    let picker: { title: string; actions: ContextAction[] } | null = null;
    const album = { kind: 'album' as const, id: FIXTURE_TRACKS[0]!.album.id, title: 'Dawn' };
    const d = deps(state, api, { askName: async () => 'Typed name', openMenu: (title, actions) => (picker = { title, actions }) });
    const add = contextActions(album, d).find((a) => a.label === 'Add to playlist…')!;
    expect(await add.run()).toBeNull();
    expect(picker!.actions.map((a) => a.label)).toEqual(['New playlist…', 'Old one']);
    const albumTracks = (await api.albumData(album.id)).tracks.map((t) => t.id);
    expect(await picker!.actions[0]!.run()).toBe(`Added ${albumTracks.length} tracks to “Typed name”`);
    const made = state.playlists.find((p) => p.name === 'Typed name')!;
    expect(made.trackCount).toBe(albumTracks.length);
    // Cancelled: no playlist is made.
    const cancelled = deps(state, api, { askName: async () => null, openMenu: (title, actions) => (picker = { title, actions }) });
    await contextActions(album, cancelled).find((a) => a.label === 'Add to playlist…')!.run();
    expect(await picker!.actions[0]!.run()).toBeNull();
    expect((await api.playlists()).playlists.map((p) => p.name).sort()).toEqual(['Old one', 'Typed name']);
  });
});

describe('the like key, a device answer', () => {
  it('is Red on remotes with the colour keys (webOS, Tizen), none on a plain browser; always a key the map delivers', () => {
    const devices = [
      new WebOsDevice(fakeHost({ userAgent: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager' })),
      new TizenDevice(fakeHost({ userAgent: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36' })),
    ];
    for (const d of devices) {
      expect(d.likeKey()).toBe('Red');
      expect(d.keyMap()[403]).toBe('Red');
    }
    expect(new BrowserDevice(fakeHost({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36' })).likeKey()).toBeNull();
  });
});
