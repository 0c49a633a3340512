/**
 * A profile on "Who's listening?": a large rounded square in the profile's colour with its
 * initial, the name under it. Focus scales it and shows a white ring, like a rail tile.
 */
import { Lightning } from '@lightningjs/sdk';
import type { Profile } from '../../protocol';
import { argb, Colors, Font, Layout, lineText } from '../theme';

const SIZE = 240;
const RING = 8;

export interface ProfileTileTemplateSpec extends Lightning.Component.TemplateSpec {
  profile: Profile | null;
  Art: { Ring: object; Square: object; Initial: object };
  Name: object;
}

export class ProfileTile
  extends Lightning.Component<ProfileTileTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<ProfileTileTemplateSpec>
{
  static readonly SIZE = SIZE;
  private data: Profile | null = null;

  static override _template(): Lightning.Component.Template<ProfileTileTemplateSpec> {
    return {
      w: SIZE,
      h: SIZE + 90,
      Art: {
        w: SIZE,
        h: SIZE,
        pivot: 0.5,
        Ring: {
          x: -RING,
          y: -RING,
          w: SIZE + RING * 2,
          h: SIZE + RING * 2,
          rect: true,
          color: Colors.focus,
          alpha: 0,
          shader: { type: Lightning.shaders.RoundedRectangle, radius: 40 + RING },
        },
        Square: { w: SIZE, h: SIZE, rect: true, color: Colors.surfaceRaised, shader: { type: Lightning.shaders.RoundedRectangle, radius: 40 } },
        Initial: {
          mount: 0.5,
          x: SIZE / 2,
          y: SIZE / 2 + 6,
          text: { text: '', fontFace: Font.face, fontSize: 120, fontStyle: 'bold', textColor: 0xffffffff },
        },
      },
      Name: {
        mountX: 0.5,
        x: SIZE / 2,
        y: SIZE + 32,
        // Tinted, not re-rendered, on focus (see Tile).
        color: Colors.textDim,
        text: { ...lineText(Font.body, 0xffffffff, SIZE + 80), textAlign: 'center' },
      },
    };
  }

  get profile(): Profile | null {
    return this.data;
  }

  set profile(p: Profile | null) {
    this.data = p;
    if (!p) return;
    this.patch({
      Art: { Square: { color: argb(p.color) }, Initial: { text: { text: initial(p.name) } } },
      Name: { text: { text: p.name } },
    });
  }

  get announce(): string {
    return this.data ? `${this.data.name}, profile` : '';
  }

  override _focus(): void {
    this.tag('Art')?.setSmooth('scale', Layout.focusScale, { duration: Layout.animSeconds });
    this.tag('Art.Ring')?.setSmooth('alpha', 1, { duration: Layout.animSeconds });
    this.tag('Name')?.patch({ color: Colors.text });
  }

  override _unfocus(): void {
    this.tag('Art')?.setSmooth('scale', 1, { duration: Layout.animSeconds });
    this.tag('Art.Ring')?.setSmooth('alpha', 0, { duration: Layout.animSeconds });
    this.tag('Name')?.patch({ color: Colors.textDim });
  }
}

/** The first letter as people read it (a surrogate pair or accented letter stays whole). */
function initial(name: string): string {
  return (Array.from(name.trim())[0] ?? '?').toUpperCase();
}
