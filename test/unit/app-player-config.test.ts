import { describe, expect, it } from 'vitest';
import { TizenDevice } from '../../devices/tizen';
import { BrowserDevice } from '../../devices/browser';
import { playerConfigFor } from '../../src/app/player-config-for';
import { createPlayerConfig } from '../../src/player/player-config';
import { fakeHost } from '../devices/support/fake-host';

const TIZEN4 = 'Mozilla/5.0 (SMART-TV; Linux; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/2.1 Chrome/56.0.2924.0 TV Safari/537.36';

describe('playerConfigFor: the entry composes the player config from the profile’s answers', () => {
  it('turns stall skipping off where the profile says the pipeline is slow, and leaves the defaults alone', () => {
    const defaults = createPlayerConfig();
    const before = structuredClone(defaults);
    const config = playerConfigFor(new TizenDevice(fakeHost({ userAgent: TIZEN4, supported: ['mp4a.40.2'] })), defaults);
    expect(config.stallSkipEnabled).toBe(false);
    expect(playerConfigFor(new BrowserDevice(fakeHost({ supported: ['mp4a.40.2'] })), defaults).stallSkipEnabled).toBe(true);
    expect(defaults).toEqual(before);
  });

  it('fits ahead + behind into half the SourceBuffer the profile states, at the top bitrate', () => {
    const small = { canPlay: () => true, playbackTuning: () => ({ stallSkip: true, sourceBufferBytes: 2 * 1024 * 1024, gainStage: 'element-volume' as const, gaplessJoin: 'reload' as const, audioPipelines: 1 as const }) };
    const config = playerConfigFor(small);
    const seconds = (config.sourceBufferBytes / 2) / (config.maxBitrateBps / 8);
    expect(config.sourceBufferBytes).toBe(2 * 1024 * 1024);
    expect(config.bufferingGoalS + config.bufferBehindS).toBeLessThanOrEqual(seconds);
    expect(config.bufferingGoalS).toBeGreaterThan(config.rebufferingGoalS);
  });

  it('keeps only the preferred codecs the device can play, and its gain stage', () => {
    const device = { canPlay: (c: string) => c !== 'mp4a.40.2', playbackTuning: () => ({ stallSkip: true, sourceBufferBytes: 12 << 20, gainStage: 'web-audio' as const, gaplessJoin: 'edit-list' as const, audioPipelines: 2 as const }) };
    const config = playerConfigFor(device, { ...createPlayerConfig(), preferredAudioCodecs: ['mp4a.40.2', 'opus'] });
    expect(config.preferredAudioCodecs).toEqual(['opus']);
    expect(config.gainStage).toBe('web-audio');
    expect(config.gaplessJoin).toBe('edit-list');
    expect(config.audioPipelines).toBe(2);
  });
});
