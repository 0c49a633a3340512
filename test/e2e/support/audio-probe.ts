/**
 * Listens to what the TV app actually renders: a ScriptProcessor tapped onto the Web Audio gain
 * node the media element plays through (window.__encore.audioOutput), counting silent samples
 * (both channels below -80 dBFS) and sample-to-sample jumps, and noting the audio-clock time at
 * which the app's current track changed. The continuous demo album is never silent and moves
 * smoothly, so silence or a jump near a track change is the player's doing.
 *
 * Used by the gapless e2e test and the bench's gapless section.
 */

/** Below this on both channels a sample counts as silent (-80 dBFS). */
export const SILENCE = 1e-4;
/** A sample-to-sample step this large is a click: the piece's own steepest step is ~0.05. */
export const JUMP = 0.25;

export interface ProbeRecord {
  sampleRate: number;
  /** [audio-clock seconds, trackId] each time the app's current track changed. */
  marks: Array<[number, string | null]>;
  /** [start seconds, length in samples] of every run of ≥ 3 silent samples. */
  silentRuns: Array<[number, number]>;
  /** Audio-clock seconds of each click. */
  jumps: number[];
  /** Every 10 ms: [audio-clock seconds, trackId, element currentTime, element paused]. */
  blocks: Array<[number, string | null, number, boolean]>;
}

/**
 * The analysis runs in an AudioWorklet, on the audio thread, so a busy main thread cannot turn
 * into fake silence (a ScriptProcessor on a loaded box dropped whole blocks). The main thread
 * only samples, every 10 ms, the audio clock beside the element's clock and the app's track.
 */
const WORKLET = (silence: number, jump: number) => `
registerProcessor('encore-probe', class extends AudioWorkletProcessor {
  constructor() { super(); this.run = 0; this.runStart = 0; this.prevL = 0; this.prevR = 0; this.runs = []; this.jumps = []; this.sent = 0; }
  process(inputs) {
    const input = inputs[0];
    const l = input && input[0];
    const r = input && (input[1] || input[0]);
    const t0 = currentFrame / sampleRate;
    const n = l ? l.length : 128;
    for (let i = 0; i < n; i++) {
      const a = l ? l[i] : 0;
      const b = r ? r[i] : 0;
      if (Math.abs(a) < ${silence} && Math.abs(b) < ${silence}) {
        if (this.run === 0) this.runStart = t0 + i / sampleRate;
        this.run += 1;
      } else {
        if (this.run >= 3) this.runs.push([this.runStart, this.run]);
        this.run = 0;
        if (Math.abs(a - this.prevL) > ${jump} || Math.abs(b - this.prevR) > ${jump}) this.jumps.push(t0 + i / sampleRate);
      }
      this.prevL = a;
      this.prevR = b;
    }
    if (currentFrame - this.sent >= sampleRate / 10) {
      this.port.postMessage({ runs: this.runs, jumps: this.jumps });
      this.runs = [];
      this.jumps = [];
      this.sent = currentFrame;
    }
    return true;
  }
});`;

