/**
 * The few services every page may use, set once by the entry before Launch. Pages reach them
 * through `services()` rather than `this.application` casts or parent chains.
 */
import type { Device } from '../../devices/contracts/device';
import type { AudioPlayer } from '../player/types';
import type { ApiClient } from './services/api-client';
import type { PartyQueue } from './services/party-host';
import type { LibraryState } from './services/library-state';
import type { Session } from './services/session';
import type { PlaybackSettings } from './services/playback-settings';

export interface AppServices {
  device: Device;
  api: ApiClient;
  player: AudioPlayer;
  session: Session;
  /** The TV's receiver queue as the party screen reads it; absent until the TV is a receiver. */
  partyQueue?: PartyQueue;
  /** The signed-in profile's likes, saves and playlists, kept for key presses (no request on keydown). */
  library: LibraryState;
  /** Crossfade and other playback choices of this TV (Settings). */
  playbackSettings?: PlaybackSettings;
}

let current: AppServices | null = null;

export function provideServices(s: AppServices): void {
  current = s;
}

export function services(): AppServices {
  if (!current) throw new Error('services() called before provideServices()');
  return current;
}
