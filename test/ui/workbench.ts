// What the UI tests do in the workbench, in one place: run palette commands, answer quick inputs, wait for
// notifications, find a webview's document, take numbered screenshots.
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

/** Opens the palette filtered to `label` and returns the command's row, reopening it while the extension's
 * contributions are still loading (an open palette does not pick up commands registered after it opened). */
export async function paletteRow(page: Page, label: string): Promise<Locator> {
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    // Something taking focus (a terminal, a refreshed view) may close the palette while it is filled: try again.
    const filled = await input.fill(`>${label}`, { timeout: 5000 }).then(() => true, () => false);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    if (filled && await row.isVisible({ timeout: 2000 }).catch(() => false)) return row;
    await page.keyboard.press('Escape');
  }
  throw new Error(`the command "${label}" never appeared in the palette`);
}

/** Runs a palette command by its label. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await paletteRow(page, label);
  await acceptQuickInput(page, `>${label}`);
}

const QUICK_INPUT = '.quick-input-widget input';

/** Types `text` into the quick input that is open (or opening) and accepts it. */
export async function answerQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(text);
  await acceptQuickInput(page, text);
}

/** Presses Enter once the quick input holding `text` owns the focus, then checks that it took it: the input closed
 * or moved on (a next step, an emptied box). A webview opening behind it (a key editor) can take the focus between
 * the typing and the Enter, which then goes nowhere: the focus is given back and Enter pressed again. */
async function acceptQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  const focused = page.locator(`${QUICK_INPUT}:focus`);
  const stillHolds = async () => await input.isVisible() && await input.inputValue().then((value) => value === text, () => false);
  for (let attempt = 0; attempt < 5; attempt++) {
    await input.focus();
    if (await focused.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) await page.keyboard.press('Enter');
    const deadline = Date.now() + 5000;
    while (await stillHolds() && Date.now() < deadline) await page.waitForTimeout(100);
    if (!await stillHolds()) return;
  }
  throw new Error(`the quick input kept "${text}": Enter never reached it`);
}

/** The first notification whose text matches; its whole text. */
export async function toast(page: Page, text: RegExp, timeout = 120_000): Promise<string> {
  const locator = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await locator.waitFor({ state: 'visible', timeout });
  return locator.innerText();
}

/** A webview's document: a nested frame, never the workbench itself (whose views show the same names). */
export async function webviewFrameWithText(page: Page, text: string, timeoutMs: number): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames().filter((candidate) => candidate !== page.mainFrame())) {
      // Visible text only: the page also holds the name in hidden places (the slot bar's shard picker).
      const found = await frame.getByText(text).filter({ visible: true }).first().isVisible().catch(() => false);
      if (found) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame shows "${text}"`);
}

/** Numbered screenshots in one folder: 01-name.png, 02-… */
export function screenshots(page: () => Page, folder: string): (name: string) => Promise<void> {
  let shot = 0;
  return async (name) => {
    shot++;
    await page().screenshot({ path: join(folder, `${String(shot).padStart(2, '0')}-${name}.png`) });
  };
}

/** Installs a .vsix through the running VS Code (Extensions: Install from VSIX…, its simple file dialog), so the
 * server's own services learn of it (a language pack, for one, is registered only this way). */
export async function installVsixFromPalette(page: Page, vsix: string): Promise<void> {
  await runCommand(page, 'Extensions: Install from VSIX...');
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(vsix);
  // One Enter once it has the focus: the simple file dialog keeps showing the path while it installs, so the
  // answerQuickInput check (the input closed or moved on) does not fit it, and a second Enter would go to the dialog.
  await page.locator(`${QUICK_INPUT}:focus`).waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
  await page.keyboard.press('Enter');
  await toast(page, /Completed installing/, 60_000);
}

/** An afterEach hook that keeps a screenshot of the workbench as a failed test left it. */
export function screenshotOnFailure(screenshot: (name: string) => Promise<void>) {
  return async (context: { readonly name: string }): Promise<void> => {
    // TestContext.passed exists at run time (Node 20.12+) before @types/node describes it.
    if ((context as { readonly passed?: boolean }).passed === false) await screenshot(`failed-${context.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
  };
}
