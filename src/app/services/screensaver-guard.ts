/**
 * Keeps the platform screensaver away while music plays and the app is on screen, through the
 * mechanism the device names (devices/contracts/lifecycle.ts `screensaverControl`); lets it come
 * back on pause, stop, or when the app is hidden. Where the device says 'none', nothing is held
 * and Now Playing's ambient mode keeps the panel safe. A refusal (no user activation yet, an
 * old firmware) is logged and tried again on the next play; it never affects playback.
 */
import type { Lifecycle, ScreensaverControl } from '../../../devices/contracts/lifecycle';
import type { AudioPlayer, PlayerState } from '../../player/types';

/** The two platform calls, injected so the guard is tested without a TV. */
export interface ScreensaverApis {
  wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> };
  appcommon?: { setScreenSaver(state: number): void; AppCommonScreenSaverState: { SCREEN_SAVER_OFF: number; SCREEN_SAVER_ON: number } };
}

export function screensaverApis(): ScreensaverApis {
  const w = window as unknown as { webapis?: { appcommon?: ScreensaverApis['appcommon'] } };
  const nav = navigator as unknown as { wakeLock?: ScreensaverApis['wakeLock'] };
  return { wakeLock: nav.wakeLock, appcommon: w.webapis?.appcommon };
}

const ACTIVE: ReadonlySet<PlayerState> = new Set(['playing', 'crossfading', 'buffering', 'loading']);

export class ScreensaverGuard {
  private held = false;
  private sentinel: { release(): Promise<void> } | null = null;
  private readonly offs: Array<() => void>;

  constructor(
    private readonly control: ScreensaverControl,
    private readonly apis: ScreensaverApis,
    player: Pick<AudioPlayer, 'on' | 'state'>,
    lifecycle: Pick<Lifecycle, 'onChange' | 'state'>,
  ) {
    let state: PlayerState = player.state;
    // Buffering and loading are still "music playing" to the person watching.
    const update = () => this.want(ACTIVE.has(state) && lifecycle.state === 'started');
    this.offs = [
      player.on('state', (s) => {
        state = s;
        update();
      }),
      lifecycle.onChange(() => update()),
    ];
    update();
  }

  /** Whether the screensaver is being held off now (tests). */
  get holding(): boolean {
    return this.held;
  }

  destroy(): void {
    for (const off of this.offs.splice(0)) off();
    this.want(false);
  }

  private want(hold: boolean): void {
    if (hold === this.held || this.control === 'none') return;
    this.held = hold;
    try {
      if (this.control === 'tizen-appcommon') this.appcommon(hold);
      else this.wakeLock(hold);
    } catch (e) {
      this.held = false;
      console.warn('[screensaver] the platform refused', e);
    }
  }

  private appcommon(hold: boolean): void {
    const api = this.apis.appcommon;
    if (!api) throw new Error('webapis.appcommon is missing');
    api.setScreenSaver(hold ? api.AppCommonScreenSaverState.SCREEN_SAVER_OFF : api.AppCommonScreenSaverState.SCREEN_SAVER_ON);
  }

  private wakeLock(hold: boolean): void {
    if (!hold) {
      void this.sentinel?.release().catch(() => undefined);
      this.sentinel = null;
      return;
    }
    const api = this.apis.wakeLock;
    if (!api) throw new Error('navigator.wakeLock is missing');
    api.request('screen').then(
      (sentinel) => {
        if (this.held) this.sentinel = sentinel;
        else void sentinel.release().catch(() => undefined);
      },
      (e: unknown) => {
        this.held = false;
        console.warn('[screensaver] wake lock refused', e);
      },
    );
  }
}
