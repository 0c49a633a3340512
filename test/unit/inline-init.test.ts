/**
 * The start rung's init segment inlined next to the manifest, round trip: a track packaged by the
 * real transcoder (ffmpeg 5.1 DASH) sits in a fixture track's media folder; the album screen (real
 * BFF over inject, real SQLite) carries its manifest and its top rung's init segment; the page's
 * manifest memory points that Representation's initialization at memory, and what memory serves
 * there is byte for byte what the init URL serves over HTTP, while every other URL of the
 * manifest stays the file's. Tracks whose manifest has no such Representation (the fixture's
 * hand-written ones) carry the manifest alone, and the screen payload grows by about one base64
 * init per startable track.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initSegmentFile, MANIFEST_FILE, trackMediaPath } from '../../src/config/encore-config';
import { resolveFfmpegPath } from '../../src/ingest/ffmpeg-binary';
import { TrackTranscoder } from '../../src/ingest/track-transcoder';
import { ManifestMemory } from '../../src/player/manifest-memory';
import { ApiPath, type AlbumResponse, type InlineInit } from '../../src/protocol';
import { ManifestCache } from '../../src/server/manifest-cache';
import { fixtureContentHash, FIXTURE_IDS, FIXTURE_TRACKS } from '../fixtures/catalogue-fixture';
import { useFixtureApp } from '../fixtures/fixture-app';

const bff = useFixtureApp();
/** The fixture track whose folder gets real DASH output. */
const packaged = FIXTURE_TRACKS.find((t) => t.album.id === FIXTURE_IDS.albums.dawn)!;
const PAGE = 'http://tv.test';

/** The initialization URL of a Representation in a manifest text, or null. */
function initializationOf(text: string, representation: string): string | null {
  const rep = new RegExp(`<Representation\\b[^>]*\\bid="${representation}"[^>]*>([\\s\\S]*?)</Representation>`).exec(text);
  return rep ? (/initialization="([^"]*)"/.exec(rep[1]!)?.[1] ?? null) : null;
}

beforeAll(async () => {
  const dir = path.join(bff.fx.config.mediaDir, trackMediaPath(fixtureContentHash(packaged.id)));
  const source = path.join(bff.fx.dir, 'tone.wav');
  execFileSync(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=5', source]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await new TrackTranscoder(resolveFfmpegPath()).transcode(source, dir);
}, 60_000);

describe('the start rung’s init segment, inlined', () => {
  it('the album screen carries the top rung’s init; from memory it is the bytes its URL serves, and the other URLs are the file’s', async () => {
    const album = (await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.albums.dawn) })).json() as AlbumResponse;
    const track = album.tracks.find((t) => t.id === packaged.id)!;
    const start = track.playback!;
    expect(start.init?.representation).toBe(String(start.ladder.length - 1));
    const manifestUrl = `${PAGE}${start.manifestUrl}`;

    const memory = new ManifestMemory();
    const uri = memory.put(manifestUrl, start.manifest!, start.init);
    const remembered = memory.get(uri)!;
    const initUri = initializationOf(remembered.text, start.init!.representation)!;
    expect(initUri).toMatch(/^encore-mpd:\/\/i\/\d+\.m4s$/);

    // What the network would have served at the initialization URL the file names.
    const fileInit = new URL(initializationOf(start.manifest!, start.init!.representation)!.replace('$RepresentationID$', start.init!.representation), manifestUrl);
    const served = await bff.app.inject({ url: fileInit.pathname });
    expect(served.statusCode).toBe(200);
    const segment = memory.segment(initUri)!;
    expect(segment.url).toBe(fileInit.href);
    expect(Buffer.from(segment.data).equals(served.rawPayload)).toBe(true);

    // Only that one attribute changed: the other rungs still fetch their init, segments their media.
    expect(remembered.text.replace(initUri, 'init-$RepresentationID$.m4s')).toBe(start.manifest);
    for (const other of ['0', '1']) expect(initializationOf(remembered.text, other)).toBe('init-$RepresentationID$.m4s');
  });

  it('a manifest without a Representation of that id (the fixture’s) is inlined without an init', async () => {
    const album = (await bff.app.inject({ url: ApiPath.album(FIXTURE_IDS.albums.dawn) })).json() as AlbumResponse;
    const others = album.tracks.filter((t) => t.id !== packaged.id);
    expect(others.length).toBeGreaterThan(0);
    for (const t of others) {
      expect(t.playback?.manifest).toContain('<MPD');
      expect(t.playback?.init).toBeUndefined();
    }
  });

  it('the playback-info call stays without manifest and init (it is not a list)', async () => {
    const info = (await bff.app.inject({ url: ApiPath.playback(packaged.id) })).json() as Record<string, unknown>;
    expect(info.manifest).toBeUndefined();
    expect(info.init).toBeUndefined();
  });

  it('adds one base64 init per track, about 1 KB, no more', async () => {
    const cache = new ManifestCache(bff.fx.config.mediaDir);
    const hash = fixtureContentHash(packaged.id);
    const media = cache.start(hash, 2)!;
    const file = fs.readFileSync(path.join(bff.fx.config.mediaDir, trackMediaPath(hash), initSegmentFile(2)));
    expect(Buffer.from(media.init!.data, 'base64').equals(file)).toBe(true);
    expect(JSON.stringify(media.init).length).toBeLessThan(1200);
    // No such rung, no init: the manifest alone.
    expect(cache.start(hash, 7)).toEqual({ manifest: fs.readFileSync(path.join(bff.fx.config.mediaDir, trackMediaPath(hash), MANIFEST_FILE), 'utf8') });
  });
});

