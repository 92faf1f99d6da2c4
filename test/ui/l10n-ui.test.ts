// The extension in another display language, in a real VS Code (code-server) driven by Chromium. The packaged .vsix
// is installed, then pseudo-locale bundles are made in the INSTALLED copy with `vscode-l10n-dev generate-pseudo` (the
// .vsix never carries them). VS Code takes a display language only from an installed language pack (without one,
// `--locale qps-ploc` reads as English, vscode.env.language is "en" and no bundle is loaded), so a pack that declares
// qps-ploc and translates nothing of VS Code itself is installed through the workbench; after a reload VS Code runs
// in qps-ploc and every string of ours a surface shows must be the pseudo form of its English, never the English.
// Screenshots of each step go to .test-artifacts/ui-l10n/<run>/ (printed at the start).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { type Browser, type Frame, type Page, chromium } from 'playwright-core';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { CHROMIUM_ARGS, installExtension, startCodeServer } from '../support/code-server';
import { installVsixFromPalette, paletteRow, runCommand, screenshotOnFailure, screenshots, toast, webviewFrameWithText } from './workbench';

const ROOT = resolve(__dirname, '..', '..', '..');
const PROJECT = { projectName: 'valkey-l10n', basePort: 7799, exporterPort: 9641 };
const artifacts = join(ROOT, '.test-artifacts', 'ui-l10n', new Date().toISOString().replace(/[:.]/g, '-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-l10n-'));
const userDataDir = join(scratch, 'user-data');
const extensionsDir = join(scratch, 'extensions');
const workspaceSettings = join(scratch, 'workspace', '.vscode', 'settings.json');
const l10nDev = join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
let server: Awaited<ReturnType<typeof startCodeServer>>;
let browser: Browser;
let page: Page;
const screenshot = screenshots(() => page, artifacts);
afterEach(screenshotOnFailure(screenshot));

type Bundle = Record<string, string | { message: string; comment: string[] }>;
let bundle: Bundle;
let nls: Record<string, string>;

/** The pseudo form of an English text: what generate-pseudo wrote for it. */
function pseudo(english: string): string {
  return getL10nPseudoLocalized({ text: english }).text as string;
}

function format(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => String(args[Number(index)] ?? match));
}

/** A message of our bundle (by its key: the English, with /comment when it has one), pseudo-localised and filled in. */
function p(key: string, ...args: (string | number)[]): string {
  const entry = bundle[key];
  assert.ok(entry !== undefined, `the bundle has ${JSON.stringify(key)}`);
  return format(pseudo(typeof entry === 'string' ? entry : entry.message), args);
}

/** A manifest string (package.nls.json key), pseudo-localised. */
function m(key: string): string {
  assert.ok(nls[key] !== undefined, `package.nls.json has ${key}`);
  return pseudo(nls[key]);
}

const STATE = (english: string): string => `${english}/The state of a Valkey cluster, shown after its name`;
const HEALTH = (english: string): string => `${english}/The health of one Valkey node`;
const ROLE = (english: string): string => `${english}/The role of a Valkey node in its shard`;

/** Pieces of our English messages (between placeholders) of two words or more, found verbatim in `text`. */
function englishFrom(text: string, messages: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const message of messages) {
    for (const piece of message.split(/\{\w+\}/)) {
      const trimmed = piece.replace(/^[\s:·,.()…]+|[\s:·,.()…]+$/g, '');
      if ((trimmed.match(/\p{L}{2,}/gu) ?? []).length >= 2 && text.includes(trimmed)) found.add(trimmed);
    }
  }
  return [...found];
}

const englishMessages = (): string[] => [...Object.values(bundle).map((entry) => (typeof entry === 'string' ? entry : entry.message)), ...Object.values(nls)];

function assertNoEnglish(surface: string, text: string): void {
  assert.deepEqual(englishFrom(text, englishMessages()), [], `${surface} shows English of ours:\n${text}`);
}

/** The command as the palette names it: category and title, both pseudo-localised. */
const paletteTitle = (command: string): string => `${m('command.category')}: ${m(`command.${command}.title`)}`;

