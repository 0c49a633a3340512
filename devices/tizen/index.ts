/**
 * Samsung Tizen TV (packaged .wgt or hosted).
 *
 * Keys, from Samsung's remote control guide
 * (https://developer.samsung.com/smarttv/develop/guides/user-interaction/remote-control.html):
 * arrows, Enter and Back (10009) always arrive; every other key arrives only after
 * `tizen.tvinputdevice.registerKey(name)` (TVInputDevice API, which needs the
 * `http://tizen.org/privilege/tv.inputdevice` privilege in config.xml). Codes: MediaPlayPause
 * 10252, MediaPlay 415, MediaPause 19, MediaStop 413, MediaFastForward 417, MediaRewind 412,
 * MediaTrackNext 10233, MediaTrackPrevious 10232, ColorF0Red…ColorF3Blue 403–406, digits 48–57,
 * Exit 10182. We never register Exit or anything on Back: a long press of Back/Exit on the Smart
 * Remote is the platform's Exit, and the system closes the app on it.
 *
 * Version: the UA's "Tizen x.y" ("Retrieving Platform Information",
 * https://developer.samsung.com/smarttv/develop/guides/fundamentals/retrieving-platform-information.html).
 * An unparsable UA is an unknown version and gets the base answers.
 */
import type { ScreensaverControl } from '../contracts/lifecycle';
import { BaseDevice, type DeviceDescription } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Lifecycle } from '../contracts/lifecycle';
import type { PlaybackTuning } from '../contracts/media';
import type { StorageDriver } from '../contracts/storage';
import type { Capabilities, MemoryClass, PlatformFloor } from '../contracts/system';
import { DriverChainStorage, INDEXEDDB } from '../shared/driver-chain-storage';
import { PlatformLifecycle } from '../shared/platform-lifecycle';
import { QUOTA_LOCAL_STORAGE } from '../shared/quota-local-storage-driver';
import { COLOUR_KEYS, DIGIT_KEYS } from '../shared/tv-keys';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const TIZEN_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, DIGIT_KEYS, COLOUR_KEYS, {
  10009: 'Back',
  10182: 'Exit',
  10252: 'PlayPause',
  415: 'Play',
  19: 'Pause',
  413: 'Stop',
  417: 'FastForward',
  412: 'Rewind',
  10233: 'Next',
  10232: 'Previous',
});

/** The TVInputDevice names of the keys above that need registering (not Back, not Exit). */
export const TIZEN_REGISTERED_KEYS: readonly string[] = Object.freeze([
  'MediaPlayPause',
  'MediaPlay',
  'MediaPause',
  'MediaStop',
  'MediaFastForward',
  'MediaRewind',
  'MediaTrackNext',
  'MediaTrackPrevious',
  'ColorF0Red',
  'ColorF1Green',
  'ColorF2Yellow',
  'ColorF3Blue',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
]);

/** Samsung caps web storage at 5 MB per domain (PRODUCT.md, TV constraints). */
const LOCAL_STORAGE_QUOTA = 5 * 1024 * 1024;

interface TizenGlobal {
  tvinputdevice?: { registerKey?(name: string): void };
  application?: { getCurrentApplication?(): { exit?(): void } };
  systeminfo?: { getCapability?(key: string): unknown };
}

/** @final */
export class TizenDevice extends BaseDevice {
  static override readonly profileName: string = 'tizen';

  /**
   * Tizen 4.0 (2018 TVs) ships Chromium 56: Samsung's "Web Engine Specifications" table
   * (https://developer.samsung.com/smarttv/develop/specifications/web-engine-specifications.html:
   * Tizen 3.0 Chromium 47, 4.0 Chromium 56, 5.0 Chromium 63, 5.5 Chromium 69).
   */
  static readonly floor: PlatformFloor = { platform: 'Tizen', version: '4.0', engine: { name: 'chrome', version: 56 } };

  static detect(env: DeviceEnvironment): boolean {
    return env.hasGlobal('tizen') || env.userAgent.includes('Tizen');
  }

  private activated = false;

  override keyMap(): KeyMap {
    return TIZEN_KEYS;
  }

