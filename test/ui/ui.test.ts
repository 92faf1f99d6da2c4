// A person's path through the product, in a real VS Code (code-server) driven by Chromium, with the packaged
// .vsix installed: palette → Start Cluster → progress → sidebar fills → topology → slots moved by a drag on the
// slot bar → console → Stop Cluster.
// Screenshots of each step go to .test-artifacts/ui/<run>/ (printed at the start).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Browser, Frame, Page, chromium } from 'playwright-core';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

// A CommonJS script shared with the plain-JS launchers, hence require.
const { installExtension, startCodeServer, CHROMIUM_ARGS } = require('../../../scripts/code-server.cjs') as {
  installExtension(options: object, vsix: string): string;
  startCodeServer(options: object): Promise<{ base: string; logFile: string; stop(): void }>;
  CHROMIUM_ARGS: string[];
};

const ROOT = resolve(__dirname, '..', '..', '..');
const PROJECT = { projectName: 'valkey-ui', basePort: 7779, exporterPort: 9621 };
const artifacts = join(ROOT, '.test-artifacts', 'ui', new Date().toISOString().replace(/[:.]/g, '-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-ui-'));
const userDataDir = join(scratch, 'user-data');
let server: Awaited<ReturnType<typeof startCodeServer>>;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
let shot = 0;

async function screenshot(name: string): Promise<void> {
  shot++;
  await page.screenshot({ path: join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`) });
}

async function removeCluster(): Promise<void> {
  const setup = createClusterSetup({ settings: { ...DEFAULT_SETTINGS, ...PROJECT }, password: 'cleanup-only-password',
    clusterDirectory: join(ROOT, 'resources', 'cluster'), secretsDirectory: join(scratch, 'cleanup') });
  await setup.engine.down({ removeVolumes: true });
}

/** Runs a palette command by its label, retrying while the extension's contributions are still loading. */
async function runCommand(label: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    if (await row.isVisible({ timeout: 2000 }).catch(() => false)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Escape');
  }
  throw new Error(`the command "${label}" never appeared in the palette`);
}

async function toast(text: RegExp, timeout = 120_000): Promise<string> {
  const locator = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await locator.waitFor({ state: 'visible', timeout });
  return locator.innerText();
}

/** The webview's document: a nested frame, never the workbench itself (whose tree shows node names too). */
async function webviewFrameWithText(text: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames().filter((candidate) => candidate !== page.mainFrame())) {
      const found = await frame.locator(`text=${text}`).first().isVisible().catch(() => false);
      if (found) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame shows "${text}"`);
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  console.log(`screenshots: ${artifacts}`);
  await removeCluster();
  const workspace = join(scratch, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({
    'valkeyCluster.projectName': PROJECT.projectName,
    'valkeyCluster.basePort': PROJECT.basePort,
    'valkeyCluster.exporterPort': PROJECT.exporterPort,
    'valkeyCluster.image': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.initImage': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.exporterImage': process.env.LOCAL_EXPORTER_IMAGE ?? 'valkey-cluster-vscode/redis-exporter:local',
    'valkeyCluster.refreshIntervalSeconds': 1,
  }));
  const options = { userDataDir, extensionsDir: join(scratch, 'extensions'), home: scratch,
    settings: { 'terminal.integrated.gpuAcceleration': 'off', 'workbench.colorTheme': 'Default Dark Modern' } };
  installExtension(options, join(ROOT, 'dist', 'valkey-cluster.vsix'));
  server = await startCodeServer(options);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="Valkey"]').first().waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  server?.stop();
  await removeCluster();
});

test('Start Cluster from the palette shows progress, then a ready cluster in the sidebar', async () => {
  await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
  await page.locator('.welcome-view-content, .pane-body', { hasText: 'Start Cluster' }).first().waitFor({ timeout: 30_000 });
  await screenshot('welcome-view');
  await runCommand('Valkey: Start Cluster');
  await toast(/Valkey: Starting cluster/, 30_000);
  await screenshot('start-progress');
  await toast(/Valkey cluster ready/, 180_000);
  const rows = page.locator('.pane-body .monaco-list-row');
  await rows.filter({ hasText: 'Cluster: ok' }).first().waitFor({ timeout: 30_000 });
  await rows.filter({ hasText: 'valkey-node-5' }).first().waitFor({ timeout: 30_000 });
  const text = (await rows.allInnerTexts()).join('\n');
  for (const node of ['valkey-node-0', 'valkey-node-1', 'valkey-node-2', 'valkey-node-3', 'valkey-node-4', 'valkey-node-5']) assert.match(text, new RegExp(node));
  assert.match(text, /16384\/16384 slots ok/);
  assert.match(await page.locator('.statusbar').innerText(), /Valkey: ok 6\/6/);
  await screenshot('tree-with-nodes');
});

let webviewHtml = '';

