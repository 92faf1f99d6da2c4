// Small helpers for benchmark scripts: medians and a printed table. Figures only; no assertions.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly baseline?: string;
  readonly ratio?: string;
  readonly note?: string;
}

export function printTable(title: string, rows: readonly Row[]): void {
  const header: Row = { measure: 'measure', ours: 'extension', baseline: 'baseline', ratio: 'ratio', note: 'note' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((row) => (row[key] ?? '').length));
  const line = (row: Row) => `| ${(['measure', 'ours', 'baseline', 'ratio', 'note'] as const).map((key) => (row[key] ?? '').padEnd(width(key))).join(' | ')} |`;
  console.log(`\n${title}\n${line(header)}\n|${(['measure', 'ours', 'baseline', 'ratio', 'note'] as const).map((key) => '-'.repeat(width(key) + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
export const ratio = (ours: number, baseline: number) => `${(ours / baseline).toFixed(2)}x`;
