/**
 * A small deterministic arranger-synthesiser for the demo library: a chord pad, a bass line, an
 * arpeggiated lead and noise/sine drums, arranged in sections (intro, groove, break, outro) and
 * mastered to a loudness target. Notes are rendered one by one from wavetables, so cost grows
 * with the notes played, not with voices × duration (a 90 s track takes a fraction of a second).
 */
import type { DemoTrack, DrumStyle, Mode, Timbre } from './demo-catalogue';
import { integratedLoudness } from './measure-loudness';

export const DEMO_SAMPLE_RATE = 44_100;

const TABLE_SIZE = 4096;
const SCALES: Record<Mode, number[]> = {
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  lydian: [0, 2, 4, 6, 7, 9, 11],
};
/** Harmonic amplitudes per timbre; few enough that a C6 arpeggio stays below Nyquist. */
const HARMONICS: Record<Timbre, number[]> = {
  sine: [1],
  triangle: [1, 0, 1 / 9, 0, 1 / 25, 0, 1 / 49, 0, 1 / 81],
  saw: Array.from({ length: 16 }, (_, i) => 1 / (i + 1)),
  square: Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 / (i + 1) : 0)),
  organ: [1, 0.5, 0.3, 0.25, 0, 0.12, 0, 0.08],
  bell: [1, 0, 0.45, 0, 0.25, 0.18, 0, 0.1],
};

const tables = new Map<Timbre, Float32Array>();
function table(timbre: Timbre): Float32Array {
  let t = tables.get(timbre);
  if (!t) {
    t = new Float32Array(TABLE_SIZE);
    const h = HARMONICS[timbre];
    let peak = 0;
    for (let i = 0; i < TABLE_SIZE; i++) {
      let v = 0;
      for (let k = 0; k < h.length; k++) v += h[k]! * Math.sin((2 * Math.PI * (k + 1) * i) / TABLE_SIZE);
      t[i] = v;
      peak = Math.max(peak, Math.abs(v));
    }
    for (let i = 0; i < TABLE_SIZE; i++) t[i]! /= peak;
    tables.set(timbre, t);
  }
  return t;
}

/** mulberry32: tiny, seedable, good enough for humanising; Math.random would break determinism. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const midiHz = (m: number) => 440 * 2 ** ((m - 69) / 12);

interface Note {
  start: number;
  dur: number;
  midi: number;
  amp: number;
  timbre: Timbre;
  pan: number;
  attack: number;
  release: number;
  /** Exponential decay time constant while held; Infinity = sustained. */
  decay: number;
  detune: number;
}

class Mix {
  readonly left: Float32Array;
  readonly right: Float32Array;
  constructor(readonly sr: number, readonly length: number) {
    this.left = new Float32Array(length);
    this.right = new Float32Array(length);
  }

  note(n: Note): void {
    const t = table(n.timbre);
    const start = Math.floor(n.start * this.sr);
    const held = Math.floor(n.dur * this.sr);
    const end = Math.min(this.length, start + held + Math.floor(n.release * this.sr));
    const inc = (midiHz(n.midi) * 2 ** (n.detune / 1200) * TABLE_SIZE) / this.sr;
    const gl = n.amp * Math.cos(((n.pan + 1) * Math.PI) / 4);
    const gr = n.amp * Math.sin(((n.pan + 1) * Math.PI) / 4);
    const attack = Math.max(1, n.attack * this.sr);
    const decayPerSample = Number.isFinite(n.decay) ? Math.exp(-1 / (n.decay * this.sr)) : 1;
    const releasePerSample = Math.exp(-1 / (Math.max(0.005, n.release / 5) * this.sr));
    const wrap = TABLE_SIZE * 1024;
    const left = this.left;
    const right = this.right;
    let phase = 0;
    let env = 1;
    for (let i = Math.max(0, start); i < end; i++) {
      const k = i - start;
      env *= k < held ? decayPerSample : releasePerSample;
      const a = k < attack ? (env * k) / attack : env;
      // `phase` is a float; `&` truncates it to an int32 table index, so keep it bounded.
      const v = t[phase & (TABLE_SIZE - 1)]! * a;
      left[i]! += v * gl;
      right[i]! += v * gr;
      phase += inc;
      if (phase >= wrap) phase -= wrap;
    }
  }