/** Installs the probe in the page; false while the element is not routed through Web Audio yet. */
export async function installProbe(browser: WebdriverIO.Browser): Promise<boolean> {
  // WebDriver awaits the script's promise; WebdriverIO's types do not unwrap it.
  return (await browser.execute(async (source: string) => {
    type Hook = { audioOutput: { context: AudioContext; node: AudioNode } | null; trackId: string | null; mediaElement: HTMLMediaElement };
    const w = window as unknown as { __probe?: unknown; __probeStop?: () => void; __encore?: Hook };
    const hook = w.__encore;
    const out = hook?.audioOutput;
    if (!hook || !out) return false;
    w.__probeStop?.();
    const ctx = out.context;
    await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    const node = new AudioWorkletNode(ctx, 'encore-probe', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [2] });
    const media = hook.mediaElement;
    const rec = {
      sampleRate: ctx.sampleRate,
      marks: [] as Array<[number, string | null]>,
      silentRuns: [] as Array<[number, number]>,
      jumps: [] as number[],
      blocks: [] as Array<[number, string | null, number, boolean]>,
    };
    node.port.onmessage = (e: MessageEvent<{ runs: Array<[number, number]>; jumps: number[] }>) => {
      rec.silentRuns.push(...e.data.runs);
      rec.jumps.push(...e.data.jumps);
    };
    let last: string | null | undefined;
    const timer = setInterval(() => {
      const track = hook.trackId;
      if (track !== last) {
        rec.marks.push([ctx.currentTime, track]);
        last = track;
      }
      rec.blocks.push([ctx.currentTime, track, media.currentTime, media.paused]);
    }, 10);
    out.node.connect(node);
    node.connect(ctx.destination);
    w.__probeStop = () => {
      clearInterval(timer);
      node.disconnect();
    };
    w.__probe = rec;
    return true;
  }, WORKLET(SILENCE, JUMP))) as boolean;
}

export function readProbe(browser: WebdriverIO.Browser): Promise<ProbeRecord> {
  return browser.execute(() => JSON.parse(JSON.stringify((window as unknown as { __probe: unknown }).__probe)) as ProbeRecord);
}

export interface BoundaryGap {
  from: string | null;
  to: string | null;
  /** Silent audio around the change, ms. */
  silentMs: number;
  /** Clicks around the change. */
  jumps: number;
  /**
   * Audio-clock time the change cost against the music's own time, ms: the step in (audio clock −
   * position in the piece) from the second before the change to the second after. Positive:
   * time inserted (silence, a stall); negative: audio lost (a tail cut off). Silence alone misses
   * a cut tail, this misses nothing that moves the timeline.
   */
  stepMs: number;
  /** The join's gap: the larger of the silence heard and the timeline step. */
  gapMs: number;
  /** Where (ms from the change) the silent runs started and the clicks were. */
  silentAtMs: number[];
  jumpAtMs: number[];
}

/**
 * The silence and clicks around each track change after the first mark (the start of playback
 * is not a boundary): everything within `before` s ahead of the change and `after` s past it.
 * A stop-load-start change is told before its silence (the bar says "Loading" at once), a joined
 * one at the join, so the window reaches well after the mark.
 */
export function gapsAtBoundaries(rec: ProbeRecord, durationsS: Readonly<Record<string, number>>, before = 0.6, after = 1.5): BoundaryGap[] {
  return rec.marks.slice(1).map(([at, to], i) => {
    const from = rec.marks[i]![1];
    const inWindow = (t: number) => t >= at - before && t <= at + after;
    const silent = rec.silentRuns.filter(([t]) => inWindow(t)).reduce((sum, [, n]) => sum + n, 0);
    const rel = (t: number) => Math.round((t - at) * 10_000) / 10;
    const offset = (track: string | null, lo: number, hi: number) =>
      median(rec.blocks.filter(([t, id, , paused]) => id === track && !paused && t >= at + lo && t <= at + hi).map(([t, , ct]) => t - ct));
    let step = offset(to, 0.4, 1.6) - offset(from, -1.6, -0.4);
    // The element's clock restarted at 0 for the new track (stop-load-start): the old track's length is music, not gap.
    const previous = from === null ? 0 : (durationsS[from] ?? 0);
    if (step > previous / 2) step -= previous;
    const silentMs = (silent / rec.sampleRate) * 1000;
    const stepMs = step * 1000;
    return {
      from,
      to,
      stepMs,
      gapMs: Math.max(silentMs, Math.abs(stepMs)),
      silentMs,
      jumps: rec.jumps.filter(inWindow).length,
      silentAtMs: rec.silentRuns.filter(([t]) => inWindow(t)).map(([t]) => rel(t)),
      jumpAtMs: rec.jumps.filter(inWindow).map(rel),
    };
  });
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
