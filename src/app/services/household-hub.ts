/**
 * The TV's place in the household hub: while a profile is signed in, the TV is connected, says
 * who it is, and reports its playback state (on every change, every 5 s while playing), so the
 * household's phones see "Living room TV — playing" and what plays. A remote sign-out arrives
 * here (`signed_out`, or the hub's 4401) and ends the session; any other 4401 gets one refresh.
 * No UI: the pages learn of a sign-out through the session, as they do for a refused request.
 *
 * The remote receiver (tv-receiver.ts, with the Cast queue and the request schemas' compiler) is a
 * chunk of its own, not in the boot bundle: it loads when the hub first welcomes this TV (or the
 * party screen asks for it), and hub messages that come meanwhile wait for it, in order.
 */
import type { Device } from '../../../devices/contracts/device';
import { HubConnection, type HubStatus } from '../../hub-client/hub-connection';
import { PlaybackReporter } from '../../hub-client/playback-reporter';
import { AuthPath, REMOTE_RECEIVER_CAPABILITY, type ServerMessage } from '../../protocol';
import type { GainStage } from '../../player/gain-stage';
import type { ReceivablePlayer } from '../../remote-receiver/queue-player-receiver';
import type { ApiClient } from './api-client';
import type { Session } from './session';
import type { TvReceiver } from './tv-receiver';

export interface HouseholdHubOptions {
  session: Session;
  /** The QueuePlayer the D-pad drives; phones drive it too (tv-receiver.ts). */
  player: ReceivablePlayer;
  api: ApiClient;
  device: Device;
  /** Mute and the volume reported to phones (every deck of the player: src/index.ts). */
  media: Pick<HTMLMediaElement, 'muted' | 'volume'>;
  /** Where a phone's volume level goes: on top of the loudness gain, which the element's volume carries. */
  gain: Pick<GainStage, 'setLevel'>;
  /** The device's default name (DeviceInfo.displayName); a rename on a phone wins over it. */
  deviceName: string;
  /** Absolute http(s) URL of a BFF path. */
  urlFor: (path: string) => string;
}

/** http(s)://host/api/v1/hub → ws(s)://host/api/v1/hub; a page served over https gets wss. */
export function hubUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

export class HouseholdHub {
  private readonly connection: HubConnection;
  private readonly reporter: PlaybackReporter;
  private readonly name: string;
  /** The remote receiver: phones' Cast-shaped requests drive this TV's player. */
  private receiver: TvReceiver | null = null;
  private receiverLoad: Promise<TvReceiver> | null = null;
  /** Hub messages that came while the receiver's chunk was loading. */
  private early: ServerMessage[] = [];
  private destroyed = false;
  private readonly unsubscribe: Array<() => void> = [];
  private lastToken: string | null = null;
  status: HubStatus = 'offline';

  constructor(private readonly opts: HouseholdHubOptions) {
    const { session, player, device, media } = opts;
    const name = opts.deviceName.slice(0, 40) || 'TV';
    this.name = name;
    this.connection = new HubConnection({
      url: hubUrl(opts.urlFor(AuthPath.hub())),
      getToken: async () => {
        this.lastToken = session.signedIn ? await session.accessToken() : null;
        return this.lastToken;
      },
      device: {
        name,
        kind: 'tv',
        platform: device.name,
        capabilities: [
          ...(['aac', 'opus', 'flac'] as const).filter((c) => device.canPlay(c)),
          ...(device.capabilities.mediaKeys ? ['media-keys'] : []),
          REMOTE_RECEIVER_CAPABILITY,
        ],
      },
      onMessage: (msg) => this.handle(msg),
      onStatus: (s) => (this.status = s),
      // A sign-out from this TV ends the session through its own flow; only one made from another
      // device ends it here, and only if the session is still the one the hub refused.
      onUnauthenticated: async (signedOut) => {
        const token = this.lastToken;
        if (signedOut === 'elsewhere' && token && session.signedIn && (await session.accessToken()) === token) {
          await session.end('remote');
          return false;
        }
        if (signedOut || !token || !session.signedIn) return false;
        return (await session.refused(token)) !== null;
      },
    });
    this.reporter = new PlaybackReporter({
      snapshot: () => ({
        trackId: player.current?.trackId ?? null,
        positionMs: player.time.positionMs,
        playing: player.state === 'playing' || player.state === 'crossfading' || player.state === 'buffering' || player.state === 'reconnecting',
        queue: player.queueEntries.slice(0, 1000).map((e) => e.item.trackId),
        shuffle: player.upNext.shuffle,
        repeat: player.upNext.repeat,
        volume: media.muted ? 0 : media.volume,
      }),
      report: (state) => this.connection.reportState(state),
    });
    const changed = () => this.reporter.changed();
    this.unsubscribe.push(player.on('state', changed), player.on('track', changed), player.on('time', changed), player.on('queue', changed));
    this.unsubscribe.push(
      session.onChange((change) => {
        // A new sign-in or profile is a new identity on the hub: reconnect with its token.
        this.connection.stop();
        if (change.kind !== 'ended') this.connection.start();
      }),
    );
  }

  start(): void {
    this.connection.start();
  }

  /** The receiver, loading its chunk the first time; a failed load (the network) is tried again next time. */
  loadReceiver(): Promise<TvReceiver> {
    this.receiverLoad ??= import('./tv-receiver').then(
      ({ TvReceiver }) => {
        if (this.destroyed) throw new Error('the household hub was destroyed');
        const { media, gain } = this.opts;
        const receiver = new TvReceiver({
          player: this.opts.player,
          api: this.opts.api,
          name: this.name,
          send: (message, to) => void this.connection.send({ type: 'remote_message', ...(to === null ? {} : { to }), message }),
          // Mute is the element's own switch; the level multiplies the loudness gain (gain-stage.ts).
          applyVolume: (level, muted) => {
            media.muted = muted;
            gain.setLevel(level);
          },
        });
        this.receiver = receiver;
        for (const msg of this.early.splice(0)) receiver.handle(msg);
        return receiver;
      },
      (e: unknown) => {
        this.receiverLoad = null;
        throw e;
      },
    );
    return this.receiverLoad;
  }

  destroy(): void {
    this.destroyed = true;
    for (const u of this.unsubscribe) u();
    this.receiver?.destroy();
    this.reporter.destroy();
    this.connection.stop();
  }

  private handle(msg: ServerMessage): void {
    if (this.receiver) {
      this.receiver.handle(msg);
      return;
    }
    this.early.push(msg);
    this.loadReceiver().catch((e: unknown) => {
      // What waited is dropped (a phone's request goes unanswered and the phone says so) except
      // the welcome, which names this TV to the receiver: a later message tries the chunk again.
      this.early = this.early.filter((m) => m.type === 'welcome').slice(-1);
      console.error('[hub] the remote receiver could not be loaded', e);
    });
  }
}
