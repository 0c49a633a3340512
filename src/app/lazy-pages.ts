/**
 * The pages Home does not show, as one chunk loaded on the first visit to any of them (routes.ts).
 * One chunk, not one per page: pages share most of their components with each other and with
 * the boot bundle, and esbuild puts what each set of chunks shares into a chunk of its own, so
 * a chunk per page made the TV fetch 25 files at boot instead of 7 (`npm run bench -- bundle`).
 */
export { ArtistPage } from './pages/artist-page';
export { LibraryPage, librarySort } from './pages/library-page';
export { LikedPage } from './pages/liked-page';
export { default as NowPlayingPage } from './pages/now-playing-page';
export { default as PartyPage } from './pages/party-page';
export { PlaylistPage } from './pages/playlist-page';
export { default as ProfilesPage } from './pages/profiles-page';
export { default as QueuePage } from './pages/queue-page';
export { default as SearchPage } from './pages/search-page';
export { SettingsPage } from './pages/settings-page';
export { ShowPage } from './pages/show-page';
export { default as SignInPage } from './pages/signin-page';
