/**
 * Sign in (`#signin`): no password is ever typed with a remote. The TV shows a short code in
 * large type, a QR code of the phone page with the code in it, the page's address in words and a
 * countdown; the person approves on their phone (RFC 8628, src/app/services/device-login.ts).
 * "Get a new code" is the one focusable thing; Back leaves (the poll stops with the page).
 *
 * On approval the tokens go to the session (the device's storage) and "Who's listening?" follows.
 * A denied or expired code says so in words and hides the QR, so a dead code is never scanned.
 */
import { Lightning, Router } from '@lightningjs/sdk';
import type { DeviceInfo } from '../../../devices/contracts/system';
import { services } from '../app-services';
import { Button } from '../components/button';
import type { QrCode } from '../components/qr-code';
import { pageHeader, qrPanel, qrSymbolOnStage, QR_PANEL_PAD } from '../components/qr-panel';
import { DeviceLogin, TV_CLIENT_ID, type DeviceLoginState } from '../services/device-login';
import { Colors, Font, Layout } from '../theme';

const QR_PX = 520;
const LEFT_W = 1000;
const TOP = 250;
const BUTTON_W = 420;

export interface SignInPageTypeConfig extends Lightning.Component.TypeConfigLoose {
  IsPage: true;
}

export interface SignInPageTemplateSpec extends Lightning.Component.TemplateSpec {
  Title: object;
  Subtitle: object;
  Steps: { Open: object; Url: object; Enter: object; Code: object; Countdown: object };
  Status: object;
  NewCode: typeof Button;
  QrPanel: { Qr: typeof QrCode; Caption: object };
  Hint: object;
}

export default class SignInPage extends Lightning.Component<SignInPageTemplateSpec, SignInPageTypeConfig> {
  private login: DeviceLogin | null = null;
  private deviceInfo: DeviceInfo | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private countdownText = '';

  static override _template(): Lightning.Component.Template<SignInPageTemplateSpec> {
    const dim = { fontFace: Font.face, fontSize: Font.body, textColor: Colors.textDim };
    return {
      w: Layout.stageW,
      h: Layout.stageH,
      ...pageHeader('Sign in to Encore', 'Use your phone. There is nothing to type on the TV.'),
      Steps: {
        x: Layout.safeX,
        y: TOP,
        Open: { text: { text: '1   Scan the QR code with your phone’s camera, or open', ...dim, wordWrapWidth: LEFT_W } },
        Url: {
          x: 52,
          y: 52,
          text: { text: '', fontFace: Font.face, fontSize: Font.title, fontStyle: 'bold', textColor: Colors.text, wordWrapWidth: LEFT_W - 52 },
        },
        Enter: { y: 150, text: { text: '2   Enter this code', ...dim } },
        Code: {
          x: 48,
          y: 196,
          text: { text: '', fontFace: Font.face, fontSize: 136, fontStyle: 'bold', textColor: Colors.accent, letterSpacing: 6 },
        },
        Countdown: { x: 52, y: 370, text: { text: '', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textDim } },
      },
      Status: {
        x: Layout.safeX,
        y: TOP + 440,
        text: { text: '', fontFace: Font.face, fontSize: Font.body, textColor: Colors.text, wordWrapWidth: LEFT_W, lineHeight: 44 },
      },
      NewCode: { type: Button, x: Layout.safeX, y: TOP + 520, w: BUTTON_W, label: 'Get a new code' },
      QrPanel: qrPanel(Layout.stageW - Layout.safeX - QR_PX - QR_PANEL_PAD * 2, TOP - QR_PANEL_PAD, QR_PX, {
        Caption: {
          mountX: 0.5,
          x: QR_PX / 2 + QR_PANEL_PAD,
          y: QR_PX + QR_PANEL_PAD * 2 + 24,
          text: { text: 'Scan to sign in', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textDim },
        },
      }),
      Hint: {
        x: Layout.safeX,
        y: TOP + 650,
        text: { text: 'Press Back to leave.', fontFace: Font.face, fontSize: Font.caption, textColor: Colors.textFaint },
      },
    };
  }

  /** Set by the route's provider: the id and name the BFF shows the phone ("Living room TV"). */
  set device(info: DeviceInfo) {
    this.deviceInfo = info;
  }

  /** What the sign-in is doing now. */
  get loginState(): DeviceLoginState {
    return this.login?.state ?? { kind: 'idle' };
  }

  /** For the test hook: the state, and where the QR symbol is on the stage (to read its pixels). */
  get testView(): { state: DeviceLoginState; qr: { x: number; y: number; side: number; modulePx: number; modules: number } | null } {
    return { state: this.loginState, qr: qrSymbolOnStage(this, this.tag('QrPanel')!, this.tag('QrPanel.Qr')!) };
  }

  override _active(): void {
    const info = this.deviceInfo;
    if (!info) return;
    const { api } = services();
    this.login = new DeviceLogin({
      clientId: TV_CLIENT_ID,
      deviceId: info.id,
      deviceName: info.displayName || 'TV',
      urlFor: (path) => api.urlFor(path),
      onState: (state) => this.show(state),
    });
    this.login.start();
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  override _inactive(): void {
    this.login?.destroy();
    this.login = null;
    if (this.ticker !== null) clearInterval(this.ticker);
    this.ticker = null;
  }

  override _getFocused(): Lightning.Component | null | undefined {
    return this.tag('NewCode');
  }

  override _handleEnter(): void {
    this.login?.start();
  }

  private show(state: DeviceLoginState): void {
    const waiting = state.kind === 'waiting';
    this.tag('QrPanel.Qr')!.value = waiting ? state.verificationUriComplete : '';
    this.patch({
      Steps: {
        Url: { text: { text: waiting ? withoutScheme(state.verificationUri) : ' ' } },
        Code: { text: { text: waiting ? state.userCode : '····-····' }, alpha: waiting ? 1 : 0.35 },
      },
      QrPanel: { alpha: waiting ? 1 : 0.15 },
    });
    this.tick();
    const [message, isError] = statusText(state);
    this.patch({ Status: { text: { text: message, textColor: isError ? Colors.error : Colors.text } } });
    if (state.kind === 'approved') void this.finish(state.tokens);
  }

  private async finish(tokens: Extract<DeviceLoginState, { kind: 'approved' }>['tokens']): Promise<void> {
    await services().session.adopt(tokens);
    // Sign-in is not a page to come back to: Back from the picker must not show a used code.
    Router.navigate('profiles', false);
  }

  /** The countdown: whole seconds, redrawn once a second and only while a code is live. */
  private tick(): void {
    const state = this.loginState;
    const text = state.kind === 'waiting' ? `Code expires in ${clock(state.expiresAt - Date.now())}` : ' ';
    if (text === this.countdownText) return;
    this.countdownText = text;
    this.tag('Steps.Countdown')?.patch({ text: { text } });
  }
}

function statusText(state: DeviceLoginState): [string, boolean] {
  switch (state.kind) {
    case 'idle':
    case 'requesting':
      return ['Getting a code…', false];
    case 'waiting':
      return ['Waiting for your phone…', false];
    case 'approved':
      return ['Signed in. One moment…', false];
    case 'denied':
      return ['Sign-in was declined on the phone. Get a new code to try again.', true];
    case 'expired':
      return ['This code has expired. Get a new code to try again.', true];
    case 'failed':
      return [state.message, true];
  }
}

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** People type what they read: "192.168.1.20:8080/link" rather than "http://192.168.1.20:8080/link". */
function withoutScheme(url: string): string {
  return url.replace(/^https?:\/\//, '');
}
