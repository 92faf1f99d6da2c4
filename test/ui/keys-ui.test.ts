// The Keys view as a person uses it, in a real VS Code (code-server) driven by Chromium with the packaged .vsix:
// open the view, filter, open a key, edit a field in the key editor, delete a key from the view.
// Screenshots of each step go to .test-artifacts/ui/<run>-keys/ (printed at the start).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import type { Cluster } from 'iovalkey';
import type { Browser, Page } from 'playwright-core';
import { connectCluster } from '../../src/core/client/connect';
import type { CodeServer } from '../support/code-server';
import { extensionHostErrors, removeCluster, ROOT, setupOf, startWorkbench, storedPassword, writeWorkspace } from './session';
import { answerQuickInput, runCommand, screenshotOnFailure, screenshots, toast, webviewFrameWithText } from './workbench';

const PROJECT = { projectName: 'valkey-keys-ui', basePort: 8779, exporterPort: 9041, enableExporter: false };
const artifacts = join(ROOT, '.test-artifacts', 'ui', `${new Date().toISOString().replace(/[:.]/g, '-')}-keys`);
const scratch = mkdtempSync(join(tmpdir(), 'valkey-keys-ui-'));
const userDataDir = join(scratch, 'user-data');
let server: CodeServer;
let browser: Browser;
let page: Page;
let cluster: Cluster | undefined;
const consoleErrors: string[] = [];

const screenshot = screenshots(() => page, artifacts);
afterEach(screenshotOnFailure(screenshot));

const keysPane = () => page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Keys/ }) }).first();
const keyRow = (text: string) => keysPane().locator('.monaco-list-row', { hasText: text }).first();

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  console.log(`screenshots: ${artifacts}`);
  await removeCluster(PROJECT, scratch);
  const workspace = writeWorkspace(join(scratch, 'workspace'), PROJECT);
  const options = { userDataDir, extensionsDir: join(scratch, 'extensions'), home: scratch,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' } };
  ({ server, browser, page } = await startWorkbench(options, workspace, consoleErrors));
});

after(async () => {
  cluster?.disconnect();
  await browser?.close();
  server?.stop();
  await removeCluster(PROJECT, scratch);
});

test('the Keys view lists the keys of a started cluster, with a row saying what was scanned against DBSIZE', async () => {
  await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
  await runCommand(page, 'Valkey: Start Cluster');
  await toast(page, /Valkey cluster ready/, 180_000);
  cluster = connectCluster(setupOf(PROJECT, scratch, storedPassword(userDataDir, PROJECT)).reach);
  cluster.on('error', () => undefined);
  await cluster.connect();
  await Promise.all(Array.from({ length: 30 }, (_, index) => cluster!.set(`ui:str:${index}`, `value ${index}`)));
  await cluster.hset('ui:hash', 'f1', 'v1', 'f2', 'v2');
  await cluster.rpush('other:list', 'a', 'b');
  // The Keys view gets the whole sidebar: the Cluster view folds away.
  await page.locator('.pane-header', { hasText: /^\s*Cluster/ }).first().click();
  await runCommand(page, 'Valkey: Refresh Keys');
  await keysPane().locator('.monaco-list-row', { hasText: /^32 keys/ }).first().waitFor({ timeout: 30_000 });
  const text = (await keysPane().locator('.monaco-list-row').allInnerTexts()).join('\n');
  assert.match(text, /whole cluster scanned · DBSIZE 32/);
  assert.match(text, /string · slot \d+ · valkey-node-\d/);
  await screenshot('keys-view');
  const viewAction = (label: string) => keysPane().locator(`.pane-header .action-label[aria-label="${label}"]`).first();
  await keysPane().locator('.pane-header').hover();
  await viewAction('Show Keys as Tree').click();
  const folder = keysPane().locator('.monaco-list-row', { hasText: /^ui:\s*31 loaded/ }).first();
  await folder.waitFor({ timeout: 15_000 });
  await folder.click();
  await keyRow('hash').waitFor({ timeout: 15_000 });
  await screenshot('keys-tree');
  await keysPane().locator('.pane-header').hover();
  await viewAction('Show Keys as List').click();
});

test('filtering by pattern narrows the view to the matching keys', async () => {
  await runCommand(page, 'Valkey: Filter Keys by Pattern…');
  await answerQuickInput(page, 'ui:h*');
  await keysPane().locator('.monaco-list-row', { hasText: /1 key matching ui:h\*/ }).first().waitFor({ timeout: 30_000 });
  assert.equal(await keysPane().locator('.monaco-list-row', { hasText: 'ui:str:' }).count(), 0);
  await screenshot('keys-filtered');
});

test('a key opens in an editor tab, and a field edited there changes the data', async () => {
  await keyRow('ui:hash').click();
  const frame = await webviewFrameWithText(page, 'Add a field', 30_000);
  await frame.locator('text=v1').first().waitFor();
  await screenshot('key-editor');
  const row = frame.locator('tr', { hasText: 'f1' }).first();
  await row.locator('button', { hasText: 'Edit' }).click();
  const editor = frame.locator('textarea').first();
  await editor.fill('edited in the UI');
  await screenshot('key-editor-editing');
  await frame.locator('button', { hasText: 'Save' }).first().click();
  await frame.locator('.status', { hasText: 'Field updated.' }).waitFor({ timeout: 15_000 });
  assert.equal(await cluster!.hget('ui:hash', 'f1'), 'edited in the UI');
  await frame.locator('td', { hasText: 'edited in the UI' }).first().waitFor();
  await screenshot('key-editor-saved');
});

test('a key deleted from the view\'s context menu, after confirming, is gone from the cluster and the view', async () => {
  await runCommand(page, 'Valkey: Filter Keys by Pattern…');
  await answerQuickInput(page, 'ui:str:?');
  await keysPane().locator('.monaco-list-row', { hasText: /^10 keys matching ui:str:\?/ }).first().waitFor({ timeout: 30_000 });
  await keyRow('ui:str:3').click({ button: 'right' });
  const menuItem = page.locator('.context-view .action-label', { hasText: /^Delete Key$/ }).first();
  await menuItem.waitFor({ timeout: 10_000 });
  await screenshot('context-menu');
  await menuItem.click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 10_000 });
  assert.match(await dialog.innerText(), /Delete the key ui:str:3\?/);
  await screenshot('delete-confirmation');
  await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
  const deadline = Date.now() + 15_000;
  while ((await cluster!.exists('ui:str:3')) === 1 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.equal(await cluster!.exists('ui:str:3'), 0);
  assert.equal(await cluster!.exists('ui:str:4') + await cluster!.exists('ui:str:13'), 2, 'only that key was deleted');
  const gone = keysPane().locator('.monaco-list-row[aria-label^="ui:str:3,"]');
  while ((await gone.count()) > 0 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.equal(await gone.count(), 0, 'the deleted key left the view');
  await screenshot('deleted');
});

test('neither the browser console nor the extension host log shows an error caused by the extension', () => {
  assert.deepEqual(consoleErrors.filter((text) => /valkey/i.test(text)), []);
  assert.deepEqual(extensionHostErrors(userDataDir), []);
});
