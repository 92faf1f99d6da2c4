// Benchmark of the topology webview: the pure layout in Node, and the real page (dist/media/topology.js/.css)
// in headless Chromium. Prints figures only. Run after `npm run build && npx tsc -p .`:
//   node out/bench/topology-render.js
// The page is loaded from local files with every network request refused.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import type { ClusterSnapshot } from '../src/shared/snapshot';
import { barSegments, buildTopologyView } from '../media/topology/layout';
import { generateLargeSnapshot } from '../test/unit/generate-topology';
import { median } from './stats';

const RUNS = 5;
const BAR_WIDTH = 1280;
const REPO = path.resolve(__dirname, '..', '..'); // out/bench → repository root
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Case {
  readonly name: string;
  readonly snapshot: ClusterSnapshot;
}

interface RenderTimes {
  /** Message handled, style and layout computed, canvas flushed. */
  readonly sync: number;
  /** Until the next animation frame after that (includes waiting for the frame tick). */
  readonly frame: number;
}

/** RUNS samples of `measure`, taken after one warm-up call. */
async function afterWarmUp<T>(measure: () => Promise<T> | T): Promise<T[]> {
  await measure();
  const samples: T[] = [];
  for (let run = 0; run < RUNS; run++) samples.push(await measure());
  return samples;
}

/** Mean time of one call, repeating `work` for at least 20 ms so sub-millisecond work is measurable. */
function timePerCall(work: () => void): number {
  const start = performance.now();
  let calls = 0;
  let elapsed: number;
  do {
    work();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < 20);
  return elapsed / calls;
}

/** The same cluster one refresh later: every counter moved, as at each 1-2 s poll. */
function nextRefresh(snapshot: ClusterSnapshot, tick: number): ClusterSnapshot {
  const bump = <T extends { opsPerSecond?: number; keys?: number; usedMemoryBytes?: number }>(node: T): T => ({
    ...node,
    opsPerSecond: (node.opsPerSecond ?? 0) + tick,
    keys: (node.keys ?? 0) + tick,
    usedMemoryBytes: (node.usedMemoryBytes ?? 0) + tick * 4096,
  });
  return {
    ...snapshot,
    takenAt: snapshot.takenAt + tick * 1000,
    nodes: snapshot.nodes.map(bump),
    shards: snapshot.shards.map((shard) => ({
      ...shard,
      primary: shard.primary && bump(shard.primary),
      replicas: shard.replicas.map(bump),
    })),
  };
}

function countRanges(snapshot: ClusterSnapshot): number {
  return snapshot.shards.reduce((sum, shard) => sum + shard.slots.length, 0);
}

/** Theme variables VS Code would inject, so the page draws real colours. */
const THEME = `:root {
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-disabledForeground: #6f6f6f;
  --vscode-editor-background: #1f1f1f; --vscode-editorWidget-background: #202020; --vscode-widget-border: #313131;
  --vscode-focusBorder: #0078d4; --vscode-errorForeground: #f85149; --vscode-testing-iconPassed: #73c991;
  --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff;
  --vscode-charts-blue: #3794ff; --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7;
  --vscode-charts-orange: #d18616; --vscode-charts-yellow: #cca700; --vscode-terminal-ansiCyan: #11a8cd;
  --vscode-terminal-ansiMagenta: #bc3fbc; --vscode-terminal-ansiBrightBlue: #3b8eea;
  --vscode-terminal-ansiBrightGreen: #23d18b; --vscode-terminal-ansiBrightYellow: #f5f543;
}`;

/** acquireVsCodeApi as the webview sees it. setState clones like VS Code's does, so its cost is counted. */
const STUB = `window.acquireVsCodeApi = () => {
  let state;
  return {
    postMessage: () => {},
    getState: () => state,
    setState: (value) => { state = structuredClone(value); },
  };
};`;

function pageHtml(): string {
  const css = readFileSync(path.join(REPO, 'dist', 'media', 'topology.css'), 'utf8');
  const script = readFileSync(path.join(REPO, 'dist', 'media', 'topology.js'), 'utf8');
  // </script> cannot occur in esbuild output of this code; the check keeps the inlining honest.
  if (script.includes('</script')) throw new Error('bundle contains </script>');
  return `<!DOCTYPE html><html><head><style>${THEME}\n${css}</style></head><body>
<script>${STUB}</script><script>${script}</script></body></html>`;
}

