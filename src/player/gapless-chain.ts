/**
 * A gapless run: consecutive tracks of an album tagged gapless, played as ONE multi-period DASH
 * presentation, so the media engine appends each next track into the same MediaSource with a
 * timestampOffset and an append window (Shaka's period handling) instead of stopping, loading
 * and starting. Nothing here touches the network: the run is composed from the manifests the
 * screen data already carried, and each period's length is the track's source sample count as
 * the packaging recorded it (PlaybackStart.packaging), so the joins are sample-close:
 *
 *   period k: start = Σ samples[0..k) / sampleRate, duration = samples[k] / sampleRate
 *
 * With the 'edit-list' join the pipeline skips each track's AAC priming itself; with 'offset' a
 * presentationTimeOffset of primingSamples does it (devices/contracts/media.ts).
 *
 * The timeline maps the element's time to (track, position in track) and back; the handover
 * scheduler says when the element will cross into the next period, from what is buffered.
 */
import type { EncoderPadding, PlaybackStart } from '../protocol';

/** Longest run composed at once: a long album is joined in runs of this many. */
export const MAX_CHAIN_TRACKS = 12;

export type ChainJoin = 'edit-list' | 'offset';

export interface ChainPart {
  /** Absolute URL of the track's manifest: its segments resolve against it. */
  manifestUrl: string;
  /** The manifest's text, as inlined in screen data. */
  manifest: string;
  packaging: EncoderPadding;
}

export interface ChainManifest {
  text: string;
  timeline: ChainTimeline;
}

/** Whether `next` may follow `current` in one run (same sample rate and ladder, both tagged). */
export function canJoin(current: PlaybackStart, next: PlaybackStart): boolean {
  const a = current.packaging;
  const b = next.packaging;
  return Boolean(
    current.gapless && next.gapless && a && b && current.manifest && next.manifest &&
      a.sampleRate === b.sampleRate &&
      sameLadder(current, next),
  );
}

function sameLadder(a: PlaybackStart, b: PlaybackStart): boolean {
  return a.ladder.length === b.ladder.length && a.ladder.every((r, i) => r.codec === b.ladder[i]?.codec && r.bitrate === b.ladder[i]?.bitrate);
}

const PERIOD = /<Period\b[^>]*>([\s\S]*?)<\/Period>/;
const MPD_OPEN = /<MPD\b[^>]*>/;

/** Composes the run's manifest; throws on a manifest that is not a one-period MPD. */
export function buildChainManifest(parts: readonly ChainPart[], join: ChainJoin): ChainManifest {
  if (parts.length === 0) throw new RangeError('a chain needs at least one track');
  const rate = parts[0]!.packaging.sampleRate;
  const starts: number[] = [];
  const durations: number[] = [];
  let at = 0;
  const periods = parts.map((part, i) => {
    const body = PERIOD.exec(part.manifest)?.[1];
    if (body === undefined || PERIOD.exec(part.manifest.replace(PERIOD, ''))) {
      throw new Error(`manifest ${i} of the chain is not a one-period MPD`);
    }
    if (part.packaging.sampleRate !== rate) throw new Error('a chain mixes sample rates');
    const start = at / rate;
    const duration = part.packaging.samples / rate;
    starts.push(start);
    durations.push(duration);
    at += part.packaging.samples;
    const base = part.manifestUrl.slice(0, part.manifestUrl.lastIndexOf('/') + 1);
    return (
      `<Period id="p${i}" start="${iso(start)}" duration="${iso(duration)}">` +
      `<BaseURL>${escapeXml(base)}</BaseURL>${join === 'offset' ? withPresentationOffset(body, part.packaging) : body}</Period>`
    );
  });
  const open = MPD_OPEN.exec(parts[0]!.manifest)?.[0];
  if (!open) throw new Error('manifest 0 of the chain has no MPD element');
  const total = at / rate;
  const mpdOpen = open
    .replace(/\smediaPresentationDuration="[^"]*"/, '')
    .replace(/>$/, ` mediaPresentationDuration="${iso(total)}">`);
  const text = `<?xml version="1.0" encoding="utf-8"?>\n${mpdOpen}${periods.join('')}</MPD>`;
  return { text, timeline: new ChainTimeline(starts, durations) };
}