  /** Kick: a sine swept down from ~130 Hz, the classic 808-ish thump. */
  kick(at: number, amp: number): void {
    const start = Math.floor(at * this.sr);
    const len = Math.floor(0.35 * this.sr);
    let phase = 0;
    for (let k = 0; k < len && start + k < this.length; k++) {
      const s = k / this.sr;
      const f = 45 + 85 * Math.exp(-s / 0.03);
      phase += (2 * Math.PI * f) / this.sr;
      const v = Math.sin(phase) * Math.exp(-s / 0.12) * amp;
      this.left[start + k]! += v;
      this.right[start + k]! += v;
    }
  }

  /** Snare and hats: white noise, differentiated for brightness, with a fast decay. */
  noise(at: number, amp: number, decay: number, bright: boolean, rand: () => number, pan: number): void {
    const start = Math.floor(at * this.sr);
    const len = Math.floor(decay * 6 * this.sr);
    const gl = Math.cos(((pan + 1) * Math.PI) / 4);
    const gr = Math.sin(((pan + 1) * Math.PI) / 4);
    let prev = 0;
    for (let k = 0; k < len && start + k < this.length; k++) {
      const w = rand() * 2 - 1;
      const v = (bright ? (w - prev) * 0.5 : w) * Math.exp(-k / this.sr / decay) * amp;
      prev = w;
      this.left[start + k]! += v * gl;
      this.right[start + k]! += v * gr;
    }
  }
}

function chord(spec: DemoTrack, degree: number, octave: number, size = 3): number[] {
  const scale = SCALES[spec.mode];
  return Array.from({ length: size }, (_, i) => {
    const d = degree + 2 * i;
    return spec.rootMidi + 12 * (octave + Math.floor(d / 7)) + scale[d % 7]!;
  });
}

function drums(mix: Mix, style: DrumStyle, barStart: number, beat: number, rand: () => number): void {
  if (style === 'none') return;
  for (let b = 0; b < 4; b++) {
    const t = barStart + b * beat;
    const kick = style === 'soft' ? b % 2 === 0 : true;
    if (kick) mix.kick(t, style === 'soft' ? 0.5 : 0.8);
    if (style === 'break' && b === 2) mix.kick(t + beat / 2, 0.6);
    if (b % 2 === 1) mix.noise(t, style === 'soft' ? 0.12 : 0.35, 0.05, false, rand, 0.1);
    const hats = style === 'break' ? 4 : 2;
    for (let h = 0; h < hats; h++) {
      mix.noise(t + (h * beat) / hats, (h % 2 === 0 ? 0.1 : 0.06) * (style === 'soft' ? 0.6 : 1), 0.012, true, rand, 0.35);
    }
  }
}

export interface SynthesizedAudio {
  left: Float32Array;
  right: Float32Array;
  sampleRate: number;
  /** What the BS.1770 meter reads after mastering; ingest's ffmpeg should agree within ~1 LU. */
  loudness: number;
}

