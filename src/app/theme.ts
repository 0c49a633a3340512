/**
 * 10-foot UI constants: one place for colours, type sizes and layout, sized for a 1920×1080 stage
 * seen from three metres. Title-safe area: 96 px left/right, 54 px top/bottom (5 %).
 */

/** `#rrggbb` → Lightning's 0xAARRGGBB. */
export function argb(hex: string, alpha = 1): number {
  const rgb = Number.parseInt(hex.replace('#', ''), 16);
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return ((a << 24) | (Number.isFinite(rgb) ? rgb & 0xffffff : 0x202028)) >>> 0;
}

export const Colors = {
  background: 0xff0b0b10,
  surface: 0xff17171f,
  surfaceRaised: 0xff22222c,
  text: 0xfff4f4f6,
  textDim: 0xffa6a6b3,
  textFaint: 0xff6e6e7a,
  accent: 0xff1ed760,
  focus: 0xffffffff,
  focusRowBg: 0xff2c2c38,
  error: 0xffff6b6b,
} as const;

export const Font = {
  face: 'Inter',
  hero: 72,
  title: 48,
  heading: 40,
  body: 32,
  caption: 28,
} as const;

export const Layout = {
  stageW: 1920,
  stageH: 1080,
  safeX: 96,
  safeY: 54,
  /** Height kept free at the bottom for the now-playing bar on every page. */
  barH: 128,
  tile: 300,
  tileGap: 40,
  focusScale: 1.1,
  animSeconds: 0.2,
} as const;

/**
 * The text texture settings of a one-line label: Inter, ellipsis at `width`. Every label in the
 * app is one line on a TV (titles that wrap push the layout around as focus moves).
 */
export function lineText(size: number, color: number, width?: number) {
  return {
    text: '',
    fontFace: Font.face,
    fontSize: size,
    textColor: color,
    ...(width === undefined ? {} : { wordWrapWidth: width }),
    maxLines: 1,
    textOverflow: 'ellipsis' as const,
  };
}
