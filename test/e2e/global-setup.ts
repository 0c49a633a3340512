/**
 * Once per e2e run: make sure the TV bundle exists and build a small demo library (short tracks,
 * all artists and albums) through the real synthesiser + ingest. Each test file copies it into a
 * data dir of its own, so play history written by one file never shifts another's rails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDemoLibrary } from '../../src/ingest/demo/ensure-demo-library';
import { resolveConfig } from '../../src/config/encore-config';
import { ensureTestBuild } from './support/test-build';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  ensureTestBuild();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'encore-e2e-demo-'));
  const config = resolveConfig({ ENCORE_DATA_DIR: dataDir });
  // 40 s tracks: long enough to watch playback advance, short enough to keep CI quick.
  // No demo show and no continuous album: the other files find albums by their place on Home's
  // rails; long-form.test.ts and gapless.test.ts build libraries of their own with them.
  await ensureDemoLibrary(config, { trackSeconds: 40, tracksPerAlbum: 3, progress: false, durable: false, show: false, continuous: false });
  project.provide('demoDataDir', dataDir);
  return () => rmSync(dataDir, { recursive: true, force: true });
}
