/**
 * Keys every browser engine reports with the same `keyCode`, from the UI Events KeyboardEvent
 * key code tables (https://www.w3.org/TR/uievents-code/, legacy keyCode values as Chromium and
 * WebKit send them). Arrow keys and Enter are what a TV's D-pad sends on most platforms; the media
 * keys are what keyboards and HDMI-CEC bridges in Chromium-based TVs deliver. Platform codes
 * (webOS Back 461, Tizen Return 10009, HbbTV VK_PLAY 415) belong in that platform's profile.
 */
import type { KeyMap } from '../contracts/keys';

export const W3C_KEYS: KeyMap = Object.freeze({
  13: 'Enter',
  37: 'Left',
  38: 'Up',
  39: 'Right',
  40: 'Down',
  176: 'Next', // MediaTrackNext
  177: 'Previous', // MediaTrackPrevious
  178: 'Stop', // MediaStop
  179: 'PlayPause', // MediaPlayPause
});

/** Later maps win, so a profile lists only the codes it adds or renames. */
export function mergeKeyMaps(...maps: KeyMap[]): KeyMap {
  return Object.freeze(Object.assign({}, ...maps) as KeyMap);
}
