/**
 * Xbox One / Series consoles, running the app in Edge or a WebView2 host.
 *
 * Keys: with `navigator.gamepadInputEmulation = 'keyboard'` (set in `activate()`), the
 * controller arrives as DOM key events carrying the Windows gamepad virtual keys ("How to disable
 * mouse mode", https://learn.microsoft.com/windows/uwp/xbox-apps/how-to-disable-mouse-mode;
 * codes from Windows.System.VirtualKey, https://learn.microsoft.com/uwp/api/windows.system.virtualkey):
 * A 195 (Enter), B 196 (Back), X 197, Y 198, right/left shoulder 199/200, left/right trigger
 * 201/202, D-pad up/down/left/right 203–206, Menu 207, View 208, left stick up/down/right/left
 * 211–214. Keyboards and the media remote add arrows, Enter, Escape (Back, as Windows maps it
 * to B) and the W3C media keys.
 * Our mapping: X toggles playback, Y is Search, the shoulders skip, the triggers seek, Menu is
 * Menu. View has no Encore action yet and stays unmapped.
 */
import { BaseDevice, type DeviceDescription } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Capabilities, MemoryClass, PlatformFloor } from '../contracts/system';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const XBOX_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, {
  27: 'Back', // Escape
  195: 'Enter', // GamepadA
  196: 'Back', // GamepadB
  197: 'PlayPause', // GamepadX
  198: 'Search', // GamepadY
  199: 'Next', // GamepadRightShoulder
  200: 'Previous', // GamepadLeftShoulder
  201: 'Rewind', // GamepadLeftTrigger
  202: 'FastForward', // GamepadRightTrigger
  203: 'Up', // GamepadDPadUp
  204: 'Down', // GamepadDPadDown
  205: 'Left', // GamepadDPadLeft
  206: 'Right', // GamepadDPadRight
  207: 'Menu', // GamepadMenu
  211: 'Up', // GamepadLeftThumbstickUp
  212: 'Down', // GamepadLeftThumbstickDown
  213: 'Right', // GamepadLeftThumbstickRight
  214: 'Left', // GamepadLeftThumbstickLeft
});

/** @final */
export class XboxDevice extends BaseDevice {
  static override readonly profileName: string = 'xbox';

  /**
   * Xbox runs the Chromium-based Edge (79 and later) and WebView2
   * (https://learn.microsoft.com/windows/uwp/xbox-apps/); the legacy EdgeHTML app host is not supported.
   */
  static readonly floor: PlatformFloor = { platform: 'Xbox (Edge, WebView2)', version: '79', engine: { name: 'edge', version: 79 } };

  static detect(env: DeviceEnvironment): boolean {
    return env.userAgent.includes('Xbox');
  }

  /** Edge WebView2 (Chromium) on Xbox. */
  protected override get routesMseThroughWebAudio(): boolean {
    return true;
  }

  override keyMap(): KeyMap {
    return XBOX_KEYS;
  }

  /** A web app on Xbox is suspended when the user goes to another app. */
  override get keepsAudioWhenConcealed(): boolean {
    return false;
  }

  /**
   * Turns off mouse mode: the default ('mouse') drives a pointer with the stick; 'keyboard' makes
   * the controller send the key events above. Setting it again is harmless.
   */
  override activate(): void {
    const nav = this.host.global('navigator') as { gamepadInputEmulation?: string } | undefined;
    if (nav && 'gamepadInputEmulation' in nav) nav.gamepadInputEmulation = 'keyboard';
  }

  override exit(): void {
    (this.host.global('window') as Window | undefined)?.close();
  }

  protected override probeCapabilities(): Capabilities {
    return { mediaKeys: true, canExit: true, pointer: false };
  }

  protected override defaultMemoryClass(): MemoryClass {
    return 'high';
  }

  protected override describe(): DeviceDescription {
    const model = /Xbox; (Xbox [^;)]+)/.exec(this.host.userAgent)?.[1] ?? 'Xbox';
    const edge = /Edge?\/([\d.]+)/.exec(this.host.userAgent)?.[1] ?? '';
    return { model, platformVersion: edge, displayName: model };
  }
}
