/**
 * Defaults for every profile: W3C keys, localforage storage (memory when none opens), visibility lifecycle, codec answers
 * from MSE, buffer goals fitted to the SourceBuffer budget. A platform profile extends this and
 * overrides only what differs on it; an unknown platform gets exactly these answers.
 *
 * Everything a profile reads from its surroundings comes through `host` (the real window by
 * default), so a profile can be built in a test with a device's UA and globals. The constructor
 * probes once and freezes `capabilities`; it calls the probe hooks of the subclass before the
 * subclass's own fields exist, so probe hooks may read `this.host` and module constants only.
 */
import type { Device, DeviceHost } from './contracts/device';
import type { Key, KeyMap } from './contracts/keys';
import type { Lifecycle, ScreensaverControl } from './contracts/lifecycle';
import { AUDIO_CODECS, type AudioCodec, type GaplessJoin, type PlaybackTuning } from './contracts/media';
import type { StorageDriver } from './contracts/storage';
import type {
  Capabilities,
  DeviceInfo,
  ExitPolicy,
  MemoryClass,
  ProbedCapabilities,
  SystemCapabilities,
} from './contracts/system';
import { createBrowserHost } from './shared/browser-host';
import { MEMORY_BUDGETS, memoryClassFor } from './shared/budgets';
import { isDeviceId, newDeviceId } from './shared/device-id';
import { DriverChainStorage, INDEXEDDB, LOCALSTORAGE, WEBSQL } from './shared/driver-chain-storage';
import { VisibilityLifecycle } from './shared/visibility-lifecycle';
import { W3C_KEYS } from './shared/w3c-keys';

/** Storage key of the install id (see `deviceInfo()`). */
export const DEVICE_ID_KEY = 'device.id';

/** What a profile knows about the hardware without storage: `DeviceInfo` minus the id. */
export type DeviceDescription = Omit<DeviceInfo, 'id'>;

/** MSE container for each codec family we may put in a ladder. */
const CODEC_MIME: Readonly<Record<string, string>> = {
  mp4a: 'audio/mp4',
  opus: 'audio/mp4',
  flac: 'audio/mp4',
  'ec-3': 'audio/mp4',
  'ac-3': 'audio/mp4',
  vorbis: 'audio/webm',
};

export class BaseDevice implements Device {
  static readonly profileName: string = 'base';

  readonly capabilities: SystemCapabilities;
  protected readonly host: DeviceHost;
  private storageDriver: StorageDriver | null = null;
  private lifecycleSource: Lifecycle | null = null;
  private readonly codecAnswers = new Map<string, boolean>();
  private info: Promise<DeviceInfo> | null = null;

  constructor(host: DeviceHost = createBrowserHost()) {
    this.host = host;
    this.capabilities = Object.freeze({ ...this.probeCapabilities(), ...this.probeEngine() });
  }

  get name(): string {
    return (this.constructor as typeof BaseDevice).profileName;
  }

  get storage(): StorageDriver {
    return (this.storageDriver ??= this.createStorage());
  }

  get lifecycle(): Lifecycle {
    return (this.lifecycleSource ??= this.createLifecycle());
  }

  keyMap(): KeyMap {
    return W3C_KEYS;
  }

  /**
   * Red, on a remote with the four colour keys (webOS and Tizen map VK_RED 403; no page uses the
   * colour keys otherwise); none elsewhere. Derived from the profile's own key map, so a profile
   * that adds colour keys gets the answer without saying it twice.
   */
  likeKey(): Key | null {
    const map = this.keyMap();
    return Object.keys(map).some((code) => map[Number(code)] === 'Red') ? 'Red' : null;
  }

  canPlay(codec: string): boolean {
    let answer = this.codecAnswers.get(codec);
    if (answer === undefined) {
      answer = this.probeCodec(codec);
      this.codecAnswers.set(codec, answer);
    }
    return answer;
  }

  playbackTuning(): PlaybackTuning {
    return {
      stallSkip: true,
      // Chromium's audio SourceBuffer quota (media/filters/source_buffer_stream.cc: 12 MB for audio).
      sourceBufferBytes: 12 * 1024 * 1024,
      gainStage: this.routesMseThroughWebAudio ? 'web-audio' : 'element-volume',
      gaplessJoin: this.gaplessJoin,
      audioPipelines: this.audioPipelines,
    };
  }

