/**
 * A rail tile: square artwork (round for artists) on its dominant colour, title and subtitle
 * under it. Focus scales the artwork and shows a white ring; the text stays put and brightens.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Card } from '../../protocol';
import { artworkSrc } from '../artwork';
import { argb, Colors, Font, Layout, lineText } from '../theme';
import { drawnText } from './drawn-text';

const SIZE = Layout.tile;
const RING = 8;
const WHITE = 0xffffffff;

export interface TileTemplateSpec extends Lightning.Component.TemplateSpec {
  card: Card | null;
  Art: { Ring: object; Placeholder: object; Image: object; Label: object };
  Title: object;
  Subtitle: object;
}

export class Tile
  extends Lightning.Component<TileTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<TileTemplateSpec>
{
  private data: Card | null = null;

  static override _template(): Lightning.Component.Template<TileTemplateSpec> {
    return {
      w: SIZE,
      h: SIZE + 120,
      Art: {
        w: SIZE,
        h: SIZE,
        pivot: 0.5,
        Ring: { x: -RING, y: -RING, w: SIZE + RING * 2, h: SIZE + RING * 2, rect: true, color: Colors.focus, alpha: 0 },
        Placeholder: { w: SIZE, h: SIZE, rect: true, color: Colors.surface },
        // Not 0: Lightning skips loading textures of fully transparent elements.
        Image: { w: SIZE, h: SIZE, alpha: 0.001 },
        // A card with no picture (a recent search, an action) says what it is on its colour;
        // empty text makes no texture.
        Label: {
          x: 24,
          y: 24,
          text: { ...lineText(Font.heading, WHITE, SIZE - 48), maxLines: 3, lineHeight: Font.heading * 1.25, fontStyle: 'bold' },
        },
      },
      Title: {
        y: SIZE + 40,
        // White text tinted by `color`: focus changes the tint, never the text texture, because
        // re-rendering text on every key press costs a canvas draw and an upload on a weak TV.
        color: Colors.textDim,
        text: lineText(Font.caption + 2, WHITE, SIZE),
      },
      Subtitle: {
        y: SIZE + 82,
        text: lineText(Font.caption - 2, Colors.textFaint, SIZE),
      },
    };
  }

  override _init(): void {
    const image = this.tag('Art.Image');
    const placeholder = this.tag('Art.Placeholder');
    // Fade the picture in over its colour once decoded; a failed load leaves the colour. Once
    // the picture is opaque the colour under it is hidden: every frame would fill it again, and
    // fill rate is what a TV GPU has least of.
    if (!image || !placeholder) return;
    // Settings first, then the Transition object itself (Lightning returns null when given settings).
    image.transition('alpha', { duration: Layout.animSeconds });
    image.transition('alpha').on('finish', () => {
      if (image.alpha >= 1) placeholder.visible = false;
    });
    image.on('txLoaded', () => image.setSmooth('alpha', 1));
    image.on('txUnloaded', () => {
      placeholder.visible = true;
    });
  }

  get card(): Card | null {
    return this.data;
  }

  set card(card: Card | null) {
    const before = this.data;
    this.data = card;
    if (!card || (before && sameLook(before, card))) return;
    if (before && before.artwork.base !== card.artwork.base) this.hidePicture();
    const round = card.kind === 'artist';
    // A shader patched in is a new one (a fifth of a reused tile's new card, profiled): a tile keeps its
    // shape's while it stays round (artist) or square, as a result rail's tiles do across keystrokes.
    if (!before || (before.kind === 'artist') !== round) this.shape(round);
    this.patch({
      Art: {
        Placeholder: { color: argb(card.artwork.color) },
        // No sizes: nothing to fetch (a tile that is not an album or artist); the colour alone.
        Image: { src: card.artwork.sizes.length > 0 ? artworkSrc(card.artwork, SIZE) : undefined },
        Label: { text: { text: card.artwork.sizes.length > 0 ? '' : drawnText(card.title) } },
      },
      Title: { text: { text: drawnText(card.title) } },
      Subtitle: { text: { text: drawnText(card.subtitle) } },
    });
  }

  /** A circle for an artist's picture, rounded corners for the rest. */
  private shape(round: boolean): void {
    const shader = (radius: number) => ({ type: Lightning.shaders.RoundedRectangle, radius });
    this.patch({
      Art: {
        Ring: { shader: shader(round ? SIZE / 2 + RING : 16) },
        Placeholder: { shader: shader(round ? SIZE / 2 : 10) },
        Image: { shader: shader(round ? SIZE / 2 : 10) },
      },
    });
  }

  /** A reused tile's old picture must not show under the new title while the new one loads. */
  private hidePicture(): void {
    const image = this.tag('Art.Image');
    if (!image) return;
    const fade = image.transition('alpha');
    fade.start(0.001);
    fade.finish();
    this.tag('Art.Placeholder')!.visible = true;
  }

  /** What the announcer reads along the focus path (a later issue wires the screen reader). */
  get announce(): string {
    return this.data ? `${this.data.title}, ${this.data.subtitle}` : '';
  }

  override _focus(): void {
    this.tag('Art')?.setSmooth('scale', Layout.focusScale, { duration: Layout.animSeconds });
    this.tag('Art.Ring')?.setSmooth('alpha', 1, { duration: Layout.animSeconds });
    this.tag('Title')?.patch({ color: Colors.text });
  }

  override _unfocus(): void {
    this.tag('Art')?.setSmooth('scale', 1, { duration: Layout.animSeconds });
    this.tag('Art.Ring')?.setSmooth('alpha', 0, { duration: Layout.animSeconds });
    this.tag('Title')?.patch({ color: Colors.textDim });
  }
}

/** Whether two cards draw the same (then a reused tile keeps its textures). */
function sameLook(a: Card, b: Card): boolean {
  return (
    a.kind === b.kind &&
    a.title === b.title &&
    a.subtitle === b.subtitle &&
    a.artwork.base === b.artwork.base &&
    a.artwork.color === b.artwork.color &&
    a.artwork.sizes.length === b.artwork.sizes.length
  );
}
