/**
 * Every route of the TV app. Data providers RETURN their promise, so the Router keeps the
 * previous page (or the splash) on screen until the data is there, and sends a rejection to the
 * `!` error page. A provider whose request was superseded (ApiAbortError) resolves with nothing:
 * the Router then drops that navigation as stale instead of showing an error.
 */
import { Router } from '@lightningjs/sdk';
import { services } from './app-services';
import { pageShown } from './deferred-load';
import { AlbumPage } from './pages/album-page';
import { ArtistPage } from './pages/artist-page';
import { BootPage } from './pages/boot-page';
import { ErrorPage } from './pages/error-page';
import { HomePage } from './pages/home-page';
import { SettingsPage } from './pages/settings-page';
import ProfilesPage from './pages/profiles-page';
import SignInPage from './pages/signin-page';
import NowPlayingPage from './pages/now-playing-page';
import QueuePage from './pages/queue-page';
import SearchPage from './pages/search-page';
import PartyPage from './pages/party-page';
import { LibraryPage, librarySort } from './pages/library-page';
import { PlaylistPage } from './pages/playlist-page';
import { LIBRARY_LIMITS } from '../protocol';
import { ShowPage } from './pages/show-page';
import { LikedPage } from './pages/liked-page';
import { ApiAbortError, ApiError } from './services/api-client';

type RouterConfig = Parameters<typeof Router.startRouter>[0];

/** Widget refs, lower-cased as the Router matches them. */
const WIDGETS: Lowercase<string>[] = ['nowplayingbar', 'sidemenu', 'toast', 'contextmenu', 'textprompt'];
/** Now Playing is the bar's page: everything but the bar. */
const WIDGETS_WITHOUT_BAR = WIDGETS.filter((w) => w !== 'nowplayingbar');

function ignoreSuperseded(e: unknown): void {
  if (e instanceof ApiAbortError) return;
  // The sign-in ended under this request (refused refresh): followSession() is already taking
  // the TV to the sign-in page, which supersedes this navigation.
  if (e instanceof ApiError && e.status === 401 && !services().session.signedIn) return;
  throw e;
}

/**
 * A sign-in that ends without the user asking (the server refused the refresh token, or a phone
 * signed this TV out) leads to the sign-in page. Only the page changes: the music plays on.
 */
export function followSession(): void {
  services().session.onChange((change) => {
    if (change.kind === 'ended' && change.reason !== 'signed-out') Router.navigate('signin');
  });
}

export function routes(): RouterConfig {
  return {
    root: 'home',
    // Loads what Home does not need (the player engine) once a first page is on screen.
    afterEachRoute: pageShown,
    routes: [
      { path: '$', component: BootPage, options: { preventStorage: true } },
      {
        path: 'home',
        component: HomePage,
        widgets: WIDGETS,
        before: (page, _params) =>
          services()
            .api.home()
            .then((home) => {
              (page as unknown as HomePage).home = home;
            })
            .catch(ignoreSuperseded),
      },
      {
        path: 'album/:albumId',
        component: AlbumPage,
        widgets: WIDGETS,
        before: (page, { albumId }) =>
          services()
            .api.album(albumId ?? '')
            .then((album) => {
              (page as unknown as AlbumPage).album = album;
            })
            .catch(ignoreSuperseded),
      },
      {
        path: 'artist/:artistId',
        component: ArtistPage,
        widgets: WIDGETS,
        before: (page, { artistId }) =>
          services()
            .api.artist(artistId ?? '')
            .then((artist) => {
              (page as unknown as ArtistPage).artist = artist;
            })
            .catch(ignoreSuperseded),
      },
      {
        path: 'settings',
        component: SettingsPage,
        widgets: WIDGETS,
        // Device info first: on a first run it writes the install id, which usage then counts. A
        // failure leaves a gap on the card, not an error page.
        before: async (page) => {
          const { device } = services();
          const info = await device.deviceInfo().catch(() => null);
          const storage = await device.storage.usage().catch(() => null);
          (page as unknown as SettingsPage).details = { info, storage };
        },
      },
      {
        path: 'signin',
        component: SignInPage,
        widgets: WIDGETS,
        before: async (page) => {
          (page as unknown as SignInPage).device = await services().device.deviceInfo();
        },
      },
      {
        path: 'profiles',
        component: ProfilesPage,
        widgets: WIDGETS,
        // Nobody signed in has no profiles to pick from: sign in first. (The SDK takes a string
        // as a redirect; its .d.ts says boolean.)
        beforeNavigate: async () => {
          await services().session.restore();
          return (services().session.signedIn || 'signin') as boolean;
        },
        before: (page) =>
          services()
            .api.me()
            .then((me) => {
              (page as unknown as ProfilesPage).me = me;
            })
            .catch(ignoreSuperseded),
      },
      {
        path: 'show/:showId',
        component: ShowPage,
        widgets: WIDGETS,
        before: (page, { showId }) =>
          services()
            .api.show(showId ?? '')
            .then((show) => {
              (page as unknown as ShowPage).show = show;
            })
            .catch(ignoreSuperseded),
      },
      { path: 'search', component: SearchPage, widgets: WIDGETS },
      {
        path: 'library',
        component: LibraryPage,
        widgets: WIDGETS,
        // A guest's Library explains itself (and offers Sign in) rather than failing with a 401.
        before: async (page) => {
          await services().session.restore();
          if (!services().session.signedIn) {
            (page as unknown as LibraryPage).guest = true;
            return;
          }
          await services()
            .api.library(librarySort())
            .then((library) => {
              (page as unknown as LibraryPage).library = library;
            })
            .catch(ignoreSuperseded);
        },
      },
      {
        path: 'playlist/:playlistId',
        component: PlaylistPage,
        widgets: WIDGETS,
        before: (page, { playlistId }) =>
          services()
            .api.playlist(playlistId ?? '', LIBRARY_LIMITS.pageDefault)
            .then((data) => {
              (page as unknown as PlaylistPage).page = data;
            })
            .catch(ignoreSuperseded),
      },
      {
        path: 'liked',
        component: LikedPage,
        widgets: WIDGETS,
        // A guest has no liked songs (a typed #liked): sign in first.
        beforeNavigate: async () => {
          await services().session.restore();
          return (services().session.signedIn || 'signin') as boolean;
        },
        before: (page) =>
          services()
            .api.likedTracks(null, LIBRARY_LIMITS.pageDefault)
            .then((data) => {
              (page as unknown as LikedPage).liked = data;
            })
            .catch(ignoreSuperseded),
      },
      { path: 'nowplaying', component: NowPlayingPage, widgets: WIDGETS_WITHOUT_BAR },
      { path: 'queue', component: QueuePage, widgets: WIDGETS },
      // Hosting needs the household: nobody signed in goes to sign-in first.
      {
        path: 'party',
        component: PartyPage,
        widgets: WIDGETS,
        beforeNavigate: async () => {
          await services().session.restore();
          return (services().session.signedIn || 'signin') as boolean;
        },
      },
      { path: '!', component: ErrorPage, widgets: WIDGETS },
      { path: '*', component: ErrorPage, widgets: WIDGETS },
    ],
  };
}
