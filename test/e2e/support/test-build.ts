/**
 * The hosted app as the e2e tests and the bench need it: with `window.__encore`, which production
 * builds leave out (scripts/build-app.mjs, ENCORE_TEST_HOOK). Rebuilt when dist/browser is missing
 * or is a production build, so `npm run build` before a test run cannot leave the tests blind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function ensureTestBuild(dir = path.resolve('dist/browser')): void {
  const manifest = path.join(dir, 'build.json');
  const built = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { build?: string; testHook?: boolean }) : null;
  if (built?.build === 'hosted' && built.testHook === true) return;
  execFileSync(process.execPath, ['scripts/build-app.mjs'], { stdio: 'inherit', env: { ...process.env, ENCORE_TEST_HOOK: '1', ENCORE_APP_OUT: dir, ENCORE_APP_PLATFORM: '' } });
}
