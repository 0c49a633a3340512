/**
 * Parties, held IN MEMORY in this BFF process: a party lives until its host ends it or the BFF
 * stops (a restart ends every party; guests then see their pass refused and join again with the
 * TV's new code). Nothing here is written to the store, so there is no crash-safety contract to
 * keep: losing the process loses only parties, which is what ending them means.
 *
 * One party per household; its host is the TV that started it (the household's devices may all
 * end it or remove guests). A guest holds an opaque token (256 bits, kept hashed) that only the
 * hub accepts; removing a guest or ending the party kills the token at once and tells listeners
 * (the hub closes the sockets). Dead tokens are remembered, bounded, so a guest page reconnecting
 * later learns why ("ended" / "removed") instead of a bare refusal.
 *
 * Join codes: 7 letters from a 20-letter alphabet, 20^7 ≈ 1.28·10^9 (30.3 bits), their own space
 * (sign-in user codes are 8 letters). With at most `maxParties` (1,000) alive, one guess hits some
 * party with probability ≤ 1000 / 20^7 ≈ 7.8·10^-7. Only FAILED guesses spend the guess budget
 * (a houseful of guests on one Wi-Fi joins freely): per IP 10 a minute, in total two pools of a
 * burst of 50 plus 1 per 20 s each (an address's first miss in an hour, and all other misses:
 * server-defaults.ts party), so over a 12-hour party at most ~4,420 failed guesses however many
 * addresses guess: ≤ 0.35 % that guessing reaches any of 1,000 parties, ≤ 3.5·10^-6 for a home
 * BFF's one party, and a guest who gets in can only add a few tracks and is removed by the host.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  PARTY_CODE_ALPHABET,
  PARTY_CODE_LENGTH,
  PARTY_DEFAULT_MAX_PENDING,
  PARTY_TOKEN_PREFIX,
  PartyPath,
  formatPartyCode,
  normaliseGuestName,
  normalisePartyCode,
  type JoinPartyResponse,
  type PartyClosedReason,
  type PartyInfo,
} from '../../protocol';
import { hashToken } from '../auth/user-codes';

export interface PartyGuestRecord {
  readonly guestId: string;
  readonly name: string;
  readonly joinedAt: number;
  readonly tokenHash: string;
}

export interface Party {
  readonly partyId: string;
  readonly householdId: string;
  readonly hostDeviceId: string;
  readonly code: string;
  maxPending: number;
  readonly guests: Map<string, PartyGuestRecord>;
}

/** What the hub learns from a guest token. */
export type GuestAuth =
  | { ok: true; party: Party; guest: PartyGuestRecord }
  | { ok: false; reason: PartyClosedReason | 'invalid' };

export type JoinOutcome =
  | { ok: true; joined: JoinPartyResponse }
  | { ok: false; reason: 'bad-code' | 'no-party' | 'bad-name' | 'party-full' };

/** partyId, the guests whose tokens died (all of them when the party ended), and why. */
export type PartyClosedListener = (partyId: string, guestIds: readonly string[], reason: PartyClosedReason) => void;

export interface PartyServiceOptions {
  now?: () => number;
  maxParties?: number;
  maxGuests?: number;
  /** How many dead tokens are remembered with their reason. */
  maxTombstones?: number;
}

export class PartyFullError extends Error {}

export class PartyService {
  private readonly byHousehold = new Map<string, Party>();
  private readonly byCode = new Map<string, Party>();
  private readonly byToken = new Map<string, { party: Party; guestId: string }>();
  private readonly tombstones = new Map<string, PartyClosedReason>();
  private readonly listeners = new Set<PartyClosedListener>();
  private readonly now: () => number;
  private readonly maxParties: number;
  private readonly maxGuests: number;
  private readonly maxTombstones: number;

  constructor(opts: PartyServiceOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.maxParties = opts.maxParties ?? 1000;
    this.maxGuests = opts.maxGuests ?? 50;
    this.maxTombstones = opts.maxTombstones ?? 10_000;
  }

