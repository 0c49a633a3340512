/**
 * `npm run ingest -- <folder>`: ingest a music folder into the catalogue at ENCORE_DATA_DIR.
 * Exit code 0 even when some files failed (they are listed, and the next run retries them);
 * non-zero only when the folder itself cannot be read or the arguments are wrong.
 */
import path from 'node:path';
import { resolveConfig } from '../config/encore-config';
import { openSqliteStores } from '../store';
import { defaultConcurrency, ingestFolder, type IngestSummary } from './ingest-folder';
import { TerminalProgress } from './terminal-progress';
import { terminalText } from './terminal-text';

const USAGE = `usage: npm run ingest -- <folder> [--concurrency N] [--prune]

Walks <folder> for mp3, flac, m4a/aac, ogg/opus and wav files and adds them to the catalogue.
Data dir: ENCORE_DATA_DIR (default ./data). Parallel ffmpeg processes: --concurrency or
ENCORE_INGEST_CONCURRENCY (default: number of cores). Tracks whose files are gone from <folder>
are counted; --prune removes them (not when <folder> holds no audio at all).`;

type Args = { folder: string; concurrency: number; prune: boolean } | { help: true } | { error: string };

function parseArgs(argv: string[]): Args {
  let folder: string | undefined;
  let concurrency = defaultConcurrency();
  let prune = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--prune') {
      prune = true;
      continue;
    }
    if (arg === '--concurrency' || arg === '-j') {
      concurrency = Number(argv[++i]);
      if (!Number.isInteger(concurrency) || concurrency < 1) return { error: 'bad --concurrency' };
    } else if (!folder) {
      folder = arg;
    } else {
      return { error: `unexpected argument "${arg}"` };
    }
  }
  return folder ? { folder, concurrency, prune } : { error: 'missing <folder>' };
}

export function formatSummary(s: IngestSummary): string {
  const lines = [
    `Ingested ${s.ingested}, unchanged ${s.unchanged}, removed ${s.removed}, failed ${s.failed.length}, ` +
      `skipped ${s.skipped.length} ` +
      `(of ${s.total} files) in ${s.wallSeconds.toFixed(1)} s` +
      (s.audioSeconds > 0
        ? ` — ${(s.audioSeconds / 60).toFixed(1)} min of audio, ` +
          `${s.realtimePerCore.toFixed(1)}× real time per core (${s.concurrency} workers), ` +
          `${s.realtimePerCpuSecond.toFixed(1)}× per ffmpeg CPU second`
        : ''),
  ];
  const kept = s.missing - s.removed;
  if (kept > 0) lines.push(`${kept} tracks' files are gone from this folder; run again with --prune to remove them.`);
  const listed = (heading: string, notes: { path: string; reason: string }[]) => {
    if (notes.length === 0) return;
    lines.push(heading);
    for (const n of notes) {
      lines.push(`  ${terminalText(path.relative(s.root, n.path) || n.path)}: ${terminalText(n.reason)}`);
    }
  };
  listed('Failed:', s.failed);
  listed('Skipped:', s.skipped);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if ('help' in args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`${args.error}\n${USAGE}\n`);
    return 64;
  }
  const config = resolveConfig();
  const stores = openSqliteStores(config.dbPath);
  const progress = new TerminalProgress('ingest');
  try {
    const summary = await ingestFolder({
      root: args.folder,
      store: stores.catalogue,
      mediaDir: config.mediaDir,
      concurrency: args.concurrency,
      prune: args.prune,
      onProgress: (p) => {
        progress.update(p.done, p.total, p.file, p.outcome);
        if (p.outcome === 'failed' && progress.interactive) progress.log(`failed ${terminalText(p.file)}: ${terminalText(p.reason ?? '')}`);
      },
    });
    progress.stop();
    process.stdout.write(`${formatSummary(summary)}\n`);
    return 0;
  } catch (err) {
    progress.stop();
    process.stderr.write(`cannot ingest ${terminalText(path.resolve(args.folder))}: ${terminalText((err as Error).message)}\n`);
    return 2;
  } finally {
    await stores.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
