/**
 * Amazon Fire TV, running the hosted app in our WebView shell (devices/shared/webview-shell.ts).
 *
 * Keys, from Amazon's "Supporting Controllers in Web Apps"
 * (https://developer.amazon.com/docs/fire-tv/supporting-controllers-in-web-apps.html):
 * Select 13, D-pad 37–40, Play/Pause 179, Rewind 227, Fast Forward 228, Back 4. The Fire game
 * controller's B arrives as 8; Amazon's table gives it no standard behaviour, and its controller
 * guidelines make B the Back button, so 8 is Back here (nothing else on Fire TV sends 8). Amazon
 * says Menu cannot be captured by web apps; our shell forwards KEYCODE_MENU as 82, so Menu works
 * in our package and is simply absent elsewhere.
 *
 * Detection: Amazon's user-agent page (https://developer.amazon.com/docs/fire-tv/user-agent-strings.html)
 * says to look for a device model starting with "AFT".
 */
import { BaseDevice, type DeviceDescription } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Capabilities, MemoryClass, PlatformFloor } from '../contracts/system';
import { parseAndroidUa } from '../shared/android-ua';
import { callPlatform } from '../shared/platform-call';
import { SHELL_BRIDGE } from '../shared/webview-shell';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const FIRETV_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, {
  4: 'Back',
  8: 'Back',
  179: 'PlayPause',
  227: 'Rewind',
  228: 'FastForward',
  82: 'Menu',
});

/** @final */
export class FireTvDevice extends BaseDevice {
  static override readonly profileName: string = 'firetv';

  /**
   * Fire OS 7 is Android 9 (https://developer.amazon.com/docs/fire-tv/fire-os-7.html); Amazon
   * publishes no WebView engine table and updates the WebView apart from the OS, so this is what
   * our shell asks for: WebView (Chromium) 79.
   */
  static readonly floor: PlatformFloor = { platform: 'Fire OS (WebView)', version: '7', engine: { name: 'chrome', version: 79 } };

  static detect(env: DeviceEnvironment): boolean {
    return /\bAFT[A-Z0-9]*\b/.test(env.userAgent);
  }

  /** Fire OS 7+ WebView is Chromium 90+; Amazon's web app shell uses it. */
  protected override get routesMseThroughWebAudio(): boolean {
    return true;
  }

  override keyMap(): KeyMap {
    return FIRETV_KEYS;
  }

  override exit(): void {
    if (!callPlatform(this.host, [SHELL_BRIDGE, 'exit'])) callPlatform(this.host, ['window', 'close']);
  }

  protected override probeCapabilities(): Capabilities {
    return { mediaKeys: true, canExit: true, pointer: false };
  }

  /** Fire TV Sticks have 1–2 GB; the WebView reports deviceMemory where it can. */
  protected override defaultMemoryClass(): MemoryClass {
    return 'low';
  }

  protected override describe(): DeviceDescription {
    const { model, android } = parseAndroidUa(this.host.userAgent);
    return {
      model,
      platformVersion: android,
      displayName: model ? `Fire TV (${model})` : 'Fire TV',
    };
  }
}

