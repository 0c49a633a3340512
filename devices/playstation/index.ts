/**
 * PlayStation 4 and 5 (the console's WebKit web app runtime).
 *
 * Keys. Controller: Cross is Enter (13) and the D-pad the arrows; Circle is Back, sent as 8 in
 * one published table (joseirrazabal/boilerplate-react src/devices/ps4/index.js, and PS3-era
 * tables) and as 27 in bitmovin-player-ui's PlayStation map
 * (https://github.com/bitmovin/bitmovin-player-ui/blob/develop/src/ts/spatialnavigation/getKeyMapForPlatform.ts).
 * Both are Back here; neither means anything else on the console. Triangle 112 is Search,
 * Square 32 toggles playback, Options 114 is Menu.
 * Media remote (the codes the Encore issue lists, named after the boilerplate's table): Play 128,
 * Stop 129, Pause 130, scan forward 126 (FastForward), scan rewind 127 (Rewind), Next 123, and
 * 122 as Previous. That table gives Previous as 112, which is Triangle's code, so it cannot be
 * Previous without a conflict; 122 (F11, beside Next's F12) is the remaining code.
 *
 * Detection: "PlayStation" in the UA, as Shaka's lib/device/playstation.js.
 */
import { BaseDevice, type DeviceDescription } from '../base-device';
import type { DeviceEnvironment } from '../contracts/device';
import type { KeyMap } from '../contracts/keys';
import type { Capabilities, PlatformFloor } from '../contracts/system';
import { mergeKeyMaps, W3C_KEYS } from '../shared/w3c-keys';

const PLAYSTATION_KEYS: KeyMap = mergeKeyMaps(W3C_KEYS, {
  8: 'Back', // Circle
  27: 'Back', // Circle (PS5 runtime, per bitmovin-player-ui)
  112: 'Search', // Triangle
  32: 'PlayPause', // Square
  114: 'Menu', // Options
  128: 'Play',
  129: 'Stop',
  130: 'Pause',
  126: 'FastForward',
  127: 'Rewind',
  123: 'Next',
  122: 'Previous',
});

/** @final */
export class PlayStationDevice extends BaseDevice {
  static override readonly profileName: string = 'playstation';

  /**
   * Sony's web app runtime documentation is partner-only. The PS5 updates itself; we support a
   * runtime whose WebKit matches Safari 14.1 or newer, the oldest esbuild compiles for (it refuses
   * older Safari over a JavaScriptCore destructuring bug). The 2020 launch firmware (Version/13.0,
   * the fixture in test/devices/playstation.test.ts) and the PS4's WebKit are below the floor.
   */
  static readonly floor: PlatformFloor = { platform: 'PlayStation', version: '5', engine: { name: 'safari', version: 14.1 } };

  static detect(env: DeviceEnvironment): boolean {
    return env.userAgent.includes('PlayStation');
  }

  override keyMap(): KeyMap {
    return PLAYSTATION_KEYS;
  }

  /** Apps are suspended when the user returns to the console's home screen. */
  override get keepsAudioWhenConcealed(): boolean {
    return false;
  }

  override exit(): void {
    (this.host.global('window') as Window | undefined)?.close();
  }

  protected override probeCapabilities(): Capabilities {
    return { mediaKeys: true, canExit: true, pointer: false };
  }

  protected override describe(): DeviceDescription {
    // "PlayStation 5/2.26" (PS5) or "PlayStation 4 8.52" (PS4): model, then firmware.
    const match = /(PlayStation \d)[/ ]([\d.]+)/.exec(this.host.userAgent);
    const model = match?.[1] ?? 'PlayStation';
    return { model, platformVersion: match?.[2] ?? '', displayName: model };
  }
}
