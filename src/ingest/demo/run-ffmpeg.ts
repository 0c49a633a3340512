import { spawn } from 'node:child_process';

/**
 * Runs ffmpeg to completion for the demo builder, feeding `stdin` when given. Rejects with the
 * tail of ffmpeg's stderr, which says why (an EPIPE on stdin only means ffmpeg died first).
 */
export function runFfmpeg(ffmpegPath: string, args: readonly string[], what: string, stdin?: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${what} failed (${code}): ${stderr.trim()}`))));
    if (stdin) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(stdin);
    }
  });
}
