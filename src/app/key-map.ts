/**
 * Puts the device's key map in place of Lightning's. The SDK's Application deep-merges its own
 * defaults (8 Back, 27 Menu, 250 PlayPause, 191/409 Search, 174/175 Channel…) under
 * `appSettings.keys` (Lightning-SDK src/Application/index.js, `Deepmerge(defaultOptions, options)`),
 * so a profile that leaves 27 unmapped would still get Menu. The device's map is the whole map
 * (devices/contracts/keys.ts), so after Launch the live table is emptied and refilled. Lightning
 * core reads that same object on every keydown (`this.__keymap[e.keyCode]`); the SDK's own
 * `overrideKeyMap` edits it in place the same way.
 */
import type { KeyMap } from '../../devices/contracts/keys';

/** Lightning's key table: code → name (or names). */
export type LiveKeyTable = Record<number | string, string | string[]>;

export function replaceKeyMap(live: LiveKeyTable, wanted: KeyMap): void {
  for (const code of Object.keys(live)) delete live[code];
  Object.assign(live, wanted);
}
