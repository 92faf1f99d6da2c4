// Mocha inside the extension host: runs every *.test.js next to this file, in name order (or, for working on one
// suite, those whose name matches the EXTENSION_TESTS pattern: the run then names the files it left out). A run that
// finds no test file, or runs no test, fails: an empty run must never look like a passing one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false });
  const all = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  const pattern = process.env.EXTENSION_TESTS ? new RegExp(process.env.EXTENSION_TESTS) : undefined;
  const files = pattern ? all.filter((name) => pattern.test(name)) : all;
  const left = all.filter((name) => !files.includes(name));
  if (left.length > 0) console.warn(`!! NOT RUN (EXTENSION_TESTS=${process.env.EXTENSION_TESTS}): ${left.join(', ')}`);
  if (files.length === 0) return Promise.reject(new Error(`no extension test files in ${__dirname}`));
  for (const file of files) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
      else if (runner.stats?.tests === 0) reject(new Error('the extension test files define no test'));
      else resolve();
    });
  });
}
