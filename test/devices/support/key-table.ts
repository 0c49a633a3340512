/**
 * Table tests for a profile's key map against the platform's published table. The map must be
 * exactly the published codes plus the shared W3C keys: then every published code maps to its
 * action, no code carries two actions, and no action picks up a code the platform gives to
 * something else.
 */
import { describe, expect, it } from 'vitest';
import { KEYS, type Key, type KeyMap } from '../../../devices/contracts/keys';
import { W3C_KEYS } from '../../../devices/shared/w3c-keys';

/** [code, action, where it is published]. */
export type PublishedKey = readonly [code: number, key: Key, source: string];

/** What Lightning does with a keydown: look the code up; an unknown code is simply not a key. */
export function press(map: KeyMap, keyCode: number): Key | null {
  return map[keyCode] ?? null;
}

export function describeKeyMap(label: string, map: KeyMap, published: readonly PublishedKey[]): void {
  describe(`${label} key map`, () => {
    it.each(published.map(([code, key, source]) => ({ code, key, source })))('$code → $key ($source)', ({ code, key }) => {
      expect(press(map, code)).toBe(key);
    });

    it('lists each published code with one action only', () => {
      const seen = new Map<number, Key>();
      for (const [code, key] of published) {
        expect(seen.get(code) ?? key, `code ${code} published twice with different actions`).toBe(key);
        seen.set(code, key);
      }
    });

    it('holds nothing but the published codes and the W3C keys, each with one action', () => {
      const expected: Record<number, Key> = { ...W3C_KEYS };
      for (const [code, key] of published) expected[code] = key;
      expect({ ...map }).toEqual(expected);
    });

    it('keeps the W3C keys meaning what they mean everywhere', () => {
      for (const [code, key] of Object.entries(W3C_KEYS)) expect(map[Number(code)]).toBe(key);
    });

    it('only produces names from the Key union', () => {
      for (const name of Object.values(map)) expect(KEYS).toContain(name);
    });

    it('is frozen', () => {
      expect(Object.isFrozen(map)).toBe(true);
    });
  });
}
