/** Replaced at build time by scripts/build-app.mjs (esbuild `define`). */
declare const __ENCORE_VERSION__: string;
