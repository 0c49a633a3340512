/**
 * Contract: system.
 *
 * Who the device is and what it can do, as named facts fixed for the run: `Capabilities` is
 * probed once at boot and frozen. `exit()` asks the platform to close the app (some platforms
 * ignore it or need a platform call); it may not return, so save state before calling it.
 * `activate()` runs once, before the first frame, for platform registration (media keys, a
 * screensaver opt-out); it must be idempotent and must not touch the UI.
 */

export interface Capabilities {
  /** Whether the platform delivers media keys (Play/Pause/Next/Previous) to the app. */
  readonly mediaKeys: boolean;
  /** Whether the app may close itself (a browser tab not opened by script may not). */
  readonly canExit: boolean;
  /** Pointer (magic remote, mouse) in addition to the D-pad. */
  readonly pointer: boolean;
}

export interface SystemInfo {
  /** Profile name, as used by the `?device=` override and in logs. */
  readonly name: string;
  readonly capabilities: Capabilities;
  activate(): void;
  exit(): void;
}
