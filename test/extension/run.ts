// Runs the mocha suites inside a real VS Code extension host through @vscode/test-electron's runTests.
// Here (no VS Code download possible) the executable is code-server driven by Chromium, via the stand-in in
// code-server-shim.js; set VSCODE_EXECUTABLE to use another, or unset USE_CODE_SERVER on a machine with internet
// to let runTests download VS Code desktop.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { EXTENSION_TEST_SETTINGS } from './workspace-settings';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'valkey-ext-workspace-'));
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(EXTENSION_TEST_SETTINGS, null, 2));
  const useCodeServer = process.env.USE_CODE_SERVER !== '0';
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE ?? (useCodeServer ? join(root, 'test', 'extension', 'code-server-shim.js') : undefined),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(__dirname, 'suite', 'index.js'),
    launchArgs: [workspace],
  });
}

main().catch((error: unknown) => {
  console.error(`Extension tests failed: ${(error as Error).message ?? error}`);
  process.exit(1);
});
