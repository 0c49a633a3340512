/**
 * Artwork sources for Lightning. The protocol's `artworkUrl` picks the variant; Lightning's image
 * worker fetches from a blob: context where relative URLs are invalid ("Invalid image URL"), so
 * the app always hands it an absolute URL on the BFF (`api.urlFor`). The variant is capped at the
 * device's `artworkMaxPx` budget: a low-memory TV draws a 480 px cover from the 240 px file, a
 * quarter of the texture. The format is the device's `artworkFormat`: WebP (a third of the
 * bytes) where the engine decodes it, else JPEG.
 */
import { artworkUrl, type Artwork } from '../protocol';
import { services } from './app-services';

export function artworkSrc(art: Artwork, drawnPx: number): string {
  const { device, api } = services();
  const { budgets, artworkFormat } = device.capabilities;
  return api.urlFor(artworkUrl(art, Math.min(drawnPx, budgets.artworkMaxPx), artworkFormat));
}
