/**
 * What the app does on each lifecycle step (devices/contracts/lifecycle.ts):
 * - concealed: pause, unless the device says audio may keep playing while hidden
 *   (`keepsAudioWhenConcealed`), and let go of textures nothing on screen uses;
 * - frozen: flush storage (the platform may kill us without another event) and release all
 *   graphics;
 * - started again: recompute the focus path. Hiding never moves focus, so the element that had
 *   it has it again; the recompute only reflects what changed state while hidden.
 *
 * Audio paused here is not resumed on return. Coming back from the home screen or another app,
 * a TV user finds Encore where they left it, paused, one Play press away, rather than sound
 * starting by itself on an input switch. Samsung's multitasking guide asks the same of playback
 * hidden by the user: behave as if Return was pressed, not resume
 * (https://developer.samsung.com/smarttv/develop/guides/fundamentals/multitasking.html). What
 * was paused is remembered (`pausedWhileHidden`) until the user plays or skips again.
 *
 * Nothing here knows Lightning: the entry passes `releaseGraphics` and `restoreFocus` in.
 */
import type { Lifecycle, LifecyclePolicy, LifecycleState } from '../../../devices/contracts/lifecycle';
import type { StorageDriver } from '../../../devices/contracts/storage';
import type { AudioPlayer } from '../../player/types';

export interface LifecycleDutiesOptions {
  lifecycle: Lifecycle;
  policy: LifecyclePolicy;
  player: Pick<AudioPlayer, 'state' | 'pause' | 'on'>;
  storage: Pick<StorageDriver, 'flush'>;
  /** Free textures: `all` also those of the visible screen (they reload when drawn again). */
  releaseGraphics(all: boolean): void;
  restoreFocus(): void;
}

export class LifecycleDuties {
  private paused = false;
  private readonly off: Array<() => void>;

  constructor(private readonly opts: LifecycleDutiesOptions) {
    this.off = [
      opts.lifecycle.onChange((next, previous) => this.step(next, previous)),
      opts.player.on('state', (state) => this.onPlayerState(state)),
    ];
  }

  /** Whether playback was paused because the app was hidden, and not restarted since. */
  get pausedWhileHidden(): boolean {
    return this.paused;
  }

  destroy(): void {
    for (const off of this.off.splice(0)) off();
  }

  private get mustBeSilent(): boolean {
    return !this.opts.policy.keepsAudioWhenConcealed && HIDDEN.has(this.opts.lifecycle.state);
  }

  private onPlayerState(state: AudioPlayer['state']): void {
    if (state !== 'playing' && state !== 'crossfading' && state !== 'loading') return;
    // A track that was still loading when we were hidden starts afterwards: pause it too.
    if (state !== 'loading' && this.mustBeSilent) {
      this.opts.player.pause();
      this.paused = true;
      return;
    }
    // The user (or the queue) moved on after we paused: that supersedes our pause.
    if (!this.mustBeSilent) this.paused = false;
  }

  private step(next: LifecycleState, previous: LifecycleState): void {
    const { policy, player, storage } = this.opts;
    if (next === 'concealed' && previous === 'blurred') {
      if (!policy.keepsAudioWhenConcealed && isAudible(player.state)) {
        player.pause();
        this.paused = true;
      }
      this.opts.releaseGraphics(false);
    } else if (next === 'frozen') {
      void storage.flush().catch((e: unknown) => console.warn('[lifecycle] flush on freeze failed', e));
      this.opts.releaseGraphics(true);
    } else if (next === 'stopped') {
      void storage.flush().catch(() => undefined);
    } else if (next === 'started') {
      this.opts.restoreFocus();
    }
  }
}

const HIDDEN: ReadonlySet<LifecycleState> = new Set(['concealed', 'frozen', 'stopped']);

/** Reconnecting counts: the buffered audio plays on while the network is away. */
function isAudible(state: AudioPlayer['state']): boolean {
  return state === 'playing' || state === 'crossfading' || state === 'buffering' || state === 'reconnecting';
}
