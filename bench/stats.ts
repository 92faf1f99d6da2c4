// Small helpers for benchmark scripts: medians, spreads and Markdown tables. Figures only; no assertions.

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

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
export const ratio = (ours: number, baseline: number) => `${(ours / baseline).toFixed(2)}x`;

/** "median (min–max)" of samples in milliseconds. */
export function summary(values: readonly number[]): string {
  if (values.length === 0) return 'n/a';
  return `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
}

export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Printed under the table. */
  readonly notes?: readonly string[];
}

export function formatTable(table: Table): string {
  const all = [table.headers, ...table.rows];
  const widths = table.headers.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => `| ${widths.map((width, column) => (row[column] ?? '').padEnd(width)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const notes = (table.notes ?? []).map((note) => `${note}\n`).join('');
  return `### ${table.title}\n\n${line(table.headers)}\n${rule}\n${table.rows.map(line).join('\n')}\n\n${notes}${notes ? '\n' : ''}`;
}
