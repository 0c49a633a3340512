/**
 * The Android WebView shell our Fire TV and Android TV packages describe (scripts/package.mjs
 * writes its manifest). The shell is a one-Activity app around a WebView that loads the hosted
 * TV app and adds a JavaScript interface under this name. Its duties, which the manifest lists:
 * - forward the remote's Back (KEYCODE_BACK) to the page as keyCode 4 and Menu (KEYCODE_MENU) as
 *   keyCode 82, the codes Amazon's WebView delivers for its web apps;
 * - `exit()`: finish the Activity (window.close() does not close an Activity);
 * - keep the WebView running while another app is in front, holding audio focus, so audio keeps
 *   playing when concealed (Amazon: "Audio apps may continue playing in the background by
 *   requesting the audio focus", https://developer.amazon.com/docs/fire-tv/controller-behavior-guidelines.html).
 */
export const SHELL_BRIDGE = 'EncoreShell';

/** Keys the shell forwards from Android KeyEvent codes to DOM keyCodes. */
export const SHELL_FORWARDED_KEYS = Object.freeze([
  { android: 'KEYCODE_BACK', keyCode: 4 },
  { android: 'KEYCODE_MENU', keyCode: 82 },
] as const);
