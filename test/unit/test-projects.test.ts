// Every compose project a test or benchmark creates is one the clean script removes: a project missing from
// scripts/test-projects.txt would leave its network behind, holding the cluster subnet for the next run.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '..', '..', '..');

function sourcesBelow(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourcesBelow(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

test('every project name a test or benchmark uses is in scripts/test-projects.txt', () => {
  const listed = new Set(readFileSync(join(ROOT, 'scripts', 'test-projects.txt'), 'utf8').split('\n')
    .map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
  const used = new Set<string>();
  for (const file of [...sourcesBelow(join(ROOT, 'test')), ...sourcesBelow(join(ROOT, 'bench'))]) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/project/i.test(line)) continue;
      for (const match of line.matchAll(/['"`](valkey-[a-z0-9-]+)['"`]/g)) used.add(match[1]);
    }
  }
  assert.ok(used.size >= 10, `found only ${used.size} project names; the pattern no longer matches the tests`);
  assert.deepEqual([...used].filter((name) => !listed.has(name)).sort(), []);
});
