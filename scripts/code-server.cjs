// Starts code-server (a real VS Code, Node extension host) on 127.0.0.1 with no gallery, no telemetry and its
// own HOME/XDG folders, and stops it by process group. Shared by scripts/open-vscode.mjs, the runTests stand-in
// executable and the UI checks. Paths come from scripts/lib.sh (CODE_SERVER_NODE, CODE_SERVER_ENTRY).
'use strict';
const cp = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const NODE24 = process.env.CODE_SERVER_NODE;
const ENTRY = process.env.CODE_SERVER_ENTRY;

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.tips.enabled': false,
  'remote.autoForwardPorts': false,
};

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function isolatedEnvironment(home) {
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'), EXTENSIONS_GALLERY: '{}' };
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

function codeServerArgs(options, port) {
  return [ENTRY, '--config', '/dev/null', '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', options.userDataDir, '--extensions-dir', options.extensionsDir, '--disable-telemetry',
    '--disable-update-check', ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--disable-proxy', '--ignore-last-opened', ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    // The display language; VS Code uses it only when a language pack for it is installed (see test/ui/l10n-ui.test.ts).
    ...(options.locale ? ['--locale', options.locale] : [])];
}

/** Installs a .vsix into the extensions folder (the real install path a user takes). */
function installExtension(options, vsix) {
  const home = options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cs-home-'));
  const result = cp.spawnSync(NODE24, [ENTRY, '--user-data-dir', options.userDataDir, '--extensions-dir', options.extensionsDir,
    '--install-extension', vsix, '--force'], { env: isolatedEnvironment(home), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * options: { userDataDir, extensionsDir, home?, smokeTestDriver?, workspaceTrust?, settings?, port?, locale? }
 * returns: { port, base, logFile, stop() }
 */
async function startCodeServer(options) {
  if (!NODE24 || !fs.existsSync(NODE24) || !ENTRY || !fs.existsSync(ENTRY)) {
    throw new Error('code-server is not installed: run bash scripts/setup-vscode.sh (with scripts/lib.sh sourced)');
  }
  const home = options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cs-home-'));
  fs.mkdirSync(path.join(options.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(options.extensionsDir, { recursive: true });
  const settingsFile = path.join(options.userDataDir, 'User', 'settings.json');
  // workspaceTrust: folders open in Restricted Mode until trusted, without the startup prompt.
  const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify({ ...USER_SETTINGS, ...trust, ...(options.settings ?? {}) }, null, 1));
  const port = options.port ?? (await freePort());
  const logFile = path.join(home, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const server = cp.spawn(NODE24, codeServerArgs(options, port), { env: isolatedEnvironment(home), stdio: ['ignore', log, log], detached: true });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stop);
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
  };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (server.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`code-server did not start; log: ${logFile}\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, base, logFile, stop };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

module.exports = { startCodeServer, installExtension, CHROMIUM_ARGS, USER_SETTINGS };
