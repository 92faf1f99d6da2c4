// Restricted Mode in a real VS Code (code-server with workspace trust on): an untrusted folder can look at a
// cluster but not change it. Start is refused with a way to trust the folder; once trusted it starts; a second,
// untrusted folder on the same cluster shows the nodes, gets a read-only console, and cannot stop the cluster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server';
import { openFolder, removeCluster, ROOT, startWorkbench, writeWorkspace } from './session';
import { runCommand, screenshotOnFailure, screenshots, toast } from './workbench';

const PROJECT = { projectName: 'valkey-restricted', basePort: 7789, exporterPort: 9631 };
const artifacts = join(ROOT, '.test-artifacts', 'ui-restricted', new Date().toISOString().replace(/[:.]/g, '-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-restricted-'));
let server: CodeServer;
let browser: Browser;
let page: Page;
const screenshot = screenshots(() => page, artifacts);
afterEach(screenshotOnFailure(screenshot));

/** The terminal's text once every pattern shows in it, or as it is at the deadline. */
async function screenWith(terminal: Locator, patterns: readonly RegExp[], timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = await terminal.innerText();
  while (!patterns.every((pattern) => pattern.test(text)) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    text = await terminal.innerText();
  }
  return text;
}
/** A sentence as a pattern that allows a line break wherever a space is. */
const spaced = (sentence: string): RegExp => new RegExp(sentence.split(' ').map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));

const containers = (): string[] => execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT.projectName}`],
  { encoding: 'utf8' }).split('\n').filter(Boolean);
const running = (): string[] => execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT.projectName}`],
  { encoding: 'utf8' }).split('\n').filter(Boolean);

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  console.log(`screenshots: ${artifacts}`);
  await removeCluster(PROJECT, scratch);
  const options = { userDataDir: join(scratch, 'user-data'), extensionsDir: join(scratch, 'extensions'), home: scratch, workspaceTrust: true,
    settings: { 'terminal.integrated.gpuAcceleration': 'off' } };
  ({ server, browser, page } = await startWorkbench(options, writeWorkspace(join(scratch, 'first'), PROJECT)));
});

after(async () => {
  await browser?.close();
  server?.stop();
  await removeCluster(PROJECT, scratch);
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
  await openFolder(page, server.base, writeWorkspace(join(scratch, 'second'), PROJECT));
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
  const prompt = page.locator('.terminal-wrapper', { hasText: /valkey-node-\d:\d+>/ }).last();
  // VS Code itself may ask to trust the folder because a terminal is opening; Cancel keeps it restricted.
  const trustQuestion = page.locator('.monaco-dialog-box', { hasText: 'Creating a terminal process requires executing code' });
  await prompt.or(trustQuestion).first().waitFor({ timeout: 30_000 });
  if (await trustQuestion.isVisible()) {
    await screenshot('terminal-trust-question');
    await trustQuestion.getByRole('button', { name: 'Cancel', exact: true }).click();
  }
  await prompt.waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper .xterm').last().click();
  await page.keyboard.type('SET restricted-key written');
  await page.keyboard.press('Enter');
  await page.keyboard.type('GET restricted-key');
  await page.keyboard.press('Enter');
  // The terminal wraps long lines wherever the panel's width falls, so words may be split by a line break.
  const expected = [spaced('Read-only (Restricted Mode): commands that write are refused.'), /SET restricted-key written/,
    spaced('Read-only console: SET writes to the cluster, so it was not sent.'), /GET restricted-key\s*\n\(nil\)/];
  const text = await screenWith(terminal, expected, 20_000);
  await screenshot('restricted-console');
  for (const pattern of expected) assert.match(text, pattern);
  await page.keyboard.press('Escape');
});

test('Stop Cluster is refused there and the cluster keeps running', async () => {
  await runCommand(page, 'Valkey: Stop Cluster');
  await toast(page, /Stop Cluster is not available in Restricted Mode/, 30_000);
  assert.equal(running().length, 7);
});
