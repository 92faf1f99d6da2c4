// Every command goes through the one wrapper (src/vscode/commands/register.ts: the trust guard, errors worded, logged
// and shown alike): no other source registers a command with VS Code itself.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '..', '..', '..');
const WRAPPER = 'src/vscode/commands/register.ts';

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

/** `file:line` of each call that registers a command. */
function registrations(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8').split('\n').flatMap((line, index) => (/\bregister(TextEditor)?Command\(/.test(line) ? [`${file}:${index + 1}`] : []));
}

test('commands are registered in one place only: the wrapper', () => {
  const all = sources(join(ROOT, 'src')).flatMap(registrations);
  assert.equal(all.filter((where) => where.startsWith(`${WRAPPER}:`)).length, 1, 'the wrapper registers every command');
  assert.deepEqual(all.filter((where) => !where.startsWith(`${WRAPPER}:`)), []);
});
