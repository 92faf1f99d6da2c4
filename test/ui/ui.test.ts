// A person's path through the product, in a real VS Code (code-server) driven by Chromium, with the packaged
// .vsix installed: palette → Start Cluster → progress → sidebar fills → topology → slots moved by a drag on the
// slot bar → a node action answered in the page → console → Stop Cluster.
// Screenshots of each step go to .test-artifacts/ui/<run>/ (printed at the start).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server';
import { extensionHostErrors, filesBelow, removeCluster, ROOT, startWorkbench, storedPassword, writeWorkspace } from './session';
import { runCommand, screenshotOnFailure, screenshots, toast, webviewFrameWithText } from './workbench';

const PROJECT = { projectName: 'valkey-ui', basePort: 7779, exporterPort: 9621 };
const artifacts = join(ROOT, '.test-artifacts', 'ui', new Date().toISOString().replace(/[:.]/g, '-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-ui-'));
const userDataDir = join(scratch, 'user-data');
const workspaceSettings = join(scratch, 'workspace', '.vscode', 'settings.json');
let server: CodeServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const screenshot = screenshots(() => page, artifacts);
afterEach(screenshotOnFailure(screenshot));

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  console.log(`screenshots: ${artifacts}`);
  await removeCluster(PROJECT, scratch);
  const workspace = writeWorkspace(join(scratch, 'workspace'), PROJECT);
  const options = { userDataDir, extensionsDir: join(scratch, 'extensions'), home: scratch,
    settings: { 'terminal.integrated.gpuAcceleration': 'off', 'workbench.colorTheme': 'Default Dark Modern' } };
  ({ server, browser, page } = await startWorkbench(options, workspace, consoleErrors));
});

after(async () => {
  await browser?.close();
  server?.stop();
  await removeCluster(PROJECT, scratch);
});

test('Start Cluster from the palette shows progress, then a ready cluster in the sidebar', async () => {
  await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
  await page.locator('.welcome-view-content, .pane-body', { hasText: 'Start Cluster' }).first().waitFor({ timeout: 30_000 });
  await screenshot('welcome-view');
  await runCommand(page, 'Valkey: Start Cluster');
  await toast(page, /Valkey: Starting cluster/, 30_000);
  await screenshot('start-progress');
  await toast(page, /Valkey cluster ready/, 180_000);
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
  await runCommand(page, 'Valkey: Show Topology');
  const frame = await webviewFrameWithText(page, 'valkey-node-0', 30_000);
  assert.ok(await frame.locator('canvas').count() >= 1, 'the slot bar canvas is there');
  webviewHtml = await frame.content();
  await screenshot('topology');
});

test('dragging across the slot bar, picking a shard and confirming moves the slots; the page shows the answer', async () => {
  const frame = await webviewFrameWithText(page, 'valkey-node-0', 30_000);
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
  assert.match(await dialog.innerText(), new RegExp(`Move [\\d,]+ slots \\([\\d,]+ keys\\) to valkey-node-1's shard\\.[\\s\\S]*slots ${range} \\([\\d,]+ slots, \\d+ keys\\): valkey-node-0 → valkey-node-1`));
  await screenshot('move-confirmation');
  await dialog.locator('.monaco-button', { hasText: /^Move$/ }).click();
  await selection.locator('.selection-result', { hasText: /: done\.$/ }).waitFor({ timeout: 60_000 });
  await frame.locator('.migration-list li', { hasText: `slots ${range}: valkey-node-0 → valkey-node-1 · moved` }).waitFor({ timeout: 30_000 });
  await screenshot('slots-moved');
});

test('a node action from the details panel is answered there: Move Slots Here…, cancelled, says nothing changed', async () => {
  const frame = await webviewFrameWithText(page, 'valkey-node-0', 30_000);
  await frame.locator('button.node[data-node="valkey-node-1"]').click();
  const details = frame.locator('.details');
  await details.locator('.details-title', { hasText: 'valkey-node-1' }).waitFor({ timeout: 10_000 });
  const action = details.locator('button.action', { hasText: 'Move Slots Here…' });
  await action.click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await action.isDisabled(), true, 'the button waits for its answer');
  await input.press('Escape');
  await details.locator('.action-result.failed', { hasText: 'Cancelled: nothing was changed.' }).waitFor({ timeout: 30_000 });
  assert.equal(await action.isDisabled(), false, 'the button is back once answered');
  await screenshot('node-action-answered');
});

test('the console runs a command typed by the user and prints the reply', async () => {
  await runCommand(page, 'Valkey: Open Console');
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
  await runCommand(page, 'Valkey: Stop Cluster');
  // A routine success: said in the status bar, not as a notification.
  await page.locator('.statusbar', { hasText: /Valkey cluster stopped; its data is kept/ }).waitFor({ timeout: 120_000 });
  // The Valkey view is still in the sidebar (clicking its icon again would collapse the sidebar).
  await page.locator('.pane-body', { hasText: 'Start Cluster' }).first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator('.statusbar').innerText(), /Valkey: stopped/);
  await screenshot('stopped');
});

test('Connect Your App on a stopped cluster says it is stopped and offers to start it', async () => {
  await runCommand(page, 'Valkey: Connect Your App');
  const text = await toast(page, /The local Valkey cluster is stopped/, 30_000);
  assert.match(text, /start it first, so the snippet has its current ports and addresses/);
  assert.ok(await page.locator('.notifications-toasts .notification-toast', { hasText: /cluster is stopped/ }).getByRole('button', { name: 'Start Cluster' }).isVisible());
  await screenshot('connect-app-stopped');
  await page.keyboard.press('Escape');
});

test('a bad workspace setting: the view shows the reason and an Open Settings row that opens the settings', async () => {
  const settings = readFileSync(workspaceSettings, 'utf8');
  writeFileSync(workspaceSettings, JSON.stringify({ ...JSON.parse(settings), 'valkeyCluster.basePort': 80 }, null, 2));
  try {
    const view = page.locator('.pane-body .tree-explorer-viewlet-tree-view');
    await view.locator('.message', { hasText: /valkeyCluster\.basePort 80 is out of range/ }).waitFor({ timeout: 30_000 });
    const openSettings = view.locator('.monaco-list-row', { hasText: 'Open Settings' });
    await openSettings.waitFor({ timeout: 10_000 });
    assert.ok(await view.locator('.monaco-list-row', { hasText: 'Show Log' }).isVisible());
    await screenshot('misconfigured');
    await openSettings.click();
    await page.locator('.settings-editor').waitFor({ timeout: 30_000 });
    await page.locator('.settings-editor .setting-item-label', { hasText: 'Base Port' }).first().waitFor({ timeout: 30_000 });
    await screenshot('settings-opened');
  } finally {
    writeFileSync(workspaceSettings, settings);
  }
  await page.locator('.pane-body', { hasText: 'Start Cluster' }).first().waitFor({ timeout: 30_000 });
});

test('the password is in none of VS Code\'s logs and settings, the webview, or docker inspect', () => {
  const files = filesBelow(userDataDir);
  const password = storedPassword(userDataDir, PROJECT);
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
  assert.deepEqual(extensionHostErrors(userDataDir), []);
});
