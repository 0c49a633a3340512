import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundText, MAX_TEXT_UNITS } from '../../src/protocol';
import { terminalText } from '../../src/ingest/terminal-text';
import { displayText } from '../../src/ingest/read-track-tags';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const boundaries = (s: string) => {
  const at = new Set<number>([s.length]);
  for (const { index } of segmenter.segment(s)) at.add(index);
  return at;
};
const isLoneSurrogateAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff;
};
/** Text rich in what a naive cut breaks: ZWJ emoji, skin tones, flags, combining marks. */
const tricky = fc
  .array(
    fc.constantFrom('a', 'Ö', 'O\u0308', '👩‍👩‍👧', '👍🏽', '🇮🇸', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'e\u0301\u0323', '坂', '\u202E', ' ', '\u0915\u094D\u0937'),
    { maxLength: 400 },
  )
  .map((parts) => parts.join(''));

describe('boundText', () => {
  it('returns text within the bound unchanged', () => {
    fc.assert(fc.property(fc.string({ maxLength: MAX_TEXT_UNITS, unit: 'grapheme' }), (s) => {
      fc.pre(s.length <= MAX_TEXT_UNITS);
      expect(boundText(s)).toBe(s);
    }));
  });

  it('cuts longer text at a grapheme boundary, within the bound, marked with an ellipsis', () => {
    fc.assert(
      fc.property(tricky, fc.integer({ min: 1, max: 320 }), (s, max) => {
        const out = boundText(s, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 1));
        if (s.length <= max) {
          expect(out).toBe(s);
          return;
        }
        expect(out.endsWith('…')).toBe(true);
        const kept = out.slice(0, -1);
        expect(s.startsWith(kept)).toBe(true);
        // On a boundary, unless the first grapheme alone is longer than the budget.
        const first = segmenter.segment(s)[Symbol.iterator]().next().value!.segment;
        if (first.length <= max - 1) expect(boundaries(s).has(kept.length)).toBe(true);
        expect(isLoneSurrogateAt(s, kept.length)).toBe(false);
      }),
    );
  });

  it('bounds a megabyte title and a megabyte grapheme (stacked combining marks) quickly', () => {
    const started = performance.now();
    expect(boundText('t'.repeat(1 << 20))).toHaveLength(MAX_TEXT_UNITS);
    const zalgo = boundText(`Z${'\u0301'.repeat(1 << 20)}`);
    expect(zalgo.length).toBeLessThanOrEqual(MAX_TEXT_UNITS);
    expect(zalgo.startsWith('Z\u0301')).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });

  describe('on an engine without Intl.Segmenter (webOS 4, Tizen 4)', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
      vi.resetModules();
    });

    it('never splits a surrogate pair, a ZWJ sequence or a letter from its marks', async () => {
      vi.stubGlobal('Intl', { ...Intl, Segmenter: undefined });
      vi.resetModules();
      const legacy = await import('../../src/protocol/bounded-text');
      expect(legacy.boundText('ab👩‍👩‍👧', 5)).toBe('ab…');
      expect(legacy.boundText('abO\u0308O\u0308', 5)).toBe('abO\u0308…');
      expect(legacy.boundText('abO\u0308O\u0308', 4)).toBe('ab…');
      fc.assert(
        fc.property(tricky, fc.integer({ min: 2, max: 320 }), (s, max) => {
          const out = legacy.boundText(s, max);
          expect(out.length).toBeLessThanOrEqual(max);
          const kept = out.endsWith('…') && s.length > max ? out.slice(0, -1) : out;
          expect(s.startsWith(kept)).toBe(true);
          expect(isLoneSurrogateAt(s, kept.length)).toBe(false);
          // Inside one grapheme only when the first grapheme alone is over the budget.
          const first = segmenter.segment(s)[Symbol.iterator]().next().value?.segment ?? '';
          if (s.length > max && first.length <= max - 1) {
            expect(kept.endsWith('\u200d')).toBe(false);
            expect(/^[\u0300-\u036f\u{1f3fb}-\u{1f3ff}\ufe0f\u200d]/u.test(s.slice(kept.length))).toBe(false);
          }
        }),
      );
    });
  });
});

describe('displayText (tags as stored)', () => {
  it('turns control characters into spaces and bounds the result', () => {
    expect(displayText('  Line one\nline two\u0000\u0007 ')).toBe('Line one line two');
    expect(displayText(`${'x'.repeat(5000)}`)).toHaveLength(MAX_TEXT_UNITS);
    expect(displayText('\u202Eright to left')).toBe('\u202Eright to left');
  });
});

describe('terminalText (names in logs and progress)', () => {
  it('leaves no control, bidi or line-separator character, and escapes unambiguously', () => {
    const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(unsafe.test(terminalText(a))).toBe(false);
        if (a !== b) expect(terminalText(a)).not.toBe(terminalText(b));
      }),
    );
    expect(terminalText('01 a\nb\u202Ec\\n.flac')).toBe('01 a\\nb\\u{202e}c\\\\n.flac');
  });
});
