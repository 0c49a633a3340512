/**
 * Contract: keys.
 *
 * Every remote, keyboard and media key lands in one key space, `Key`. A profile maps its raw
 * key codes (W3C `keyCode`s, webOS 461, Tizen 10009, …) to these names; the app only ever sees
 * names, delivered by Lightning as `_handle<Key>` calls. A code absent from the map is not a key
 * the app reacts to. Maps are plain data, built once and fixed for the run; reading one never
 * blocks and has no side effects. Keys that need registering with the platform before they are
 * delivered (Tizen media keys) are registered by the profile in `activate()`, not by the app.
 */

/** The key names the app handles. Lightning calls `_handle${Key}` along the focus path. */
export const KEYS = [
  'Up',
  'Down',
  'Left',
  'Right',
  'Enter',
  'Back',
  'Exit',
  'Menu',
  'PlayPause',
  'Play',
  'Pause',
  'Stop',
  'Next',
  'Previous',
  'FastForward',
  'Rewind',
  'Search',
  'Digit0',
  'Digit1',
  'Digit2',
  'Digit3',
  'Digit4',
  'Digit5',
  'Digit6',
  'Digit7',
  'Digit8',
  'Digit9',
  'Red',
  'Green',
  'Yellow',
  'Blue',
] as const;

export type Key = (typeof KEYS)[number];

/** Raw key code → key name, in the shape Lightning's `appSettings.keys` takes. */
export type KeyMap = Readonly<Record<number, Key>>;

export interface KeyInput {
  /** The complete map for this device; the app passes it to Lightning unchanged. */
  keyMap(): KeyMap;
  /**
   * The key that likes the track in focus (or playing), where the remote has one to spare; null
   * where it has none (the context menu and Now Playing still like). Fixed for the run.
   */
  likeKey(): Key | null;
}
