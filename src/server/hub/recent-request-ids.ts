/**
 * The request ids each sender used lately, so a request sent twice (a phone re-sending a held
 * command over a new socket) is refused rather than run twice. Memory is bounded both ways: each
 * sender remembers its last `perSender` ids (a sender numbers requests in order, so an old id
 * repeated after that window is a bug of its own), and at most `maxSenders` senders are kept,
 * the least recently heard dropped first.
 */
export class RecentRequestIds {
  private readonly senders = new Map<string, { ids: Set<number>; ring: number[]; next: number }>();

  constructor(private readonly perSender = 256, private readonly maxSenders = 10_000) {}

  /** True the first time `sender` uses `id` (and remembers it), false for a repeat. */
  claim(sender: string, id: number): boolean {
    let w = this.senders.get(sender);
    if (w) {
      this.senders.delete(sender); // re-inserted below: Map order is our LRU order
    } else {
      w = { ids: new Set(), ring: [], next: 0 };
      if (this.senders.size >= this.maxSenders) this.senders.delete(this.senders.keys().next().value!);
    }
    this.senders.set(sender, w);
    if (w.ids.has(id)) return false;
    if (w.ring.length < this.perSender) w.ring.push(id);
    else {
      w.ids.delete(w.ring[w.next]!);
      w.ring[w.next] = id;
      w.next = (w.next + 1) % this.perSender;
    }
    w.ids.add(id);
    return true;
  }

  get size(): number {
    return this.senders.size;
  }
}
