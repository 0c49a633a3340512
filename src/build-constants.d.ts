/** Replaced at build time by scripts/build-app.mjs (esbuild `define`). */
declare const __ENCORE_VERSION__: string;
/** false in the classic-script build for file:// packages, which has no chunks to load later. */
declare const __ENCORE_LAZY_CHUNKS__: boolean;
/** true only in test builds (ENCORE_TEST_HOOK=1): `window.__encore` for the e2e tests and the bench. */
declare const __ENCORE_TEST_HOOK__: boolean;
