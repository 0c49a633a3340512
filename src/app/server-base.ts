/**
 * Where the BFF is. The hosted build is served by the BFF, so its base is '' (same origin). A
 * packaged webOS/Tizen app runs from file://, where `/api/v1/home` would mean file:///api/v1/home,
 * so `npm run package` writes the BFF's URL into index.html as `<meta name="encore-server">`.
 * Read once at boot; every BFF URL the app makes goes through `serverUrl`.
 */

/** The meta tag's name; scripts/package.mjs writes it. */
export const SERVER_META_NAME = 'encore-server';

/** '' (same origin) or the packaged BFF URL without a trailing slash, so `base + '/api/…'` joins. */
export function readServerBase(doc: Pick<Document, 'querySelector'> = document): string {
  const content = doc.querySelector(`meta[name="${SERVER_META_NAME}"]`)?.getAttribute('content')?.trim() ?? '';
  return content.replace(/\/+$/, '');
}

/**
 * The absolute URL of a BFF path (`/api/v1/…`, `/media/…`). Absolute because Lightning's image
 * worker runs from a blob: URL, where relative URLs are invalid. Joined, not `new URL(path, base)`,
 * so a BFF behind a path prefix (https://tv.example/encore) keeps it.
 */
export function serverUrl(base: string, path: string, documentBase: string = document.baseURI): string {
  return new URL(base + path, documentBase).href;
}
