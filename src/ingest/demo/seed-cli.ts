/**
 * `npm run seed` (part of `npm start`): on an empty catalogue, builds the demo library through the
 * real ingest so a fresh install plays music with no input; otherwise does nothing. The BFF itself
 * never writes the catalogue at start.
 */
import { resolveConfig } from '../../config/encore-config';
import { ensureDemoLibrary } from './ensure-demo-library';

// The demo podcast (two 20+ minute episodes on the spoken-word ladder) is built too, unless
// ENCORE_DEMO_SHOW=0.
ensureDemoLibrary(resolveConfig(), { show: process.env.ENCORE_DEMO_SHOW !== '0' }).then(
  (result) => {
    if (result.built) {
      process.stdout.write(`demo library ready in ${result.wallSeconds.toFixed(1)} s\n`);
    }
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
