// Facts the sources keep in one place, checked over the source text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Repo-relative paths of the TypeScript files under `folder`. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

test('the loopback address is written once (shared/loopback.ts); code names it LOOPBACK', () => {
  const literal = /(['"`])127\.0\.0\.1\1/;
  const offenders = [...sources('src'), ...sources('media')].filter((file) => file !== join('src', 'shared', 'loopback.ts') && literal.test(read(file)));
  assert.deepEqual(offenders, []);
});
