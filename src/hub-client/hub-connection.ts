/**
 * A device's connection to the household hub (protocol/hub.ts), for the TV app and the phone
 * pages alike: no UI, no Lightning. It authenticates with the access token as a subprotocol,
 * introduces the device (`hello`), and reconnects by itself with capped, jittered backoff. The
 * latest playback state is kept and sent once the hub has heard `hello`, so a state made while
 * offline is delivered on reconnect (only the newest matters: it carries the whole state).
 *
 * A 4401 close (token expired, device signed out) is the app's to resolve: `onUnauthenticated`
 * decides whether to refresh and reconnect or to stay signed out; the connection does not
 * retry a token the hub refused.
 */
import {
  HUB_BEARER_PREFIX,
  HUB_SUBPROTOCOL,
  HUB_MAX_MESSAGE_BYTES,
  HubClose,
  type ClientMessage,
  type PlaybackState,
  type ServerMessage,
  utf8Bytes,
} from '../protocol';

export interface HubDevice {
  name: string;
  kind: 'tv' | 'phone' | 'web';
  platform: string;
  capabilities: string[];
}

export interface HubConnectionOptions {
  /** ws(s)://host/api/v1/hub */
  url: string;
  /** The current access token, or null when signed out (the connection then stays closed). */
  getToken: () => Promise<string | null>;
  device: HubDevice;
  onMessage?: (msg: ServerMessage) => void;
  /**
   * The hub refused the token; resolve true to reconnect (e.g. after a refresh). `signedOut`:
   * the hub said the sign-in was revoked, 'elsewhere' (another device) or 'this-session'.
   */
  onUnauthenticated?: (signedOut: 'elsewhere' | 'this-session' | null) => Promise<boolean>;
  onStatus?: (status: HubStatus) => void;
  /** Injected for tests. */
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  backoff?: { initialMs: number; maxMs: number };
}

export type HubStatus = 'offline' | 'connecting' | 'online';

export class HubConnection {
  private socket: WebSocket | null = null;
  private ready = false;
  private stopped = true;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private latestState: PlaybackState | null = null;
  private sentVersion = 0;
  private requestId = 0;
  private signedOut: 'elsewhere' | 'this-session' | null = null;

  constructor(private readonly opts: HubConnectionOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const s = this.socket;
    this.socket = null;
    this.ready = false;
    if (s && s.readyState <= 1) s.close(1000, 'bye');
    this.status('offline');
  }

  /** The device's playback state changed; sent now if online, else on reconnect. */
  reportState(state: PlaybackState): void {
    this.latestState = state;
    this.flushState();
  }

  private status(s: HubStatus): void {
    this.opts.onStatus?.(s);
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const token = await this.opts.getToken().catch(() => null);
    if (this.stopped) return;
    if (!token) {
      this.status('offline');
      return;
    }
    this.status('connecting');
    const create = this.opts.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
    let socket: WebSocket;
    try {
      socket = create(this.opts.url, [HUB_SUBPROTOCOL, HUB_BEARER_PREFIX + token]);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.signedOut = null;
    socket.onmessage = (ev) => this.onMessage(ev.data);
    socket.onclose = (ev) => void this.onClose(socket, ev.code);
  }

  private onMessage(data: unknown): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'welcome') {
      this.attempt = 0;
      this.send({ type: 'hello', requestId: ++this.requestId, device: this.opts.device });
      this.ready = true;
      this.sentVersion = 0;
      this.status('online');
      this.flushState();
    } else if (msg.type === 'signed_out') {
      this.signedOut = msg.reason;
    } else if (msg.type === 'error' && msg.reason === 'STALE_VERSION') {
      // The hub holds a newer state of ours (another session of this device): ours restarts above it.
      this.sentVersion = 0;
    }
    this.opts.onMessage?.(msg);
  }

  private async onClose(socket: WebSocket, code: number): Promise<void> {
    if (socket !== this.socket) return;
    this.socket = null;
    this.ready = false;
    if (this.stopped) return;
    this.status('offline');
    if (code === HubClose.UNAUTHENTICATED) {
      const again = (await this.opts.onUnauthenticated?.(this.signedOut).catch(() => false)) ?? false;
      if (!again || this.stopped) return;
      this.attempt = 0;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    const base = Math.min(maxMs, initialMs * 2 ** this.attempt++);
    // Full jitter: a houseful of TVs coming back after a BFF restart do not reconnect in step.
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, delay);
  }

  private flushState(): void {
    const state = this.latestState;
    if (!this.ready || !state || state.version <= this.sentVersion) return;
    this.sentVersion = state.version;
    this.send({ type: 'state', requestId: ++this.requestId, state });
  }

  /**
   * Sends now if the hub has welcomed this connection; false (nothing sent) otherwise, and for a
   * message over the hub's limit, which would only get this socket closed (1009).
   */
  send(msg: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== 1) return false;
    const text = JSON.stringify(msg);
    if (utf8Bytes(text) > HUB_MAX_MESSAGE_BYTES) return false;
    this.socket.send(text);
    return true;
  }
}
