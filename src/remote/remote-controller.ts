/**
 * The phone's side of the remote protocol, UI-free (the page renders what it holds): the
 * household's devices with presence, the chosen TV's latest MEDIA_STATUS, and commands.
 *
 * A command is an intent: a function from the TV's current status to a request. So when the TV
 * refuses one as STALE_SEQUENCE_NUMBER (someone else edited the queue first), the intent is
 * re-applied once to the status the TV sent with the refusal: "remove that track" still removes
 * that track, and the user never sees the queue jump. Commands made while the hub is unreachable
 * or the TV offline are HELD, visibly (`held`), and sent on reconnect; nothing is dropped in
 * silence. Request ids start from the clock so a reloaded page never repeats one (the hub refuses
 * a repeat per device).
 */
import { REMOTE_STATUS_ITEMS, type CastQueueItem, type DeviceInfo, type MediaStatus, type QueueItems, type ReceiverMessage, type RemoteError, type RemoteRequest, type ServerMessage } from '../protocol';

export type RequestBody = RemoteRequest extends infer R ? (R extends { requestId: number } ? Omit<R, 'requestId'> : never) : never;
/** Builds the request from the status it applies to; null when it no longer applies. */
export type Intent = (status: MediaStatus | null) => RequestBody | null;

export interface Command {
  label: string;
  intent: Intent;
  retried: boolean;
  /** Background work the user did not ask for in so many words: never held, never an error banner. */
  quiet?: boolean;
  /** Told the receiver's answer: the MEDIA_STATUS carrying this request's id, or its refusal. */
  onAnswer?: (answer: ReceiverMessage) => void;
}

export interface ControllerHub {
  send(msg: { type: 'remote_request'; targetDeviceId: string; request: RemoteRequest } | { type: 'get_devices'; requestId: number }): boolean;
}

export class RemoteController {
  devices: DeviceInfo[] = [];
  targetId: string | null = null;
  status: MediaStatus | null = null;
  /** Local clock when `status` arrived: the progress bar advances from it while PLAYING. */
  statusAt = 0;
  online = false;
  readonly held: Command[] = [];
  lastError: string | null = null;
  private nextId: number;
  private readonly inflight = new Map<number, Command>();
  /** Refused as stale: re-applied when the status sent with the refusal (same requestId) arrives. */
  private readonly awaitingStatus = new Map<number, Command>();
  private readonly listeners = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * The queue past the status's window as far as the user paged (QUEUE_GET_ITEM_RANGE): one run
   * of it, from the window's last item on, as it was at queue version `sequenceNumber`.
   */
  private fetched: { sequenceNumber: number; items: CastQueueItem[] } | null = null;
  /** How many items past the window the user asked to see; fetched again for each new queue version. */
  private wantedPastWindow = 0;
  /** When the page request in flight was sent. */
  private pagingSince: number | null = null;

  constructor(
    private readonly hub: ControllerHub,
    private readonly now: () => number = Date.now,
  ) {
    this.nextId = now();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get target(): DeviceInfo | null {
    return this.devices.find((d) => d.id === this.targetId) ?? null;
  }

  /** Where playback is now, advancing locally between statuses. */
  position(): number {
    const s = this.status;
    if (!s) return 0;
    const moving = s.playerState === 'PLAYING' ? (this.now() - this.statusAt) / 1000 : 0;
    return s.currentTime + moving;
  }

  /**
   * The TV's queue as far as this phone knows it, in play order: the status's window, then the
   * fetched items that follow its last item. Joined by item, not by index or version, so a page
   * from an older version still shows (and rows on it can still be edited) until its refresh
   * arrives: the version grows with every track change. `fresh`: only a page of this version.
   */
  knownQueue(s: MediaStatus | null = this.status, fresh = false): { items: CastQueueItem[]; more: number } {
    if (!s) return { items: [], more: 0 };
    const items = s.items.slice();
    const f = this.fetched;
    const last = items[items.length - 1];
    const at = f && last && (!fresh || f.sequenceNumber === s.sequenceNumber) ? f.items.findIndex((i) => i.itemId === last.itemId) : -1;
    if (at >= 0) {
      // An older page may name items the new window holds already (moved): each once.
      const seen = new Set(items.map((i) => i.itemId));
      for (const item of f!.items.slice(at + 1)) if (!seen.has(item.itemId)) items.push(item);
    }
    // A receiver from before QUEUE_GET_ITEM_RANGE sends its whole queue and no indexes.
    const first = s.firstItemIndex ?? 0;
    return { items, more: Math.max(0, (s.itemCount ?? items.length) - first - items.length) };
  }

  /** Shows the next page of the TV's queue, and keeps it shown as the queue changes. */
  showMore(): void {
    const s = this.status;
    if (!s) return;
    this.wantedPastWindow = this.knownQueue(s, true).items.length - s.items.length + REMOTE_STATUS_ITEMS;
    this.fill();
  }

  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.hub.send({ type: 'get_devices', requestId: 1 });
    this.changed();
  }

  choose(deviceId: string): void {
    this.targetId = deviceId;
    this.status = null;
    // Another TV's queue: its item ids and versions mean nothing here.
    this.fetched = null;
    this.wantedPastWindow = 0;
    this.pagingSince = null;
    this.flush();
    this.changed();
  }

  command(label: string, intent: Intent, onAnswer?: (answer: ReceiverMessage) => void): void {
    this.lastError = null;
    const cmd: Command = { label, intent, retried: false, onAnswer };
    if (!this.trySend(cmd)) this.held.push(cmd);
    this.changed();
  }