describe('ManifestMemory with an init segment', () => {
  const MPD = (reps: string) => `<MPD><Period><AdaptationSet>${reps}</AdaptationSet></Period></MPD>`;
  const rep = (id: string, init = 'init-$RepresentationID$.m4s') =>
    `<Representation id="${id}" bandwidth="1"><SegmentTemplate initialization="${init}" media="c-$Number$.m4s"/></Representation>`;
  const init = (representation: string, bytes: number[]): InlineInit => ({ representation, data: Buffer.from(bytes).toString('base64') });
  const url = 'http://bff.test/media/tracks/h/manifest.mpd';

  it('leaves the manifest alone where it has no single initialization of that Representation’s own', () => {
    const shared = `<MPD><Period><AdaptationSet><SegmentTemplate initialization="init.m4s"/>${'<Representation id="2" bandwidth="1"></Representation>'}</AdaptationSet></Period></MPD>`;
    for (const text of [MPD(rep('1')), shared, MPD(rep('2').replace('</Representation>', '<SegmentTemplate initialization="x"/></Representation>'))]) {
      const memory = new ManifestMemory();
      expect(memory.get(memory.put(url, text, init('2', [1, 2, 3])))!.text).toBe(text);
    }
  });

  it('a self-closing Representation has no initialization of its own, and the one after it is still found', () => {
    const bare = (id: string) => `<Representation id="${id}" bandwidth="1"/>`;
    const shared = (reps: string) => MPD(`<SegmentTemplate initialization="init-$RepresentationID$.m4s" media="c-$Number$.m4s"/>${reps}`);
    for (const text of [shared(bare('0') + rep('1')), MPD(bare('0') + rep('1'))]) {
      const memory = new ManifestMemory();
      expect(memory.get(memory.put(url, text, init('0', [1, 2, 3])))!.text).toBe(text);
      const inlined = memory.get(memory.put(url, text, init('1', [4, 5])))!.text;
      const initUri = initializationOf(inlined, '1')!;
      expect(inlined.replace(initUri, 'init-$RepresentationID$.m4s')).toBe(text);
      expect([...memory.segment(initUri)!.data]).toEqual([4, 5]);
      expect(memory.segment(initUri)!.url).toBe('http://bff.test/media/tracks/h/init-1.m4s');
    }
  });

  it('over generated MPD shapes, only a Representation with one initialization of its own is pointed at memory, and nothing else changes', () => {
    type Kind = 'own' | 'bare' | 'empty' | 'segmentBase' | 'twice';
    const repShape = fc.record({ kind: fc.constantFrom<Kind>('own', 'bare', 'empty', 'segmentBase', 'twice'), idFirst: fc.boolean(), quotedClose: fc.boolean(), spaced: fc.boolean() });
    const shape = fc.array(fc.record({ sharedTemplate: fc.boolean(), reps: fc.array(repShape, { minLength: 1, maxLength: 4 }) }), { minLength: 1, maxLength: 2 });
    const TEMPLATE = '<SegmentTemplate initialization="init-$RepresentationID$.m4s" media="c-$Number$.m4s"/>';
    /** The MPD of `sets`, with `target`'s own initialization replaced by `initUri` when given. */
    const render = (sets: Array<{ sharedTemplate: boolean; reps: Array<{ kind: Kind; idFirst: boolean; quotedClose: boolean; spaced: boolean }> }>, target?: string, initUri?: string) => {
      let n = 0;
      const adaptationSets = sets.map(({ sharedTemplate, reps }) => {
        const body = reps.map((r) => {
          const id = String(n++);
          const attrs = [`id="${id}"`, 'bandwidth="1"', ...(r.quotedClose ? ['label="a/>b"'] : [])];
          const open = `<Representation ${(r.idFirst ? attrs : attrs.reverse()).join(' ')}`;
          const own = TEMPLATE.replace('init-$RepresentationID$.m4s', id === target && initUri ? initUri : 'init-$RepresentationID$.m4s');
          return {
            own: `${open}>${own}</Representation>`,
            bare: `${open}${r.spaced ? ' ' : ''}/>`,
            empty: `${open}></Representation>`,
            segmentBase: `${open}><BaseURL>a.mp4</BaseURL><SegmentBase indexRange="0-99"><Initialization range="0-9"/></SegmentBase></Representation>`,
            twice: `${open}>${TEMPLATE}${TEMPLATE}</Representation>`,
          }[r.kind];
        });
        return `<AdaptationSet mimeType="audio/mp4">${sharedTemplate ? TEMPLATE : ''}${body.join('')}</AdaptationSet>`;
      });
      return `<MPD><Period>${adaptationSets.join('')}</Period></MPD>`;
    };
    fc.assert(
      fc.property(shape, fc.nat(), (sets, pick) => {
        const kinds = sets.flatMap((set) => set.reps.map((r) => r.kind));
        // One id past the last: no such Representation.
        const target = String(pick % (kinds.length + 1));
        const text = render(sets);
        const memory = new ManifestMemory();
        const out = memory.get(memory.put(url, text, init(target, [7])))!.text;
        const initUri = /encore-mpd:\/\/i\/\d+\.m4s/.exec(out)?.[0];
        if (kinds[Number(target)] !== 'own') {
          expect(out).toBe(text);
          return;
        }
        expect(out).toBe(render(sets, target, initUri));
        expect(memory.segment(initUri!)!.url).toBe(`http://bff.test/media/tracks/h/init-${target}.m4s`);
      }),
    );
  });

  it('refuses data that is not base64 by leaving the init out', () => {
    const memory = new ManifestMemory();
    const text = MPD(rep('2'));
    expect(memory.get(memory.put(url, text, { representation: '2', data: '***' }))!.text).toBe(text);
  });

  it('any bytes round-trip, the same put gives the same URI, and an init’s bytes live as long as its manifest, its URL longer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2048 }), fc.constantFrom('0', '1', '2'), (bytes, id) => {
        const memory = new ManifestMemory(2);
        const text = MPD(rep('0') + rep('1') + rep('2'));
        const uri = memory.put(url, text, init(id, [...bytes]));
        expect(memory.put(url, text, init(id, [...bytes]))).toBe(uri);
        const initUri = initializationOf(memory.get(uri)!.text, id)!;
        expect([...memory.segment(initUri)!.data]).toEqual([...bytes]);
        expect(memory.segment(initUri)!.url).toBe(`http://bff.test/media/tracks/h/init-${id}.m4s`);
        memory.put(`${url}?2`, text);
        memory.put(`${url}?3`, text);
        expect(memory.get(uri)).toBeUndefined();
        expect(memory.segment(initUri)).toBeUndefined();
        // The track may still play, and ABR back on this rung asks for its init again: from its URL.
        expect(memory.realUrl(initUri)).toBe(`http://bff.test/media/tracks/h/init-${id}.m4s`);
      }),
    );
  });
});
