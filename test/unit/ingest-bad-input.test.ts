/**
 * What a hostile or merely strange music folder does to the ingest, with real files: a 1 MB
 * title tag written by ffmpeg, a named pipe, a socket, a device behind a link, symlink loops, a
 * folder linked from outside the tree, and file names holding a newline and U+202E. Through the
 * CLI (the front door, stdout piped like a CI log) and the BFF that serves the result.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_UNITS, type AlbumResponse } from '../../src/protocol';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores } from '../../src/store';
import { buildFixtureAppFromStores } from '../fixtures/fixture-app';
import { resolveFfmpegPath } from '../../src/ingest/ffmpeg-binary';
import { makeTone } from './support/make-audio';

const CLI = path.resolve('src/ingest/cli.ts');
// "Ö" decomposed (O + U+0308): a cut by code units at the bound would strand the O without its mark.
const O_UMLAUT = 'O\u0308';
const HUGE_TITLE = `${O_UMLAUT.repeat(200)}${'x'.repeat(1024 * 1024)}`;
const EVIL_NAME = '02 line\nbreak [3/9] ingested fake\u202Ecalf.flac';

/** A FLAC whose title tag is `title`, written by ffmpeg from an ffmetadata file (argv caps one argument at 128 KB). */
function writeFlacWithTitle(file: string, title: string, tags: Record<string, string>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const escape = (v: string) => v.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
  const meta = `${file}.ffmeta`;
  const lines = [';FFMETADATA1', `title=${escape(title)}`, ...Object.entries(tags).map(([k, v]) => `${k}=${escape(v)}`)];
  fs.writeFileSync(meta, `${lines.join('\n')}\n`);
  execFileSync(resolveFfmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'sine=frequency=330:duration=1',
    '-f', 'ffmetadata', '-i', meta, '-map_metadata', '1', '-c:a', 'flac', file,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  fs.rmSync(meta);
}

function runCli(folder: string, dataDir: string, ...extra: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, folder, '--concurrency', '2', ...extra], {
      env: { ...process.env, ENCORE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ingest of a hostile folder (CLI)', () => {
  let tmp: string;
  let root: string;
  let outside: string;
  let dataDir: string;
  let socketServer: net.Server;
  let run: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-bad-input-'));
    root = path.join(tmp, 'library');
    outside = path.join(tmp, 'other-disk');
    dataDir = path.join(tmp, 'data');

    writeFlacWithTitle(path.join(root, 'Huge/Tags/01 Long.flac'), HUGE_TITLE, { artist: 'Huge', album: 'Tags', track: '1' });
    makeTone(path.join(root, 'Huge/Tags', EVIL_NAME), { seconds: 1, tags: { artist: 'Huge', album: 'Tags', track: '2' } });
    makeTone(path.join(outside, 'Linked Artist/Away/01 Far.flac'), { seconds: 1 });

    execFileSync('mkfifo', [path.join(root, 'Huge/Tags/03 pipe.flac')]);
    socketServer = net.createServer();
    await new Promise<void>((resolve) => socketServer.listen(path.join(root, 'Huge/player.sock'), resolve));
    fs.symlinkSync('/dev/zero', path.join(root, 'Huge/Tags/04 zero.mp3'));
    // A loop back to an ancestor, a link to itself, a second way into a folder, one from outside.
    fs.symlinkSync('..', path.join(root, 'Huge/Tags/up'));
    fs.symlinkSync('self', path.join(root, 'Huge/self'));
    fs.symlinkSync(path.join(root, 'Huge'), path.join(root, 'Again'));
    fs.symlinkSync(path.join(outside, 'Linked Artist'), path.join(root, 'Linked Artist'));

    run = await runCli(root, dataDir);
  }, 180_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => socketServer?.close(() => resolve()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ingests the real files, including a folder linked from outside the tree, and fails none', async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Ingested 3, unchanged 0, removed 0, failed 0, skipped 6 /);
    const stores = openSqliteStores(path.join(dataDir, 'encore.db'));
    const store = stores.catalogue;
    try {
      const sources = (await store.sourcesUnder(root)).map((s) => path.relative(root, s.sourcePath)).sort();
      expect(sources).toEqual(['Huge/Tags/01 Long.flac', `Huge/Tags/${EVIL_NAME}`, 'Linked Artist/Away/01 Far.flac']);
    } finally {
      await stores.close();
    }
  });

  it('reports each special file and each loop with its reason, one line each', async () => {
    const skipped = run.stdout.slice(run.stdout.indexOf('Skipped:')).split('\n').slice(1).filter(Boolean);
    expect(skipped).toEqual([
      'Again: link to a folder already walked at ' + path.join(root, 'Huge'),
      'Huge/Tags/03 pipe.flac: named pipe (FIFO), not a regular file',
      'Huge/Tags/04 zero.mp3: device file, not a regular file',
      `Huge/Tags/up: link loops back to its own ancestor folder ${path.join(root, 'Huge')}`,
      'Huge/player.sock: socket, not a regular file',
      'Huge/self: link loops (ELOOP): it resolves to itself',
    ].map((line) => `  ${line}`));
  });

  it('prints a file name holding a newline and U+202E escaped, so each progress line stays one line', async () => {
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('ingest ['));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^ingest \[\d\/3\] (ingested|unchanged|failed) \S/);
    expect(lines.some((l) => l.endsWith('Huge/Tags/02 line\\nbreak [3/9] ingested fake\\u{202e}calf.flac'))).toBe(true);
    expect(run.stdout).not.toContain('\u202E');
  });

  it('stores a 1 MB title cut at a grapheme boundary, and the album response stays small', async () => {
    const config = resolveConfig({ ENCORE_DATA_DIR: dataDir });
    const stores = openSqliteStores(config.dbPath);
    const store = stores.catalogue;
    const app = await buildFixtureAppFromStores(config, stores);
    try {
      const rec = (await store.sourceRecord(path.join(root, 'Huge/Tags/01 Long.flac')))!;
      const track = (await store.track(rec.trackId))!;
      expect(track.title.length).toBeLessThanOrEqual(MAX_TEXT_UNITS);
      // 149 whole graphemes (298 code units) and the ellipsis; the 150th would not fit whole.
      expect(track.title).toBe(`${O_UMLAUT.repeat(149)}…`);
      const res = await app.inject({ url: `/api/v1/albums/${track.albumId}` });
      expect(res.statusCode).toBe(200);
      const album = res.json<AlbumResponse>();
      // Each track also carries its start (manifest and init segment, ~3.5 KB): the rest is bounded.
      const starts = album.tracks.reduce((sum, t) => sum + (t.playback ? JSON.stringify(t.playback).length : 0), 0);
      expect(res.body.length - starts).toBeLessThan(8 * 1024);
      expect(album.tracks.map((t) => t.title)).toContain(track.title);
    } finally {
      await app.close();
      await stores.close();
    }
  });

  it('keeps the tracks of a linked folder whose target went offline, even with --prune', async () => {
    fs.renameSync(outside, `${outside}-unmounted`);
    try {
      const again = await runCli(root, dataDir, '--prune');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/Ingested 0, unchanged 2, removed 0, failed 1/);
      expect(again.stdout).toContain('  Linked Artist: link target unavailable (ENOENT)');
      expect(again.stdout).not.toMatch(/files are gone/);
    } finally {
      fs.renameSync(`${outside}-unmounted`, outside);
    }
  });
});
