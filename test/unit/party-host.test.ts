/**
 * The TV's party service without a screen: it starts (or resumes) the party, cycles "tracks per
 * guest" through its choices and hands each to the receiver queue, removes guests and tracks,
 * notices an ended party on its next poll, and turns a failed call into a state the screen shows.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PartyInfo } from '../../src/protocol';
import { ApiError } from '../../src/app/services/api-client';
import { MAX_PENDING_CHOICES, PartyHost, type PartyQueue } from '../../src/app/services/party-host';

function fakeApi() {
  let info: PartyInfo | null = null;
  const api = {
    startParty: vi.fn(async (maxPending?: number) => {
      info = { partyId: 'party_1', code: 'BCD-FGHJ', joinUrl: 'http://tv/party/?code=BCDFGHJ', hostDeviceId: 'tv-1-device', maxPending: maxPending ?? info?.maxPending ?? 3, guests: info?.guests ?? [] };
      return info;
    }),
    party: vi.fn(async () => info),
    endParty: vi.fn(async () => void (info = null)),
    removePartyGuest: vi.fn(async (id: string) => {
      if (info) info = { ...info, guests: info.guests.filter((g) => g.guestId !== id) };
    }),
    join: (name: string) => info!.guests.push({ guestId: `guest-${name.padEnd(16, '0')}`, name, joinedAt: 1 }),
    kill: () => void (info = null),
  };
  return api;
}

function fakeQueue(): PartyQueue & { max: number; removed: number[] } {
  return {
    max: 0,
    removed: [],
    guestTracks: () => [{ itemId: 7, title: 'Static Bloom', guestName: 'Sam' }],
    remove(id) {
      this.removed.push(id);
    },
    setGuestMaxPending(n) {
      this.max = n;
    },
    onChange: () => () => {},
  };
}

describe('PartyHost', () => {
  it('starts the party, passes its limit to the receiver queue, and cycles the limit through its choices', async () => {
    const api = fakeApi();
    const queue = fakeQueue();
    const host = new PartyHost(api, queue);
    const changes = vi.fn();
    host.onChange(changes);
    await host.open();
    host.close();
    expect(host.state).toMatchObject({ kind: 'running', info: { maxPending: 3 } });
    expect(queue.max).toBe(3);
    const seen: number[] = [];
    for (let i = 0; i < MAX_PENDING_CHOICES.length; i++) {
      await host.cycleMaxPending();
      seen.push(queue.max);
    }
    expect(seen).toEqual([5, 10, 1, 2, 3]);
    expect(changes).toHaveBeenCalled();
    expect(host.guestTracks).toEqual([{ itemId: 7, title: 'Static Bloom', guestName: 'Sam' }]);
    host.removeTrack(7);
    expect(queue.removed).toEqual([7]);
  });

  it('removes a guest and shows the list without them; an ended party is noticed on the next poll', async () => {
    const api = fakeApi();
    const host = new PartyHost(api, null);
    await host.open();
    host.close();
    api.join('Sam');
    api.join('Ann');
    await host.refresh();
    expect(host.state.kind === 'running' && host.state.info.guests.map((g) => g.name)).toEqual(['Sam', 'Ann']);
    await host.removeGuest('guest-Sam0000000000000');
    expect(host.state.kind === 'running' && host.state.info.guests.map((g) => g.name)).toEqual(['Ann']);
    expect(host.guestTracks).toEqual([]); // no receiver queue: no tracks column
    api.kill();
    await host.refresh();
    expect(host.state).toEqual({ kind: 'ended' });
  });

  it('ends the party, and a failed call becomes a state the screen shows (then a restart works)', async () => {
    const api = fakeApi();
    const host = new PartyHost(api, null);
    await host.open();
    host.close();
    await host.end();
    expect(host.state).toEqual({ kind: 'ended' });
    api.startParty.mockRejectedValueOnce(new ApiError('Encore can’t reach the server.', 0, 'NETWORK'));
    await host.restart();
    expect(host.state).toEqual({ kind: 'failed', message: 'Encore can’t reach the server.' });
    await host.restart();
    expect(host.state.kind).toBe('running');
  });

  it('polls while open, and not at all once the screen was left before the party had started', async () => {
    vi.useFakeTimers();
    try {
      const api = fakeApi();
      const shown = new PartyHost(api, null);
      await shown.open();
      await vi.advanceTimersByTimeAsync(9000);
      expect(api.party).toHaveBeenCalledTimes(3);
      shown.close();

      const slow = fakeApi();
      let started!: () => void;
      const answer = new Promise<void>((resolve) => (started = resolve));
      const real = slow.startParty.getMockImplementation()!;
      slow.startParty.mockImplementationOnce(async (n?: number) => answer.then(() => real(n)));
      const left = new PartyHost(slow, null);
      const opening = left.open();
      left.close(); // Back pressed while the start was on its way
      started();
      await opening;
      await vi.advanceTimersByTimeAsync(30_000);
      expect(slow.party).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
