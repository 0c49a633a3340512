/**
 * Artwork sources for Lightning. The protocol's `artworkUrl` picks the variant; Lightning's image
 * worker fetches from a blob: context where relative URLs are invalid ("Invalid image URL"), so
 * the app always hands it an absolute URL.
 */
import { artworkUrl, type Artwork } from '../protocol';

export function artworkSrc(art: Artwork, drawnPx: number): string {
  return new URL(artworkUrl(art, drawnPx), document.baseURI).href;
}
