/**
 * Error: what went wrong in plain words, and a focused Retry that runs the failed route again.
 * Back still goes back. Reached through the Router's `!` route (a provider rejected) and `*`
 * (no such route).
 */
import { Lightning, Router } from '@lightningjs/sdk';
import { ApiError } from '../services/api-client';
import { Button } from '../components/button';
import { Colors, Font, Layout } from '../theme';

export interface ErrorPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Heading: object;
  Message: object;
  Retry: typeof Button;
  Hint: object;
}

export interface ErrorPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
}

export class ErrorPage extends Lightning.Component<ErrorPageTemplateSpec, ErrorPageTypeConfig> {
  private failedHash: string | null = null;

  static override _template(): Lightning.Component.Template<ErrorPageTemplateSpec> {
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      Heading: {
        x: Layout.safeX + 64,
        y: 300,
        text: { text: 'Something went wrong', fontFace: Font.face, fontSize: Font.hero, fontStyle: 'bold', textColor: Colors.text },
      },
      Message: {
        x: Layout.safeX + 64,
        y: 410,
        text: { text: '', fontFace: Font.face, fontSize: Font.body + 4, textColor: Colors.textDim, wordWrapWidth: 1400, lineHeight: 52 },
      },
      Retry: { type: Button, x: Layout.safeX + 64, y: 560, label: 'Try again' },
      Hint: {
        x: Layout.safeX + 64,
        y: 690,
        text: { text: 'Press Back to go back.', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textFaint },
      },
    };
  }

  override _onUrlParams(params: Router.PageParams): void {
    const p = params as Record<string, unknown>;
    const request = p.request as { hash?: string; error?: unknown } | undefined;
    this.failedHash = request?.hash ?? (typeof p.failedHash === 'string' ? p.failedHash : null);
    this.tag('Message')?.patch({ text: { text: describe(request?.error, request ? null : this.failedHash) } });
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.tag('Retry');
  }

  override _handleEnter(): void {
    if (this.failedHash) Router.navigate(this.failedHash, { reload: true }, false);
    else Router.root();
  }
}

function describe(error: unknown, missingHash: string | null): string {
  if (missingHash !== null) return 'That page doesn’t exist. Try again to go to Home.';
  if (error instanceof ApiError) {
    if (error.status === 404) return 'This isn’t in the library any more. It may have been removed.';
    if (error.status === 400) return 'That link doesn’t look right.';
    if (error.status >= 500) return 'The server had a problem. Try again in a moment.';
    return error.message;
  }
  return 'Encore couldn’t load this page. Check the network connection, then try again.';
}
