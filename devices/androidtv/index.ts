/**
 * Android TV / Google TV, running the hosted app in our WebView shell
 * (devices/shared/webview-shell.ts). Last among the UA checks: Fire TV, Vizio and others also
 * say "Android" or run Chromium, and they are matched first.
 *
 * Keys: the WebView is Chromium, which hands the page the same codes Amazon documents for its
 * WebView (https://developer.amazon.com/docs/fire-tv/supporting-controllers-in-web-apps.html):
 * Play/Pause 179, Rewind 227, Fast Forward 228, plus the W3C media keys (Next 176, Previous 177,
 * Stop 178). Back: the shell forwards KEYCODE_BACK as 4 (as on Fire TV), and remotes that send
 * Escape (27) also mean Back (bitmovin-player-ui maps 27 to Back on Android,
 * https://github.com/bitmovin/bitmovin-player-ui/blob/develop/src/ts/spatialnavigation/getKeyMapForPlatform.ts).
 * Menu: KEYCODE_MENU forwarded as 82. Digits: remotes with a number pad send 48–57.
 *
 * Detection and model: the WebView UA format is fixed by the Android CDD §3.4.1
 * (https://source.android.com/docs/compatibility/cdd): "Linux; Android $(VERSION); $(MODEL)
 * Build/$(BUILD); wv".
 */
import { BaseDevice, type DeviceDescription } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Capabilities, PlatformFloor } from '../contracts/system';
import { parseAndroidUa } from '../shared/android-ua';
import { callPlatform } from '../shared/platform-call';
import { DIGIT_KEYS } from '../shared/tv-keys';
import { SHELL_BRIDGE } from '../shared/webview-shell';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const ANDROIDTV_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, DIGIT_KEYS, {
  4: 'Back',
  27: 'Back',
  179: 'PlayPause',
  227: 'Rewind',
  228: 'FastForward',
  82: 'Menu',
});

/** @final */
export class AndroidTvDevice extends BaseDevice {
  static override readonly profileName: string = 'androidtv';

  /**
   * Android System WebView updates through Google Play on Android TV 9 and later, apart from the
   * OS (https://developer.android.com/about/versions/pie/android-9.0-changes-all#webview); Google
   * publishes no TV engine table, so this is what our shell asks for: WebView (Chromium) 79.
   */
  static readonly floor: PlatformFloor = { platform: 'Android TV (System WebView)', version: '79', engine: { name: 'chrome', version: 79 } };

  static detect(env: DeviceEnvironment): boolean {
    return env.userAgent.includes('Android');
  }

  /** Android System WebView is current Chromium (updated through the Play Store). */
  protected override get routesMseThroughWebAudio(): boolean {
    return true;
  }

  override keyMap(): KeyMap {
    return ANDROIDTV_KEYS;
  }

  override exit(): void {
    if (!callPlatform(this.host, [SHELL_BRIDGE, 'exit'])) callPlatform(this.host, ['window', 'close']);
  }

  protected override probeCapabilities(): Capabilities {
    return { mediaKeys: true, canExit: true, pointer: false };
  }

  protected override describe(): DeviceDescription {
    const { model, android } = parseAndroidUa(this.host.userAgent);
    const os = android ? `Android ${android.split('.')[0]}` : '';
    const displayName = model && os ? `${model} (${os})` : os ? `Android TV (${os})` : model || 'Android TV';
    return { model, platformVersion: android, displayName };
  }
}
