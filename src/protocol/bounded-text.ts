/**
 * The bound on every display string the catalogue carries (titles, artist and album names): the
 * ingest cuts tags to it, so no response carries more, and the TV cuts again before it draws
 * (a canvas text texture measured over a 1 MB title froze the app for 45 s). A TV label shows
 * ~100 characters before its ellipsis; 300 leaves room for long classical titles.
 *
 * The cut falls on a grapheme boundary (UAX #29, via Intl.Segmenter) so an emoji sequence, a
 * flag or a letter with its combining marks is kept whole or dropped whole, and it counts UTF-16
 * code units, not graphemes, because one "grapheme" of stacked combining marks can be megabytes.
 */
export const MAX_TEXT_UNITS = 300;

const ELLIPSIS = '…';

interface GraphemeSegmenter {
  segment(input: string): Iterable<{ segment: string }>;
}
type SegmenterCtor = new (locale: undefined, options: { granularity: 'grapheme' }) => GraphemeSegmenter;

let segmenter: GraphemeSegmenter | null | undefined;

/** Intl.Segmenter is Chrome 87+; webOS 4 (Chrome 53) and Tizen 4 (Chromium 56) take the fallback. */
function graphemeSegmenter(): GraphemeSegmenter | null {
  if (segmenter === undefined) {
    const ctor = (Intl as { Segmenter?: SegmenterCtor }).Segmenter;
    segmenter = ctor ? new ctor(undefined, { granularity: 'grapheme' }) : null;
  }
  return segmenter;
}

/** Marks that attach to the code point before them: a cut never goes between the two. */
function extendsPrevious(cp: number): boolean {
  return (
    (cp >= 0x300 && cp <= 0x36f) || // combining diacritics
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) || // emoji skin tones
    (cp >= 0xe0020 && cp <= 0xe007f) || // emoji tag sequences (subdivision flags)
    cp === 0x200d // zero-width joiner: what follows it belongs to the same emoji
  );
}

/**
 * Whole code points only, never ending on a ZWJ or before a mark that extends the last one;
 * inside a run of marks with no such place (one huge grapheme), at the last whole code point.
 */
function cutByCodePoints(text: string, budget: number): string {
  let end = 0;
  let lastSafe = 0;
  for (const ch of text) {
    if (!extendsPrevious(ch.codePointAt(0)!) && text.charCodeAt(end - 1) !== 0x200d) lastSafe = end;
    if (end + ch.length > budget) return text.slice(0, lastSafe > 0 ? lastSafe : end);
    end += ch.length;
  }
  return text;
}

function cutByGraphemes(text: string, budget: number, seg: GraphemeSegmenter): string {
  // Boundaries up to `budget` depend only on the text around them, so the segmenter is never
  // handed the whole of a huge string.
  const window = text.slice(0, budget + 8);
  let end = 0;
  for (const { segment } of seg.segment(window)) {
    if (end + segment.length > budget) break;
    end += segment.length;
  }
  // A single grapheme longer than the budget (thousands of stacked marks): cut inside it.
  return end > 0 ? text.slice(0, end) : cutByCodePoints(text, budget);
}

/**
 * `text` if it fits in `maxUnits` UTF-16 code units; else its longest prefix that ends on a
 * grapheme boundary and leaves room for "…", followed by "…".
 */
export function boundText(text: string, maxUnits: number = MAX_TEXT_UNITS): string {
  if (text.length <= maxUnits) return text;
  const budget = Math.max(0, maxUnits - ELLIPSIS.length);
  const seg = graphemeSegmenter();
  const kept = seg ? cutByGraphemes(text, budget, seg) : cutByCodePoints(text, budget);
  return `${kept}${ELLIPSIS}`;
}
