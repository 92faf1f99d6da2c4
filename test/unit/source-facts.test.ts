// Facts the sources keep in one place, checked over the source text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/** The files `file` imports from src (relative imports, type-only ones included). */
function imports(file: string, known: ReadonlySet<string>): string[] {
  const specifiers = [...read(file).matchAll(/(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)].map((match) => match[1]);
  return specifiers.map((specifier) => join(dirname(file), `${specifier}.ts`)).filter((path) => known.has(path));
}

/** One import circle, as "a → b → a", or undefined when there is none. */
function firstCircle(graph: ReadonlyMap<string, readonly string[]>): string | undefined {
  const done = new Set<string>();
  const visit = (file: string, path: string[]): string | undefined => {
    const seen = path.indexOf(file);
    if (seen !== -1) return [...path.slice(seen), file].join(' → ');
    if (done.has(file)) return undefined;
    for (const next of graph.get(file) ?? []) {
      const circle = visit(next, [...path, file]);
      if (circle) return circle;
    }
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file, []);
    if (circle) return circle;
  }
  return undefined;
}

test('no import circles in src (the settings ↔ wording one included)', () => {
  const files = new Set(sources('src'));
  assert.equal(firstCircle(new Map([...files].map((file) => [file, imports(file, files)]))), undefined);
});

test('the circle check finds one', () => {
  assert.equal(firstCircle(new Map([['a', ['b']], ['b', ['c']], ['c', ['b']]])), 'b → c → b');
});

test('core messages build no English plurals and name no VS Code parts: counts go through the shared presenters', () => {
  const suffixPlural = /\?\s*''\s*:\s*'s'|\?\s*'s'\s*:\s*''/;
  const vsCodeWords = /['`][^'`\n]*(VS Code|secret storage|Command Palette)[^'`\n]*['`]/;
  const offenders = sources('src/core').flatMap((file) => read(file).split('\n').flatMap((line, index) =>
    !/^\s*(\/\/|\*|\/\*)/.test(line) && (suffixPlural.test(line) || vsCodeWords.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : []));
  assert.deepEqual(offenders, []);
});
