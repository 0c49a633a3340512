/**
 * /media/*: Range requests, content types, immutable caching, and that no request shape (encoded,
 * double-encoded, backslash, absolute, NUL, dotfile, scratch dir) reaches a file it should not.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol';
import { useFixtureApp } from '../fixtures/fixture-app';
import {
  FIXTURE_MEDIA,
  FIXTURE_TRACKS,
  fixtureContentHash,
  patternBytes,
} from '../fixtures/catalogue-fixture';

const hash = fixtureContentHash(FIXTURE_TRACKS[0]!.id);
const track = `/media/tracks/${hash}`;
const art = `/media/art/a1b2c3d4e5f60001`;

const bff = useFixtureApp();

describe('media types and caching', () => {
  it.each([
    [`${track}/manifest.mpd`, 'application/dash+xml'],
    [`${track}/progressive.m4a`, 'audio/mp4'],
    [`${track}/${FIXTURE_MEDIA.segmentFile}`, 'audio/mp4'],
    [`${art}/240.jpg`, 'image/jpeg'],
    [`${art}/240.webp`, 'image/webp'],
  ])('%s is %s, immutable for a year', async (url, type) => {
    const res = await bff.app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['accept-ranges']).toBe('bytes');
  });

  it('serves the exact file bytes', async () => {
    const res = await bff.app.inject({ url: `${art}/240.jpg` });
    expect(res.rawPayload.equals(FIXTURE_MEDIA.jpeg)).toBe(true);
  });
});

describe('Range requests', () => {
  const url = `${track}/progressive.m4a`;
  const all = patternBytes(FIXTURE_MEDIA.progressiveBytes);
  const size = FIXTURE_MEDIA.progressiveBytes;

  it('answers a byte range with 206, Content-Range and exactly those bytes', async () => {
    const res = await bff.app.inject({ url, headers: { range: 'bytes=100-1123' } });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 100-1123/${size}`);
    expect(res.headers['content-length']).toBe('1024');
    expect(res.rawPayload.equals(all.subarray(100, 1124))).toBe(true);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('handles open-ended and suffix ranges', async () => {
    const open = await bff.app.inject({ url, headers: { range: `bytes=${size - 10}-` } });
    expect(open.statusCode).toBe(206);
    expect(open.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
    expect(open.rawPayload.equals(all.subarray(size - 10))).toBe(true);

    const suffix = await bff.app.inject({ url, headers: { range: 'bytes=-16' } });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.equals(all.subarray(size - 16))).toBe(true);
  });

  it('is never compressed, even for a client that accepts Brotli', async () => {
    const res = await bff.app.inject({
      url: `${track}/manifest.mpd`,
      headers: { range: 'bytes=0-9', 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('<?xml vers');
  });

  it('answers 416 JSON with Content-Range */size for a range outside the file', async () => {
    const res = await bff.app.inject({ url, headers: { range: `bytes=${size}-${size + 100}` } });
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${size}`);
    expect(res.json()).toEqual({
      error: ErrorCode.RangeNotSatisfiable,
      message: 'Range not satisfiable',
      statusCode: 416,
    });
  });
});

describe('path safety', () => {
  const attempts = () => [
    '/media/../secret.txt',
    '/media/../data/secret.txt',
    '/media/%2e%2e/secret.txt',
    '/media/%2E%2E/secret.txt',
    '/media/%252e%252e/secret.txt',
    '/media/%252e%252e%252fsecret.txt',
    '/media/..%2fsecret.txt',
    '/media/..%2Fsecret.txt',
    '/media/%2e%2e%5csecret.txt',
    '/media/..\\secret.txt',
    '/media/tracks/..%5c..%5csecret.txt',
    `${track}/../../../secret.txt`,
    `${track}/%2e%2e/%2e%2e/%2e%2e/secret.txt`,
    `${track}/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt`,
    '/media//etc/passwd',
    '/media/%2fetc%2fpasswd',
    `/media/${bff.fx.secret.path}`,
    `/media/${encodeURIComponent(bff.fx.secret.path)}`,
    '/media/%00',
    `${track}/manifest.mpd%00`,
    `${track}/manifest.mpd%00.jpg`,
    '/media/.tmp/partial/manifest.mpd',
    '/media/%2etmp/partial/manifest.mpd',
    `${track}/.secret.m4a`,
    `${track}/%2esecret.m4a`,
    '/%2e%2e/data/secret.txt',
    '/..%2fdata/secret.txt',
    `/media/tracks/${hash}`,
    `${track}/`,
    '/media/',
    // Outside the two content-addressed trees, or not a media type.
    '/media/encore.db',
    `/media/TRACKS/${hash}/manifest.mpd`,
  ];

  it('rejects every traversal, dotfile and scratch-dir attempt without a byte of the secret', async () => {
    for (const url of attempts()) {
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await bff.app.inject({ method, url });
        expect([400, 403, 404], `${method} ${url} → ${res.statusCode}`).toContain(res.statusCode);
        expect(res.body, url).not.toContain(bff.fx.secret.marker);
        if (method === 'GET') expect(res.json().error, url).toMatch(/^ENCORE_ERR_/);
      }
    }
  });

  it('holds on a real socket too, where nothing normalises the request line first', async () => {
    await bff.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = bff.app.server.address() as net.AddressInfo;
    const rawGet = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`),
        );
        let data = '';
        socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
    for (const url of attempts()) {
      const response = await rawGet(url);
      expect(response, url).toMatch(/^HTTP\/1\.1 (400|403|404) /);
      expect(response, url).not.toContain(bff.fx.secret.marker);
    }
    expect(await rawGet(`${track}/manifest.mpd`)).toMatch(/^HTTP\/1\.1 200 /);
  });
});
