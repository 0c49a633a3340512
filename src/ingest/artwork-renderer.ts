/**
 * Renders covers to the sizes and formats the protocol promises, once per distinct image.
 * Folders are content-addressed (`art/<hash>/`), so an album whose tracks all embed the same
 * picture renders it once, and URLs are immutable (the BFF can cache them for a year).
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ARTWORK_SIZES, type Artwork, type ArtworkFormat } from '../protocol';
import { MEDIA_URL_PREFIX, artworkMediaPath } from '../config/encore-config';
import type { MediaStaging } from './media-staging';

/** Bump when sizes, formats or quality change, so old folders are not mistaken for new ones. */
const RENDER_VERSION = 'v1';
const FORMATS: readonly ArtworkFormat[] = ['webp', 'jpg'];
const META_FILE = 'art.json';

const hex = (n: number) => n.toString(16).padStart(2, '0');

export class ArtworkRenderer {
  private readonly rendered = new Map<string, Promise<Artwork>>();

  constructor(private readonly staging: MediaStaging) {}

  /** Any image sharp can read (JPEG, PNG, WebP, SVG, …). Rejects if it cannot be decoded. */
  render(image: Uint8Array): Promise<Artwork> {
    const artHash = crypto
      .createHash('sha256')
      .update(RENDER_VERSION)
      .update(image)
      .digest('hex')
      .slice(0, 16);
    let pending = this.rendered.get(artHash);
    if (!pending) {
      pending = this.renderOnce(artHash, image);
      // A failed render may succeed later (disk full, …), so do not cache the rejection.
      pending.catch(() => this.rendered.delete(artHash));
      this.rendered.set(artHash, pending);
    }
    return pending;
  }

  private async renderOnce(artHash: string, image: Uint8Array): Promise<Artwork> {
    const rel = artworkMediaPath(artHash);
    const artwork = (color: string): Artwork => ({
      base: `${MEDIA_URL_PREFIX}/${rel}`,
      sizes: [...ARTWORK_SIZES],
      formats: [...FORMATS],
      color,
    });
    const existing = await this.readExisting(path.join(this.staging.mediaDir, rel));
    if (existing) return artwork(existing);

    // Decode once, up front: a corrupt embedded picture must fail here, before any file exists.
    const source = sharp(image, { failOn: 'error' }).rotate();
    const square = await source
      .resize(ARTWORK_SIZES[ARTWORK_SIZES.length - 1], ARTWORK_SIZES[ARTWORK_SIZES.length - 1], {
        fit: 'cover',
      })
      .flatten({ background: '#000000' })
      .png()
      .toBuffer();
    const { dominant } = await sharp(square).stats();
    const color = `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`;

    const tmp = await this.staging.createTempDir();
    try {
      await Promise.all(
        ARTWORK_SIZES.flatMap((size) => {
          const resized = sharp(square).resize(size, size);
          return [
            resized.clone().jpeg({ quality: 82, progressive: true }).toFile(path.join(tmp, `${size}.jpg`)),
            resized.clone().webp({ quality: 80 }).toFile(path.join(tmp, `${size}.webp`)),
          ];
        }),
      );
      await fs.writeFile(path.join(tmp, META_FILE), `${JSON.stringify({ color })}\n`);
      await this.staging.commit(tmp, rel);
    } catch (err) {
      await this.staging.discard(tmp);
      throw err;
    }
    return artwork(color);
  }

  private async readExisting(dir: string): Promise<string | null> {
    try {
      const { color } = JSON.parse(await fs.readFile(path.join(dir, META_FILE), 'utf8')) as {
        color?: unknown;
      };
      if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/.test(color)) return null;
      await Promise.all(
        ARTWORK_SIZES.flatMap((s) => FORMATS.map((f) => fs.access(path.join(dir, `${s}.${f}`)))),
      );
      return color;
    } catch {
      return null;
    }
  }
}
