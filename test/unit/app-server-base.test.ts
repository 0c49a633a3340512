/**
 * The BFF base of the TV app: read from the packaged index.html's meta tag, and applied to every
 * BFF URL the app makes (screens, artwork, the player's media), against the real BFF via inject.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readServerBase, serverUrl } from '../../src/app/server-base';
import { ApiClient } from '../../src/app/services/api-client';
import { FIXTURE_TRACKS } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';

/** A document holding at most the one meta tag readServerBase looks for. */
const page = (content?: string) => ({
  querySelector: (selector: string) =>
    content !== undefined && selector === 'meta[name="encore-server"]' ? ({ getAttribute: () => content } as unknown as Element) : null,
});

describe('readServerBase', () => {
  it('is empty for the hosted build (no meta): same origin', () => {
    expect(readServerBase(page())).toBe('');
  });

  it('is the packaged BFF URL without trailing slashes', () => {
    expect(readServerBase(page(' http://192.168.1.20:8080/ '))).toBe('http://192.168.1.20:8080');
    expect(readServerBase(page('https://tv.example/encore//'))).toBe('https://tv.example/encore');
  });
});

describe('serverUrl', () => {
  it('resolves against the page when hosted', () => {
    expect(serverUrl('', '/api/v1/home', 'http://tv.local:8080/?device=webos#home')).toBe('http://tv.local:8080/api/v1/home');
  });

  it('points a file:// page at the BFF, keeping a path prefix', () => {
    expect(serverUrl('http://10.0.0.2:8080', '/media/art/ab/240.jpg', 'file:///media/apps/encore/index.html')).toBe(
      'http://10.0.0.2:8080/media/art/ab/240.jpg',
    );
    expect(serverUrl('https://tv.example/encore', '/api/v1/home', 'file:///x/index.html')).toBe('https://tv.example/encore/api/v1/home');
  });
});

describe('ApiClient with a packaged base', () => {
  const base = 'http://10.0.0.2:8080';
  const bff = useFixtureApp();
  const requested: string[] = [];

  /** fetch over inject: the URL must be absolute on the base, the path goes to the real BFF. */
  const fetchViaInject: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    requested.push(url.href);
    const res = await bff.app.inject({ method: 'GET', url: url.pathname, headers: init?.headers as Record<string, string> });
    return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type']) } });
  };

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('fetches from the base and hands the player absolute media URLs', async () => {
    vi.stubGlobal('document', { baseURI: 'file:///media/apps/encore/index.html' });
    const api = new ApiClient(base, fetchViaInject);
    const info = await api.playback(FIXTURE_TRACKS[0]!.id);
    expect(requested.at(-1)).toBe(`${base}/api/v1/tracks/${FIXTURE_TRACKS[0]!.id}/playback`);
    expect(info.manifestUrl).toMatch(new RegExp(`^${base}/media/tracks/[0-9a-f]+/manifest\\.mpd$`));
    expect(info.progressiveUrl).toMatch(new RegExp(`^${base}/media/tracks/[0-9a-f]+/progressive\\.m4a$`));
    expect(api.urlFor('/media/art/ab/240.jpg')).toBe(`${base}/media/art/ab/240.jpg`);
  });
});