test('Show Topology draws the shards in a webview', async () => {
  await runCommand('Valkey: Show Topology');
  const frame = await webviewFrameWithText('valkey-node-0', 30_000);
  assert.ok(await frame.locator('canvas').count() >= 1, 'the slot bar canvas is there');
  webviewHtml = await frame.content();
  await screenshot('topology');
});

test('dragging across the slot bar, picking a shard and confirming moves the slots; the page shows the answer', async () => {
  const frame = await webviewFrameWithText('valkey-node-0', 30_000);
  const canvas = frame.locator('canvas.slot-canvas');
  const box = await canvas.boundingBox();
  assert.ok(box, 'the slot bar is laid out');
  // From slot 0 to about 5% of the bar: within the first shard's slots.
  await page.mouse.move(box.x + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const selection = frame.locator('.slot-selection');
  await selection.waitFor({ state: 'visible', timeout: 10_000 });
  const chosen = await selection.locator('.selection-text').innerText();
  const range = /^Slots (0-\d+) \(/.exec(chosen)?.[1];
  assert.ok(range, chosen);
  assert.equal(await selection.locator('select').inputValue(), 'valkey-node-1', 'the first other shard is proposed');
  await screenshot('slot-selection');
  await selection.locator('button', { hasText: 'Move…' }).click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await dialog.innerText(), new RegExp(`Move [\\d,]+ slots to valkey-node-1's shard\\.[\\s\\S]*slots ${range} \\([\\d,]+ slots, \\d+ keys\\): valkey-node-0 → valkey-node-1`));
  await screenshot('move-confirmation');
  await dialog.locator('.monaco-button', { hasText: /^Move$/ }).click();
  await selection.locator('.selection-result', { hasText: /: done\.$/ }).waitFor({ timeout: 60_000 });
  await frame.locator('.migration-list li', { hasText: `slots ${range}: valkey-node-0 → valkey-node-1 · moved` }).waitFor({ timeout: 30_000 });
  await screenshot('slots-moved');
});

test('the console runs a command typed by the user and prints the reply', async () => {
  await runCommand('Valkey: Open Console');
  const terminal = page.locator('.terminal-wrapper .xterm-rows').last();
  await terminal.waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper', { hasText: /valkey-node-\d:\d+>/ }).last().waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper .xterm').last().click();
  await page.keyboard.type('SET ui-key "hello from the ui"');
  await page.keyboard.press('Enter');
  await page.keyboard.type('GET ui-key');
  await page.keyboard.press('Enter');
  // The reply is the line after "GET ui-key" (the typed SET line holds the same quoted text).
  const reply = /GET ui-key\s*\n"hello from the ui"/;
  const deadline = Date.now() + 20_000;
  while (!reply.test(await terminal.innerText()) && Date.now() < deadline) await page.waitForTimeout(100);
  assert.match(await terminal.innerText(), /SET ui-key "hello from the ui"\s*\nOK\s*\n[\s\S]*GET ui-key\s*\n"hello from the ui"/);
  await screenshot('console');
});

test('Stop Cluster stops it and the sidebar returns to the welcome view', async () => {
  await runCommand('Valkey: Stop Cluster');
  await toast(/Valkey cluster stopped/, 120_000);
  // The Valkey view is still in the sidebar (clicking its icon again would collapse the sidebar).
  await page.locator('.pane-body', { hasText: 'Start Cluster' }).first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.statusbar').innerText(), /Valkey: stopped/);
  await screenshot('stopped');
});

test('the password is in none of VS Code\'s logs and settings, the webview, or docker inspect', () => {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(userDataDir);
  const secretFile = files.find((path) => path.endsWith(join('secrets', 'valkey_password')));
  assert.ok(secretFile, 'the extension wrote its secret file under its storage folder');
  const password = readFileSync(secretFile, 'utf8');
  assert.ok(password.length >= 32);
  const searched = files.filter((path) => /[\\/]logs[\\/]|settings\.json$/.test(path));
  assert.ok(searched.some((path) => /Valkey Cluster/.test(path)), 'the extension\'s output log is among the files searched');
  for (const path of searched) assert.ok(!readFileSync(path, 'utf8').includes(password), `password found in ${path}`);
  assert.ok(webviewHtml.includes('valkey-node-0') && !webviewHtml.includes(password), 'password found in the webview');
  const containers = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT.projectName}`], { encoding: 'utf8' }).trim().split('\n');
  assert.ok(!execFileSync('docker', ['inspect', ...containers], { encoding: 'utf8' }).includes(password), 'password found in docker inspect');
});

test('neither the browser console nor the extension host log shows an error caused by the extension', () => {
  const ours = consoleErrors.filter((text) => /valkey/i.test(text));
  assert.deepEqual(ours, []);
  const logs: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/exthost|remoteexthost/i.test(name) && name.endsWith('.log')) logs.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(userDataDir, 'logs'));
  const errors = logs.join('\n').split('\n').filter((line) => /\[error\]/.test(line) && /valkey/i.test(line));
  assert.deepEqual(errors, []);
});
