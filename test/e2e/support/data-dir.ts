import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A private copy of the demo data dir built by global-setup. */
export function copyDataDir(source: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-'));
  cpSync(source, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { freePort } from './browser';
