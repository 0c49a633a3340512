/**
 * The TV's side of hosting a party, UI-free: starts (or resumes) the household's party on the
 * BFF, follows its guests while the party screen is shown (a poll every few seconds: guests join
 * from phones the TV has no other news of), and carries out the host's controls: remove a guest,
 * remove a guest's track (through the TV's own receiver queue, when it has one), change how many
 * tracks each guest may have waiting, end the party. Every answer lands in `state`; listeners redraw.
 */
import { PARTY_DEFAULT_MAX_PENDING, PARTY_MAX_PENDING_LIMIT, type PartyInfo } from '../../protocol';
import type { ApiClient } from './api-client';

/** A guest's track waiting in the TV's queue. */
export interface GuestTrack {
  itemId: number;
  title: string;
  guestName: string;
}

/** The TV's receiver queue as the party screen needs it (wired by the entry; absent without a receiver). */
export interface PartyQueue {
  guestTracks(): GuestTrack[];
  remove(itemId: number): void;
  setGuestMaxPending(n: number): void;
  onChange(listener: () => void): () => void;
}

export type PartyHostState =
  | { kind: 'starting' }
  | { kind: 'running'; info: PartyInfo }
  | { kind: 'ended' }
  | { kind: 'failed'; message: string };

const POLL_MS = 3000;
/** The choices "Tracks per guest" cycles through. */
export const MAX_PENDING_CHOICES = [1, 2, 3, 5, PARTY_MAX_PENDING_LIMIT] as const;

export class PartyHost {
  state: PartyHostState = { kind: 'starting' };
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Set<() => void>();
  private unsubscribeQueue: (() => void) | null = null;
  /** Counts opens and closes: an open whose screen was left while it waited does not poll. */
  private visit = 0;

  constructor(
    private readonly api: Pick<ApiClient, 'startParty' | 'party' | 'endParty' | 'removePartyGuest'>,
    private readonly queue: PartyQueue | null,
  ) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The party screen is shown: start or resume the party, then follow it. */
  async open(): Promise<void> {
    const visit = ++this.visit;
    this.unsubscribeQueue = this.queue?.onChange(() => this.changed()) ?? null;
    await this.run(async () => this.running(await this.api.startParty()));
    if (visit === this.visit) this.timer = setInterval(() => void this.refresh(), POLL_MS);
  }

  /** The party screen is gone; the party goes on. */
  close(): void {
    this.visit++;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribeQueue?.();
    this.unsubscribeQueue = null;
  }

  get guestTracks(): GuestTrack[] {
    return this.state.kind === 'running' ? (this.queue?.guestTracks() ?? []) : [];
  }

  get hasQueue(): boolean {
    return this.queue !== null;
  }

  async refresh(): Promise<void> {
    // A failed poll (Wi-Fi blip) keeps polling; an ended party has nothing to follow.
    if (this.state.kind === 'starting' || this.state.kind === 'ended') return;
    await this.run(async () => {
      const info = await this.api.party();
      if (info) this.running(info);
      else this.state = { kind: 'ended' };
    });
  }

  async removeGuest(guestId: string): Promise<void> {
    await this.run(async () => {
      await this.api.removePartyGuest(guestId);
      const info = await this.api.party();
      if (info) this.running(info);
    });
  }

  removeTrack(itemId: number): void {
    this.queue?.remove(itemId);
  }

  /** The next "Tracks per guest" choice. */
  async cycleMaxPending(): Promise<void> {
    if (this.state.kind !== 'running') return;
    const now = this.state.info.maxPending;
    const next = MAX_PENDING_CHOICES.find((n) => n > now) ?? MAX_PENDING_CHOICES[0];
    await this.run(async () => this.running(await this.api.startParty(next)));
  }

  async end(): Promise<void> {
    await this.run(async () => {
      await this.api.endParty();
      this.state = { kind: 'ended' };
    });
  }

  /** Start again after ending (a new code). */
  async restart(): Promise<void> {
    this.state = { kind: 'starting' };
    this.changed();
    await this.run(async () => this.running(await this.api.startParty(PARTY_DEFAULT_MAX_PENDING)));
  }

  private running(info: PartyInfo): void {
    this.state = { kind: 'running', info };
    this.queue?.setGuestMaxPending(info.maxPending);
  }

  private async run(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (e) {
      this.state = { kind: 'failed', message: e instanceof Error ? e.message : 'The party could not be reached.' };
    }
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
