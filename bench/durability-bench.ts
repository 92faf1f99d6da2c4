// npm run bench:durability — what the strict paths cost: write throughput and latency of one cluster with appendfsync
// everysec, with appendfsync always, and with everysec where each write waits for WAITAOF 1 0 0 (on the primary's
// disk). The mode is switched on every node by CONFIG SET between runs, so every mode runs on the same cluster and
// data; each round runs every mode in turn, the order rotating. Figures only, no assertions; written with the
// machine, date and commit to bench/results/<date>-durability-<commit>.md. Needs the Docker setup of scripts/test.sh;
// run it under the Docker lock. BENCH_ROUNDS (default 3) and BENCH_SECONDS (default 5 per run) change the length.
import { execFileSync } from 'node:child_process';
import type { Cluster } from 'iovalkey';
import { withNode } from '../src/core/client/connect';
import { testSetup } from '../test/integration/harness';
import { clusterClient } from '../test/support/acknowledged-writer';
import { describeMachine, writeReport } from './report';
import { formatTable, median } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const VALUE = 'v'.repeat(100);
const setup = testSetup({ projectName: 'valkey-durability-bench', basePort: 9379, exporterPort: 9479, enableExporter: false });
const { engine, reach } = setup;

interface Mode {
  readonly name: string;
  readonly appendfsync: 'everysec' | 'always';
  readonly waitaof: boolean;
}

const MODES: readonly Mode[] = [
  { name: 'everysec', appendfsync: 'everysec', waitaof: false },
  { name: 'always', appendfsync: 'always', waitaof: false },
  { name: 'everysec + WAITAOF 1 0 0 per write', appendfsync: 'everysec', waitaof: true },
];
const LANES = [1, 32];

async function setMode(mode: Mode): Promise<void> {
  await Promise.all(setup.plan.nodes.map((node) => withNode(reach.map(node.announcedAddress), reach, (client) => client.call('CONFIG', 'SET', 'appendfsync', mode.appendfsync))));
}

interface Run {
  readonly writes: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly errors: number;
}

/** `lanes` writers, one write at a time each (SET, or SET then WAITAOF on the same connection), for SECONDS. */
async function run(client: Cluster, mode: Mode, lanes: number, round: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const stopAt = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (Date.now() < stopAt) {
      const key = `durability:${round}:${next++}`;
      const began = process.hrtime.bigint();
      try {
        if (mode.waitaof) {
          const replies = await client.pipeline().set(key, VALUE).call('WAITAOF', '1', '0', '0').exec();
          if (!replies || replies.some(([error]) => error)) throw new Error('refused');
        } else {
          await client.set(key, VALUE);
        }
        latencies.push(Number(process.hrtime.bigint() - began) / 1e6);
      } catch {
        errors++;
      }
    }
  }));
  return { writes: latencies.length, seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies, errors };
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

/** The Docker data root's filesystem: where the nodes' volumes, and so their fsyncs, go. */
function storage(): string {
  const root = execFileSync('docker', ['info', '--format', '{{.DockerRootDir}} ({{.Driver}})'], { encoding: 'utf8' }).trim();
  try {
    const [, line] = execFileSync('df', ['-T', root.split(' ')[0]], { encoding: 'utf8' }).trim().split('\n');
    return `${root} on ${line.split(/\s+/)[1]} (${line.split(/\s+/)[0]})`;
  } catch {
    return root;
  }
}

async function main(): Promise<void> {
  const machine = await describeMachine();
  await engine.down({ removeVolumes: true });
  await engine.up();
  const client = clusterClient(reach);
  const runs = new Map<string, Run[]>();
  try {
    // Warm-up: connections, slot map and memory, not counted.
    await run(client, MODES[0], 32, 0);
    for (let round = 1; round <= ROUNDS; round++) {
      for (let turn = 0; turn < MODES.length; turn++) {
        const mode = MODES[(turn + round) % MODES.length];
        await setMode(mode);
        for (const lanes of LANES) {
          const result = await run(client, mode, lanes, round);
          console.error(`round ${round}, ${mode.name}, ${lanes} lane(s): ${result.writes} writes in ${result.seconds.toFixed(1)} s`);
          const key = `${mode.name}|${lanes}`;
          runs.set(key, [...(runs.get(key) ?? []), result]);
        }
      }
    }
  } finally {
    client.disconnect();
    await engine.down({ removeVolumes: true });
    setup.dispose();
  }
  const rows = MODES.flatMap((mode) => LANES.map((lanes) => {
    const results = runs.get(`${mode.name}|${lanes}`) ?? [];
    const rates = results.map((result) => result.writes / result.seconds);
    const latencies = results.flatMap((result) => result.latencies);
    const everysec = median((runs.get(`${MODES[0].name}|${lanes}`) ?? []).map((result) => result.writes / result.seconds));
    return [mode.name, String(lanes), `${Math.round(median(rates)).toLocaleString('en-US')} (${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))})`,
      `${(median(rates) / everysec).toFixed(2)}x`,
      `${median(latencies).toFixed(2)} / ${percentile(latencies, 0.99).toFixed(2)} / ${percentile(latencies, 1).toFixed(0)}`,
      String(latencies.length), String(results.reduce((sum, result) => sum + result.errors, 0))];
  }));
  const table = formatTable({
    title: `Writes (SET, 100-byte values) to 3 primaries × 1 replica, ${SECONDS} s per run, ${ROUNDS} rounds after a warm-up, the modes alternating`,
    headers: ['mode', 'lanes', 'writes/s median (min–max)', 'vs everysec', 'latency p50 / p99 / max ms', 'writes', 'errors'],
    rows,
    notes: [
      'Lanes: writers, one write at a time each, through iovalkey\'s cluster client on 127.0.0.1 (published ports).',
      'The mode is set by CONFIG SET appendfsync on all six nodes before each run (replicas fsync their copy the same way).',
      'WAITAOF 1 0 0: sent behind each SET on the same connection; the write counts when its primary has fsynced it.',
      'Each node is limited to 0.5 CPU (the compose file); the fsyncs go to the Docker data root\'s disk.',
    ],
  });
  writeReport('durability', machine, ['# Durability benchmark', '', ...machine.lines, `- storage: ${storage()}`, '', table].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
