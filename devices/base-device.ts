/**
 * Defaults for every profile: W3C keys, localforage storage, visibility lifecycle, codec answers
 * from MSE, buffer goals fitted to the SourceBuffer budget. A platform profile extends this and
 * overrides only what differs on it; an unknown platform gets exactly these answers.
 */
import type { Device } from './contracts/device';
import type { KeyMap } from './contracts/keys';
import type { Lifecycle } from './contracts/lifecycle';
import type { StorageDriver } from './contracts/storage';
import type { Capabilities } from './contracts/system';
import { fitBuffersToBudget, type PlayerConfig } from '../src/player/player-config';
import { LocalforageStorage } from './shared/localforage-storage';
import { MemoryStorage } from './shared/memory-storage';
import { VisibilityLifecycle } from './shared/visibility-lifecycle';
import { W3C_KEYS } from './shared/w3c-keys';

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

  readonly capabilities: Capabilities;
  private storageDriver: StorageDriver | null = null;
  private lifecycleSource: Lifecycle | null = null;
  private readonly codecAnswers = new Map<string, boolean>();

  constructor() {
    this.capabilities = Object.freeze(this.probeCapabilities());
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

  canPlay(codec: string): boolean {
    let answer = this.codecAnswers.get(codec);
    if (answer === undefined) {
      answer = this.probeCodec(codec);
      this.codecAnswers.set(codec, answer);
    }
    return answer;
  }

  tunePlayer(config: PlayerConfig): PlayerConfig {
    return fitBuffersToBudget({ ...config, retry: { ...config.retry } });
  }

  activate(): void {}

  exit(): void {}

  protected probeCapabilities(): Capabilities {
    return { mediaKeys: false, canExit: false, pointer: false };
  }

  protected createStorage(): StorageDriver {
    try {
      return new LocalforageStorage();
    } catch {
      return new MemoryStorage();
    }
  }

  protected createLifecycle(): Lifecycle {
    return new VisibilityLifecycle();
  }

  protected probeCodec(codec: string): boolean {
    const family = codec.split('.')[0]?.toLowerCase() ?? '';
    const mime = CODEC_MIME[family];
    if (!mime || typeof MediaSource === 'undefined') return false;
    try {
      return MediaSource.isTypeSupported(`${mime}; codecs="${codec}"`);
    } catch {
      return false;
    }
  }
}
