/**
 * File names as a terminal or a log line may show them. A name can hold anything but "/" and
 * NUL: a newline would split a progress line in two (and forge the next one), a carriage return
 * or an escape sequence would rewrite the screen, and U+202E (right-to-left override) would show
 * "evil\u202Eflac.exe" as "evilexe.calf". Each such character is shown as a visible escape
 * instead; the name itself (on disk, in the catalogue) is never changed.
 */
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and marks, line and paragraph
// separators, and the backslash (so an escape in the output is never ambiguous).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\\]/g;

export function terminalText(name: string): string {
  return name.replace(UNSAFE, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