/** The browser APIs the in-page timing uses, typed here because the repository's tsconfig has no DOM lib. */
interface Context2dLike {
  getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
}

interface CanvasLike {
  getContext(kind: '2d'): Context2dLike | null;
}

interface PageGlobals {
  performance: { now(): number };
  dispatchEvent(event: unknown): boolean;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  requestAnimationFrame(callback: () => void): number;
  document: {
    body: { getBoundingClientRect(): unknown };
    querySelector(selector: 'canvas'): CanvasLike | null;
    querySelectorAll(selector: string): { length: number };
  };
}

/** Posts one snapshot message to the loaded page and times it until drawn. Fails if nothing was drawn. */
async function renderOnce(page: Page, snapshot: ClusterSnapshot): Promise<RenderTimes> {
  return page.evaluate(async (data) => {
    const browser = globalThis as unknown as PageGlobals;
    const start = browser.performance.now();
    const message = { type: 'snapshot', snapshot: data, changes: [] };
    browser.dispatchEvent(new browser.MessageEvent('message', { data: message }));
    browser.document.body.getBoundingClientRect(); // style and layout
    const pixel = browser.document.querySelector('canvas')?.getContext('2d')?.getImageData(1, 1, 1, 1).data;
    const sync = browser.performance.now() - start;
    await new Promise<void>((resolve) => browser.requestAnimationFrame(resolve));
    const frame = browser.performance.now() - start;
    const boxes = browser.document.querySelectorAll('button.node').length;
    if (boxes !== data.nodes.length || !pixel || pixel[3] === 0) {
      throw new Error(`not drawn: ${boxes} of ${data.nodes.length} nodes, canvas alpha ${pixel?.[3]}`);
    }
    return { sync, frame };
  }, snapshot);
}

function medianTimes(samples: readonly RenderTimes[]): RenderTimes {
  return { sync: median(samples.map((s) => s.sync)), frame: median(samples.map((s) => s.frame)) };
}

/** First render on a freshly loaded page, then updates in place on the page the last first render left. */
async function benchBrowser(
  page: Page,
  html: string,
  snapshot: ClusterSnapshot,
): Promise<{ first: RenderTimes; update: RenderTimes }> {
  const first = await afterWarmUp(async () => {
    await page.setContent(html);
    return renderOnce(page, snapshot);
  });
  let tick = 0;
  const update = await afterWarmUp(() => renderOnce(page, nextRefresh(snapshot, ++tick)));
  return { first: medianTimes(first), update: medianTimes(update) };
}

function row(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells
    .map((cell, index) => {
      const text = typeof cell === 'number' ? cell.toFixed(cell < 1 ? 3 : 1) : cell;
      return index === 0 ? text.padEnd(widths[index]) : text.padStart(widths[index]);
    })
    .join('  ');
}

async function main(): Promise<void> {
  const cases: Case[] = [
    { name: '3 shards × 1 replica', snapshot: generateLargeSnapshot(3, 1, 1) },
    { name: '100 shards × 2 replicas, 50 ranges', snapshot: generateLargeSnapshot(100, 2, 50) },
  ];
  const html = pageHtml();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    await page.route('**/*', (route) => route.abort()); // nothing leaves the machine
    const widths = [36, 6, 7, 8, 8, 8, 8, 13];
    console.log(`Topology render, median of ${RUNS} runs after a warm-up (ms)`);
    console.log('layout: buildTopologyView + slot bar at 1280 px, in Node');
    console.log('render: first snapshot on a fresh page, until DOM built, style and layout done, canvas drawn');
    console.log('update: the next refresh (every counter changed) applied in place to that page');
    console.log('frame columns: until the next animation frame after that (includes waiting for the tick)\n');
    console.log(row(['case', 'nodes', 'ranges', 'layout', 'render', 'frame', 'update', 'update frame'], widths));
    for (const { name, snapshot } of cases) {
      const layoutOnce = (): void => void barSegments(buildTopologyView(snapshot).slotSegments, BAR_WIDTH);
      const layout = median(await afterWarmUp(() => timePerCall(layoutOnce)));
      const { first, update } = await benchBrowser(page, html, snapshot);
      const size = [String(snapshot.nodes.length), String(countRanges(snapshot))];
      console.log(row([name, ...size, layout, first.sync, first.frame, update.sync, update.frame], widths));
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