/** The priming as a presentationTimeOffset on every SegmentTemplate, in its own timescale. */
function withPresentationOffset(body: string, packaging: EncoderPadding): string {
  return body.replace(/<SegmentTemplate\b([^>]*?)(\/?)>/g, (_m, attrs: string, close: string) => {
    const timescale = Number(/\btimescale="(\d+)"/.exec(attrs)?.[1] ?? 1);
    const pto = Math.round((packaging.primingSamples / packaging.sampleRate) * timescale);
    const rest = attrs.replace(/\spresentationTimeOffset="[^"]*"/, '');
    return `<SegmentTemplate${rest} presentationTimeOffset="${pto}"${close}>`;
  });
}

/** xs:duration with microseconds: 1 µs is 0.04 samples at 44.1 kHz. */
function iso(seconds: number): string {
  return `PT${seconds.toFixed(6)}S`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Where each track of a run lies on the element's clock. */
export class ChainTimeline {
  constructor(
    readonly starts: readonly number[],
    readonly durations: readonly number[],
  ) {}

  get length(): number {
    return this.starts.length;
  }

  /** The track sounding at element time `t` (the last one past the end). */
  indexAt(t: number): number {
    let i = 0;
    while (i + 1 < this.starts.length && t >= this.starts[i + 1]!) i++;
    return i;
  }

  startOf(index: number): number {
    return this.starts[index]!;
  }

  endOf(index: number): number {
    return this.starts[index]! + this.durations[index]!;
  }
}

/** What the scheduler reads off the element. */
export interface PlayheadView {
  currentTime: number;
  playbackRate: number;
  paused: boolean;
  seeking: boolean;
  /** The element's buffered ranges as [start, end] pairs, in order. */
  buffered: ReadonlyArray<readonly [number, number]>;
}

/**
 * Slack at the join: the buffered range holding the playhead must reach this close to the
 * boundary. MSE rounds range ends to the microsecond and Chromium's ranges merge across gaps
 * below one frame.
 */
const JOIN_SLACK_S = 0.05;

/**
 * Milliseconds until the playhead crosses `boundary`, or null when no crossing is coming by
 * itself: paused, seeking, past the boundary already, or the next track's first audio is not yet
 * buffered next to the playhead (the crossing would stall first: ask again when more is buffered).
 */
export function msUntilBoundary(view: PlayheadView, boundary: number): number | null {
  if (view.paused || view.seeking || view.playbackRate <= 0) return null;
  if (view.currentTime >= boundary) return null;
  const range = rangeHolding(view.buffered, view.currentTime, JOIN_SLACK_S);
  if (!range || range[1] < boundary + JOIN_SLACK_S) return null;
  return ((boundary - view.currentTime) / view.playbackRate) * 1000;
}

export interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: TimerHost = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * One timer aimed at the next boundary: re-aimed on every look at the element (playing, time
 * updates, more buffered, seeked), cancelled by pause, seek and skip. When it fires, the owner
 * checks the element's time itself: a timer is a wake-up call, not the truth.
 */
export class HandoverScheduler {
  private handle: unknown = null;
  private aimedAt: number | null = null;

  constructor(
    private readonly onDue: () => void,
    private readonly timers: TimerHost = GLOBAL_TIMERS,
  ) {}

  /** Aim at `boundary` from what the element says now; cancels when no crossing is coming. */
  aim(view: PlayheadView, boundary: number | null): void {
    this.armIn(boundary === null ? null : msUntilBoundary(view, boundary));
  }

  /** Fire in `ms` (null: cancel); the crossfade aims its own moment (crossfade.ts msUntilFade). */
  armIn(ms: number | null): void {
    if (ms === null) {
      this.cancel();
      return;
    }
    const due = Date.now() + ms;
    // Re-aiming on every timeupdate moves the timer by clock jitter only: keep it unless it is off by more.
    if (this.handle !== null && this.aimedAt !== null && Math.abs(this.aimedAt - due) < 5) return;
    this.cancel();
    this.aimedAt = due;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.aimedAt = null;
      this.onDue();
    }, Math.max(0, ms));
  }

  get armed(): boolean {
    return this.handle !== null;
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.aimedAt = null;
  }
}

/** The buffered range holding `time`, give or take `slackS` at either end. */
export function rangeHolding(ranges: ReadonlyArray<readonly [number, number]>, time: number, slackS: number): readonly [number, number] | undefined {
  return ranges.find(([s, e]) => time >= s - slackS && time <= e + slackS);
}

/** The element's buffered ranges as pairs. */
export function rangesOf(buffered: TimeRanges): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < buffered.length; i++) out.push([buffered.start(i), buffered.end(i)]);
  return out;
}
