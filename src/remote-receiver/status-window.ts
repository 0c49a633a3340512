/**
 * The part of the queue a MEDIA_STATUS names. A library playlist can put thousands of items in
 * the queue, and the hub closes a receiver's socket on a message over HUB_MAX_MESSAGE_BYTES (the
 * TV reconnected and sent the next status: a loop). So a status carries a window: up to
 * REMOTE_STATUS_HISTORY items that played, the current one, and what comes next, at most
 * REMOTE_STATUS_ITEMS items and REMOTE_STATUS_ITEMS_BYTES serialized. Over the byte budget (long
 * names), the oldest history goes first, then what comes last; the current item always stays.
 * A phone asks for the rest with QUEUE_GET_ITEM_RANGE (`itemRange`), under the same budget.
 */
import { utf8Bytes } from '../protocol/hub';
import { REMOTE_STATUS_HISTORY, REMOTE_STATUS_ITEMS, REMOTE_STATUS_ITEMS_BYTES, type CastQueueItem } from '../protocol/remote';

export interface QueueSlice {
  items: CastQueueItem[];
  /** Where `items` starts in the queue. */
  firstItemIndex: number;
}

export function statusWindow(items: readonly CastQueueItem[], currentItemId: number | null): QueueSlice {
  const cur = Math.max(0, items.findIndex((i) => i.itemId === currentItemId));
  // Near the end, the window keeps more history rather than naming fewer items.
  const from = Math.max(0, Math.min(cur - REMOTE_STATUS_HISTORY, items.length - REMOTE_STATUS_ITEMS));
  return withinBudget(items, from, Math.min(items.length, from + REMOTE_STATUS_ITEMS), cur);
}

/** The item at `at` with up to `prev` items before it and `next` after it: one run of the queue. */
export function itemRange(items: readonly CastQueueItem[], at: number, prev: number, next: number): QueueSlice {
  return withinBudget(items, Math.max(0, at - prev), Math.min(items.length, at + 1 + next), at);
}

/** items[from, to) cut to the byte budget: first from the front, then from the back, never `keep`. */
function withinBudget(items: readonly CastQueueItem[], from: number, to: number, keep: number): QueueSlice {
  // Each item's JSON plus its comma.
  const size = (i: number) => utf8Bytes(JSON.stringify(items[i])) + 1;
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += size(i);
  while (bytes > REMOTE_STATUS_ITEMS_BYTES && from < keep) bytes -= size(from++);
  while (bytes > REMOTE_STATUS_ITEMS_BYTES && to - 1 > keep) bytes -= size(--to);
  return { items: items.slice(from, to), firstItemIndex: from };
}
