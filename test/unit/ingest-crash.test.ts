/**
 * SIGKILL the ingest CLI (and its ffmpeg children, as an OOM kill or power cut would) right after
 * the first track is committed, then check the promises of media-staging.ts: the DB opens and is
 * intact, every row's media exists, and a re-run finishes the rest.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, PROGRESSIVE_FILE, resolveConfig, trackMediaPath } from '../../src/config/encore-config';
import { makeTone } from './support/make-audio';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(REPO, 'src/ingest/cli.ts');
const FILE_COUNT = 8;

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(folder: string, dataDir: string, killAfterFirstIngest: boolean): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // detached: the CLI leads its own process group, so one kill takes ffmpeg down with it.
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, folder], {
      cwd: REPO,
      env: { ...process.env, ENCORE_DATA_DIR: dataDir, ENCORE_INGEST_CONCURRENCY: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (killAfterFirstIngest && / ingested /.test(stdout) && child.pid) {
        killAfterFirstIngest = false;
        // Wait until the next track's ffmpeg is writing into .tmp, so the kill lands mid-write.
        const pid = child.pid;
        const tmpRoot = path.join(dataDir, 'media', '.tmp');
        const started = Date.now();
        const poll = setInterval(() => {
          const busy = fs.existsSync(tmpRoot) &&
            fs.readdirSync(tmpRoot).some((d) => fs.readdirSync(path.join(tmpRoot, d)).length > 0);
          if (busy || Date.now() - started > 5000) {
            clearInterval(poll);
            process.kill(-pid, 'SIGKILL');
          }
        }, 5);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('ingest crash safety', () => {
  let tmp: string;
  let folder: string;
  let dataDir: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-crash-'));
    folder = path.join(tmp, 'library');
    dataDir = path.join(tmp, 'data');
    for (let i = 1; i <= FILE_COUNT; i++) {
      makeTone(path.join(folder, 'Crash Test Dummies', 'Kill Switch', `${String(i).padStart(2, '0')} Take ${i}.flac`), {
        seconds: 12,
        freq: 200 + 50 * i,
        tags: { artist: 'Crash Test Dummies', album: 'Kill Switch', title: `Take ${i}`, track: i },
      });
    }
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('leaves a consistent catalogue after SIGKILL mid-run, and a re-run completes it', async () => {
    const config = resolveConfig({ ENCORE_DATA_DIR: dataDir });
    const killed = await runCli(folder, dataDir, true);
    expect(killed.signal, `CLI was not killed:\n${killed.stdout}\n${killed.stderr}`).toBe('SIGKILL');

    const checkConsistent = () => {
      const db = new Database(config.dbPath);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const rows = db.prepare('SELECT content_hash AS hash FROM tracks').all() as { hash: string }[];
        for (const { hash } of rows) {
          const dir = path.join(config.mediaDir, trackMediaPath(hash));
          expect(dir.includes(`${path.sep}.tmp${path.sep}`)).toBe(false);
          expect(fs.existsSync(path.join(dir, MANIFEST_FILE)), `${hash} manifest`).toBe(true);
          expect(fs.existsSync(path.join(dir, PROGRESSIVE_FILE)), `${hash} progressive`).toBe(true);
        }
        const albums = db.prepare('SELECT artwork_json AS art FROM albums').all() as { art: string }[];
        for (const { art } of albums) {
          const base = (JSON.parse(art) as { base: string }).base.replace(/^\/media\//, '');
          expect(fs.existsSync(path.join(config.mediaDir, base, '960.jpg'))).toBe(true);
        }
        return rows.length;
      } finally {
        db.close();
      }
    };
    const afterKill = checkConsistent();
    const tmpRoot = path.join(config.mediaDir, '.tmp');
    // The kill landed while ffmpeg was writing: there is a torn temp folder to sweep.
    expect(fs.readdirSync(tmpRoot).length).toBeGreaterThan(0);
    expect(afterKill).toBeGreaterThanOrEqual(1);
    expect(afterKill).toBeLessThan(FILE_COUNT);

    const rerun = await runCli(folder, dataDir, false);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`Ingested ${FILE_COUNT - afterKill}, unchanged ${afterKill}, removed 0, failed 0`));
    expect(checkConsistent()).toBe(FILE_COUNT);
    // The killed run's temp folders belong to a dead pid and were swept.
    const leftovers = fs.existsSync(path.join(config.mediaDir, '.tmp'))
      ? fs.readdirSync(path.join(config.mediaDir, '.tmp'))
      : [];
    expect(leftovers).toEqual([]);
  });
});
