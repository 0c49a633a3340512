/**
 * Where the loudness-normalisation gain is applied (PlayerConfig.gainStage, chosen per device):
 *
 * - 'element-volume': `media.volume`. Works everywhere MSE does, but volume stops at 1, so a
 *   track quieter than the target plays at unity instead of being raised.
 * - 'web-audio': the element routed through an AudioContext GainNode, which can also raise quiet
 *   tracks (the BFF's gain is already capped so the true peak stays at -1 dBTP). Only for
 *   engines where routing an MSE-fed element through Web Audio is known to work (current
 *   Chromium, Android WebView, Edge WebView2): older webOS/Tizen builds output silence or refuse
 *   it. Routing is one-way (an element routed into a context plays only through it), so it is
 *   done only once the context is running; until then, and if anything throws, the gain goes to
 *   `volume`, so a failure costs the boost, never the sound.
 */
import { volumeForGain } from './loudness';

/**
 * The most a quiet track is raised. The BFF caps gain by true peak only; a near-silent or very
 * dynamic recording could ask for +30 dB and more, which mostly raises its hiss (ReplayGain
 * players cap the same way).
 */
export const MAX_BOOST_DB = 12;

export type GainStageKind = 'element-volume' | 'web-audio';

export interface GainStage {
  readonly kind: GainStageKind;
  /** Whether gains above 0 dB are honoured right now (web-audio once routed). */
  readonly boosts: boolean;
  /** The gain last asked for, in dB. */
  readonly gainDb: number;
  /** The listener's volume, 0..1 (a remote's SET_VOLUME), on top of the loudness gain. */
  readonly level: number;
  /** The crossfade's share, 0..1 (crossfade.ts), on top of the loudness gain and the level. */
  readonly fade: number;
  apply(gainDb: number): void;
  setLevel(level: number): void;
  setFade(fade: number): void;
  /** Do the one-time setup now, while nothing waits for it (not on the way from Enter to sound). */
  prepare(): void;
}

export class ElementVolumeGain implements GainStage {
  readonly kind: GainStageKind = 'element-volume';
  readonly boosts: boolean = false;
  gainDb = 0;
  level = 1;
  fade = 1;

  constructor(private readonly media: HTMLMediaElement) {}

  apply(gainDb: number): void {
    this.gainDb = gainDb;
    this.media.volume = volumeForGain(gainDb) * this.level * this.fade;
  }

  setLevel(level: number): void {
    this.level = clampLevel(level);
    this.apply(this.gainDb);
  }

  setFade(fade: number): void {
    this.fade = clampLevel(fade);
    this.apply(this.gainDb);
  }

  prepare(): void {}
}

/** What WebAudioGain needs of an AudioContext (tests pass a fake). */
export type AudioContextLike = Pick<AudioContext, 'state' | 'resume' | 'createMediaElementSource' | 'createGain' | 'destination'> &
  Partial<Pick<AudioContext, 'addEventListener'>>;

export class WebAudioGain implements GainStage {
  readonly kind: GainStageKind = 'web-audio';
  gainDb = 0;
  level = 1;
  fade = 1;
  private context: AudioContextLike | null = null;
  private node: GainNode | null = null;
  private failed = false;

  constructor(
    private readonly media: HTMLMediaElement,
    private readonly createContext: () => AudioContextLike = () => new AudioContext(),
  ) {
    // A context suspended by the platform (autoplay policy, app hidden) would mute a routed
    // element: every play asks it to run again, and so does a suspension while it plays.
    media.addEventListener('play', () => this.keepRunning());
  }

  private keepRunning(): void {
    if (this.context && this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
  }

  get boosts(): boolean {
    return this.node !== null;
  }

  /** The routed gain node and its context (null until routed): where a test listens to the output. */
  get output(): { context: AudioContextLike; node: GainNode } | null {
    return this.node && this.context ? { context: this.context, node: this.node } : null;
  }

  apply(gainDb: number): void {
    this.gainDb = gainDb;
    this.update();
    if (!this.node) this.route();
  }

  setLevel(level: number): void {
    this.level = clampLevel(level);
    this.update();
  }

  setFade(fade: number): void {
    this.fade = clampLevel(fade);
    this.update();
  }

  /** Loudness gain × level × fade, on the node once routed, else on the element's volume. */
  private update(): void {
    if (this.node) this.node.gain.value = linear(Math.min(this.gainDb, MAX_BOOST_DB)) * this.level * this.fade;
    else this.media.volume = volumeForGain(this.gainDb) * this.level * this.fade;
  }

  /**
   * Creates the AudioContext ahead of the first play: constructing one cost 120 ms of main
   * thread in Chromium (profile of the first play after opening), all of it between Enter and
   * sound when done at the first apply(). Routing still waits for the first apply().
   */
  prepare(): void {
    if (this.failed || this.context) return;
    try {
      this.ensureContext();
    } catch (e) {
      this.failed = true;
      console.warn('[player] Web Audio gain unavailable; normalising with volume only', e);
    }
  }

  private ensureContext(): AudioContextLike {
    if (!this.context) {
      this.context = this.createContext();
      this.context.addEventListener?.('statechange', () => {
        if (!this.media.paused) this.keepRunning();
      });
    }
    return this.context;
  }

  private route(): void {
    if (this.failed || this.node) return;
    try {
      const context = this.ensureContext();
      if (context.state !== 'running') {
        void context.resume().then(
          () => context.state === 'running' && this.route(),
          () => undefined,
        );
        return;
      }
      // The gain node is wired first: once the element's source exists the element plays only
      // through the context, so nothing may fail after that step.
      const node = context.createGain();
      node.gain.value = linear(Math.min(this.gainDb, MAX_BOOST_DB)) * this.level * this.fade;
      node.connect(context.destination);
      context.createMediaElementSource(this.media).connect(node);
      this.node = node;
      this.media.volume = 1;
    } catch (e) {
      this.failed = true;
      console.warn('[player] Web Audio gain unavailable; normalising with volume only', e);
    }
  }
}

/** A level from outside (a phone) or a fade step is bounded: NaN or out of range must not silence or blow up. */
function clampLevel(level: number): number {
  return Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 1;
}

/** `createContext`: a second deck (crossfade.ts) shares the first one's context. */
export function createGainStage(kind: GainStageKind, media: HTMLMediaElement, createContext?: () => AudioContextLike): GainStage {
  return kind === 'web-audio' && typeof AudioContext === 'function' ? new WebAudioGain(media, createContext) : new ElementVolumeGain(media);
}

function linear(gainDb: number): number {
  return Number.isFinite(gainDb) ? 10 ** (gainDb / 20) : 1;
}