  onClosed(listener: PartyClosedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The household's running party (a TV reloading gets it back), or a new one hosted by
   * `hostDeviceId`. Without `maxPending` a running party keeps its own (the TV reopening its
   * Party screen must not reset it); a new one gets the default.
   */
  start(householdId: string, hostDeviceId: string, maxPending?: number): Party {
    const running = this.byHousehold.get(householdId);
    if (running) {
      if (maxPending !== undefined) running.maxPending = maxPending;
      return running;
    }
    if (this.byHousehold.size >= this.maxParties) throw new PartyFullError(`at most ${this.maxParties} parties at once`);
    let code = generatePartyCode();
    while (this.byCode.has(code)) code = generatePartyCode();
    const party: Party = {
      partyId: `party_${randomBytes(8).toString('hex')}`,
      householdId,
      hostDeviceId,
      code,
      maxPending: maxPending ?? PARTY_DEFAULT_MAX_PENDING,
      guests: new Map(),
    };
    this.byHousehold.set(householdId, party);
    this.byCode.set(code, party);
    return party;
  }

  partyOf(householdId: string): Party | undefined {
    return this.byHousehold.get(householdId);
  }

  /** A guest joins; the name is normalised and made unique in the party ("Sam", "Sam 2"). */
  join(codeInput: string, nameInput: string): JoinOutcome {
    const code = normalisePartyCode(codeInput);
    if (!code) return { ok: false, reason: 'bad-code' };
    const party = this.byCode.get(code);
    if (!party) return { ok: false, reason: 'no-party' };
    const base = normaliseGuestName(nameInput);
    if (!base) return { ok: false, reason: 'bad-name' };
    if (party.guests.size >= this.maxGuests) return { ok: false, reason: 'party-full' };
    const taken = new Set([...party.guests.values()].map((g) => g.name.toLowerCase()));
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${[...base].slice(0, 21).join('')} ${n}`;
    const token = PARTY_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const guest: PartyGuestRecord = { guestId: `guest-${randomBytes(8).toString('hex')}`, name, joinedAt: this.now(), tokenHash: hashToken(token) };
    party.guests.set(guest.guestId, guest);
    this.byToken.set(guest.tokenHash, { party, guestId: guest.guestId });
    return {
      ok: true,
      joined: { token, partyId: party.partyId, guestId: guest.guestId, name, hostDeviceId: party.hostDeviceId, maxPending: party.maxPending },
    };
  }

  authenticateGuest(token: string): GuestAuth {
    if (!token.startsWith(PARTY_TOKEN_PREFIX) || token.length > 100) return { ok: false, reason: 'invalid' };
    const hash = hashToken(token);
    const found = this.byToken.get(hash);
    const guest = found?.party.guests.get(found.guestId);
    if (found && guest) return { ok: true, party: found.party, guest };
    return { ok: false, reason: this.tombstones.get(hash) ?? 'invalid' };
  }

  /** The host removes a guest: their token dies now. False when there is no such guest. */
  removeGuest(householdId: string, guestId: string): boolean {
    const party = this.byHousehold.get(householdId);
    const guest = party?.guests.get(guestId);
    if (!party || !guest) return false;
    party.guests.delete(guestId);
    this.bury(guest.tokenHash, 'removed');
    this.emit(party.partyId, [guestId], 'removed');
    return true;
  }

  /** The host ends the party: every guest token dies, the code is free again. */
  end(householdId: string): boolean {
    const party = this.byHousehold.get(householdId);
    if (!party) return false;
    this.byHousehold.delete(householdId);
    this.byCode.delete(party.code);
    for (const g of party.guests.values()) this.bury(g.tokenHash, 'ended');
    this.emit(party.partyId, [...party.guests.keys()], 'ended');
    party.guests.clear();
    return true;
  }

  /** `origin`: how the host reached the BFF (scheme://host), which guests on its Wi-Fi reach too. */
  info(party: Party, origin: string): PartyInfo {
    return {
      partyId: party.partyId,
      code: formatPartyCode(party.code),
      joinUrl: `${origin}${PartyPath.page()}?code=${party.code}`,
      hostDeviceId: party.hostDeviceId,
      maxPending: party.maxPending,
      guests: [...party.guests.values()].map((g) => ({ guestId: g.guestId, name: g.name, joinedAt: g.joinedAt })),
    };
  }

  private bury(tokenHash: string, reason: PartyClosedReason): void {
    this.byToken.delete(tokenHash);
    if (this.tombstones.size >= this.maxTombstones) this.tombstones.delete(this.tombstones.keys().next().value!);
    this.tombstones.set(tokenHash, reason);
  }

  private emit(partyId: string, guestIds: readonly string[], reason: PartyClosedReason): void {
    for (const l of this.listeners) l(partyId, guestIds, reason);
  }
}

export function generatePartyCode(): string {
  let code = '';
  for (let i = 0; i < PARTY_CODE_LENGTH; i++) code += PARTY_CODE_ALPHABET[randomInt(PARTY_CODE_ALPHABET.length)];
  return code;
}
