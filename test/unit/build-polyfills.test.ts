/** Usage-based polyfill selection (scripts/polyfills.mjs) for the hosted build's oldest engine. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JS, no typings
import { selectPolyfills } from '../../scripts/polyfills.mjs';

const CHROME_75 = [{ name: 'chrome', version: 75 }];

describe('selectPolyfills', () => {
  it('adds Array#at when the bundle calls .at() on an engine without it', async () => {
    const picked = (await selectPolyfills(['export const last = (xs) => xs.at(-1);'], CHROME_75)) as { coreJs: string[] };
    expect(picked.coreJs).toContain('es.array.at');
  });

  it('leaves it out for a field named `at` (playlist operations), which no engine lacks', async () => {
    const picked = (await selectPolyfills(['export const put = (xs, op) => xs.splice(op.at, 0, op.id);'], CHROME_75)) as { coreJs: string[] };
    expect(picked.coreJs).not.toContain('es.array.at');
    expect(picked.coreJs).not.toContain('es.string.at-alternative');
  });
});
