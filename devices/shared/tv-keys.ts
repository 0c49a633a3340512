/**
 * Key codes TV remotes share: digits arrive as the keyboard's 48–57 on every platform that has a
 * number pad, and the colour keys as the CE-HTML / HbbTV VK_RED…VK_BLUE values 403–406 (LG and
 * Samsung both publish them, see their profiles). Profiles add these to their own tables.
 */
import type { KeyMap } from '../contracts/keys';

export const DIGIT_KEYS: KeyMap = Object.freeze({
  48: 'Digit0',
  49: 'Digit1',
  50: 'Digit2',
  51: 'Digit3',
  52: 'Digit4',
  53: 'Digit5',
  54: 'Digit6',
  55: 'Digit7',
  56: 'Digit8',
  57: 'Digit9',
});

export const COLOUR_KEYS: KeyMap = Object.freeze({
  403: 'Red',
  404: 'Green',
  405: 'Yellow',
  406: 'Blue',
});
