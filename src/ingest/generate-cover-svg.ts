/**
 * A placeholder cover for albums that have none: a two-hue gradient, rings and the title's
 * initials. Everything is derived from the album id, so the same album gets the same cover on
 * every machine and every rebuild (the art hash, and with it the image URL, stays stable).
 */
import crypto from 'node:crypto';

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function initials(title: string): string {
  const words = title.normalize('NFC').split(/[\s\-_/]+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  // Array.from splits by code point, so "Ágætis" gives "Á" and Japanese titles keep whole kana.
  const letters = words.slice(0, 2).map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '');
  return letters.join('').toLocaleUpperCase() || '♪';
}

export function generateCoverSvg(seed: string, title: string, size = 960): string {
  const h = crypto.createHash('sha256').update(seed).digest();
  const hue1 = (h[0]! * 360) / 256;
  const hue2 = (hue1 + 40 + (h[1]! % 120)) % 360;
  const angle = h[2]! % 360;
  const rings = Array.from({ length: 3 + (h[3]! % 3) }, (_, i) => {
    const r = size * (0.18 + 0.14 * i + (h[4 + i]! % 20) / 400);
    const cx = size * (0.3 + (h[10]! % 40) / 100);
    const cy = size * (0.3 + (h[11]! % 40) / 100);
    return `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${r.toFixed(1)}" fill="none" stroke="#fff" stroke-opacity="${(0.08 + i * 0.03).toFixed(2)}" stroke-width="${(size / 60).toFixed(1)}"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<defs><linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)">
<stop offset="0" stop-color="hsl(${hue1.toFixed(0)},62%,42%)"/>
<stop offset="1" stop-color="hsl(${hue2.toFixed(0)},70%,22%)"/>
</linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/>${rings}
<text x="50%" y="54%" text-anchor="middle" dominant-baseline="middle" font-family="DejaVu Sans, Noto Sans, sans-serif" font-weight="bold" font-size="${Math.round(size * 0.3)}" fill="#fff" fill-opacity="0.92">${escapeXml(initials(title))}</text>
</svg>`;
}
