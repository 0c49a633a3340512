/**
 * A QR code as a Lightning texture: qrcode-generator computes the modules, a canvas draws them
 * dark on light with the 4-module quiet zone ISO/IEC 18004 §9.1 asks for, and the canvas is
 * uploaded once (StaticCanvasTexture, keyed by the text). Each module is a whole number of pixels
 * and the element is drawn at the canvas's own size on whole-pixel coordinates, so the GPU copies
 * pixels 1:1: no filtering blurs module edges, which is what phone cameras need at 3 m.
 */
import { Lightning } from '@lightningjs/sdk';
import qrcode from 'qrcode-generator';

/** ISO/IEC 18004 §9.1: the light margin around the symbol, in modules. */
export const QR_QUIET_MODULES = 4;
const DARK = '#000000';
const LIGHT = '#ffffff';

export interface QrMatrix {
  /** Modules per side, quiet zone excluded. */
  readonly size: number;
  isDark(row: number, col: number): boolean;
}

/** Error correction M (15 %): survives glare on a TV panel; the URL still fits version 4–5. */
export function qrMatrix(text: string): QrMatrix {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return { size: qr.getModuleCount(), isDark: (r, c) => qr.isDark(r, c) };
}

/** The largest whole module size that fits `maxPx` with the quiet zone. */
export function qrModulePx(matrix: QrMatrix, maxPx: number): number {
  return Math.max(1, Math.floor(maxPx / (matrix.size + QR_QUIET_MODULES * 2)));
}

/** Paints the symbol and its quiet zone at (0, 0); the canvas must be (size + 8) × module px square. */
export function paintQr(ctx: Pick<CanvasRenderingContext2D, 'fillStyle' | 'fillRect'>, matrix: QrMatrix, modulePx: number): void {
  const side = (matrix.size + QR_QUIET_MODULES * 2) * modulePx;
  ctx.fillStyle = LIGHT;
  ctx.fillRect(0, 0, side, side);
  ctx.fillStyle = DARK;
  for (let r = 0; r < matrix.size; r++) {
    for (let c = 0; c < matrix.size; c++) {
      if (matrix.isDark(r, c)) ctx.fillRect((c + QR_QUIET_MODULES) * modulePx, (r + QR_QUIET_MODULES) * modulePx, modulePx, modulePx);
    }
  }
}

export interface QrCodeTemplateSpec extends Lightning.Component.TemplateSpec {
  /** The largest edge the symbol may take, quiet zone included; the drawn edge is ≤ this. */
  maxPx: number;
  value: string;
  Symbol: object;
}

export class QrCode
  extends Lightning.Component<QrCodeTemplateSpec>
  implements Lightning.Component.ImplementTemplateSpec<QrCodeTemplateSpec>
{
  private payload = '';
  maxPx = 480;

  static override _template(): Lightning.Component.Template<QrCodeTemplateSpec> {
    return { Symbol: {} };
  }

  get value(): string {
    return this.payload;
  }

  /** '' hides the symbol (no code yet, or the code is dead and must not be scanned). */
  set value(text: string) {
    this.payload = text;
    const symbol = this.tag('Symbol')!;
    if (!text) {
      symbol.patch({ visible: false });
      return;
    }
    const matrix = qrMatrix(text);
    const modulePx = qrModulePx(matrix, this.maxPx);
    const side = (matrix.size + QR_QUIET_MODULES * 2) * modulePx;
    // Centred in maxPx on whole pixels, so the 1:1 copy stays aligned to the screen's pixels.
    const offset = Math.floor((this.maxPx - side) / 2);
    symbol.patch({
      visible: true,
      x: offset,
      y: offset,
      w: side,
      h: side,
      texture: {
        type: Lightning.textures.StaticCanvasTexture,
        content: {
          lookupId: `qr:${modulePx}:${text}`,
          factory: (cb: (err: Error | null, canvas?: HTMLCanvasElement) => void) => {
            const canvas = document.createElement('canvas');
            canvas.width = side;
            canvas.height = side;
            const ctx = canvas.getContext('2d');
            if (!ctx) return cb(new Error('no 2d canvas'));
            paintQr(ctx, matrix, modulePx);
            cb(null, canvas);
          },
        },
      },
    });
  }

  /** Where the symbol is drawn inside the component, for tests that read its pixels. */
  get symbolBox(): { x: number; y: number; side: number; modulePx: number; modules: number } | null {
    if (!this.payload) return null;
    const symbol = this.tag('Symbol')!;
    const matrix = qrMatrix(this.payload);
    return { x: symbol.x, y: symbol.y, side: symbol.w, modulePx: qrModulePx(matrix, this.maxPx), modules: matrix.size };
  }
}
