/**
 * The part of the queue a MEDIA_STATUS names. A library playlist can put thousands of items in
 * the queue, and the hub closes a receiver's socket on a message over HUB_MAX_MESSAGE_BYTES (the
 * TV reconnected and sent the next status: a loop). So a status carries a window: up to
 * REMOTE_STATUS_HISTORY items that played, the current one, and what comes next, at most
 * REMOTE_STATUS_ITEMS items and REMOTE_STATUS_ITEMS_BYTES serialized. Over the byte budget (long
 * names), the oldest history goes first, then what comes last; the current item always stays.
 */
import { utf8Bytes } from '../protocol/hub';
import { REMOTE_STATUS_HISTORY, REMOTE_STATUS_ITEMS, REMOTE_STATUS_ITEMS_BYTES, type CastQueueItem } from '../protocol/remote';

export function statusWindow(items: readonly CastQueueItem[], currentItemId: number | null): CastQueueItem[] {
  const cur = Math.max(0, items.findIndex((i) => i.itemId === currentItemId));
  // Near the end, the window keeps more history rather than naming fewer items.
  let from = Math.max(0, Math.min(cur - REMOTE_STATUS_HISTORY, items.length - REMOTE_STATUS_ITEMS));
  let to = Math.min(items.length, from + REMOTE_STATUS_ITEMS);
  // Each item's JSON plus its comma.
  const size = (i: number) => utf8Bytes(JSON.stringify(items[i])) + 1;
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += size(i);
  while (bytes > REMOTE_STATUS_ITEMS_BYTES && from < cur) bytes -= size(from++);
  while (bytes > REMOTE_STATUS_ITEMS_BYTES && to - 1 > cur) bytes -= size(--to);
  return items.slice(from, to);
}
