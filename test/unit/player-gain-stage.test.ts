import { describe, expect, it, vi } from 'vitest';
import { ElementVolumeGain, MAX_BOOST_DB, WebAudioGain, type AudioContextLike } from '../../src/player/gain-stage';

class FakeMedia extends EventTarget {
  volume = 1;
  paused = true;
}

function fakeContext(initial: AudioContextState = 'running', opts: { routeThrows?: boolean } = {}) {
  const gain = { gain: { value: 1 }, connect: vi.fn((n: unknown) => n) };
  const source = { connect: vi.fn((n: unknown) => n) };
  const events = new EventTarget();
  const ctx = {
    state: initial,
    addEventListener: events.addEventListener.bind(events),
    suspend: () => {
      ctx.state = 'suspended';
      events.dispatchEvent(new Event('statechange'));
    },
    destination: {} as AudioDestinationNode,
    resume: vi.fn(async () => {
      ctx.state = 'running';
    }),
    createGain: vi.fn(() => gain as unknown as GainNode),
    createMediaElementSource: vi.fn(() => {
      if (opts.routeThrows) throw new DOMException('already connected', 'InvalidStateError');
      return source as unknown as MediaElementAudioSourceNode;
    }),
  };
  return { ctx: ctx as unknown as AudioContextLike & { state: AudioContextState }, gain, source, raw: ctx };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('gain stages', () => {
  it('element volume attenuates but cannot raise', () => {
    const media = new FakeMedia();
    const stage = new ElementVolumeGain(media as unknown as HTMLMediaElement);
    stage.apply(-6);
    expect(media.volume).toBeCloseTo(0.501, 3);
    stage.apply(+8);
    expect(media.volume).toBe(1);
    expect(stage.boosts).toBe(false);
  });

  it('web audio raises a quiet track through a GainNode and leaves the element at full volume', () => {
    const media = new FakeMedia();
    const { ctx, gain, raw } = fakeContext();
    const stage = new WebAudioGain(media as unknown as HTMLMediaElement, () => ctx);
    stage.apply(+8);
    expect(stage.boosts).toBe(true);
    expect(gain.gain.value).toBeCloseTo(2.512, 3);
    expect(media.volume).toBe(1);
    stage.apply(-3);
    expect(gain.gain.value).toBeCloseTo(0.708, 3);
    // Routed once: a second track reuses the graph.
    expect(raw.createMediaElementSource).toHaveBeenCalledTimes(1);
  });

  it("a listener's level (a phone's SET_VOLUME) multiplies the loudness gain and survives track changes", () => {
    const media = new FakeMedia();
    const element = new ElementVolumeGain(media as unknown as HTMLMediaElement);
    element.apply(-6);
    element.setLevel(0.5);
    expect(media.volume).toBeCloseTo(0.2505, 3);
    element.apply(0); // the next track's gain keeps the level
    expect(media.volume).toBeCloseTo(0.5, 3);
    element.setLevel(Number.NaN); // bad input from outside does not silence or throw
    expect(media.volume).toBe(1);

    const routed = new FakeMedia();
    const { ctx, gain } = fakeContext();
    const web = new WebAudioGain(routed as unknown as HTMLMediaElement, () => ctx);
    web.setLevel(0.25); // before routing: on the element
    expect(routed.volume).toBeCloseTo(0.25, 3);
    web.apply(+8);
    expect(gain.gain.value).toBeCloseTo(2.512 * 0.25, 3);
    expect(routed.volume).toBe(1);
    web.setLevel(2); // clamped to 1
    expect(gain.gain.value).toBeCloseTo(2.512, 3);
  });

  it('prepare() creates the context ahead of the first play but routes nothing until apply()', () => {
    const media = new FakeMedia();
    const { ctx, raw } = fakeContext();
    const create = vi.fn(() => ctx);
    const stage = new WebAudioGain(media as unknown as HTMLMediaElement, create);
    stage.prepare();
    stage.prepare();
    expect(create).toHaveBeenCalledTimes(1);
    expect(raw.createMediaElementSource).not.toHaveBeenCalled();
    expect(stage.boosts).toBe(false);
    stage.apply(+4);
    expect(create).toHaveBeenCalledTimes(1);
    expect(stage.boosts).toBe(true);
  });

  it('caps the boost, so a near-silent recording is not raised into hiss', () => {
    const media = new FakeMedia();
    const { ctx, gain } = fakeContext();
    const stage = new WebAudioGain(media as unknown as HTMLMediaElement, () => ctx);
    stage.apply(+30);
    expect(gain.gain.value).toBeCloseTo(10 ** (MAX_BOOST_DB / 20), 3);
    expect(stage.gainDb).toBe(30);
  });

  it('waits for a suspended context before routing, attenuating with volume meanwhile', async () => {
    const media = new FakeMedia();
    const { ctx, raw } = fakeContext('suspended');
    const stage = new WebAudioGain(media as unknown as HTMLMediaElement, () => ctx);
    stage.apply(-6);
    expect(raw.createMediaElementSource).not.toHaveBeenCalled();
    expect(media.volume).toBeCloseTo(0.501, 3);
    await settle();
    expect(stage.boosts).toBe(true);
    expect(media.volume).toBe(1);
  });

  it('asks a context the platform suspended to run again on every play', async () => {
    const media = new FakeMedia();
    const { ctx, raw } = fakeContext();
    const stage = new WebAudioGain(media as unknown as HTMLMediaElement, () => ctx);
    stage.apply(0);
    raw.state = 'suspended';
    media.dispatchEvent(new Event('play'));
    expect(raw.resume).toHaveBeenCalledTimes(1);
  });

  it('resumes a context the platform suspends while the element plays, not while it is paused', () => {
    const media = new FakeMedia();
    const { ctx, raw } = fakeContext();
    const stage = new WebAudioGain(media as unknown as HTMLMediaElement, () => ctx);
    stage.apply(0);
    raw.suspend();
    expect(raw.resume).not.toHaveBeenCalled();
    media.paused = false;
    raw.suspend();
    expect(raw.resume).toHaveBeenCalledTimes(1);
  });

  it('falls back to volume for good when routing throws: the boost is lost, never the sound', () => {
    const media = new FakeMedia();
    const { ctx, raw } = fakeContext('running', { routeThrows: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stage = new WebAudioGain(media as unknown as HTMLMediaElement, () => ctx);
    stage.apply(-6);
    stage.apply(-2);
    expect(stage.boosts).toBe(false);
    expect(media.volume).toBeCloseTo(0.794, 3);
    expect(raw.createMediaElementSource).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
