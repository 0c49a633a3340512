/**
 * The QR symbol the TV draws: whole-pixel modules, the 4-module quiet zone, dark on light, and
 * exactly the modules qrcode-generator computed (checked by painting into a pixel grid).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

// The component module imports Lightning, which needs a browser; only the pure helpers are tested here.
vi.mock('@lightningjs/sdk', () => ({ Lightning: { Component: class {} } }));
const { paintQr, qrMatrix, qrModulePx, QR_QUIET_MODULES } = await import('../../src/app/components/qr-code');

/** A canvas stand-in that records pixels of fillRect calls. */
function pixelGrid(side: number) {
  const px = new Array<string>(side * side).fill('');
  let fractional = 0;
  const ctx = {
    fillStyle: '',
    fillRect(x: number, y: number, w: number, h: number) {
      if (![x, y, w, h].every(Number.isInteger)) fractional++;
      for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) px[r * side + c] = ctx.fillStyle;
    },
  };
  return { ctx, at: (x: number, y: number) => px[y * side + x], fractional: () => fractional };
}

describe('QR code', () => {
  it('paints every module as a whole-pixel square inside a light quiet zone', () => {
    const url = 'http://192.168.1.20:8080/link?code=BCDF-GHJK';
    const matrix = qrMatrix(url);
    const modulePx = qrModulePx(matrix, 520);
    const side = (matrix.size + QR_QUIET_MODULES * 2) * modulePx;
    expect(side).toBeLessThanOrEqual(520);
    expect(modulePx).toBeGreaterThanOrEqual(10); // ≥ 10 px a module: scannable from the sofa
    const { ctx, at, fractional } = pixelGrid(side);
    paintQr(ctx, matrix, modulePx);
    expect(fractional()).toBe(0);
    let wrong = 0;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const r = Math.floor(y / modulePx) - QR_QUIET_MODULES;
        const c = Math.floor(x / modulePx) - QR_QUIET_MODULES;
        const inSymbol = r >= 0 && c >= 0 && r < matrix.size && c < matrix.size;
        if (at(x, y) !== (inSymbol && matrix.isDark(r, c) ? '#000000' : '#ffffff')) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('the module size is the largest whole size that fits, for any URL a BFF can make', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.integer({ min: 120, max: 900 }), (url, maxPx) => {
        const matrix = qrMatrix(url);
        const total = matrix.size + QR_QUIET_MODULES * 2;
        const modulePx = qrModulePx(matrix, maxPx);
        expect(Number.isInteger(modulePx)).toBe(true);
        if (total <= maxPx) {
          expect(total * modulePx).toBeLessThanOrEqual(maxPx);
          expect(total * (modulePx + 1)).toBeGreaterThan(maxPx);
        }
      }),
      { numRuns: 200 },
    );
  });
});
