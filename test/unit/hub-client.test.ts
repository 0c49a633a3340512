/**
 * The device side of the hub with a fake socket and fake timers: hello after welcome, the newest
 * state delivered after a reconnect (nothing made offline is lost), backoff that grows and is
 * capped, 4401 handed to the app, and the reporter's change detection and 5 s heartbeat.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubConnection } from '../../src/hub-client/hub-connection';
import { PlaybackReporter, type PlaybackSnapshot } from '../../src/hub-client/playback-reporter';
import { HUB_BEARER_PREFIX, HUB_MAX_MESSAGE_BYTES, HubClose, type PlaybackState } from '../../src/protocol';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  welcome() {
    this.readyState = 1;
    this.onmessage?.({ data: JSON.stringify({ type: 'welcome', connectionId: 'c', householdId: 'h', deviceId: 'd', profileId: null }) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const state = (version: number): PlaybackState => ({
  trackId: 'tr_000000000001',
  positionMs: 1000,
  atMs: 5,
  playing: true,
  queue: [],
  shuffle: false,
  repeat: 'off',
  volume: 1,
  version,
});

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => vi.useRealTimers());

function connection(over: Partial<ConstructorParameters<typeof HubConnection>[0]> = {}) {
  return new HubConnection({
    url: 'ws://tv/api/v1/hub',
    getToken: async () => 'tok',
    device: { name: 'TV', kind: 'tv', platform: 'browser', capabilities: [] },
    createSocket: (url, protocols) => new FakeSocket(url, protocols) as unknown as WebSocket,
    backoff: { initialMs: 1000, maxMs: 8000 },
    ...over,
  });
}

describe('HubConnection', () => {
  it('sends the token as a subprotocol, hello after welcome, then the newest state only', async () => {
    const hub = connection();
    hub.reportState(state(1));
    hub.reportState(state(2));
    hub.start();
    await vi.advanceTimersByTimeAsync(0);
    const s = FakeSocket.all[0]!;
    expect(s.protocols).toEqual(['encore.v1', `${HUB_BEARER_PREFIX}tok`]);
    s.welcome();
    expect(s.sent.map((m) => m.type)).toEqual(['hello', 'state']);
    expect((s.sent[1]!.state as PlaybackState).version).toBe(2);
    hub.reportState(state(3));
    expect(s.sent).toHaveLength(3);
    hub.stop();
  });

  it('reconnects with growing, capped backoff and delivers what changed while offline', async () => {
    const hub = connection();
    hub.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.welcome();
    const delays: number[] = [];
    for (let i = 1; i <= 5; i++) {
      FakeSocket.all[i - 1]!.drop();
      if (i === 3) hub.reportState(state(7)); // made while offline
      const before = Date.now();
      while (FakeSocket.all.length === i) await vi.advanceTimersByTimeAsync(50);
      delays.push(Date.now() - before);
    }
    // Full jitter within [base/2, base]: 1, 2, 4, 8, 8 s.
    expect(delays[0]).toBeLessThanOrEqual(1050);
    expect(delays[3]).toBeGreaterThanOrEqual(4000);
    expect(delays[4]).toBeLessThanOrEqual(8050);
    const last = FakeSocket.all.at(-1)!;
    last.welcome();
    expect(last.sent.find((m) => m.type === 'state')).toMatchObject({ state: { version: 7 } });
    hub.stop();
  });

  it('asks the app on 4401 and stays down unless it says to reconnect', async () => {
    const onUnauthenticated = vi.fn(async (signedOut: 'elsewhere' | 'this-session' | null) => signedOut === null);
    const hub = connection({ onUnauthenticated });
    hub.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.welcome();
    FakeSocket.all[0]!.drop(HubClose.UNAUTHENTICATED); // expired token: refresh and come back
    await vi.advanceTimersByTimeAsync(1100);
    expect(onUnauthenticated).toHaveBeenLastCalledWith(null);
    expect(FakeSocket.all).toHaveLength(2);
    const s = FakeSocket.all[1]!;
    s.welcome();
    s.onmessage?.({ data: JSON.stringify({ type: 'signed_out', reason: 'elsewhere' }) });
    s.drop(HubClose.UNAUTHENTICATED);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onUnauthenticated).toHaveBeenLastCalledWith('elsewhere');
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('never sends a message over the hub\'s limit (the hub would close the socket with 1009): counted in UTF-8 bytes', async () => {
    const hub = connection();
    hub.start();
    await vi.advanceTimersByTimeAsync(0);
    const s = FakeSocket.all[0]!;
    s.welcome();
    const envelope = (text: string) => ({ type: 'remote_message', message: { type: 'NOTE', text } }) as never;
    const overhead = JSON.stringify(envelope('')).length;
    // Under the limit in characters, over it in bytes: 'é' is two.
    expect(hub.send(envelope('é'.repeat((HUB_MAX_MESSAGE_BYTES - overhead) / 2 + 1)))).toBe(false);
    expect(hub.send(envelope('e'.repeat(HUB_MAX_MESSAGE_BYTES - overhead)))).toBe(true);
    expect(s.sent.map((m) => m.type)).toEqual(['hello', 'remote_message']);
    hub.stop();
  });

  it('does not connect without a token', async () => {
    const hub = connection({ getToken: async () => null });
    hub.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(FakeSocket.all).toHaveLength(0);
  });
});

describe('PlaybackReporter', () => {
  it('reports changes and seeks, not the clock ticking, and every 5 s while playing', () => {
    let now = 1_000_000;
    const snap: PlaybackSnapshot = { trackId: 'tr_000000000001', positionMs: 0, playing: true, queue: ['tr_000000000001'], shuffle: false, repeat: 'off', volume: 1 };
    const reports: PlaybackState[] = [];
    const r = new PlaybackReporter({ snapshot: () => ({ ...snap }), report: (s) => reports.push(s), now: () => now });
    r.changed();
    expect(reports).toHaveLength(1);
    now += 1000;
    snap.positionMs = 1000;
    r.changed(); // playing on as expected: nothing to say
    expect(reports).toHaveLength(1);
    snap.positionMs = 60_000; // a seek
    r.changed();
    expect(reports).toHaveLength(2);
    vi.advanceTimersByTime(5000);
    expect(reports).toHaveLength(3);
    snap.playing = false;
    r.changed();
    vi.advanceTimersByTime(20_000);
    expect(reports).toHaveLength(4);
    expect(reports.map((s) => s.version)).toEqual([...reports.map((s) => s.version)].sort((a, b) => a - b));
    expect(new Set(reports.map((s) => s.version)).size).toBe(4);
    expect(reports[0]!.version).toBeGreaterThanOrEqual(1_000_000);
    r.destroy();
  });
});
