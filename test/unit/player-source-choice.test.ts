import { describe, expect, it } from 'vitest';
import { chooseSource } from '../../src/player/source-choice';

const info = (codecs: string[]) => ({
  manifestUrl: '/media/tracks/abc/manifest.mpd',
  progressiveUrl: '/media/tracks/abc/progressive.m4a',
  progressiveMimeType: 'audio/mp4',
  ladder: codecs.map((codec, i) => ({ codec, bitrate: (i + 1) * 96_000 })),
});
const device = (codecs: string[], files: string[] = ['audio/mp4']) => ({
  canPlayCodec: (c: string) => codecs.includes(c),
  canPlayFile: (t: string) => files.includes(t),
});

describe('chooseSource', () => {
  it('streams DASH when the device decodes any rendition of the ladder', () => {
    expect(chooseSource(info(['opus', 'mp4a.40.2']), device(['mp4a.40.2']))).toEqual({ kind: 'dash', url: '/media/tracks/abc/manifest.mpd' });
  });

  it('falls back to the progressive file when MSE decodes none of it (Opus-only ladder on a Tizen 4 profile)', () => {
    expect(chooseSource(info(['opus']), device(['mp4a.40.2']))).toEqual({
      kind: 'progressive',
      url: '/media/tracks/abc/progressive.m4a',
      mimeType: 'audio/mp4',
    });
  });

  it('returns null when neither source plays here', () => {
    expect(chooseSource(info(['flac']), device(['mp4a.40.2'], []))).toBeNull();
  });

  it('trusts the manifest when the catalogue lists no codecs', () => {
    expect(chooseSource(info([]), device([]))?.kind).toBe('dash');
  });
});
