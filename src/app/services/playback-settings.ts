/**
 * The listener's playback choices (crossfade) on this TV: read from device storage at boot,
 * applied to the player at once when changed, and written a moment later, off the key path.
 *
 * Crash safety: the record is one key written whole (drivers write a record atomically,
 * devices/contracts/storage.ts), so a kill mid-write leaves the previous choice. A record that
 * fails its schema is ignored (logged) and the defaults stay: crossfade off.
 */
import { Errors } from '@sinclair/typebox/errors';
import { Check } from '@sinclair/typebox/value';
import { PlaybackSettingsRecord } from '../../protocol';
import { crossfadeChoice, stepCrossfade } from '../../player/crossfade';

export const PLAYBACK_SETTINGS_KEY = 'settings.playback';
const SAVE_DELAY_MS = 400;

export interface SettingsStore {
  get<T>(key: string): Promise<T | null>;
  set<T>(key: string, value: T): Promise<void>;
}

/** Where the crossfade length goes (the player's Crossfader); null where the device has one audio pipeline. */
export interface CrossfadeTarget {
  seconds: number;
}

export class PlaybackSettings {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** A choice was made this run: it wins over a stored one that arrives later (a slow TV). */
  private touched = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: SettingsStore,
    private readonly target: CrossfadeTarget | null,
  ) {}

  /** Whether this device can crossfade at all (the Settings row is shown only then). */
  get crossfadeAvailable(): boolean {
    return this.target !== null;
  }

  get crossfadeS(): number {
    return this.target?.seconds ?? 0;
  }

  /** Puts the stored choice back; a record that does not match the schema is ignored. */
  async restore(): Promise<void> {
    let record: unknown;
    try {
      record = await this.store.get<unknown>(PLAYBACK_SETTINGS_KEY);
    } catch (e) {
      console.warn('[settings] could not read playback settings', e);
      return;
    }
    if (record === null || record === undefined) return;
    if (!Check(PlaybackSettingsRecord, record)) {
      console.warn('[settings] stored playback settings do not match the schema; ignored', Errors(PlaybackSettingsRecord, record).First()?.path);
      return;
    }
    if (this.touched || !this.target) return;
    this.target.seconds = crossfadeChoice(record.crossfadeS);
    this.emit();
  }

  /** Left/Right on the Settings row: applied now, saved shortly after (no storage on keydown). */
  stepCrossfade(steps: number): number {
    if (!this.target) return 0;
    this.touched = true;
    this.target.seconds = stepCrossfade(this.target.seconds, steps);
    this.emit();
    this.scheduleSave();
    return this.target.seconds;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes a pending change now (the app is closing or freezing). */
  async flush(): Promise<void> {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    await this.save();
  }

  private scheduleSave(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, SAVE_DELAY_MS);
  }

  private async save(): Promise<void> {
    const record: PlaybackSettingsRecord = { crossfadeS: this.crossfadeS };
    await this.store.set(PLAYBACK_SETTINGS_KEY, record).catch((e: unknown) => console.warn('[settings] could not store playback settings', e));
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
