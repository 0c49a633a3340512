/**
 * Contract: lifecycle.
 *
 * The app moves through these states (after Cobalt Starboard's application lifecycle):
 *
 *   started ⇄ blurred ⇄ concealed ⇄ frozen → stopped
 *
 * - started: visible and receiving keys.
 * - blurred: visible, keys go elsewhere (a system overlay). Keep playing, stop animations.
 * - concealed: not visible (home screen, another app). Audio MAY keep playing.
 * - frozen: the platform may kill the process at any moment without another event. Release
 *   graphics, flush storage and the outbox now.
 * - stopped: final; nothing may run after it.
 *
 * Transitions are delivered in order, one step at a time (concealed → started passes blurred),
 * on the main thread, never re-entrantly. Listeners must be quick; async work they start is not
 * awaited by the platform. After `destroy()` no listener is called.
 *
 * What concealed allows differs per platform, so the device answers it as policy
 * (`keepsAudioWhenConcealed`); the player decides what to do with the answer.
 */

export type LifecycleState = 'started' | 'blurred' | 'concealed' | 'frozen' | 'stopped';

export interface Lifecycle {
  readonly state: LifecycleState;
  /** Called with (next, previous) for every step; returns an unsubscribe function. */
  onChange(listener: (next: LifecycleState, previous: LifecycleState) => void): () => void;
  destroy(): void;
}

export interface LifecyclePolicy {
  /**
   * Whether audio may keep playing while concealed. False where the platform suspends a hidden
   * app or its store rules ask for a pause (the app pauses on concealed and comes back paused,
   * src/app/services/lifecycle-duties.ts); true where background listening is allowed.
   */
  readonly keepsAudioWhenConcealed: boolean;
}

export interface ScreensaverPolicy {
  /**
   * How the platform's screensaver can be held off while music plays (a mechanism, named as
   * data; the app's lifecycle services use it, src/app/services/screensaver-guard.ts):
   * - 'wake-lock': the W3C Screen Wake Lock API (`navigator.wakeLock.request('screen')`);
   * - 'tizen-appcommon': Samsung's `webapis.appcommon.setScreenSaver` (Tizen 2.4+);
   * - 'none': the platform offers nothing an app may call; Now Playing's ambient mode keeps the
   *   panel safe instead.
   */
  readonly screensaverControl: ScreensaverControl;
}

export type ScreensaverControl = 'wake-lock' | 'tizen-appcommon' | 'none';