async function removeCluster(): Promise<void> {
  const setup = createClusterSetup({ settings: { ...DEFAULT_SETTINGS, ...PROJECT }, password: 'cleanup-only-password',
    clusterDirectory: join(ROOT, 'resources', 'cluster'), secretsDirectory: join(scratch, 'cleanup') });
  await setup.engine.down({ removeVolumes: true });
}

/** The extension as installed, with pseudo-locale bundles made beside its English ones. */
function pseudoLocaliseInstalledCopy(): string {
  const installed = readdirSync(extensionsDir).find((name) => name.startsWith('valkey-cluster-dev.valkey-cluster-'));
  assert.ok(installed, `the extension is installed in ${extensionsDir}`);
  const folder = join(extensionsDir, installed);
  execFileSync(process.execPath, [l10nDev, 'generate-pseudo', join(folder, 'l10n', 'bundle.l10n.json'), join(folder, 'package.nls.json')], { cwd: scratch });
  bundle = JSON.parse(readFileSync(join(folder, 'l10n', 'bundle.l10n.json'), 'utf8')) as Bundle;
  nls = JSON.parse(readFileSync(join(folder, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const made = JSON.parse(readFileSync(join(folder, 'l10n', 'bundle.l10n.qps-ploc.json'), 'utf8')) as Record<string, string>;
  assert.equal(made['Valkey cluster ready (formed).'], pseudo('Valkey cluster ready (formed).'), 'generate-pseudo made the pseudo bundle');
  return folder;
}

/** The test-only language pack for qps-ploc, packaged as a .vsix. */
function languagePackVsix(): string {
  const source = join(scratch, 'pseudo-language-pack');
  cpSync(join(ROOT, 'test', 'fixtures', 'pseudo-language-pack'), source, { recursive: true });
  const vsix = join(scratch, 'pseudo-language-pack.vsix');
  execFileSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: source, stdio: 'pipe' });
  return vsix;
}

async function openValkeyView(): Promise<void> {
  const icon = page.locator(`.activitybar [aria-label^="${m('viewContainer.valkeyCluster.title')}"]`).first();
  await icon.waitFor({ timeout: 60_000 });
  const sidebar = page.locator('.sidebar .pane-header', { hasText: m('view.tree.name') });
  if (!(await sidebar.first().isVisible().catch(() => false))) await icon.click();
  await sidebar.first().waitFor({ timeout: 30_000 });
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  console.log(`screenshots: ${artifacts}`);
  await removeCluster();
  const workspace = join(scratch, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(workspaceSettings, JSON.stringify({
    'valkeyCluster.projectName': PROJECT.projectName,
    'valkeyCluster.basePort': PROJECT.basePort,
    'valkeyCluster.exporterPort': PROJECT.exporterPort,
    'valkeyCluster.image': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.initImage': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.exporterImage': process.env.LOCAL_EXPORTER_IMAGE ?? 'valkey-cluster-vscode/redis-exporter:local',
    'valkeyCluster.refreshIntervalSeconds': 1,
  }));
  const options = { userDataDir, extensionsDir, home: scratch, locale: 'qps-ploc',
    settings: { 'terminal.integrated.gpuAcceleration': 'off', 'workbench.colorTheme': 'Default Dark Modern' } };
  const vsix = join(ROOT, 'dist', 'valkey-cluster.vsix');
  const shipped = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  assert.match(shipped, /extension\/l10n\/bundle\.l10n\.json/);
  assert.match(shipped, /extension\/package\.nls\.json/);
  assert.doesNotMatch(shipped, /qps-ploc/, 'the .vsix carries no pseudo-locale file');
  installExtension(options, vsix);
  pseudoLocaliseInstalledCopy();
  const pack = languagePackVsix();
  server = await startCodeServer(options);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // Still English: no language pack yet, so qps-ploc is not a language VS Code can show.
  await page.locator('.activitybar [aria-label^="Valkey"]').first().waitFor({ timeout: 60_000 });
  await installVsixFromPalette(page, pack);
  await page.reload();
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  server?.stop();
  await removeCluster();
});

test('the palette names our commands in the display language (English only as VS Code\'s alias)', async () => {
  for (const command of ['start', 'stop', 'showTopology', 'connectApp', 'keys.filterType']) {
    const title = paletteTitle(command);
    const row = await paletteRow(page, title);
    const label = await row.locator('.label-name').first().innerText();
    assert.equal(label.trim(), title);
    assert.notEqual(title, `Valkey: ${nls[`command.${command}.title`]}`);
    if (command === 'start') await screenshot('palette');
    await page.keyboard.press('Escape');
  }
});

test('the Valkey view: its name, the view names and the welcome content are pseudo-localised', async () => {
  await openValkeyView();
  const welcome = page.locator('.welcome-view-content').first();
  await welcome.waitFor({ timeout: 60_000 });
  const text = await welcome.innerText();
  const [first, second] = nls['viewsWelcome.tree.contents'].split('\n');
  assert.ok(text.includes(pseudo(first)) && text.includes(pseudo(second)), text);
  assert.ok(await welcome.getByRole('button', { name: m('command.start.title') }).isVisible());
  const headers = (await page.locator('.sidebar .pane-header').allInnerTexts()).join('\n');
  assert.ok(headers.includes(m('view.tree.name')) && headers.includes(m('view.keys.name')), headers);
  assertNoEnglish('the welcome view', `${text}\n${headers}`);
  await screenshot('welcome-view');
});

test('a refused action: Connect Your App on a cluster that is not there says so, with a Start button, in the display language', async () => {
  await runCommand(page, paletteTitle('connectApp'));
  const message = p('The local Valkey cluster is stopped: start it first, so the snippet has its current ports and addresses.');
  const shown = page.locator('.notifications-toasts .notification-toast', { hasText: message }).first();
  await shown.waitFor({ timeout: 30_000 });
  assert.ok(await shown.getByRole('button', { name: p('Start Cluster') }).isVisible());
  assertNoEnglish('the toast', await shown.innerText());
  await screenshot('refused-toast');
  await page.keyboard.press('Escape');
});

test('a quick pick: Filter Keys by Type asks in the display language (the type names are Valkey\'s own)', async () => {
  await runCommand(page, paletteTitle('keys.filterType'));
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget', { hasText: p('Any type') }).waitFor({ timeout: 30_000 });
  assert.equal(await input.getAttribute('placeholder'), p('List keys of which type?'));
  const rows = (await page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).join('\n');
  assert.match(rows, /zset/);
  assertNoEnglish('the quick pick', rows);
  await screenshot('quick-pick');
  await page.keyboard.press('Escape');
});

test('a failed action: the framing and buttons are pseudo-localised, the core\'s reason is inserted as it is', async () => {
  const settings = readFileSync(workspaceSettings, 'utf8');
  writeFileSync(workspaceSettings, JSON.stringify({ ...JSON.parse(settings), 'valkeyCluster.basePort': 80 }, null, 2));
  try {
    const view = page.locator('.pane-body .tree-explorer-viewlet-tree-view').first();
    await view.locator('.message', { hasText: /valkeyCluster\.basePort 80 is out of range/ }).waitFor({ timeout: 30_000 });
    await view.locator('.monaco-list-row', { hasText: p('Open Settings') }).waitFor({ timeout: 10_000 });
    assert.ok(await view.locator('.monaco-list-row', { hasText: p('Show Log') }).isVisible());
    await runCommand(page, paletteTitle('start'));
    const framing = p('{0} failed: {1}', p('Valkey: Starting cluster'), '');
    const shown = page.locator('.notifications-toasts .notification-toast', { hasText: framing }).first();
    await shown.waitFor({ timeout: 60_000 });
    const text = await shown.innerText();
    assert.match(text, /valkeyCluster\.basePort 80 is out of range/, 'the core\'s English reason, as data');
    assert.ok(await shown.getByRole('button', { name: p('Open Settings') }).isVisible());
    assert.ok(await shown.getByRole('button', { name: p('Show Log') }).isVisible());
    await screenshot('failed-toast');
    // The settings editor that button opens describes our settings in the display language.
    await shown.getByRole('button', { name: p('Open Settings') }).click();
    const editor = page.locator('.settings-editor');
    await editor.waitFor({ timeout: 30_000 });
    // Plain stretches of two settings' descriptions (their markdown renders the rest differently).
    const basePort = pseudo('both inside its container and on the host, and its cluster bus uses that port + 10000.');
    await editor.locator('.setting-item-description', { hasText: basePort }).first().waitFor({ timeout: 30_000 });
    const descriptions = (await editor.locator('.setting-item-description').allInnerTexts()).join('\n');
    assert.ok(descriptions.includes(pseudo('to be a non-loopback address, exposing the cluster to your network.')), descriptions);
    assertNoEnglish('the settings editor', descriptions);
    await screenshot('settings-editor');
  } finally {
    writeFileSync(workspaceSettings, settings);
  }
  await page.keyboard.press('Escape');
});

let topology: Frame;

test('a running cluster: progress, result, tree rows and status bar read in the display language', async () => {
  await openValkeyView();
  await page.locator('.welcome-view-content').first().waitFor({ timeout: 30_000 });
  await runCommand(page, paletteTitle('start'));
  await toast(page, new RegExp(escapeRegExp(p('Valkey: Starting cluster'))), 30_000);
  await screenshot('start-progress');
  const ready = [p('Valkey cluster ready.'), p('Valkey cluster ready (formed).'), p('Valkey cluster ready (repaired by init).'), p('The Valkey cluster is already running and ready.')];
  const result = page.locator('.notifications-toasts .notification-toast', { hasText: new RegExp(ready.map(escapeRegExp).join('|')) }).first();
  await result.waitFor({ timeout: 180_000 });
  assert.ok(await result.getByRole('button', { name: p('Show Topology') }).isVisible());
  const rows = page.locator('.pane-body .monaco-list-row');
  await rows.filter({ hasText: p('Cluster: {0}', p(STATE('ok'))) }).first().waitFor({ timeout: 60_000 });
  await rows.filter({ hasText: 'valkey-node-5' }).first().waitFor({ timeout: 30_000 });
  const tree = (await rows.allInnerTexts()).join('\n');
  assert.ok(tree.includes(p('{0}/{1} slots ok', 16384, 16384)), tree);
  assert.ok(tree.includes(p('{0} nodes', 6)), tree);
  assert.ok(tree.includes(p('Shard {0}', 1)), tree);
  assert.ok(tree.includes(p(ROLE('primary'))) && tree.includes(p(ROLE('replica'))) && tree.includes(p(HEALTH('online'))), tree);
  assertNoEnglish('the tree', tree);
  const statusBar = await page.locator('.statusbar').innerText();
  assert.ok(statusBar.includes(p('{0} Valkey: {1} {2}', '', p(STATE('ok')), '6/6').trim()), statusBar);
  assertNoEnglish('the status bar', statusBar);
  await screenshot('tree-and-status-bar');
  await result.getByRole('button', { name: p('Show Topology') }).click();
  topology = await webviewFrameWithText(page, 'valkey-node-0', 30_000);
});

test('the topology webview: its words are pseudo-localised and its page says the display language', async () => {
  assert.equal(await topology.locator('html').getAttribute('lang'), 'qps-ploc', 'vscode.env.language, as the page got it');
  const body = topology.locator('body');
  await topology.locator('.cluster-state', { hasText: p('Cluster {0}', p(STATE('ok'))) }).waitFor({ timeout: 30_000 });
  await topology.locator('button.node', { hasText: 'valkey-node-0' }).click();
  await topology.locator('.details', { hasText: p('Role') }).waitFor({ timeout: 10_000 });
  const text = await body.innerText();
  for (const expected of [p('{0} of {1} slots ok', '16,384', '16,384'), p('{0} nodes · {1} primaries · {2} replicas', 6, 3, 3), p('Slots'), p('Shard {0}', 1),
    p(HEALTH('online')), p('Open Console'), p('Fail Over Here'), p('Memory')]) {
    assert.ok(text.includes(expected), `the topology shows ${expected}:\n${text}`);
  }
  assertNoEnglish('the topology webview', text);
  await screenshot('topology');
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
