/** Replaced at build time by scripts/build-app.mjs (esbuild `define`). */
declare const __ENCORE_VERSION__: string;
/** false in the classic-script build for file:// packages, which has no chunks to load later. */
declare const __ENCORE_LAZY_CHUNKS__: boolean;
