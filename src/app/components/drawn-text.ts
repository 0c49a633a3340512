/**
 * The last bound on catalogue text before it becomes a canvas texture. The BFF already sends at
 * most MAX_TEXT_UNITS per string (the ingest cuts tags), but a TV may talk to an older BFF or a
 * database ingested before the bound, and Lightning measures a label's whole text on the canvas
 * to place its ellipsis (a 1 MB title froze the Album page for 45 s). No label shows more than
 * ~70 characters at 1080p, so 160 code units keeps every visible character.
 */
import { boundText } from '../../protocol';

export const MAX_DRAWN_UNITS = 160;

export function drawnText(text: string): string {
  return boundText(text, MAX_DRAWN_UNITS);
}
