/**
 * Splash while the first screen loads. The Router shows it for the special `$` route; resuming
 * navigates to the requested page, whose `before` provider keeps this on screen until the data is
 * there, so the user never sees an empty Home.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import { Colors, Font, Layout } from '../theme';

export interface BootPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Logo: object;
  Tagline: object;
}

export interface BootPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
}

export class BootPage extends Lightning.Component<BootPageTemplateSpec, BootPageTypeConfig> {
  static override _template(): Lightning.Component.Template<BootPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Logo: {
        mount: 0.5,
        x: Layout.stageW / 2,
        y: Layout.stageH / 2 - 30,
        text: { text: 'Encore', fontFace: Font.face, fontSize: 120, fontStyle: 'bold', textColor: Colors.accent },
      },
      Tagline: {
        mount: 0.5,
        x: Layout.stageW / 2,
        y: Layout.stageH / 2 + 70,
        text: { text: 'Loading your music…', fontFace: Font.face, fontSize: Font.body, textColor: Colors.textDim },
      },
    };
  }

  override _firstActive(): void {
    Router.resume();
  }
}
