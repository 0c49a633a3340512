/**
 * CATALOGUE_AUDIO (the protocol's word on what the ingest packages, which the TV's engine warms up
 * for before the first Enter) says what the transcoder's ladders make: a ladder changed on one side
 * only would leave the warm-up asking about audio no track has, and the first play waiting again.
 */
import { describe, expect, it } from 'vitest';
import { AAC_LC, LADDERS, OUTPUT_SAMPLE_RATE } from '../../src/ingest/track-transcoder';
import { CATALOGUE_AUDIO } from '../../src/protocol';

describe('CATALOGUE_AUDIO', () => {
  it('is the transcoder’s ladders: codec, channels, sample rate and bitrates', () => {
    const made = Object.values(LADDERS).map((l) => ({
      codec: AAC_LC,
      channels: l.channelLayout === 'stereo' ? 2 : 1,
      sampleRate: OUTPUT_SAMPLE_RATE,
      bitrates: [...l.bitrates],
    }));
    expect(CATALOGUE_AUDIO.map((a) => ({ ...a, bitrates: [...a.bitrates] }))).toEqual(made);
  });
});
