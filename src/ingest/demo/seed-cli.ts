/**
 * `npm run seed` (part of `npm start`): on an empty catalogue, builds the demo library through the
 * real ingest so a fresh install plays music with no input; otherwise does nothing. The BFF itself
 * never writes the catalogue at start.
 */
import { resolveConfig } from '../../config/encore-config';
import { ensureDemoLibrary } from './ensure-demo-library';

ensureDemoLibrary(resolveConfig()).then(
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
