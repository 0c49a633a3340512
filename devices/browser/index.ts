/**
 * A desktop browser, and the profile every unknown device falls back to. Adds keyboard shortcuts
 * for developers and the bench: Backspace/Escape go back, Space or `k` toggle playback (the
 * YouTube convention), `n`/`.` and `p`/`,` skip, and the browser's own Back key.
 */
import type { ScreensaverControl } from '../contracts/lifecycle';
import type { GaplessJoin } from '../contracts/media';
import { BaseDevice } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Capabilities, PlatformFloor } from '../contracts/system';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const BROWSER_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, {
  8: 'Back', // Backspace
  27: 'Back', // Escape
  166: 'Back', // BrowserBack
  32: 'PlayPause', // Space
  75: 'PlayPause', // k
  78: 'Next', // n
  190: 'Next', // .
  80: 'Previous', // p
  188: 'Previous', // ,
});

/** @final */
export class BrowserDevice extends BaseDevice {
  static override readonly profileName: string = 'browser';

  /**
   * Desktop browsers update themselves; the oldest engine we support is Chromium 79, the first
   * Chromium-based Edge (https://learn.microsoft.com/deployedge/microsoft-edge-release-schedule).
   */
  static readonly floor: PlatformFloor = { platform: 'Chromium-based desktop browser', version: '79', engine: { name: 'chrome', version: 79 } };

  /** Any environment can run as a browser; the registry tries this profile last. */
  static detect(_env: DeviceEnvironment): boolean {
    return true;
  }

  /** Screen Wake Lock: Chromium 84+, Safari 16.4+, Firefox 126+ (https://www.w3.org/TR/screen-wake-lock/). */
  override get screensaverControl(): ScreensaverControl {
    return 'wake-lock';
  }

  /** Desktop Chromium, Firefox and Safari route MSE elements through Web Audio. */
  protected override get routesMseThroughWebAudio(): boolean {
    return true;
  }

  /**
   * Chromium's MSE applies the init segment's edit list and the last frame's sample duration: a
   * 5.000 s source packaged by ffmpeg 5.1 (1024 samples priming, 684 padding) buffers as exactly
   * 0–4.999999 s, and 10–14.999999 s with timestampOffset 10 and a 10–15 s append window
   * (measured in Chromium 156 for issue 15; test/e2e/gapless.test.ts checks the joins).
   */
  protected override get gaplessJoin(): GaplessJoin {
    return 'edit-list';
  }

  /**
   * Desktop Chromium decodes audio in software, one decoder per element: two MSE elements play
   * at once (test/e2e/crossfade.test.ts hears both through Web Audio for the length of a fade).
   */
  protected override get audioPipelines(): 1 | 2 {
    return 2;
  }

  override keyMap(): KeyMap {
    return BROWSER_KEYS;
  }

  /** Browsers only let a script close a window it opened; otherwise this is a no-op. */
  override exit(): void {
    window.close();
  }

  protected override probeCapabilities(): Capabilities {
    return {
      mediaKeys: true,
      canExit: true,
      pointer: typeof matchMedia === 'function' && matchMedia('(pointer: fine)').matches,
    };
  }
}