  /**
   * Samsung's multitasking guide: a hidden app is paused, and one hidden during playback should
   * behave as if Return was pressed (https://developer.samsung.com/smarttv/develop/guides/fundamentals/multitasking.html).
   */
  override get keepsAudioWhenConcealed(): boolean {
    return false;
  }

  /** AppCommon's setScreenSaver (https://developer.samsung.com/smarttv/develop/api-references/samsung-product-api-references/appcommon-api.html). */
  override get screensaverControl(): ScreensaverControl {
    return 'tizen-appcommon';
  }

  /** Registers the media, colour and digit keys once; a key the model lacks is skipped. */
  override activate(): void {
    if (this.activated) return;
    this.activated = true;
    const input = this.tizen()?.tvinputdevice;
    if (typeof input?.registerKey !== 'function') return;
    for (const name of TIZEN_REGISTERED_KEYS) {
      try {
        input.registerKey(name);
      } catch (e) {
        // Remotes differ (the Smart Remote has no colour or digit keys); registerKey throws
        // InvalidValuesError for names the model does not support.
        console.info(`[device] tizen: ${name} not registered`, e);
      }
    }
  }

  override exit(): void {
    try {
      const app = this.tizen()?.application?.getCurrentApplication?.();
      if (typeof app?.exit === 'function') {
        app.exit();
        return;
      }
    } catch (e) {
      console.warn('[device] tizen exit failed', e);
    }
    (this.host.global('window') as Window | undefined)?.close();
  }

  /**
   * Shaka's lib/device/tizen.js: "Tizen has long hardware pipeline that respond slowly to
   * seeking", so a stall pauses and plays instead of skipping.
   */
  override playbackTuning(): PlaybackTuning {
    return { ...super.playbackTuning(), stallSkip: false };
  }

  protected override probeCapabilities(): Capabilities {
    return { mediaKeys: true, canExit: true, pointer: false };
  }

  protected override defaultMemoryClass(): MemoryClass {
    return 'low';
  }

  /**
   * Quirk: below Tizen 5 Opus is refused whatever `isTypeSupported` says. Shaka rejects it there
   * too: "Tizen's implementation of MSE does not work well with opus"
   * (https://github.com/shaka-project/shaka-player/blob/main/lib/device/tizen.js, rejectCodecs).
   */
  protected override probeCodec(codec: string): boolean {
    const version = tizenVersion(this.host.userAgent);
    if (codec.toLowerCase() === 'opus' && version !== null && version.major < 5) return false;
    return super.probeCodec(codec);
  }

  protected override createStorage(): StorageDriver {
    return new DriverChainStorage({ drivers: [QUOTA_LOCAL_STORAGE, INDEXEDDB], quotaBytes: LOCAL_STORAGE_QUOTA });
  }

  /** Tizen 2.x WebKit only sends the prefixed visibility event. */
  protected override createLifecycle(): Lifecycle {
    return new PlatformLifecycle(this.host.document, [{ target: 'document', type: 'webkitvisibilitychange', to: 'visibility' }]);
  }

  protected override describe(): DeviceDescription {
    const version = tizenVersion(this.host.userAgent);
    const model = this.capability('http://tizen.org/system/model_name');
    return {
      model,
      platformVersion: version?.text ?? this.capability('http://tizen.org/feature/platform.version'),
      displayName: version ? `Samsung TV (Tizen ${version.text})` : 'Samsung TV (Tizen)',
    };
  }

  private tizen(): TizenGlobal | undefined {
    return this.host.global('tizen') as TizenGlobal | undefined;
  }

  /** tizen.systeminfo.getCapability is synchronous; anything but a string is unknown. */
  private capability(key: string): string {
    try {
      const value = this.tizen()?.systeminfo?.getCapability?.(key);
      return typeof value === 'string' ? value : '';
    } catch {
      return '';
    }
  }
}

function tizenVersion(userAgent: string): { major: number; text: string } | null {
  const match = /Tizen (\d+)(?:\.(\d+))?/.exec(userAgent);
  if (!match) return null;
  return { major: Number(match[1]), text: match[2] === undefined ? (match[1] as string) : `${match[1]}.${match[2]}` };
}
