/**
 * RDK set-top boxes and TVs (Comcast X1, Sky, Liberty) running the app in WPE WebKit.
 *
 * Keys: the Lightning SDK's defaults, which RDK remotes are built to send
 * (@lightningjs/sdk src/Application/index.js, `defaultOptions.keys`): Back 8, Enter 13, Menu 27,
 * arrows 37–40, Stop 178, PlayPause 250, Search 191 and 409, plus the W3C media keys and digits.
 * The SDK's ChannelUp/Down (175/174) have no Encore action.
 *
 * Exit: the Lightning SDK routes closing through `platformSettings.onClose`, which calls our
 * `exit()`. Where Comcast's Badger bridge is injected and offers `shutdown()`, that hands the
 * screen back to the guide (Badger's docs are partner-only, so this is guarded and unverified
 * here); elsewhere `window.close()` lets the WPE launcher close the app.
 * Detection: "WPE" in the UA, or the `$badger` global Comcast's X1 injects.
 */
import { BaseDevice, type DeviceDescription } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Capabilities, MemoryClass, PlatformFloor } from '../contracts/system';
import { callPlatform } from '../shared/platform-call';
import { DIGIT_KEYS } from '../shared/tv-keys';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const RDK_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, DIGIT_KEYS, {
  8: 'Back',
  27: 'Menu',
  178: 'Stop',
  250: 'PlayPause',
  191: 'Search',
  409: 'Search',
});

/** @final */
export class RdkDevice extends BaseDevice {
  static override readonly profileName: string = 'rdk';

  /**
   * RDK images ship WPE WebKit (https://wpewebkit.org/release/schedule/); we support 2.38 (2022)
   * and newer, whose JavaScriptCore matches Safari 16's. Older WebKits are below what esbuild can
   * compile for (it refuses Safari < 14.1 over a JavaScriptCore destructuring bug).
   */
  static readonly floor: PlatformFloor = { platform: 'RDK (WPE WebKit)', version: '2.38', engine: { name: 'safari', version: 16 } };

  static detect(env: DeviceEnvironment): boolean {
    return env.hasGlobal('$badger') || /\bWPE\b/.test(env.userAgent);
  }

  override keyMap(): KeyMap {
    return RDK_KEYS;
  }

  /** RDK app managers suspend a backgrounded app; the player pauses. */
  override get keepsAudioWhenConcealed(): boolean {
    return false;
  }

  override exit(): void {
    if (!callPlatform(this.host, ['$badger', 'shutdown'])) callPlatform(this.host, ['window', 'close']);
  }

  protected override probeCapabilities(): Capabilities {
    return { mediaKeys: true, canExit: true, pointer: false };
  }

  /** Set-top boxes ship with 1–2 GB and WPE reports no deviceMemory. */
  protected override defaultMemoryClass(): MemoryClass {
    return 'low';
  }

  protected override describe(): DeviceDescription {
    const wpe = /WPE(?:\/([\d.]+))?/.exec(this.host.userAgent);
    return { model: '', platformVersion: wpe?.[1] ?? '', displayName: 'RDK box (WPE)' };
  }
}
