// npm run bench: every figure of the performance issue in one run, printed as tables and written, with the machine,
// date and commit, to bench/results/<date>-<commit>.md. No assertions.
// BENCH_RUNS (default 5) sets the start/stop runs after the warm-up; BENCH_SKIP_START=1 skips that part,
// BENCH_SKIP_CONSOLE=1 the refresh, console and topology parts.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { testSetup } from '../test/integration/harness';
import { benchActivation } from './activation-bench';
import { benchStartStop } from './cluster-bench';
import { benchConsole } from './console-bench';
import { describeMachine, ROOT, writeReport } from './report';
import { type Table, formatTable, median, ms } from './stats';


const kb = (path: string) => (existsSync(path) ? `${(statSync(path).size / 1024).toFixed(0)} KB` : 'not built');

async function benchRefresh(setup: ReturnType<typeof testSetup>, runs = 30): Promise<string[]> {
  const collector = setup.collector;
  await collector.collect(); // connections open, as in a running extension
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startedCpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    await collector.collect();
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
    const used = process.cpuUsage(startedCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  return ['one snapshot refresh (6 nodes)', `${ms(median(cpu))} CPU`, `wall ${ms(median(wall))}: 6 pipelined node queries + 1 Docker listing`];
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const setup = testSetup({ projectName: 'valkey-bench', basePort: 7879, exporterPort: 9721 });
  const about = await describeMachine();
  const progress = (line: string) => console.error(line);
  const activation = benchActivation(ROOT);
  const tables: Table[] = [];
  const extension: string[][] = [
    ['activation (load bundle + activate)', ms(activation.warm), `first load incl. compile: ${ms(activation.first)}`],
    ['extension bundle size', kb(join(ROOT, 'dist', 'extension.js')), ''],
    ['.vsix size', kb(join(ROOT, 'dist', 'valkey-cluster.vsix')), ''],
  ];
  if (process.env.BENCH_SKIP_START !== '1') tables.push(...(await benchStartStop(setup, ROOT, runs, progress)).tables);
  let topology = 'skipped';
  if (process.env.BENCH_SKIP_CONSOLE !== '1') {
    await setup.engine.up();
    extension.push(await benchRefresh(setup));
    tables.splice(1, 0, await benchConsole(setup));
    await setup.engine.down({ removeVolumes: true });
    topology = execFileSync(process.execPath, [join(ROOT, 'out', 'bench', 'topology-render.js')], { encoding: 'utf8' });
  }
  tables.unshift({ title: 'Extension', headers: ['measure', 'value', 'note'], rows: extension });

  const report = [
    '# Benchmarks',
    '',
    ...about.lines,
    '',
    ...tables.map(formatTable),
    '### Topology layout and render (headless Chromium)',
    '',
    '```',
    topology.trim(),
    '```',
    '',
  ].join('\n');
  writeReport('', about, report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
