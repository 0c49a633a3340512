import { describe, expect, it } from 'vitest';
import { volumeForGain } from '../../src/player/loudness';
import { createPlayerConfig, fitBuffersToBudget, toShakaConfig } from '../../src/player/player-config';

describe('volumeForGain', () => {
  it('turns negative gains into linear volume', () => {
    expect(volumeForGain(0)).toBe(1);
    expect(volumeForGain(-6)).toBeCloseTo(0.501, 3);
    expect(volumeForGain(-20)).toBeCloseTo(0.1, 5);
  });

  it('plays positive gains at unity and survives garbage', () => {
    expect(volumeForGain(4)).toBe(1);
    expect(volumeForGain(Number.NaN)).toBe(1);
  });
});

describe('player config', () => {
  it('keeps the music defaults within a 12 MB SourceBuffer', () => {
    const cfg = createPlayerConfig();
    expect(fitBuffersToBudget(cfg)).toEqual(cfg);
    const shaka = toShakaConfig(cfg) as { streaming: Record<string, unknown>; abr: Record<string, unknown> };
    expect(shaka.streaming).toMatchObject({ bufferingGoal: 30, rebufferingGoal: 0.5, bufferBehind: 15 });
    expect(shaka.abr).toMatchObject({ enabled: true, defaultBandwidthEstimate: 1_000_000 });
  });

  it('shrinks buffer goals for a small budget', () => {
    const tiny = fitBuffersToBudget({ ...createPlayerConfig(), sourceBufferBytes: 1024 * 1024 });
    expect(tiny.bufferingGoalS + tiny.bufferBehindS).toBeLessThanOrEqual(Math.floor((512 * 1024) / 40_000));
    expect(tiny.bufferingGoalS).toBeGreaterThan(tiny.rebufferingGoalS);
  });
});
