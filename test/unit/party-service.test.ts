/**
 * Parties without HTTP: the join-code space (its own, distinct from sign-in codes), guest names,
 * guest tokens that die with removal or the party's end (remembered with why), one party per
 * household, and an ended party refusing joins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PARTY_CODE_ALPHABET,
  PARTY_CODE_LENGTH,
  PARTY_DEFAULT_MAX_PENDING,
  PARTY_NAME_MAX,
  formatPartyCode,
  normaliseGuestName,
  normalisePartyCode,
  normaliseUserCode,
} from '../../src/protocol';
import { PartyService, generatePartyCode } from '../../src/server/party/party-service';
import { generateUserCode } from '../../src/server/auth/user-codes';

const codeArb = fc.array(fc.constantFrom(...PARTY_CODE_ALPHABET), { minLength: PARTY_CODE_LENGTH, maxLength: PARTY_CODE_LENGTH }).map((a) => a.join(''));

describe('party codes', () => {
  it('are 7 letters of the consonant alphabet, and never a sign-in code (nor the reverse)', () => {
    for (let i = 0; i < 2000; i++) {
      const code = generatePartyCode();
      expect(code).toMatch(new RegExp(`^[${PARTY_CODE_ALPHABET}]{${PARTY_CODE_LENGTH}}$`));
      expect(normaliseUserCode(code)).toBeNull();
      expect(normalisePartyCode(generateUserCode())).toBeNull();
    }
  });

  it('accept what a person types: any case, dashes and spaces, as shown on the TV (fuzzed)', () => {
    fc.assert(
      fc.property(codeArb, fc.boolean(), fc.constantFrom('', ' ', '-', '  '), (code, lower, sep) => {
        const shown = formatPartyCode(code);
        const typed = `${sep}${(lower ? shown.toLowerCase() : shown).replace('-', sep || '-')}${sep}`;
        expect(normalisePartyCode(typed)).toBe(code);
      }),
    );
  });

  it('refuse anything else: wrong length, vowels, digits, over-long input (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const n = normalisePartyCode(s);
        if (n !== null) {
          expect(n).toHaveLength(PARTY_CODE_LENGTH);
          for (const ch of n) expect(PARTY_CODE_ALPHABET).toContain(ch);
        }
      }),
    );
    for (const bad of ['BCDFGH', 'BCDFGHJK', 'BCDFGHA', 'BCDFGH1', 'B'.repeat(40)]) expect(normalisePartyCode(bad), bad).toBeNull();
  });
});

describe('guest names', () => {
  it('are trimmed, NFKC, without controls or bidi overrides, at most 24 code points, never empty (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 250 }), (s) => {
        const n = normaliseGuestName(s);
        if (n === null) return;
        expect(n.length).toBeGreaterThan(0);
        expect([...n].length).toBeLessThanOrEqual(PARTY_NAME_MAX);
        expect(n).toBe(n.trim());
        expect(n).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u200b-\u200f]/);
      }),
    );
    expect(normaliseGuestName('  Sam \u202e  Lee\n')).toBe('Sam Lee');
    expect(normaliseGuestName(' \u200b\t ')).toBeNull();
    expect(normaliseGuestName('x'.repeat(PARTY_NAME_MAX + 1))).toBeNull();
    expect(normaliseGuestName('ｓａｍ')).toBe('sam');
  });
});

describe('PartyService', () => {
  const joined = (s: PartyService, code: string, name: string) => {
    const out = s.join(code, name);
    if (!out.ok) throw new Error(out.reason);
    return out.joined;
  };

  it('keeps one party per household (a TV reloading gets it back) with its own code', () => {
    const s = new PartyService();
    const a = s.start('hh-1', 'tv-1-device');
    expect(s.start('hh-1', 'tv-1-device', 5)).toBe(a);
    expect(a.maxPending).toBe(5);
    // Resuming without a limit (the TV reopening its Party screen) keeps the running party's.
    expect(s.start('hh-1', 'tv-1-device').maxPending).toBe(5);
    const b = s.start('hh-2', 'tv-2-device');
    expect(b.maxPending).toBe(PARTY_DEFAULT_MAX_PENDING);
    expect(b.code).not.toBe(a.code);
    expect(s.info(a, 'http://tv.local:8080')).toMatchObject({ code: formatPartyCode(a.code), joinUrl: `http://tv.local:8080/party/?code=${a.code}`, hostDeviceId: 'tv-1-device', guests: [] });
  });

  it('joins guests by code with unique names, and their tokens identify them', () => {
    const s = new PartyService();
    const p = s.start('hh-1', 'tv-1-device');
    const sam = joined(s, formatPartyCode(p.code).toLowerCase(), ' Sam ');
    const sam2 = joined(s, p.code, 'sam');
    expect([sam.name, sam2.name]).toEqual(['Sam', 'sam 2']);
    expect(sam.token).toMatch(/^pg_[A-Za-z0-9_-]{43}$/);
    const auth = s.authenticateGuest(sam.token);
    expect(auth.ok && auth.guest.guestId).toBe(sam.guestId);
    expect(s.authenticateGuest(`${sam.token}x`)).toEqual({ ok: false, reason: 'invalid' });
    expect(s.authenticateGuest('eyJhbGciOiJIUzI1NiJ9.e30.x')).toEqual({ ok: false, reason: 'invalid' });
    expect(s.join(p.code, '\u0000 ')).toEqual({ ok: false, reason: 'bad-name' });
    expect(s.join('BCDF', 'Sam')).toEqual({ ok: false, reason: 'bad-code' });
  });

  it('removing a guest kills its token at once and says why; listeners hear it', () => {
    const s = new PartyService();
    const heard: unknown[] = [];
    s.onClosed((...args) => heard.push(args));
    const p = s.start('hh-1', 'tv-1-device');
    const sam = joined(s, p.code, 'Sam');
    const ann = joined(s, p.code, 'Ann');
    expect(s.removeGuest('hh-2', sam.guestId)).toBe(false); // another household's host cannot
    expect(s.removeGuest('hh-1', sam.guestId)).toBe(true);
    expect(s.authenticateGuest(sam.token)).toEqual({ ok: false, reason: 'removed' });
    expect(s.authenticateGuest(ann.token).ok).toBe(true);
    expect(heard).toEqual([[p.partyId, [sam.guestId], 'removed']]);
    expect(s.info(p, '').guests.map((g) => g.name)).toEqual(['Ann']);
  });

  it('an ended party refuses joins with its code, and every guest token says "ended"', () => {
    const s = new PartyService();
    const heard: unknown[] = [];
    s.onClosed((...args) => heard.push(args));
    const p = s.start('hh-1', 'tv-1-device');
    const sam = joined(s, p.code, 'Sam');
    const ann = joined(s, p.code, 'Ann');
    expect(s.end('hh-1')).toBe(true);
    expect(s.end('hh-1')).toBe(false);
    expect(s.join(p.code, 'Late')).toEqual({ ok: false, reason: 'no-party' });
    for (const g of [sam, ann]) expect(s.authenticateGuest(g.token)).toEqual({ ok: false, reason: 'ended' });
    expect(heard).toEqual([[p.partyId, [sam.guestId, ann.guestId], 'ended']]);
    expect(s.partyOf('hh-1')).toBeUndefined();
    // A new party of the same household is a new code space entry, old passes stay dead.
    const again = s.start('hh-1', 'tv-1-device');
    expect(again.partyId).not.toBe(p.partyId);
    expect(s.authenticateGuest(sam.token).ok).toBe(false);
  });

  it('bounds guests per party and parties in total, and the remembered dead tokens', () => {
    const s = new PartyService({ maxGuests: 2, maxParties: 1, maxTombstones: 1 });
    const p = s.start('hh-1', 'tv-1-device');
    expect(() => s.start('hh-2', 'tv-2-device')).toThrow(/at most 1 parties/);
    const a = joined(s, p.code, 'A');
    const b = joined(s, p.code, 'B');
    expect(s.join(p.code, 'C')).toEqual({ ok: false, reason: 'party-full' });
    s.removeGuest('hh-1', a.guestId);
    s.removeGuest('hh-1', b.guestId);
    expect(s.authenticateGuest(a.token)).toEqual({ ok: false, reason: 'invalid' }); // forgotten: bounded
    expect(s.authenticateGuest(b.token)).toEqual({ ok: false, reason: 'removed' });
  });
});
