/**
 * The TV app as the household's remote receiver: phones' requests (protocol/remote.ts, relayed
 * by the hub) go to a ReceiverSession whose queue and player are the TV's own QueuePlayer
 * (QueuePlayerReceiver), so the D-pad and the phones drive one player and edit one queue, and
 * every change, whoever made it, reaches every phone as MEDIA_STATUS. No UI: the pages follow
 * the player's events as they do for key presses, so a remote command updates the now-playing
 * bar on any page and never touches focus.
 */
import type { LoadContext, ReceiverMessage, RemoteSender, ServerMessage } from '../../protocol';
import { QueuePlayerReceiver, type ReceivablePlayer } from '../../remote-receiver/queue-player-receiver';
import { ReceiverSession } from '../../remote-receiver/receiver-session';
import { albumItems, artistItems, describedItem } from '../playback-items';
import type { ApiClient } from './api-client';

export interface TvReceiverOptions {
  player: ReceivablePlayer;
  api: Pick<ApiClient, 'album' | 'artist' | 'playbackMany'>;
  /** This TV's name on the hub (what phones list it as). */
  name: string;
  /** To one device (`to`), or to every other device of the household (null). */
  send: (message: ReceiverMessage, to: string | null) => void;
  applyVolume?: (level: number, muted: boolean) => void;
  statusIntervalMs?: number;
}

export class TvReceiver {
  readonly session: ReceiverSession;
  readonly queue: QueuePlayerReceiver;
  /** Known once the hub welcomes this TV; the adder of what the D-pad queued. */
  private deviceId = 'this-tv';
  /** Requests run one after another, as they arrived (a queue edit waits for the LOAD before it). */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly opts: TvReceiverOptions) {
    const { api } = opts;
    this.queue = new QueuePlayerReceiver({
      player: opts.player,
      describe: async (ids) => (await api.playbackMany(ids)).map(describedItem),
      fetchContext: (context) => fetchContext(api, context),
      self: () => ({ deviceId: this.deviceId, name: opts.name, guest: false }),
      applyVolume: opts.applyVolume,
    });
    this.session = new ReceiverSession({
      player: this.queue.player,
      queue: this.queue,
      resolveContext: (context) => this.queue.resolveContext(context),
      send: opts.send,
      statusIntervalMs: opts.statusIntervalMs,
      detachLoads: true,
    });
  }

  /** A hub message: the welcome names this TV; a relayed request is handled; the rest is not ours. */
  handle(msg: ServerMessage): void {
    if (msg.type === 'welcome') {
      this.deviceId = msg.deviceId;
      // Phones that were waiting learn where the TV is at once, not at the next change.
      this.session.broadcast();
    } else if (msg.type === 'remote_request') {
      this.enqueue(msg.from, msg.request);
    }
  }

  destroy(): void {
    this.session.destroy();
    this.queue.destroy();
  }

  /**
   * A LOAD waits for its tracks to be described; what came after it must not overtake it. A PAUSE
   * need not wait for the load's audio: with `detachLoads` a request is done once its start has
   * begun (the player keeps the PAUSE as the start's intent), and the load is answered when it plays.
   */
  private enqueue(from: RemoteSender, request: unknown): void {
    const run = this.chain.then(() => this.session.handle(from, request));
    this.chain = run.catch(() => undefined);
  }
}

async function fetchContext(api: TvReceiverOptions['api'], context: LoadContext) {
  try {
    if (context.kind === 'album') {
      const res = await api.album(context.id);
      return { items: albumItems(res), context: { kind: 'album', id: res.album.id, title: res.album.title } };
    }
    const res = await api.artist(context.id);
    return { items: artistItems(res), context: { kind: 'artist', id: res.artist.id, title: res.artist.name } };
  } catch {
    // An unknown id is a 404 from the BFF: the session answers LOAD_FAILED / NOT_FOUND.
    return undefined;
  }
}
