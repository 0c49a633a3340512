/** Artist: picture, name and a rail of their albums; Enter opens an album. */
import { Lightning, Router } from '@lightningjs/sdk';
import type { ArtistResponse } from '../../protocol';
import { artworkSrc } from '../artwork';
import { Rail } from '../components/rail';
import { argb, Colors, Font, Layout, lineText } from '../theme';

const PHOTO = 200;

type ArtistHistory = { index: number };

export interface ArtistPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
  HistoryStateType: ArtistHistory;
}

export interface ArtistPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Photo: { Placeholder: object; Image: object };
  Name: object;
  Albums: typeof Rail;
}

export class ArtistPage extends Lightning.Component<ArtistPageTemplateSpec, ArtistPageTypeConfig> {
  static override _template(): Lightning.Component.Template<ArtistPageTemplateSpec> {
    const round = { type: Lightning.shaders.RoundedRectangle, radius: PHOTO / 2 };
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Photo: {
        x: Layout.safeX,
        y: Layout.safeY + 20,
        Placeholder: { w: PHOTO, h: PHOTO, rect: true, color: Colors.surface, shader: round },
        Image: { w: PHOTO, h: PHOTO, shader: round },
      },
      Name: {
        x: Layout.safeX + PHOTO + 48,
        y: Layout.safeY + 20 + PHOTO / 2,
        mountY: 0.5,
        text: { ...lineText(Font.hero, Colors.text, 1400), fontStyle: 'bold' },
      },
      Albums: { type: Rail, x: Layout.safeX, y: Layout.safeY + PHOTO + 80 },
    };
  }

  set artist(data: ArtistResponse) {
    this.patch({
      Photo: {
        Placeholder: { color: argb(data.artist.artwork.color) },
        Image: { src: artworkSrc(data.artist.artwork, PHOTO) },
      },
      Name: { text: { text: data.artist.name } },
    });
    this.tag('Albums')!.rail = { id: 'albums', title: 'Albums', items: data.albums };
  }

  override historyState(saved?: Router.HistoryState<ArtistPageTypeConfig>): Router.HistoryState<ArtistPageTypeConfig> {
    const rail = this.tag('Albums');
    if (!saved) return { index: rail?.index ?? 0 };
    rail?.restore(saved.index);
    return undefined;
  }

  override _getFocused(): Lightning.Component | null | undefined {
    const rail = this.tag('Albums');
    return rail && rail.length > 0 ? rail : this;
  }

  override _handleEnter(): boolean | void {
    const card = this.tag('Albums')?.focusedCard;
    if (!card) return false;
    Router.navigate(`album/${card.id}`);
  }
}
