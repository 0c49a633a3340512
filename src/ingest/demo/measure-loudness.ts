/**
 * ITU-R BS.1770-4 integrated loudness (K-weighting, 400 ms blocks with 75 % overlap, absolute
 * gate -70 LUFS, relative gate -10 LU), so the demo synthesiser can aim at a loudness before
 * ffmpeg measures it for real at ingest. Filter coefficients for any sample rate follow
 * libebur128 (ebur128.c, ebur128_init_filter).
 */
function biquad(x: Float32Array, b: number[], a: number[]): Float64Array {
  const y = new Float64Array(x.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i]!;
    const y0 = b[0]! * x0 + b[1]! * x1 + b[2]! * x2 - a[1]! * y1 - a[2]! * y2;
    x2 = x1; x1 = x0; y2 = y1; y1 = y0;
    y[i] = y0;
  }
  return y;
}

function kWeight(x: Float32Array, fs: number): Float64Array {
  let f0 = 1681.974450955533;
  const G = 3.999843853973347;
  let Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / fs);
  const Vh = 10 ** (G / 20);
  const Vb = Vh ** 0.4996667741545416;
  let a0 = 1 + K / Q + K * K;
  const shelfB = [(Vh + (Vb * K) / Q + K * K) / a0, (2 * (K * K - Vh)) / a0, (Vh - (Vb * K) / Q + K * K) / a0];
  const shelfA = [1, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0];
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / fs);
  a0 = 1 + K / Q + K * K;
  const hpA = [1, (2 * (K * K - 1)) / a0, (1 - K / Q + K * K) / a0];
  const shelved = biquad(x, shelfB, shelfA);
  return biquad(Float32Array.from(shelved), [1, -2, 1], hpA);
}

/** Integrated loudness in LUFS of planar channels (left/right weighted 1.0 each). */
export function integratedLoudness(channels: Float32Array[], sampleRate: number): number {
  const step = Math.round(sampleRate * 0.1);
  const n = channels[0]?.length ?? 0;
  const steps = Math.floor(n / step);
  const power = new Float64Array(steps);
  for (const ch of channels) {
    const w = kWeight(ch, sampleRate);
    for (let s = 0; s < steps; s++) {
      let sum = 0;
      for (let i = s * step, end = i + step; i < end; i++) sum += w[i]! * w[i]!;
      power[s]! += sum / step;
    }
  }
  const blocks: number[] = [];
  for (let s = 0; s + 4 <= steps; s++) {
    blocks.push((power[s]! + power[s + 1]! + power[s + 2]! + power[s + 3]!) / 4);
  }
  const lufs = (p: number) => -0.691 + 10 * Math.log10(p);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const absGated = blocks.filter((p) => lufs(p) > -70);
  if (absGated.length === 0) return -70;
  const relative = lufs(mean(absGated)) - 10;
  const gated = absGated.filter((p) => lufs(p) > relative);
  return lufs(mean(gated));
}
