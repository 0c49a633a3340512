/**
 * Every route of the TV app. Data providers RETURN their promise, so the Router keeps the
 * previous page (or the splash) on screen until the data is there, and sends a rejection to the
 * `!` error page. A provider whose request was superseded (ApiAbortError) resolves with nothing:
 * the Router then drops that navigation as stale instead of showing an error.
 *
 * Only the pages on the way to the first sound (Home, Album) and the splash and error pages are in
 * the boot bundle; every other page is in one chunk (lazy-pages.ts), fetched on the first visit to
 * any of them (issue 15, "A lighter bundle"). The packaged classic-script builds have no chunks:
 * there esbuild inlines the `import()`, so the same routes work unchanged.
 */
import { Router } from '@lightningjs/sdk';
import { services } from './app-services';
import { pageShown } from './deferred-load';
import { AlbumPage } from './pages/album-page';
import { BootPage } from './pages/boot-page';
import { ErrorPage } from './pages/error-page';
import { HomePage } from './pages/home-page';
import type { SettingsDetails } from './pages/settings-page';
import { LIBRARY_LIMITS } from '../protocol';
import { ApiAbortError, ApiError } from './services/api-client';

type RouterConfig = Parameters<typeof Router.startRouter>[0];
type PageParams = Router.PageParams;

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
 * A `before` provider that fetches a page's data and hands it to the page's `field` setter. The
 * page's type is checked against the data's where the route is declared (a generic function
 * assigned to the route's typed `before`).
 */
function loads<K extends string, T>(fetch: (params: PageParams) => Promise<T>, field: K) {
  return <P extends Record<K, T>>(page: P, params: PageParams): Promise<void> =>
    fetch(params)
      .then((data) => {
        page[field] = data as P[K];
      })
      .catch(ignoreSuperseded);
}

/** Routes that need a household: nobody signed in goes to sign-in first (a string redirects; the SDK's .d.ts says boolean). */
async function signedInOnly(): Promise<boolean> {
  await services().session.restore();
  return (services().session.signedIn || 'signin') as boolean;
}

type LazyPages = typeof import('./lazy-pages');

/** The pages' chunk (lazy-pages.ts), fetched once; a failed fetch is tried again on the next visit. */
let lazyPages: Promise<LazyPages> | null = null;
function loadLazyPages(): Promise<LazyPages> {
  lazyPages ??= import('./lazy-pages').catch((e: unknown) => {
    lazyPages = null;
    throw e;
  });
  return lazyPages;
}

/** A route whose page is in the boot bundle; typed, so `before` sees the page's own fields. */
function route<C extends Router.PageConstructor>(def: Router.RouteDefinition<C>): Router.RouteDefinition {
  return def as unknown as Router.RouteDefinition;
}

/**
 * A route whose page is a chunk. The chunk loads in `beforeNavigate` (alongside the route's own
 * guard), before the Router makes the page: until then the previous page (or the splash) stays on
 * screen with focus and gets the keys, as it does while a `before` provider fetches, and Back
 * cancels the navigation as it does then (App._handleAppClose). A chunk that cannot be fetched
 * leads to the error page, whose Try again loads it again; the SDK's own dynamic-import path has
 * no error handling and would leave the navigation pending for good.
 */
function lazyRoute<C extends Router.PageConstructor>(
  pick: (pages: LazyPages) => C,
  def: Omit<Router.RouteDefinition<C>, 'component'>,
): Router.RouteDefinition {
  const page = () => loadLazyPages().then(pick);
  const guard = def.beforeNavigate?.bind(def);
  return route<C>({
    ...def,
    component: () => page().then((type) => ({ default: type })),
    beforeNavigate: async (from, request) => {
      let allowed: boolean;
      try {
        [allowed] = await Promise.all([guard ? guard(from, request) : true, page()]);
      } catch (error) {
        // The SDK takes an object as a redirect; its .d.ts says boolean.
        const failed = { path: '!', params: { request: { hash: request.hash, error } }, store: false };
        return failed as unknown as boolean;
      }
      // Left while the chunk loaded (Back, or another page chosen): anything but a boolean, a
      // string or an object drops the request. Going on would make it the Router's latest hash
      // after the newer navigation's, and that one would then be dropped as stale.
      if (request.isCancelled) return undefined as unknown as boolean;
      return allowed;
    },
  });
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
      route({ path: 'home', component: HomePage, widgets: WIDGETS, before: loads(() => services().api.home(), 'home') }),
      route({
        path: 'album/:albumId',
        component: AlbumPage,
        widgets: WIDGETS,
        before: loads(({ albumId }) => services().api.album(albumId ?? ''), 'album'),
      }),
      lazyRoute((p) => p.ArtistPage, {
        path: 'artist/:artistId',
        widgets: WIDGETS,
        before: loads(({ artistId }) => services().api.artist(artistId ?? ''), 'artist'),
      }),
      lazyRoute((p) => p.SettingsPage, {
        path: 'settings',
        widgets: WIDGETS,
        // A failure leaves a gap on the card, not an error page.
        before: loads(settingsDetails, 'details'),
      }),
      lazyRoute((p) => p.SignInPage, { path: 'signin', widgets: WIDGETS, before: loads(() => services().device.deviceInfo(), 'device') }),
      lazyRoute((p) => p.ProfilesPage, {
        path: 'profiles',
        widgets: WIDGETS,
        // Nobody signed in has no profiles to pick from.
        beforeNavigate: signedInOnly,
        before: loads(() => services().api.me(), 'me'),
      }),
      lazyRoute((p) => p.ShowPage, {
        path: 'show/:showId',
        widgets: WIDGETS,
        before: loads(({ showId }) => services().api.show(showId ?? ''), 'show'),
      }),
      lazyRoute((p) => p.SearchPage, { path: 'search', widgets: WIDGETS }),
      lazyRoute((p) => p.LibraryPage, {
        path: 'library',
        widgets: WIDGETS,
        // A guest's Library explains itself (and offers Sign in) rather than failing with a 401.
        before: async (page, params) => {
          await services().session.restore();
          if (!services().session.signedIn) {
            page.guest = true;
            return;
          }
          // The page's module (in the chunk, loaded before this runs) keeps the sort last chosen.
          const { librarySort } = await loadLazyPages();
          await loads(() => services().api.library(librarySort()), 'library')(page, params);
        },
      }),
      lazyRoute((p) => p.PlaylistPage, {
        path: 'playlist/:playlistId',
        widgets: WIDGETS,
        before: loads(({ playlistId }) => services().api.playlist(playlistId ?? '', LIBRARY_LIMITS.pageDefault), 'page'),
      }),
      lazyRoute((p) => p.LikedPage, {
        path: 'liked',
        widgets: WIDGETS,
        // A guest has no liked songs (a typed #liked).
        beforeNavigate: signedInOnly,
        before: loads(() => services().api.likedTracks(null, LIBRARY_LIMITS.pageDefault), 'liked'),
      }),
      lazyRoute((p) => p.NowPlayingPage, { path: 'nowplaying', widgets: WIDGETS_WITHOUT_BAR }),
      lazyRoute((p) => p.QueuePage, { path: 'queue', widgets: WIDGETS }),
      // Hosting needs the household.
      lazyRoute((p) => p.PartyPage, { path: 'party', widgets: WIDGETS, beforeNavigate: signedInOnly }),
      { path: '!', component: ErrorPage, widgets: WIDGETS },
      { path: '*', component: ErrorPage, widgets: WIDGETS },
    ],
  };
}

/**
 * Device info first: on a first run it writes the install id, which usage then counts. Either
 * failing leaves a gap on the Settings card, not an error page.
 */
async function settingsDetails(): Promise<SettingsDetails> {
  const { device } = services();
  const info = await device.deviceInfo().catch(() => null);
  const storage = await device.storage.usage().catch(() => null);
  return { info, storage };
}
