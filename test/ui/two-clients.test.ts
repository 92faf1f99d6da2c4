// Two clients of one code-server — two browser profiles, each with its own secret storage but the same extension
// storage folder on the server, as a second machine's VS Code over Remote-SSH would be: the first starts the
// cluster; the second opens the same folder and sees it healthy with the cluster's own password (and is told once),
// and the cluster's secret file is not changed.
// Screenshots on failure go to .test-artifacts/two-clients/<run>/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { installExtension, startCodeServer } from '../support/code-server';
import { filesBelow, launchChromium, openFolder, removeCluster, ROOT, storedPassword, VSIX, writeWorkspace } from './session';
import { runCommand, screenshotOnFailure, screenshots, toast } from './workbench';

const PROJECT = { projectName: 'valkey-clients', basePort: 8979, exporterPort: 9061 };
const ADOPTED = new RegExp(`no password for the local cluster "${PROJECT.projectName}"`);
const artifacts = join(ROOT, '.test-artifacts', 'two-clients', new Date().toISOString().replace(/[:.]/g, '-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-clients-'));
const userDataDir = join(scratch, 'user-data');
const workspace = writeWorkspace(join(scratch, 'workspace'), PROJECT);
let server: Awaited<ReturnType<typeof startCodeServer>>;
let browser: Browser;
/** The page of the client a test is looking at (for the screenshot on failure). */
let current: Page;

afterEach(screenshotOnFailure(screenshots(() => current, artifacts)));

/** A client with a browser profile of its own (its own local storage, so its own secret storage). */
async function openClient(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  current = await context.newPage();
  await openFolder(current, server.base, workspace);
  await current.locator('.activitybar [aria-label^="Valkey"]').first().click();
  return current;
}

/** The tree's rows once it shows a healthy cluster; fails with what it shows otherwise. */
async function healthyTree(page: Page): Promise<string> {
  const rows = page.locator('.pane-body .monaco-list-row');
  await rows.filter({ hasText: 'Cluster: ok' }).first().waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
    throw new Error(`${error.message}\nthe tree shows:\n${(await rows.allInnerTexts()).join('\n')}`);
  });
  await rows.filter({ hasText: 'valkey-node-5' }).first().waitFor({ timeout: 30_000 });
  return (await rows.allInnerTexts()).join('\n');
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  await removeCluster(PROJECT, scratch);
  const options = { userDataDir, extensionsDir: join(scratch, 'extensions'), home: scratch, settings: { 'workbench.colorTheme': 'Default Dark Modern' } };
  installExtension(options, VSIX);
  server = await startCodeServer(options);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
  await removeCluster(PROJECT, scratch);
});

let password = '';
let secretFile = '';
let written = 0;

test('the first client starts the cluster: ready', async () => {
  const page = await openClient();
  await runCommand(page, 'Valkey: Start Cluster');
  await toast(page, /Valkey cluster ready/, 180_000);
  assert.match(await healthyTree(page), /16384\/16384 slots ok/);
  password = storedPassword(userDataDir, PROJECT);
  secretFile = filesBelow(userDataDir).find((path) => path.endsWith(join(PROJECT.projectName, 'secrets', 'valkey_password'))) ?? '';
  written = statSync(secretFile).mtimeMs;
});

test('a second client of the same code-server sees the cluster healthy, is told once, and changes no secret', async () => {
  assert.ok(password, 'the first client started the cluster');
  const page = await openClient();
  const tree = await healthyTree(page);
  assert.match(tree, /16384\/16384 slots ok · 6 nodes/);
  assert.doesNotMatch(tree, /WRONGPASS|does not answer|failed/);
  await page.locator('.statusbar', { hasText: /Valkey: ok 6\/6/ }).waitFor({ timeout: 30_000 });
  await toast(page, ADOPTED, 30_000);
  assert.equal(await page.locator('.notifications-toasts .notification-toast', { hasText: ADOPTED }).count(), 1);
  assert.equal(storedPassword(userDataDir, PROJECT), password, 'the secret file holds the password the cluster was started with');
  assert.equal(statSync(secretFile).mtimeMs, written, 'the secret file was not written again');
});
