/**
 * The artwork a page leads with (album, show, playlist and Liked Songs covers; the artist's round
 * photo): the artwork's own colour until the picture has loaded, then the picture fading in over
 * it. An artwork with no sizes has no picture (catalogue-view.ts's NO_ARTWORK, an empty playlist,
 * the last liked track unliked): the colour alone shows, never the previous picture.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Artwork } from '../../protocol';
import { artworkSrc } from '../artwork';
import { argb, Colors, Layout } from '../theme';

const RADIUS = 14;
/** The colour of no artwork at all (`artwork = null`). */
const NO_ART = '#2b2b2b';

export interface CoverTemplateSpec extends Lightning.Component.TemplateSpec {
  /** Width and height, px; the picture is fetched at this size. */
  size: number;
  /** A circle (an artist's photo) rather than a rounded square. */
  round: boolean;
  artwork: Artwork | null;
  Placeholder: object;
  Image: object;
}

export class Cover
  extends Lightning.Component<CoverTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<CoverTemplateSpec>
{
  private px = 0;
  private circle = false;
  private art: Artwork | null = null;

  static override _template(): Lightning.Component.Template<CoverTemplateSpec> {
    return {
      Placeholder: { rect: true, color: Colors.surface },
      // Not 0: Lightning skips loading textures of fully transparent elements.
      Image: { alpha: 0.001 },
    };
  }

  override _init(): void {
    const image = this.tag('Image');
    image?.on('txLoaded', () => image.setSmooth('alpha', 1, { duration: Layout.animSeconds }));
  }

  get size(): number {
    return this.px;
  }

  set size(v: number) {
    this.px = v;
    this.shape();
  }

  get round(): boolean {
    return this.circle;
  }

  set round(v: boolean) {
    this.circle = v;
    this.shape();
  }

  get artwork(): Artwork | null {
    return this.art;
  }

  set artwork(art: Artwork | null) {
    this.art = art;
    this.patch({
      Placeholder: { color: argb(art?.color ?? NO_ART) },
      Image: art && art.sizes.length > 0 ? { src: artworkSrc(art, this.px), visible: true } : { visible: false },
    });
  }

  private shape(): void {
    const box = () => ({ w: this.px, h: this.px, shader: { type: Lightning.shaders.RoundedRectangle, radius: this.circle ? this.px / 2 : RADIUS } });
    this.patch({ w: this.px, h: this.px, Placeholder: box(), Image: box() });
  }
}
