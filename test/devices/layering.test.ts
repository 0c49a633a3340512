/**
 * The architecture's rule for devices/ (STYLE.md, Encore's own rules 1 and 3): a profile answers
 * questions with data. It never imports the player or Lightning, so it cannot drive playback or pages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const devicesDir = path.resolve(__dirname, '../../devices');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('devices/ layering', () => {
  const files = sources(devicesDir);

  it('finds the profiles it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports nothing from src/ (the player, the app, the protocol stay out of profiles)', () => {
    const offending = files.flatMap((file) =>
      imports(file)
        .filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.resolve(devicesDir, '../src')))
        .map((spec) => `${path.relative(devicesDir, file)} → ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('never imports Lightning or Shaka', () => {
    const offending = files.flatMap((file) =>
      imports(file)
        .filter((spec) => /^(@lightningjs\/|shaka-player)/.test(spec))
        .map((spec) => `${path.relative(devicesDir, file)} → ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
