/**
 * LG webOS TV (web apps, packaged .ipk or hosted).
 *
 * Keys, from LG's Magic Remote guide (https://webostv.developer.lge.com/develop/guides/magic-remote):
 * OK 13, arrows 37–40, Back 461, Red/Green/Yellow/Blue 403–406; a conventional remote adds
 * Play 415, Pause 19, Fast-forward 417, Rewind 412, Stop 413 and the digits. Nothing needs
 * registering; 461 reaches the app because appinfo.json sets `disableBackHistoryAPI`
 * (scripts/package.mjs), so the platform's history handling stays out of the way.
 *
 * Exit, from LG's Back button guide (https://webostv.developer.lge.com/develop/guides/back-button):
 * at the entry page webOS 6 and newer must ask whether to exit, webOS 5 and older go straight to
 * the Home launcher. `exit()` goes home the platform's way: `webOS.platformBack()` (webOSTV.js),
 * else the `PalmSystem.platformBack()` it wraps, else `window.close()`.
 *
 * Version: LG publishes one Chromium per webOS release ("Web API and Web Engine",
 * https://webostv.developer.lge.com/develop/specifications/web-api-and-web-engine); we read the
 * UA's Chrome major against that table, as Shaka's lib/device/webos.js does. An unlisted Chrome
 * means an unknown version, which gets the base answers.
 */
import { BaseDevice, type DeviceDescription } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Lifecycle } from '../contracts/lifecycle';
import type { PlaybackTuning } from '../contracts/media';
import type { StorageDriver } from '../contracts/storage';
import type { Capabilities, ExitPolicy, MemoryClass, PlatformFloor } from '../contracts/system';
import { DriverChainStorage, INDEXEDDB } from '../shared/driver-chain-storage';
import { callPlatform } from '../shared/platform-call';
import { PlatformLifecycle } from '../shared/platform-lifecycle';
import { QUOTA_LOCAL_STORAGE } from '../shared/quota-local-storage-driver';
import { COLOUR_KEYS, DIGIT_KEYS } from '../shared/tv-keys';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const WEBOS_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, DIGIT_KEYS, COLOUR_KEYS, {
  461: 'Back',
  415: 'Play',
  19: 'Pause',
  417: 'FastForward',
  412: 'Rewind',
  413: 'Stop',
});

/** Chromium major → webOS TV version (LG's web engine table; 120 → 25 per Shaka's webos.js). */
const WEBOS_BY_CHROME: Readonly<Record<number, number>> = {
  38: 3,
  53: 4,
  68: 5,
  79: 6,
  87: 22,
  94: 23,
  108: 24,
  120: 25,
};

/** LG documents a 16 MB localStorage cap for web apps (PRODUCT.md, TV constraints). */
const LOCAL_STORAGE_QUOTA = 16 * 1024 * 1024;

/** @final */
export class WebOsDevice extends BaseDevice {
  static override readonly profileName: string = 'webos';

  /**
   * webOS 4.x (2018 TVs) ships Chrome 53: LG's "Web API and Web Engine" table
   * (https://webostv.developer.lge.com/develop/specifications/web-api-and-web-engine: webOS 3.x
   * Chrome 38, 4.x Chrome 53, 5.x Chrome 68, 6.x Chrome 79). webOS 3 would need an ES5 build.
   */
  static readonly floor: PlatformFloor = { platform: 'webOS TV', version: '4.0', engine: { name: 'chrome', version: 53 } };

  static detect(env: DeviceEnvironment): boolean {
    return env.hasGlobal('PalmSystem') || env.hasGlobal('webOS') || env.hasGlobal('webOSSystem') || env.userAgent.includes('Web0S');
  }

  override keyMap(): KeyMap {
    return WEBOS_KEYS;
  }

  override get exitPolicy(): ExitPolicy {
    const version = this.webOsVersion();
    if (version === null) return super.exitPolicy;
    return version >= 6 ? 'confirm' : 'immediate';
  }

  /** webOS suspends a hidden app ("Suspended (Background)" in LG's app lifecycle guide). */
  override get keepsAudioWhenConcealed(): boolean {
    return false;
  }

  override exit(): void {
    if (callPlatform(this.host, ['webOS', 'platformBack'])) return;
    if (callPlatform(this.host, ['PalmSystem', 'platformBack'])) return;
    callPlatform(this.host, ['window', 'close']);
  }

  /**
   * Shaka's lib/device/webos.js: "WebOS has long hardware pipeline that respond slowly to
   * seeking", so a stall pauses and plays instead of skipping.
   */
  override playbackTuning(): PlaybackTuning {
    return { ...super.playbackTuning(), stallSkip: false };
  }

  protected override probeCapabilities(): Capabilities {
    return { mediaKeys: true, canExit: true, pointer: true };
  }

  /** webOS 3–4 sets (2016–2019) have 1–1.5 GB shared with video and report no deviceMemory. */
  protected override defaultMemoryClass(): MemoryClass {
    return 'low';
  }

  protected override createStorage(): StorageDriver {
    return new DriverChainStorage({ drivers: [QUOTA_LOCAL_STORAGE, INDEXEDDB], quotaBytes: LOCAL_STORAGE_QUOTA });
  }

  /** LG's App Lifecycle guide: relaunch arrives as `webOSRelaunch`, and webOS 3 sends the prefixed visibility event. */
  protected override createLifecycle(): Lifecycle {
    return new PlatformLifecycle(this.host.document, [
      { target: 'document', type: 'webOSRelaunch', to: 'started' },
      { target: 'document', type: 'webkitvisibilitychange', to: 'visibility' },
    ]);
  }

  protected override describe(): DeviceDescription {
    const version = this.webOsVersion();
    return {
      model: this.palmDeviceInfo().modelName ?? '',
      platformVersion: version === null ? '' : String(version),
      displayName: version === null ? 'LG TV (webOS)' : `LG TV (webOS ${version})`,
    };
  }

  private webOsVersion(): number | null {
    const chrome = /Chrome\/(\d+)/.exec(this.host.userAgent)?.[1];
    return chrome === undefined ? null : (WEBOS_BY_CHROME[Number(chrome)] ?? null);
  }

  /** `PalmSystem.deviceInfo` (webOSSystem on newer firmware) is a JSON string; missing or bad gives {}. */
  private palmDeviceInfo(): { modelName?: string } {
    for (const name of ['webOSSystem', 'PalmSystem']) {
      const raw = (this.host.global(name) as { deviceInfo?: unknown } | undefined)?.deviceInfo;
      if (typeof raw !== 'string') continue;
      try {
        const info = JSON.parse(raw) as { modelName?: unknown };
        return typeof info.modelName === 'string' ? { modelName: info.modelName } : {};
      } catch {
        return {};
      }
    }
    return {};
  }
}
