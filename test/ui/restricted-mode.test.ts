// Restricted Mode in a real VS Code (code-server with workspace trust on): an untrusted folder can look at a
// cluster but not change it. Start is refused with a way to trust the folder; once trusted it starts; a second,
// untrusted folder on the same cluster shows the nodes, gets a read-only console, and cannot stop the cluster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { type Browser, type Page, chromium } from 'playwright-core';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { CHROMIUM_ARGS, installExtension, startCodeServer } from '../support/code-server';
import { runCommand, screenshots, toast } from './workbench';

const ROOT = resolve(__dirname, '..', '..', '..');
const PROJECT = { projectName: 'valkey-restricted', basePort: 7789, exporterPort: 9631 };
const artifacts = join(ROOT, '.test-artifacts', 'ui-restricted', new Date().toISOString().replace(/[:.]/g, '-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-restricted-'));
let server: Awaited<ReturnType<typeof startCodeServer>>;
let browser: Browser;
let page: Page;
const screenshot = screenshots(() => page, artifacts);

async function removeCluster(): Promise<void> {
  const setup = createClusterSetup({ settings: { ...DEFAULT_SETTINGS, ...PROJECT }, password: 'cleanup-only-password',
    clusterDirectory: join(ROOT, 'resources', 'cluster'), secretsDirectory: join(scratch, 'cleanup') });
  await setup.engine.down({ removeVolumes: true });
}

const containers = (): string[] => execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT.projectName}`],
  { encoding: 'utf8' }).split('\n').filter(Boolean);
const running = (): string[] => execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT.projectName}`],
  { encoding: 'utf8' }).split('\n').filter(Boolean);

/** A folder with this cluster's workspace settings; each one is a new workspace, untrusted until trusted. */
function workspace(name: string): string {
  const folder = join(scratch, name);
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
    'valkeyCluster.projectName': PROJECT.projectName,
    'valkeyCluster.basePort': PROJECT.basePort,
    'valkeyCluster.exporterPort': PROJECT.exporterPort,
    'valkeyCluster.image': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.initImage': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.exporterImage': process.env.LOCAL_EXPORTER_IMAGE ?? 'valkey-cluster-vscode/redis-exporter:local',
    'valkeyCluster.refreshIntervalSeconds': 1,
  }));
  return folder;
}

async function open(folder: string): Promise<void> {
  await page.goto(`${server.base}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="Valkey"]').first().waitFor({ timeout: 60_000 });
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  console.log(`screenshots: ${artifacts}`);
  await removeCluster();
  const options = { userDataDir: join(scratch, 'user-data'), extensionsDir: join(scratch, 'extensions'), home: scratch, workspaceTrust: true,
    settings: { 'terminal.integrated.gpuAcceleration': 'off' } };
  installExtension(options, join(ROOT, 'dist', 'valkey-cluster.vsix'));
  server = await startCodeServer(options);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  await open(workspace('first'));
});

after(async () => {
  await browser?.close();
  server?.stop();
  await removeCluster();
});

test('in an untrusted folder Start Cluster is refused, says why and creates nothing', async () => {
  await page.locator('.statusbar', { hasText: /Restricted Mode/ }).waitFor({ timeout: 30_000 });
  await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
  await runCommand(page, 'Valkey: Start Cluster');
  const text = await toast(page, /not available in Restricted Mode/, 30_000);
  assert.match(text, /Trust this workspace to use it/);
  await screenshot('start-refused');
  assert.deepEqual(containers(), [], 'no container was created');
});

test('Manage Workspace Trust from that message trusts the folder, and then Start Cluster works', async () => {
  await page.locator('.notifications-toasts .notification-toast', { hasText: /Restricted Mode/ }).getByRole('button', { name: 'Manage Workspace Trust' }).click();
  const editor = page.locator('.workspace-trust-editor');
  await editor.waitFor({ timeout: 30_000 });
  await screenshot('trust-editor');
  await editor.getByRole('button', { name: /^Trust/ }).first().click();
  await page.locator('.statusbar', { hasText: /Restricted Mode/ }).waitFor({ state: 'detached', timeout: 30_000 });
  await runCommand(page, 'Valkey: Start Cluster');
  // The first notification that settles it, so a failure shows its own message.
  const outcome = await toast(page, /Valkey cluster ready|Restricted Mode|failed|could not|Cannot|cannot/, 180_000);
  await screenshot('trusted-start');
  assert.match(outcome, /Valkey cluster ready/);
  assert.equal(running().length, 7, 'six nodes and the exporter run');
});

test('a second, untrusted folder on the same cluster shows its nodes', async () => {
  await open(workspace('second'));
  await page.locator('.statusbar', { hasText: /Restricted Mode/ }).waitFor({ timeout: 30_000 });
  await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
  const rows = page.locator('.pane-body .monaco-list-row');
  await rows.filter({ hasText: 'Cluster: ok' }).first().waitFor({ timeout: 60_000 });
  await rows.filter({ hasText: 'valkey-node-5' }).first().waitFor({ timeout: 30_000 });
  await screenshot('restricted-tree');
});

test('its console reads but refuses a write, and says it is read-only because of Restricted Mode', async () => {
  await runCommand(page, 'Valkey: Open Console');
  const terminal = page.locator('.terminal-wrapper .xterm-rows').last();
  await page.locator('.terminal-wrapper', { hasText: /Read-only \(Restricted Mode\)/ }).last().waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper', { hasText: /valkey-node-\d:\d+>/ }).last().waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper .xterm').last().click();
  await page.keyboard.type('SET restricted-key written');
  await page.keyboard.press('Enter');
  await page.keyboard.type('GET restricted-key');
  await page.keyboard.press('Enter');
  const expected = /SET restricted-key written\s*\n[^\n]*Read-only console: SET writes to the cluster, so it was not sent\.[\s\S]*GET restricted-key\s*\n\(nil\)/;
  const deadline = Date.now() + 20_000;
  while (!expected.test(await terminal.innerText()) && Date.now() < deadline) await page.waitForTimeout(100);
  assert.match(await terminal.innerText(), expected);
  await screenshot('restricted-console');
});

test('Stop Cluster is refused there and the cluster keeps running', async () => {
  await runCommand(page, 'Valkey: Stop Cluster');
  await toast(page, /Stop Cluster is not available in Restricted Mode/, 30_000);
  assert.equal(running().length, 7);
});
