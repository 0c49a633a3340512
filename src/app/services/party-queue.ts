/**
 * The party screen's view of the TV's one queue (the receiver's: tv-receiver.ts): guests' tracks
 * still waiting, in play order, and the host's removal of one. A removal is an edit of the
 * player's queue like a D-pad edit, so it reaches every phone as a MEDIA_STATUS broadcast.
 */
import type { ReceivablePlayer } from '../../remote-receiver/queue-player-receiver';
import type { GuestTrack, PartyQueue } from './party-host';
import type { TvReceiver } from './tv-receiver';

/** `receiver` loads the receiver's chunk if the hub has not already (household-hub.ts). */
export function partyQueueOf(player: ReceivablePlayer, receiver: () => Promise<TvReceiver>): PartyQueue {
  const withReceiver = (edit: (r: TvReceiver) => void) =>
    receiver()
      .then(edit)
      .catch((e: unknown) => console.error('[party] the remote receiver could not be loaded', e));
  return {
    guestTracks(): GuestTrack[] {
      return player.queueEntries
        .slice(player.queueIndex + 1)
        .filter((e) => e.item.addedBy?.guest)
        .map((e) => ({ itemId: e.id, title: e.item.title, guestName: e.item.addedBy!.name }));
    },
    remove(itemId) {
      // Waiting tracks only (never the current one), so nothing needs loading.
      if (player.queueEntries.slice(player.queueIndex + 1).some((e) => e.id === itemId)) void withReceiver((r) => r.queue.remove([itemId]));
    },
    setGuestMaxPending(n) {
      void withReceiver((r) => r.session.setGuestMaxPending(n));
    },
    onChange(listener) {
      const off = [player.on('queue', listener), player.on('track', listener)];
      return () => off.forEach((o) => o());
    },
  };
}
