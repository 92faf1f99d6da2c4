// Mocha inside the extension host: runs every *.test.js next to this file, in name order. A run that finds no
// test file, or runs no test, fails: an empty run must never look like a passing one.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false });
  // EXTENSION_TEST_FILES (e.g. "8-password") runs only the files whose names contain it, for one file at a time.
  const only = process.env.EXTENSION_TEST_FILES;
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js') && (!only || name.includes(only))).sort();
  if (files.length === 0) return Promise.reject(new Error(`no extension test files${only ? ` matching "${only}"` : ''} in ${__dirname}`));
  for (const file of files) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
      else if (runner.stats?.tests === 0) reject(new Error('the extension test files define no test'));
      else resolve();
    });
  });
}
