/**
 * A profile's library on the TV (issue 13), in real Chromium against the real BFF, keys only once
 * the TV is signed in (sign-in itself is the device flow, approved over HTTP as a phone would):
 * like three tracks from the context menu and find them in Liked Songs, open the Liked Songs page
 * from the rail and Unlike one there; make a playlist by typing
 * its name on the on-screen keyboard, add three tracks from context menus, reorder them with
 * move mode, and find the order kept after a reload; Delete asks first with Cancel focused; a
 * second profile of the same household sees none of it. Screenshots of the Library page and the
 * playlist go to .tmp/screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Key } from 'webdriverio';
import { LibraryPath, type AlbumResponse, type HomeResponse, type LikedTracksResponse, type Profile, type PlaylistResponse, type TokenResponse } from '../../src/protocol';
import { remoteKeys } from './support/remote-keys';
import { addProfile, bffCall as call, newHousehold, signInTvWithKeys } from './support/tv-sign-in';
import { useTvSession } from './support/tv-session';
import { tvState, waitForTv, type TvState } from './support/tv-state';

type Snapshot = TvState;
type LibraryShown = { sort: string | null; rails: Record<string, string[]> };
type LikedShown = { total: number; titles: string[]; focusIndex: number };
type PlaylistShown = { name: string; version: number; trackCount: number; titles: string[]; drawn: string[]; moving: boolean; elements: number };

const shots = path.resolve('.tmp/screenshots');
mkdirSync(shots, { recursive: true });

const PLAYLIST = 'roadtrip';

describe('a library of one’s own on the TV (real Chromium, real BFF, keys only)', () => {
  const tv = useTvSession();
  const browser = () => tv.browser;
  let owner: TokenResponse;
  let album: AlbumResponse;

  const snapshot = () => tvState(browser());
  const waitFor = (what: string, ok: (s: Snapshot) => boolean, timeout?: number): Promise<Snapshot> =>
    waitForTv(browser(), { timeout: 15_000, interval: 50 })(what, ok, timeout);
  const { press, holdOk, typeOnKeyboard, viaMenu, menuChoose } = remoteKeys(browser);
  const shot = async (name: string) => {
    await browser().pause(600);
    await browser().saveScreenshot(path.join(shots, `${name}.png`));
  };
  /** Home's first rail, first tile (Recently added before anything played), then its album's first row. */
  const openFirstAlbum = async () => {
    await viaMenu(0);
    await waitFor('Home', (s) => s.route === 'home' && /^App\/home\/Rail\d+\/Tile\d+$/.test(s.focused));
    const home = await call<HomeResponse>(tv.bff.url, '/api/v1/home', { token: owner.access_token });
    const rail = home.rails.findIndex((r) => r.id === 'recent-albums');
    const at = (await snapshot()).focused.match(/Rail(\d+)/)![1]!;
    for (let i = Number(at); i < rail; i++) await press(Key.ArrowDown);
    for (let i = Number(at); i > rail; i--) await press(Key.ArrowUp);
    for (let i = 0; i < 8; i++) await press(Key.ArrowLeft);
    // Left past the first tile opens the side menu; close it again.
    if ((await snapshot()).focused === 'App/SideMenu') await press(Key.ArrowRight);
    await waitFor('the first recently added album', (s) => s.focused === `App/home/Rail${rail}/Tile0`);
    album = await call<AlbumResponse>(tv.bff.url, `/api/v1/albums/${home.rails[rail]!.items[0]!.id}`);
    await press(Key.Enter);
    await waitFor('the album page', (s) => s.route === 'album/:albumId' && s.focused === 'App/album/Play');
    await press(Key.ArrowRight);
    await waitFor('its first row', (s) => s.focused === 'App/album/Tracks/Row0');
  };
  let second: Profile;
  beforeAll(async () => {
    owner = await newHousehold(tv.bff.url, 'Ada');
    second = await addProfile(tv.bff.url, owner, 'Sam');
  });

  it('a guest’s Library explains that a library needs a profile, and offers Sign in; #liked leads to sign-in', async () => {
    await browser().url(`${tv.bff.url}/`);
    await waitFor('Home as a guest', (s) => s.route === 'home' && s.session === null && /Tile\d+$/.test(s.focused));
    await viaMenu(4);
    const guest = await waitFor('the guest Library', (s) => s.route === 'library' && s.focused === 'App/library/NewPlaylist');
    expect(guest.shown).toEqual({ sort: null, rails: {} });
    // Liked Songs typed in as a guest leads to sign-in, not an error page.
    await browser().url(`${tv.bff.url}/#liked`);
    await waitFor('sign-in instead of a guest’s Liked Songs', (s) => s.route === 'signin');
  });

  it('likes three tracks from the context menu; Library’s Liked Songs lists them, newest first', async () => {
    await signInTvWithKeys(browser(), tv.bff.url, owner);
    await openFirstAlbum();
    for (let row = 0; row < 3; row++) {
      if (row > 0) await press(Key.ArrowDown);
      await waitFor(`row ${row}`, (s) => s.focused === `App/album/Tracks/Row${row}`);
      await menuChoose('Like');
      const liked = await waitFor('the like confirmed', (s) => s.toast === 'Added to Liked Songs' && s.focused === `App/album/Tracks/Row${row}`);
      expect(liked.route).toBe('album/:albumId');
      // The next toast must be a new one: wait for this one to go.
      await waitFor('the toast gone', (s) => s.toast === '', 5000);
    }
    // The menu now offers Unlike for a liked track.
    await holdOk();
    const again = await waitFor('the menu again', (s) => s.focused === 'App/ContextMenu');
    expect(again.menu.labels).toContain('Unlike');
    await press(Key.Escape);
    await viaMenu(4);
    const library = await waitFor('the Library with Liked Songs', (s) => s.route === 'library' && (s.shown as LibraryShown).rails.liked !== undefined);
    expect((library.shown as LibraryShown).rails.liked).toEqual(['All liked songs', ...album.tracks.slice(0, 3).map((t) => t.title).reverse()]);
    await shot('library');
  });

  it('opens all of Liked Songs from the rail’s first tile; Unlike there drops the row and keeps the focus; Back returns to Library where it was', async () => {
    const titles = album.tracks.slice(0, 3).map((t) => t.title).reverse();
    await waitFor('“All liked songs” focused', (s) => s.route === 'library' && s.focused === 'App/library/Rail0/Tile0');
    await press(Key.Enter);
    const liked = await waitFor('Liked Songs, its first row', (s) => s.route === 'liked' && s.focused === 'App/liked/Tracks/Row0');
    expect(liked.shown).toMatchObject({ total: 3, titles });
    await shot('liked');
    await press(Key.ArrowDown);
    await waitFor('the second row', (s) => s.focused === 'App/liked/Tracks/Row1');
    await menuChoose('Unlike');
    const after = await waitFor('the row gone, the focus on the row after it', (s) => (s.shown as LikedShown).titles.length === 2 && s.focused === 'App/liked/Tracks/Row1');
    expect(after.shown).toMatchObject({ total: 2, titles: [titles[0], titles[2]], focusIndex: 1 });
    // Drawn at once; the toast comes once the BFF has it.
    await waitFor('the unlike confirmed', (s) => s.toast === 'Removed from Liked Songs');
    const server = await call<LikedTracksResponse>(tv.bff.url, LibraryPath.likedTracks(), { token: owner.access_token });
    expect(server.tracks.map((t) => t.track.title)).toEqual([titles[0], titles[2]]);
    await press(Key.Escape);
    const back = await waitFor('Library again, on “All liked songs”', (s) => s.route === 'library' && s.focused === 'App/library/Rail0/Tile0');
    expect((back.shown as LibraryShown).rails.liked).toEqual(['All liked songs', titles[0], titles[2]]);
  });

  it('makes a playlist named on the on-screen keyboard, adds three tracks from context menus, reorders them in move mode; a reload keeps the order', async () => {
    await press(Key.ArrowUp);
    await waitFor('the Sort button', (s) => s.focused === 'App/library/Sort');
    await press(Key.ArrowRight, Key.Enter);
    await waitFor('the name prompt', (s) => s.focused === 'App/TextPrompt/Keyboard');
    const at = await typeOnKeyboard(PLAYLIST);
    for (let r = at.row; r < 4; r++) await press(Key.ArrowDown);
    await waitFor('Done', (s) => s.focused === 'App/TextPrompt/Done');
    await shot('playlist-name-prompt');
    await press(Key.Enter);
    const made = await waitFor('the new, empty playlist', (s) => s.route === 'playlist/:playlistId' && (s.shown as PlaylistShown | null)?.name === PLAYLIST);
    expect((made.shown as PlaylistShown).trackCount).toBe(0);

    await openFirstAlbum();
    for (let row = 0; row < 3; row++) {
      if (row > 0) await press(Key.ArrowDown);
      await waitFor(`row ${row}`, (s) => s.focused === `App/album/Tracks/Row${row}`);
      await menuChoose('Add to playlist…');
      const picker = await waitFor('the playlist picker', (s) => s.focused === 'App/ContextMenu' && s.menu.labels[0] === 'New playlist…');
      expect(picker.menu.labels).toEqual(['New playlist…', PLAYLIST]);
      await press(Key.ArrowDown, Key.Enter);
      await waitFor('added', (s) => s.toast === `Added to “${PLAYLIST}”` && s.focused === `App/album/Tracks/Row${row}`);
      await waitFor('the toast gone', (s) => s.toast === '', 5000);
    }
    const titles = album.tracks.slice(0, 3).map((t) => t.title);

    await viaMenu(4);
    const library = await waitFor('the Library with the playlist', (s) => s.route === 'library' && ((s.shown as LibraryShown).rails.playlists ?? []).includes(PLAYLIST));
    const rails = Object.keys((library.shown as LibraryShown).rails);
    for (let i = 0; i < rails.indexOf('playlists'); i++) await press(Key.ArrowDown);
    await waitFor('the playlist tile', (s) => s.focused === `App/library/Rail${rails.indexOf('playlists')}/Tile0`);
    await press(Key.Enter);
    const opened = await waitFor('the playlist, its first row', (s) => s.route === 'playlist/:playlistId' && s.focused === 'App/playlist/Tracks/Row0');
    expect((opened.shown as PlaylistShown).titles).toEqual(titles);

    // OK picks the first row up, Down twice carries it to the end, OK drops it.
    await press(Key.Enter);
    await waitFor('move mode', (s) => (s.shown as PlaylistShown).moving);
    await press(Key.ArrowDown);
    const carried = await waitFor('the row carried down one', (s) => s.focused === 'App/playlist/Tracks/Row1');
    expect((carried.shown as PlaylistShown).drawn).toEqual([titles[1], titles[0], titles[2]]);
    // Back cancels: nothing is sent, the order stays.
    await press(Key.Escape);
    const cancelled = await waitFor('the move cancelled', (s) => !(s.shown as PlaylistShown).moving && s.focused === 'App/playlist/Tracks/Row0');
    expect((cancelled.shown as PlaylistShown).titles).toEqual(titles);
    expect((cancelled.shown as PlaylistShown).drawn).toEqual(titles);
    await press(Key.Enter);
    await waitFor('move mode again', (s) => (s.shown as PlaylistShown).moving);
    await press(Key.ArrowDown, Key.ArrowDown);
    const reordered = [titles[1], titles[2], titles[0]];
    const third = await waitFor('carried to the third row', (s) => s.focused === 'App/playlist/Tracks/Row2');
    expect((third.shown as PlaylistShown).drawn).toEqual(reordered);
    expect((third.shown as PlaylistShown).titles).toEqual(titles);
    await shot('playlist-moving');
    await press(Key.Enter);
    const moved = await waitFor('dropped and saved', (s) => !(s.shown as PlaylistShown).moving && (s.shown as PlaylistShown).version > (cancelled.shown as PlaylistShown).version);
    expect((moved.shown as PlaylistShown).titles).toEqual(reordered);
    await shot('playlist');

    await browser().refresh();
    const back = await waitFor('the playlist after a reload', (s) => s.route === 'playlist/:playlistId' && (s.shown as PlaylistShown | null)?.name === PLAYLIST, 20_000);
    expect((back.shown as PlaylistShown).titles).toEqual(reordered);
    const { playlists } = await call<{ playlists: Array<{ id: string; name: string }> }>(tv.bff.url, LibraryPath.playlists(), { token: owner.access_token });
    const server = await call<PlaylistResponse>(tv.bff.url, LibraryPath.playlist(playlists.find((p) => p.name === PLAYLIST)!.id), { token: owner.access_token });
    expect(server.entries.map((e) => e.track.title)).toEqual(reordered);

    // Delete asks first, with Cancel focused: OK keeps the playlist.
    await waitFor('a row focused', (s) => s.focused.startsWith('App/playlist/Tracks/Row'));
    await press(Key.ArrowLeft, Key.ArrowDown, Key.ArrowDown);
    await waitFor('Delete', (s) => s.focused === 'App/playlist/Delete');
    await press(Key.Enter);
    const ask = await waitFor('the question', (s) => s.focused === 'App/ContextMenu');
    expect(ask.menu).toEqual({ labels: ['Cancel', 'Delete playlist'], focused: 'Cancel' });
    await press(Key.Enter);
    await waitFor('still the playlist', (s) => s.focused === 'App/playlist/Delete' && s.route === 'playlist/:playlistId');
    const still = await call<{ playlists: unknown[] }>(tv.bff.url, LibraryPath.playlists(), { token: owner.access_token });
    expect(still.playlists).toHaveLength(1);

    // Home's "Your playlists" opens it too.
    await viaMenu(0);
    await waitFor('Home', (s) => s.route === 'home' && s.focused === 'App/home/Rail0/Tile0');
    const home = await call<HomeResponse>(tv.bff.url, '/api/v1/home', { token: owner.access_token });
    const rail = home.rails.findIndex((r) => r.id === 'your-playlists');
    expect(home.rails[rail]!.items.map((c) => c.title)).toEqual([PLAYLIST]);
    for (let i = 0; i < rail; i++) await press(Key.ArrowDown);
    await waitFor('the playlist tile on Home', (s) => s.focused === `App/home/Rail${rail}/Tile0`);
    await press(Key.Enter);
    await waitFor('the playlist from Home', (s) => s.route === 'playlist/:playlistId' && (s.shown as PlaylistShown | null)?.name === PLAYLIST);
  });

  it('another profile of the same household sees none of it', async () => {
    await browser().url(`${tv.bff.url}/#settings`);
    await waitFor('Settings, Switch profile focused', (s) => s.route === 'settings' && s.focused === 'App/settings/SwitchProfile');
    await press(Key.Enter);
    await waitFor('the picker', (s) => s.route === 'profiles' && s.focused === 'App/profiles/Profile0');
    await press(Key.ArrowRight);
    await waitFor('Sam focused', (s) => s.focused === 'App/profiles/Profile1');
    await press(Key.Enter);
    const home = await waitFor('Home as Sam', (s) => s.route === 'home' && s.session?.profile === second.name && /Tile\d+$/.test(s.focused));
    expect(home.session).toEqual({ profile: 'Sam' });
    await viaMenu(4);
    const library = await waitFor('Sam’s Library', (s) => s.route === 'library' && (s.shown as LibraryShown).sort !== null);
    const rails = (library.shown as LibraryShown).rails;
    expect(rails.liked).toBeUndefined();
    expect(rails.playlists).toBeUndefined();
    expect(rails.albums).toBeUndefined();
  });
});
