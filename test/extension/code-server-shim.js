#!/usr/bin/env node
// Stand-in for a VS Code executable, given to @vscode/test-electron's runTests as vscodeExecutablePath: takes the
// arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=,
// --extensions-dir=, a folder), runs the tests in code-server's real extension host through headless Chromium,
// and exits with the mocha result.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { chromium } = require('playwright-core');
const { startCodeServer, CHROMIUM_ARGS } = require('../../scripts/code-server.cjs');

function parseArguments(argv) {
  const options = { development: [], tests: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  for (const argument of argv) {
    const match = /^--([^=]+)=(.*)$/.exec(argument);
    if (match?.[1] === 'extensionDevelopmentPath') options.development.push(path.resolve(match[2]));
    else if (match?.[1] === 'extensionTestsPath') options.tests = path.resolve(match[2]);
    else if (match?.[1] === 'user-data-dir') options.userDataDir = path.resolve(match[2]);
    else if (match?.[1] === 'extensions-dir') options.extensionsDir = path.resolve(match[2]);
    else if (!argument.startsWith('-')) options.folder = path.resolve(argument);
    // desktop-only flags (--no-sandbox, --disable-extensions, ...) do not apply to code-server
  }
  return options;
}

(async () => {
  const options = parseArguments(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-shim-'));
  const server = await startCodeServer({
    userDataDir: options.userDataDir ?? path.join(scratch, 'user-data'),
    extensionsDir: options.extensionsDir ?? path.join(scratch, 'extensions'),
    home: scratch,
    smokeTestDriver: true,
  });
  let browser;
  try {
    const authority = `127.0.0.1:${server.port}`;
    const payload = options.development.map((folder) => ['extensionDevelopmentPath', `vscode-remote://${authority}${folder}`]);
    if (options.tests) payload.push(['extensionTestsPath', `vscode-remote://${authority}${options.tests}`]);
    const where = options.folder ? `folder=${encodeURIComponent(options.folder)}` : 'ew=true';
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => (type === 'error' ? console.error : console.log)(util.format(...args)));
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('pageerror', (error) => console.error('[workbench error]', error.message));
    await page.goto(`${server.base}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeoutMs = Number(process.env.SHIM_TIMEOUT_MS || 900_000);
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const code = await Promise.race([finished, timedOut]);
    clearTimeout(timer); // a pending timer would keep this process alive after the result
    if (code === 'timeout') {
      console.error(`The extension tests gave no result within ${timeoutMs} ms; code-server log: ${server.logFile}`);
      process.exitCode = 1;
    } else {
      process.exitCode = code;
    }
  } finally {
    await browser?.close();
    server.stop();
  }
  process.exit(process.exitCode ?? 0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
