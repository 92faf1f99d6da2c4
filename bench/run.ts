// npm run bench: every figure of the performance issue in one run, printed as a table. No assertions.
// BENCH_RUNS (default 5) sets the start/stop runs after the warm-up; BENCH_SKIP_START=1 skips that part.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SnapshotCollector } from '../src/core/cluster/collect';
import { testSetup } from '../test/integration/harness';
import { benchActivation } from './activation-bench';
import { benchStartStop } from './cluster-bench';
import { benchConsole } from './console-bench';
import { Row, median, ms, printTable } from './stats';

const ROOT = resolve(__dirname, '..', '..');
const kb = (path: string) => (existsSync(path) ? `${(statSync(path).size / 1024).toFixed(0)} KB` : 'not built');

async function benchRefresh(setup: ReturnType<typeof testSetup>, runs = 30): Promise<Row> {
  const collector = new SnapshotCollector(setup.target, setup.members, setup.reach);
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
  collector.dispose();
  return { measure: 'one snapshot refresh (6 nodes)', ours: `${ms(median(cpu))} CPU`, note: `wall ${ms(median(wall))}: 6 pipelined node queries + 1 Docker listing` };
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const setup = testSetup({ projectName: 'valkey-bench', basePort: 7879, exporterPort: 9721 });
  const activation = benchActivation(ROOT);
  const rows: Row[] = [
    { measure: 'activation (load bundle + activate)', ours: ms(activation.warm), note: `first load incl. compile: ${ms(activation.first)}` },
    { measure: 'extension bundle size', ours: kb(join(ROOT, 'dist', 'extension.js')) },
    { measure: '.vsix size', ours: kb(join(ROOT, 'dist', 'valkey-cluster.vsix')) },
  ];
  if (process.env.BENCH_SKIP_START !== '1') {
    const startStop = await benchStartStop(setup, ROOT, runs);
    rows.push(...startStop);
  }
  await setup.engine.up();
  rows.push(await benchRefresh(setup));
  rows.push(...(await benchConsole(setup)));
  await setup.engine.down({ removeVolumes: true });
  printTable('Valkey Cluster for VS Code: benchmarks (medians; ratio < 1 means faster than the baseline)', rows);
  console.log('\nTopology layout and render (headless Chromium):');
  execFileSync(process.execPath, [join(ROOT, 'out', 'bench', 'topology-render.js')], { stdio: 'inherit' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
