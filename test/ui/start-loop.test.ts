// Start never hangs and never races itself: 20 times, a fresh VS Code profile opens the Valkey view (its first
// refresh asks for the password) and runs Start Cluster from the palette at the same moment; every Start ends
// with a ready cluster. Then the stored password is changed under a running cluster: Start ends at once with the
// "refuses the password" message instead of waiting.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { installExtension, startCodeServer } from '../support/code-server';
import { launchChromium, openFolder, removeCluster, VSIX, writeWorkspace } from './session';
import { answerQuickInput, runCommand } from './workbench';

const PROJECT = { projectName: 'valkey-loop', basePort: 7879, exporterPort: 9521 };
const STARTS = Number(process.env.START_LOOP_COUNT ?? 20);
const scratch = mkdtempSync(join(tmpdir(), 'valkey-loop-'));
const extensionsDir = join(scratch, 'extensions');
let browser: Browser;

const workspace = (): string => writeWorkspace(join(scratch, 'workspace'), PROJECT, { 'valkeyCluster.readyTimeoutSeconds': 60 });

/** A fresh profile (user data dir: settings, secret storage, global storage) in a new code-server and page. */
async function freshWindow(run: number): Promise<{ page: Page; stop(): Promise<void> }> {
  const userDataDir = join(scratch, `profile-${run}`);
  const server = await startCodeServer({ userDataDir, extensionsDir, home: scratch, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const page = await browser.newPage({ viewport: { width: 1300, height: 850 } });
  await openFolder(page, server.base, workspace());
  return {
    page,
    stop: async () => {
      await page.close();
      server.stop();
    },
  };
}

/** Opens the Valkey view (its first refresh starts at once) and runs Start from the palette right away. */
async function startWhileTheViewRefreshes(page: Page): Promise<void> {
  await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
  await runCommand(page, 'Valkey: Start Cluster');
}

async function clearNotifications(page: Page): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Notifications: Clear All Notifications');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clear All Notifications' }).first().click();
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The first notification that ends Start: ready, or an error. The wait is a hang detector, not a timing claim. */
async function startOutcome(page: Page): Promise<string> {
  const outcome = page.locator('.notifications-toasts .notification-toast', { hasText: /Valkey cluster ready|already running|failed:/ }).first();
  await outcome.waitFor({ state: 'visible', timeout: 300_000 });
  return outcome.locator('.notification-list-item-message').innerText();
}

before(async () => {
  await removeCluster(PROJECT, scratch);
  installExtension({ userDataDir: join(scratch, 'installer'), extensionsDir, home: scratch }, VSIX);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await removeCluster(PROJECT, scratch);
});

// No timeout of its own: the run's cap (scripts/test.sh's --test-timeout) bounds the loop like every other test.
test(`${STARTS} palette Starts from a fresh profile, each while the view refreshes: every one ends ready`, async () => {
  const outcomes: string[] = [];
  for (let run = 1; run <= STARTS; run++) {
    await removeCluster(PROJECT, scratch);
    const window = await freshWindow(run);
    try {
      await startWhileTheViewRefreshes(window.page);
      const outcome = await startOutcome(window.page);
      outcomes.push(outcome);
      console.log(`start ${run}/${STARTS}: ${outcome}`);
    } finally {
      await window.stop();
    }
  }
  const failed = outcomes.filter((outcome) => !/Valkey cluster ready/.test(outcome));
  assert.deepEqual(failed, [], `${failed.length} of ${STARTS} Starts did not end ready`);
});

test('a cluster running with another password than the stored one: Start ends at once and says so', { timeout: 600_000 }, async () => {
  const window = await freshWindow(STARTS + 1);
  try {
    await startWhileTheViewRefreshes(window.page);
    assert.match(await startOutcome(window.page), /Valkey cluster ready/);
    await window.page.keyboard.press('F1');
    await window.page.locator('.quick-input-widget input').fill('>Valkey: Set Password');
    await window.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Valkey: Set Password' }).first().click();
    await window.page.locator('.quick-input-widget input[type="password"]').waitFor({ state: 'visible' });
    await answerQuickInput(window.page, 'another-password-for-the-test');
    await window.page.locator('.notifications-toasts .notification-toast', { hasText: 'Password saved' }).first().waitFor({ timeout: 30_000 });
    await clearNotifications(window.page);
    await startWhileTheViewRefreshes(window.page);
    assert.match(await startOutcome(window.page), /failed:.*refuses the password/s);
  } finally {
    await window.stop();
  }
});