  /**
   * Whether an MSE-fed media element may be routed through Web Audio, so loudness
   * normalisation can raise quiet tracks (src/player/gain-stage.ts). Off unless a profile knows
   * its engine does it right: on older TV engines the routed element goes silent.
   */
  protected get routesMseThroughWebAudio(): boolean {
    return false;
  }

  /**
   * How gapless tracks join (contracts/media.ts). 'reload' until a platform's MSE pipeline has
   * been measured joining appended periods: what an engine does with an edit list in a fragmented
   * MP4 init segment is not in any spec table, and a wrong guess costs a glitch at every join.
   */
  protected get gaplessJoin(): GaplessJoin {
    return 'reload';
  }

  /**
   * One until a platform has been measured playing two MSE audio elements at once. Many TV SoCs
   * have one hardware audio decoder: a second MediaSource there fails to open, or takes the
   * decoder from the first (the ending track goes silent mid-fade), and neither is an error the
   * page can see coming. webOS, Tizen, Android TV, Fire TV, Vizio, RDK, Xbox and PlayStation
   * keep this answer (no crossfade) until measured on a real set.
   */
  protected get audioPipelines(): 1 | 2 {
    return 1;
  }

  /** Store rules ask before exiting (PRODUCT.md); a platform whose rule is "go home" says 'immediate'. */
  get exitPolicy(): ExitPolicy {
    return 'confirm';
  }

  /** A browser tab keeps playing in the background; TV platforms that suspend say false. */
  get keepsAudioWhenConcealed(): boolean {
    return true;
  }

  /** Unknown platforms: nothing to call; the ambient mode protects the panel. */
  get screensaverControl(): ScreensaverControl {
    return 'none';
  }

  activate(): void {}

  exit(): void {}

  /** Model, version and a stable id (generated on first call, then read from storage). */
  deviceInfo(): Promise<DeviceInfo> {
    return (this.info ??= this.loadDeviceInfo());
  }

  /** Hardware facts from the platform's APIs or UA; the base knows nothing about the hardware. */
  protected describe(): DeviceDescription {
    return { model: '', platformVersion: '', displayName: 'Web browser' };
  }

  /** The class assumed when the engine does not report `navigator.deviceMemory`. */
  protected defaultMemoryClass(): MemoryClass {
    return 'mid';
  }

  protected probeCapabilities(): Capabilities {
    return { mediaKeys: false, canExit: false, pointer: false };
  }

  /** Facts measured from the engine: the codec ladder over MSE, memory, speech. */
  protected probeEngine(): ProbedCapabilities {
    const codecs = {} as Record<AudioCodec, boolean>;
    for (const codec of AUDIO_CODECS) codecs[codec] = this.canPlay(codec);
    const memoryClass = memoryClassFor(this.host.deviceMemoryGiB, this.defaultMemoryClass());
    return {
      codecs: Object.freeze(codecs),
      memoryClass,
      budgets: MEMORY_BUDGETS[memoryClass],
      speechSynthesis: this.host.speechSynthesis,
      artworkFormat: this.host.webpImages ? 'webp' : 'jpg',
    };
  }

  /** localforage's own order; where none opens, records live in memory for the run, with a warning. */
  protected createStorage(): StorageDriver {
    return new DriverChainStorage({ drivers: [INDEXEDDB, WEBSQL, LOCALSTORAGE] });
  }

  protected createLifecycle(): Lifecycle {
    return new VisibilityLifecycle();
  }

  protected probeCodec(codec: string): boolean {
    const family = codec.split('.')[0]?.toLowerCase() ?? '';
    const mime = CODEC_MIME[family];
    if (!mime) return false;
    return this.host.isTypeSupported(`${mime}; codecs="${codec}"`);
  }

  private async loadDeviceInfo(): Promise<DeviceInfo> {
    const description = this.describe();
    let id: string;
    try {
      const stored = await this.storage.get<unknown>(DEVICE_ID_KEY);
      if (isDeviceId(stored)) return Object.freeze({ ...description, id: stored });
      id = newDeviceId();
      await this.storage.set(DEVICE_ID_KEY, id).catch((e: unknown) => console.warn('[device] could not store the device id', e));
    } catch (e) {
      // Unreadable storage: an id for this run only. Writing one could replace a stored id we
      // merely failed to read.
      console.warn('[device] could not read the device id', e);
      id = newDeviceId();
    }
    return Object.freeze({ ...description, id });
  }
}
