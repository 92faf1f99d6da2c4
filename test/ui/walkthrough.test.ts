// The Get Started walkthrough in a real VS Code (code-server driven by Chromium, packaged .vsix installed): opened
// from the Valkey view's welcome, each step's button does the real thing and the step is checked only once that
// has happened (engine answered, cluster ready, nodes shown, a console command run, topology shown, a failover).
// Unit tests (test/unit/adapters/walkthrough-steps.test.ts) cover the states that must not check a step.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CodeServer } from '../support/code-server';
import { removeCluster, ROOT, startWorkbench, writeWorkspace } from './session';
import { runCommand, screenshotOnFailure, screenshots, toast } from './workbench';

const PROJECT = { projectName: 'valkey-walkthrough', basePort: 7809, exporterPort: 9651 };
const STEPS = ['engine', 'start', 'nodes', 'console', 'topology', 'failover'] as const;
const artifacts = join(ROOT, '.test-artifacts', 'ui-walkthrough', new Date().toISOString().replace(/[:.]/g, '-'));
const scratch = mkdtempSync(join(tmpdir(), 'valkey-walkthrough-'));
let server: CodeServer;
let browser: Browser;
let page: Page;
const screenshot = screenshots(() => page, artifacts);
afterEach(screenshotOnFailure(screenshot));

const stepButton = (step: string) => page.locator(`button.getting-started-step[data-step-id$="#${step}"]`);
const checked = async (step: string): Promise<boolean> => (await stepButton(step).getAttribute('aria-checked')) === 'true';
const checkedSteps = async (): Promise<string[]> => {
  const result: string[] = [];
  for (const step of STEPS) if (await checked(step)) result.push(step);
  return result;
};

/** Expands a step and presses the button its description offers. */
async function pressStepButton(step: string, label: string): Promise<void> {
  await stepButton(step).click();
  await page.locator('.getting-started-step.expanded').getByRole('button', { name: label, exact: true }).click();
}

/** Waits for the step's check, bringing the walkthrough back first if an editor the step opened covers it. */
async function waitChecked(step: string, timeout: number): Promise<void> {
  try {
    if (!await stepButton(step).isVisible()) await returnToWalkthrough();
    await page.locator(`button.getting-started-step[data-step-id$="#${step}"][aria-checked="true"]`).waitFor({ state: 'attached', timeout });
  } catch (error) {
    await screenshot(`${step}-not-checked`);
    throw error;
  }
}

/** Brings the walkthrough's steps back (VS Code may show its list of walkthroughs instead, with the steps disabled). */
async function returnToWalkthrough(): Promise<void> {
  if (await stepButton('engine').isVisible()) return;
  await runCommand(page, 'Welcome: Open Walkthrough...');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with a Local Valkey Cluster' }).first();
  await row.or(stepButton('engine')).first().waitFor({ timeout: 30_000 });
  if (await row.isVisible()) {
    // Picked by typing (the list re-renders while it fills, so a click may miss its row).
    await page.keyboard.type('Get Started with a Local Valkey Cluster');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Get Started with a Local Valkey Cluster' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
  }
  await stepButton('engine').waitFor({ timeout: 30_000 });
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  console.log(`screenshots: ${artifacts}`);
  await removeCluster(PROJECT, scratch);
  const workspace = writeWorkspace(join(scratch, 'workspace'), PROJECT);
  const options = { userDataDir: join(scratch, 'user-data'), extensionsDir: join(scratch, 'extensions'), home: scratch,
    settings: { 'terminal.integrated.gpuAcceleration': 'off' } };
  ({ server, browser, page } = await startWorkbench(options, workspace));
});

after(async () => {
  await browser?.close();
  server?.stop();
  await removeCluster(PROJECT, scratch);
});

test('the Valkey view\'s welcome opens the walkthrough; only the engine step is checked (the view asked the engine)', async () => {
  await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
  await page.locator('.welcome-view-content a', { hasText: 'Get Started walkthrough' }).click();
  await stepButton('engine').waitFor({ timeout: 30_000 });
  await waitChecked('engine', 60_000);
  assert.deepEqual(await checkedSteps(), ['engine']);
  await screenshot('walkthrough-opened');
});

test('Start Cluster: checked when the cluster is ready', async () => {
  await pressStepButton('start', 'Start Cluster');
  await toast(page, /Valkey cluster ready/, 180_000);
  await waitChecked('start', 30_000);
  await screenshot('walkthrough-started');
});

test('Show the Cluster View: checked when the view shows running nodes', async () => {
  await pressStepButton('nodes', 'Show the Cluster View');
  await page.locator('.pane-body .monaco-list-row', { hasText: 'valkey-node-5' }).first().waitFor({ timeout: 30_000 });
  await waitChecked('nodes', 30_000);
});

test('Open Console: not checked by opening it, checked when a command has run', async () => {
  await returnToWalkthrough();
  await pressStepButton('console', 'Open Console');
  await page.locator('.terminal-wrapper', { hasText: /valkey-node-\d:\d+>/ }).last().waitFor({ timeout: 30_000 });
  assert.equal(await checked('console'), false, 'an open console alone does not complete the step');
  await page.locator('.terminal-wrapper .xterm').last().click();
  await page.keyboard.type('SET walkthrough done');
  await page.keyboard.press('Enter');
  await page.locator('.terminal-wrapper', { hasText: /SET walkthrough done\s*(-> Redirected to slot \[\d+\] located at [\d.:]+\s*)?OK/ }).last().waitFor({ timeout: 20_000 });
  await waitChecked('console', 30_000);
});

test('Show Topology: checked when the topology is in view', async () => {
  await returnToWalkthrough();
  assert.equal(await checked('topology'), false);
  await pressStepButton('topology', 'Show Topology');
  await page.locator('.tabs-container .tab', { hasText: 'Valkey Topology' }).waitFor({ timeout: 30_000 });
  await waitChecked('topology', 30_000);
});

test('Fail Over: checked only when a replica has taken over', async () => {
  await returnToWalkthrough();
  assert.equal(await checked('failover'), false);
  await pressStepButton('failover', 'Fail Over to a Replica');
  // The replica picker: Enter once its first row has the focus (before that the list may still be filling).
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: /valkey-node-\d/ }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Fail Over' }).click();
  await waitChecked('failover', 60_000);
  assert.deepEqual(await checkedSteps(), [...STEPS]);
  await screenshot('walkthrough-complete');
});