  /** A command whose answer matters (a transfer needs the position the TV paused at). */
  ask(label: string, intent: Intent): Promise<ReceiverMessage> {
    return new Promise((resolve) => this.command(label, intent, resolve));
  }

  /** The user gave up on a held command. */
  drop(cmd: Command): void {
    const i = this.held.indexOf(cmd);
    if (i >= 0) this.held.splice(i, 1);
    this.changed();
  }

  handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'devices':
        this.devices = msg.devices;
        if (!this.target) this.targetId = msg.devices.find((d) => d.online && d.kind === 'tv')?.id ?? this.targetId;
        this.flush();
        break;
      case 'presence': {
        const d = this.devices.find((x) => x.id === msg.deviceId);
        if (d) d.online = msg.online;
        else if (msg.online) this.hub.send({ type: 'get_devices', requestId: 1 });
        if (msg.online && msg.deviceId === this.targetId) this.flush();
        break;
      }
      case 'remote_message':
        if (msg.deviceId === this.targetId) this.onReceiver(msg.message);
        break;
      default:
        return;
    }
    this.changed();
  }

  private onReceiver(m: ReceiverMessage): void {
    if (m.type === 'QUEUE_ITEMS') {
      this.remember(m);
      this.inflight.get(m.requestId)?.onAnswer?.(m);
      this.inflight.delete(m.requestId);
      return;
    }
    if (m.type === 'MEDIA_STATUS') {
      this.status = m;
      this.fill();
      this.statusAt = this.now();
      this.inflight.get(m.requestId)?.onAnswer?.(m);
      this.inflight.delete(m.requestId);
      const retry = this.awaitingStatus.get(m.requestId);
      this.awaitingStatus.delete(m.requestId);
      if (retry && !this.trySend(retry)) this.held.push(retry);
      return;
    }
    const cmd = this.inflight.get(m.requestId);
    this.inflight.delete(m.requestId);
    if (cmd?.quiet) return cmd.onAnswer?.(m);
    if (m.reason === 'STALE_SEQUENCE_NUMBER' && cmd && !cmd.retried) {
      cmd.retried = true;
      this.awaitingStatus.set(m.requestId, cmd);
      return;
    }
    if (m.reason === 'RECEIVER_OFFLINE' && cmd) {
      // The hub announces a TV when it connects, a moment before the TV says it is a receiver.
      this.held.push(cmd);
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        this.flush();
        this.changed();
      }, 1000);
      return;
    }
    this.lastError = describe(m, cmd?.label);
    cmd?.onAnswer?.(m);
  }

  /** Asks for the next page while fewer items than the user wanted are known for this version. */
  private fill(): void {
    const s = this.status;
    // A request whose answer got lost (the TV went away) blocks paging for a few seconds at most.
    if (!s || this.wantedPastWindow === 0 || (this.pagingSince !== null && this.now() - this.pagingSince < 10_000)) return;
    const { items, more } = this.knownQueue(s, true);
    const last = items[items.length - 1];
    if (!last || more === 0 || items.length - s.items.length >= this.wantedPastWindow) return;
    const page: Command = {
      label: 'Show more of the queue',
      intent: () => ({ type: 'QUEUE_GET_ITEM_RANGE', itemId: last.itemId, prevCount: 0, nextCount: REMOTE_STATUS_ITEMS }),
      retried: true,
      quiet: true,
      onAnswer: (answer) => {
        this.pagingSince = null;
        // After a refusal (the item went meanwhile), the status that follows asks again.
        if (answer.type === 'QUEUE_ITEMS') this.fill();
      },
    };
    // Not held while offline: the next status after reconnecting asks again.
    if (this.trySend(page)) this.pagingSince = this.now();
  }

  private remember(m: QueueItems): void {
    // A page of another version than the status's is dropped: fill() asks again from the window.
    if (m.sequenceNumber !== this.status?.sequenceNumber || m.items.length === 0) return;
    const f = this.fetched;
    const at = f?.sequenceNumber === m.sequenceNumber ? f.items.findIndex((i) => i.itemId === m.items[0]!.itemId) : -1;
    this.fetched = { sequenceNumber: m.sequenceNumber, items: at >= 0 ? f!.items.slice(0, at).concat(m.items) : m.items };
  }

  private trySend(cmd: Command): boolean {
    const target = this.target;
    if (!this.online || !target || !target.online) return false;
    const body = cmd.intent(this.status);
    if (!body) return true; // nothing left to do: it already holds
    const requestId = ++this.nextId;
    const request = { ...body, requestId } as RemoteRequest;
    if (!this.hub.send({ type: 'remote_request', targetDeviceId: target.id, request })) return false;
    this.inflight.set(requestId, cmd);
    if (this.inflight.size > 64) this.inflight.delete(this.inflight.keys().next().value!);
    return true;
  }

  private flush(): void {
    for (const cmd of this.held.splice(0)) if (!this.trySend(cmd)) this.held.push(cmd);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function describe(e: RemoteError, label = 'That'): string {
  switch (e.reason) {
    case 'END_OF_QUEUE':
      return 'Nothing more in that direction of the queue.';
    case 'NOT_ALLOWED':
      return `${label}: only the host can do that.`;
    case 'STALE_SEQUENCE_NUMBER':
      return `${label}: the queue changed twice meanwhile; try again.`;
    default:
      return `${label} failed: ${e.message}`;
  }
}
