// What every UI test sets up the same way: a workspace folder whose settings point the extension at a test project
// and the local images, removing that project's cluster, a headless Chromium, a folder opened in the workbench, and
// the password the extension generated.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { CHROMIUM_ARGS, type CodeServer, type CodeServerOptions, installExtension, startCodeServer } from '../support/code-server';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const VSIX = join(ROOT, 'dist', 'valkey-cluster.vsix');

export interface TestProject {
  readonly projectName: string;
  readonly basePort: number;
  readonly exporterPort: number;
  readonly enableExporter?: boolean;
}

/** Creates `folder` with .vscode/settings.json for `project` on the local images; `extra` adds settings. */
export function writeWorkspace(folder: string, project: TestProject, extra: Record<string, unknown> = {}): string {
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
    'valkeyCluster.projectName': project.projectName,
    'valkeyCluster.basePort': project.basePort,
    'valkeyCluster.exporterPort': project.exporterPort,
    ...(project.enableExporter === false ? { 'valkeyCluster.enableExporter': false } : {}),
    'valkeyCluster.image': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.initImage': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
    'valkeyCluster.exporterImage': process.env.LOCAL_EXPORTER_IMAGE ?? 'valkey-cluster-vscode/redis-exporter:local',
    'valkeyCluster.refreshIntervalSeconds': 1,
    ...extra,
  }, null, 2));
  return folder;
}

/** The project's cluster as the core sees it, with `password` (any, for removal). */
export function setupOf(project: TestProject, scratch: string, password = 'cleanup-only-password') {
  return createClusterSetup({ settings: { ...DEFAULT_SETTINGS, ...project }, password,
    clusterDirectory: join(ROOT, 'resources', 'cluster'), secretsDirectory: join(scratch, 'cleanup') });
}

/** Removes the project's containers, network and volumes. */
export async function removeCluster(project: TestProject, scratch: string): Promise<void> {
  await setupOf(project, scratch).engine.down({ removeVolumes: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
}

/** Opens `folder` in the workbench and waits for the Valkey activity bar entry. */
export async function openFolder(page: Page, base: string, folder: string): Promise<void> {
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="Valkey"]').first().waitFor({ timeout: 60_000 });
}

/** Every file below `directory`. */
export function filesBelow(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** The password the extension generated for the project, from the secret file it wrote in its storage folder. */
export function storedPassword(userDataDir: string, project: TestProject): string {
  const secret = filesBelow(userDataDir).find((path) => path.endsWith(join(project.projectName, 'secrets', 'valkey_password')));
  assert.ok(secret, 'the extension wrote its secret file under its storage folder');
  return readFileSync(secret, 'utf8');
}

/** Error lines about this extension in the extension host's logs. */
export function extensionHostErrors(userDataDir: string): string[] {
  return filesBelow(join(userDataDir, 'logs'))
    .filter((path) => /exthost|remoteexthost/i.test(basename(path)) && path.endsWith('.log'))
    .flatMap((path) => readFileSync(path, 'utf8').split('\n'))
    .filter((line) => /\[error\]/.test(line) && /valkey/i.test(line));
}

export interface Workbench {
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
}

/** The packaged extension installed into a code-server of its own, a headless Chromium, and `folder` open in a page;
 * `pageErrors` collects what the page logs as an error. */
export async function startWorkbench(options: CodeServerOptions, folder: string, pageErrors?: string[]): Promise<Workbench> {
  installExtension(options, VSIX);
  const server = await startCodeServer(options);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  if (pageErrors) {
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }
  await openFolder(page, server.base, folder);
  return { server, browser, page };
}