/** Renders `spec` (optionally at another length) deterministically from `seed`. */
export function synthesizeTrack(spec: DemoTrack, seed: number, seconds = spec.seconds): SynthesizedAudio {
  const sr = DEMO_SAMPLE_RATE;
  const mix = new Mix(sr, Math.round(seconds * sr));
  const rand = prng(seed);
  const beat = 60 / spec.bpm;
  const bar = 4 * beat;
  const bars = Math.ceil(seconds / bar);
  const sustained = spec.drums === 'none';

  for (let b = 0; b < bars; b++) {
    const t0 = b * bar;
    const degree = spec.progression[b % spec.progression.length]!;
    const section = b < 2 ? 'intro' : b >= bars - 2 ? 'outro' : Math.floor(b / 8) % 3 === 2 ? 'break' : 'groove';

    chord(spec, degree, 1, 4).forEach((m, i) => {
      for (const side of [-1, 1]) {
        mix.note({
          start: t0, dur: bar, midi: m, amp: 0.07, timbre: spec.pad, pan: side * (0.3 + 0.1 * i),
          attack: sustained ? bar / 3 : 0.08, release: bar / 3, decay: Infinity, detune: side * 6,
        });
      }
    });
    if (section === 'intro') continue;

    const bassSteps = sustained ? 1 : spec.bpm > 110 ? 8 : 4;
    for (let s = 0; s < bassSteps; s++) {
      const fifth = s % 4 === 3 && !sustained;
      mix.note({
        start: t0 + (s * bar) / bassSteps, dur: (bar / bassSteps) * 0.85,
        midi: chord(spec, degree, 0)[fifth ? 2 : 0]!, amp: 0.28, timbre: 'triangle', pan: 0,
        attack: 0.005, release: 0.05, decay: sustained ? 2 : 0.35, detune: 0,
      });
    }
    if (section !== 'break') drums(mix, spec.drums, t0, beat, rand);

    // Arpeggio: 8th or 16th notes over the chord, with seeded skips and octave jumps.
    const steps = spec.bpm < 90 ? 8 : 16;
    const tones = chord(spec, degree, 2, 4);
    for (let s = 0; s < steps; s++) {
      if (section === 'outro' && s % 2 === 1) continue;
      if (rand() < 0.2) continue;
      const m = tones[(s + Math.floor(rand() * 2)) % tones.length]! + (rand() < 0.15 ? 12 : 0);
      mix.note({
        start: t0 + (s * bar) / steps + (rand() - 0.5) * 0.006, dur: bar / steps,
        midi: m, amp: 0.12 + rand() * 0.05, timbre: spec.lead, pan: (rand() - 0.5) * 0.8,
        attack: 0.004, release: spec.lead === 'bell' ? 0.6 : 0.12, decay: spec.lead === 'bell' ? 0.5 : 0.25, detune: 0,
      });
    }
  }

  // Fades: short in, longer out (a quarter of short test tracks, 3 s otherwise).
  const fadeIn = Math.min(0.5, seconds / 10) * sr;
  const fadeOut = Math.min(3, seconds / 4) * sr;
  for (let i = 0; i < mix.length; i++) {
    const g = Math.min(1, i / fadeIn, (mix.length - i) / fadeOut);
    mix.left[i]! *= g;
    mix.right[i]! *= g;
  }
  return master(mix, spec.targetLufs);
}

/**
 * Gain into a tanh saturator, iterated until the meter reads the target: a quiet target is
 * plain gain (tanh is linear near zero), a hot one is squashed like a loud commercial master.
 * The iteration runs on a 20 s excerpt from the middle (the groove the gate keeps anyway), so
 * mastering costs about one full-length pass instead of nine.
 */
function master(mix: Mix, target: number): SynthesizedAudio {
  const { left, right, sr } = mix;
  const excerptLen = Math.min(left.length, 20 * sr);
  const from = Math.floor((left.length - excerptLen) / 2);
  const exL = left.subarray(from, from + excerptLen);
  const exR = right.subarray(from, from + excerptLen);
  const tmpL = new Float32Array(excerptLen);
  const tmpR = new Float32Array(excerptLen);
  const saturate = (inL: Float32Array, inR: Float32Array, outL: Float32Array, outR: Float32Array, gain: number) => {
    for (let i = 0; i < inL.length; i++) {
      outL[i] = Math.tanh(inL[i]! * gain);
      outR[i] = Math.tanh(inR[i]! * gain);
    }
  };
  let gain = 10 ** ((target - integratedLoudness([exL, exR], sr)) / 20);
  for (let i = 0; i < 8; i++) {
    saturate(exL, exR, tmpL, tmpR, gain);
    const loudness = integratedLoudness([tmpL, tmpR], sr);
    if (Math.abs(loudness - target) <= 0.2) break;
    // Saturation gives back less than the gain put in, so push a little harder when short.
    gain *= 10 ** ((target - loudness) / 20) * (loudness > target ? 1 : 1.15);
  }
  const outL = new Float32Array(left.length);
  const outR = new Float32Array(right.length);
  saturate(left, right, outL, outR, gain);
  return { left: outL, right: outR, sampleRate: sr, loudness: integratedLoudness([outL, outR], sr) };
}
