/**
 * Moving playback between the TV and this phone, UI-free (the page draws `where` and the local
 * player's state). "Listen on this phone" pauses the TV and plays its queue, from its current
 * item on, here, from the position the TV paused at (the MEDIA_STATUS answering the PAUSE
 * carries it); "Play on <TV>" pauses here and has the TV resume at this phone's position. The
 * player is the TV's own UI-free QueuePlayer with Shaka (local-player.ts), a chunk the page
 * imports only at the first transfer, warmed as a finger lands on the button.
 *
 * Both targets start in well under a second on a home network: the chunk, the tracks'
 * descriptions and the TV's PAUSE are fetched at once, and the local start applies its position
 * before it sounds (QueuePlayer.startCurrent).
 */
import type { QueuePlayer } from '../player/queue-player';
import type { PlaybackItem, PlayerState } from '../player/types';
import { playbackBatches, type CastQueueItem, type RepeatMode } from '../protocol';
import type { PhoneSession } from './phone-session';
import type { RemoteController } from './remote-controller';

/** How many of the TV's items, from its current one, come along to the phone. */
const TAKEN_ITEMS = 50;
const REPEAT: Record<RepeatMode, 'off' | 'all' | 'one'> = { REPEAT_OFF: 'off', REPEAT_ALL: 'all', REPEAT_SINGLE: 'one', REPEAT_ALL_AND_SHUFFLE: 'all' };

export type PlaybackPlace = 'tv' | 'moving-here' | 'here' | 'moving-back';

export class PhonePlayback {
  where: PlaybackPlace = 'tv';
  error: string | null = null;
  readonly media: HTMLAudioElement;
  private player: QueuePlayer | null = null;
  private loading: Promise<QueuePlayer> | null = null;
  /** The TV's item id of each local queue item, to hand the place back to the TV by id. */
  private readonly itemIds = new Map<PlaybackItem, number>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly remote: RemoteController,
    private readonly session: PhoneSession,
  ) {
    this.media = document.createElement('audio');
    this.media.id = 'phone-audio';
    this.media.preload = 'auto';
    document.body.appendChild(this.media);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get current(): PlaybackItem | null {
    return this.player?.current ?? null;
  }

  get state(): PlayerState | null {
    return this.player?.state ?? null;
  }

  get positionS(): number {
    return this.player ? this.player.time.positionMs / 1000 : 0;
  }

  get durationS(): number {
    return this.player ? this.player.time.durationMs / 1000 : 0;
  }

  /** Fetch the player chunk ahead of the tap (pointerdown on the button). */
  warm(): void {
    void this.load().catch(() => undefined);
  }

  async listenHere(): Promise<void> {
    const status = this.remote.status;
    const current = status?.items.find((i) => i.itemId === status.currentItemId);
    if (this.where !== 'tv' || !status || !current) return;
    // Inside the tap: a phone that lets only a gesture start audio remembers this element. Only
    // before the first transfer: later the element holds the last track, which must stay silent.
    if (!this.player) this.media.play().catch(() => undefined);
    this.error = null;
    this.set('moving-here');
    const rest = status.items.slice(status.items.indexOf(current) + 1, status.items.indexOf(current) + TAKEN_ITEMS);
    try {
      // Only the current track is on the way to sound; the rest of the queue follows it.
      const [player, items, paused] = await Promise.all([
        this.load(),
        this.describe([current]),
        this.remote.ask('Pause the TV', () => ({ type: 'PAUSE' })),
      ]);
      // Where the TV stopped: the status answering the PAUSE, else where this page reckons it is.
      const at = paused.type === 'MEDIA_STATUS' && paused.currentItemId === current.itemId ? paused.currentTime : this.remote.position();
      player.editQueue((q) => {
        q.replace(items, 0);
        q.setRepeat(REPEAT[status.repeatMode]);
      });
      const started = player.startCurrent({ positionMs: Math.round(at * 1000), play: true });
      // A track of the rest that cannot be described leaves the phone playing what it has.
      const following = this.describe(rest)
        .then((more) => player.editQueue((q) => q.insertAt(q.length, more)))
        .catch(() => undefined);
      await started;
      this.set('here');
      await following;
    } catch (e) {
      this.error = `Could not move playback to this phone: ${(e as Error).message}`;
      this.set('tv');
    }
  }

  async playOnTv(): Promise<void> {
    const player = this.player;
    if (this.where !== 'here' || !player) return;
    const item = player.current;
    const itemId = item ? this.itemIds.get(item) : undefined;
    // The element's own clock: the player's time is as old as the last timeupdate (up to 250 ms).
    const at = this.media.currentTime;
    player.pause();
    this.set('moving-back');
    const onTv = this.remote.status;
    if (itemId !== undefined && onTv?.currentItemId === itemId) {
      await this.remote.ask('Play on TV', () => ({ type: 'SEEK', currentTime: at, resumeState: 'PLAYBACK_START' }));
    } else if (itemId !== undefined && onTv?.items.some((i) => i.itemId === itemId)) {
      // The phone moved on in the queue: the TV jumps to that item at this position, then plays.
      this.remote.command('Play on TV', (st) => ({ type: 'QUEUE_UPDATE', sequenceNumber: st?.sequenceNumber ?? 0, currentItemId: itemId, currentTime: at }));
      await this.remote.ask('Play on TV', () => ({ type: 'PLAY' }));
    } else if (item) {
      await this.remote.ask('Play on TV', () => ({ type: 'LOAD', items: [{ media: { contentId: item.trackId } }], currentTime: at }));
    }
    this.set('tv');
  }

  toggle(): void {
    void this.player?.toggle();
  }

  next(): void {
    void this.player?.next();
  }

  previous(): void {
    void this.player?.previous();
  }

  seek(seconds: number): void {
    this.player?.seek(seconds * 1000);
  }

  private load(): Promise<QueuePlayer> {
    this.loading ??= import('./local-player').then(({ createLocalPlayer }) => {
      const player = createLocalPlayer(
        this.media,
        (trackId) => this.session.track(trackId),
        (trackId, positionMs) => this.session.postPlay(trackId, positionMs),
      );
      // Time is drawn by the page's own ticker; a redraw per timeupdate would be wasted work.
      for (const event of ['state', 'track'] as const) player.on(event, () => this.changed());
      this.player = player;
      return player;
    });
    this.loading.catch(() => (this.loading = null));
    return this.loading;
  }

  private async describe(items: readonly CastQueueItem[]): Promise<PlaybackItem[]> {
    const ids = [...new Set(items.map((i) => i.media.contentId))];
    const found = new Map((await Promise.all(playbackBatches(ids).map((b) => this.session.tracks(b)))).flat().map((p) => [p.trackId, p]));
    return items.map((i) => {
      const p = found.get(i.media.contentId);
      if (!p) throw new Error(`track ${i.media.contentId} not found`);
      const item: PlaybackItem = { trackId: p.trackId, title: p.title, artist: p.artist.name, artwork: p.artwork, durationMs: p.durationMs, playback: p };
      this.itemIds.set(item, i.itemId);
      return item;
    });
  }

  private set(where: PlaybackPlace): void {
    this.where = where;
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
