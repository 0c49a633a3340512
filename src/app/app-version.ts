/** The package.json version, inlined by scripts/build-app.mjs; 'dev' when run unbundled. */
export const APP_VERSION: string = typeof __ENCORE_VERSION__ === 'string' ? __ENCORE_VERSION__ : 'dev';
