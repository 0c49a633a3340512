/**
 * What the pages that hand the TV over to a phone share (Sign in, Party): the page's title and
 * subtitle, and the QR code on a white rounded panel. The panel's white is a margin beyond the
 * symbol's own quiet zone, so only the rounded corners eat into it.
 */
import { Lightning } from '@lightningjs/sdk';
import { Colors, Font, Layout } from '../theme';
import { QrCode } from './qr-code';

/** White around the symbol beyond its own quiet zone: only the panel's rounded corners. */
export const QR_PANEL_PAD = 16;

/** The page's title in large type and a dimmed subtitle under it, top left in the safe area. */
export function pageHeader(title: string, subtitle: string) {
  return {
    Title: {
      x: Layout.safeX,
      y: Layout.safeY,
      text: { text: title, fontFace: Font.face, fontSize: Font.hero - 8, fontStyle: 'bold', textColor: Colors.text },
    },
    Subtitle: {
      x: Layout.safeX,
      y: Layout.safeY + 92,
      text: { text: subtitle, fontFace: Font.face, fontSize: Font.body, textColor: Colors.textDim },
    },
  };
}

/** A `side`-pixel QR code (its `Qr` child) on a white panel whose top left is at (x, y); `more` adds children. */
export function qrPanel(x: number, y: number, side: number, more: Record<string, unknown> = {}) {
  return {
    x,
    y,
    w: side + QR_PANEL_PAD * 2,
    h: side + QR_PANEL_PAD * 2,
    rect: true,
    color: 0xffffffff,
    shader: { type: Lightning.shaders.RoundedRectangle, radius: 24 },
    Qr: { type: QrCode, x: QR_PANEL_PAD, y: QR_PANEL_PAD, w: side, h: side, maxPx: side },
    ...more,
  };
}

/** Where the panel's QR symbol is on the stage, for the test hook to read its pixels; null with no code. */
export function qrSymbolOnStage(page: Lightning.Component, panel: Lightning.Element, qr: QrCode): { x: number; y: number; side: number; modulePx: number; modules: number } | null {
  const box = qr.symbolBox;
  return box && { ...box, x: page.x + panel.x + QR_PANEL_PAD + box.x, y: page.y + panel.y + QR_PANEL_PAD + box.y };
}
