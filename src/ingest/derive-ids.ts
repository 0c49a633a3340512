/**
 * Catalogue ids are derived, not allocated, so rebuilding a database from the same folder yields
 * the same ids (bookmarks, play history exports and e2e fixtures survive a rebuild).
 *
 * - artist: the name; album: artist + title. Case and Unicode form are folded so "Björk" typed
 *   on a Mac (NFD) and on Linux (NFC) is one artist. Display strings are kept exactly as tagged.
 * - track: the source path relative to the ingest root, NOT the content or the tags, so a file
 *   that is re-encoded or retagged is replaced in place and keeps its id and play history.
 */
import crypto from 'node:crypto';

export interface CatalogueIds {
  artistId: string;
  albumId: string;
  trackId: string;
}

const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const hash12 = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);

export function deriveIds(artist: string, album: string, relativePath: string): CatalogueIds {
  const path = relativePath.normalize('NFC').split('\\').join('/');
  return {
    artistId: `ar_${hash12(fold(artist))}`,
    // U+001F cannot appear in a tag, so "A" + "B C" never collides with "A B" + "C".
    albumId: `al_${hash12(`${fold(artist)}\u001f${fold(album)}`)}`,
    trackId: `tr_${hash12(`path:${path}`)}`,
  };
}
