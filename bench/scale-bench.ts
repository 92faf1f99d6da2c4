// npm run bench:scale — slot migration throughput for a whole shard's slots of a cluster holding 1,000,000 keys:
// CLUSTER MIGRATESLOTS (the extension's atomic move), the extension's key-by-key fallback, and
// `valkey-cli --cluster reshard` (its default pipeline of 10 keys, and 1000) on the same data, with the write
// latency a writer sees during each move. Figures only, no assertions; written with the machine, date and commit to
// bench/results/<date>-scale-<commit>.md. Needs the Docker setup of scripts/test.sh; run it under the Docker lock.
// BENCH_KEYS (default 1000000) and BENCH_VALUE_BYTES (default 100) change the data; BENCH_ROUNDS (default 3) the rounds.
import { Cluster } from 'iovalkey';
import { NodeCalls } from '../src/core/scale/node-calls';
import { prepareOperation } from '../src/core/scale/operations';
import { keysInRanges } from '../src/core/scale/slot-keys';
import type { SlotRange } from '../src/shared/snapshot';
import { cliInNode, testSetup } from '../test/integration/harness';
import { clusterClient } from '../test/support/acknowledged-writer';
import { describeMachine, writeReport } from './report';
import { formatTable, median } from './stats';

const KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
const VALUE_BYTES = Number(process.env.BENCH_VALUE_BYTES ?? 100);
const setup = testSetup({ projectName: 'valkey-scale-bench', basePort: 9179, exporterPort: 9279, enableExporter: false });
const { engine, reach } = setup;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ATOMIC = 'CLUSTER MIGRATESLOTS (extension, atomic)';
const KEY_BY_KEY = 'key by key (extension fallback, 1000 keys per MIGRATE)';
const RESHARD_DEFAULT = 'valkey-cli --cluster reshard (pipeline 10, default)';
const RESHARD_1000 = 'valkey-cli --cluster reshard --cluster-pipeline 1000';
const METHODS = [ATOMIC, KEY_BY_KEY, RESHARD_DEFAULT, RESHARD_1000];

/** Writes every key once, pipelined per node by the cluster client. */
async function load(): Promise<void> {
  const client = new Cluster([...reach.seeds], { natMap: reach.map, redisOptions: { password: reach.credentials.password }, enableAutoPipelining: true });
  client.on('error', () => undefined);
  const value = 'v'.repeat(VALUE_BYTES);
  try {
    for (let start = 0; start < KEYS; start += 20_000) {
      await Promise.all(Array.from({ length: Math.min(20_000, KEYS - start) }, (_, offset) => client.set(`bench:${start + offset}`, value)));
    }
  } finally {
    client.disconnect();
  }
}

/** A writer at a steady pace (8 lanes, one write at a time each), recording the latency of each write. */
function latencyWriter(): { stop(): Promise<{ latencies: number[]; errors: number }> } {
  const client = clusterClient(reach);
  const latencies: number[] = [];
  let errors = 0;
  let stopping = false;
  let next = 0;
  const lanes = Array.from({ length: 8 }, async () => {
    while (!stopping) {
      const started = process.hrtime.bigint();
      try {
        await client.set(`latency:${next++}`, 'x');
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      } catch {
        errors++;
      }
      await new Promise((done) => setTimeout(done, 2));
    }
  });
  return {
    async stop() {
      stopping = true;
      await Promise.all(lanes);
      client.disconnect();
      return { latencies, errors };
    },
  };
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

interface Row {
  readonly method: string;
  readonly direction: string;
  readonly seconds: number;
  readonly keys: number;
  readonly latencies: number[];
  readonly errors: number;
}

async function primaries() {
  const collector = setup.collector;
  const snapshot = await collector.collect();
  return snapshot.shards.map((shard) => ({ name: shard.primary!.name, id: shard.primary!.id, announcedAddress: shard.primary!.announcedAddress, slots: shard.slots }));
}

async function measure(method: string, from: { name: string }, to: { name: string }, ranges: readonly SlotRange[], move: () => Promise<void>, calls: NodeCalls): Promise<Row> {
  const all = await primaries();
  const source = all.find((primary) => primary.name === from.name)!;
  const keys = await keysInRanges(calls, source, ranges);
  const writer = latencyWriter();
  await new Promise((done) => setTimeout(done, 500));
  const started = process.hrtime.bigint();
  await move();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { latencies, errors } = await writer.stop();
  console.error(`${method}: ${keys} keys in ${seconds.toFixed(2)} s`);
  return { method, direction: `${from.name} → ${to.name}`, seconds, keys, latencies, errors };
}

function allButLastSlot(ranges: readonly SlotRange[]): SlotRange[] {
  const last = ranges[ranges.length - 1];
  return last.start === last.end ? ranges.slice(0, -1) : [...ranges.slice(0, -1), { start: last.start, end: last.end - 1 }];
}

async function main(): Promise<void> {
  const machine = await describeMachine();
  await engine.down({ removeVolumes: true });
  await engine.up();
  console.error(`loading ${KEYS} keys of ${VALUE_BYTES} bytes`);
  await load();
  const calls = new NodeCalls(setup.hub);
  const runs = new Map<string, Row[]>(METHODS.map((method) => [method, []]));
  const baselineWriter = latencyWriter();
  await new Promise((done) => setTimeout(done, 5000));
  const baseline = await baselineWriter.stop();
  try {
    const [a, b] = await primaries();
    // All of the shard's slots but its last: a primary that gives away every slot becomes a replica of the primary
    // that took them (Valkey's replica migration), and the next round would have no shard to move back to.
    const ranges = allButLastSlot(a.slots);
    const ours = (method: 'atomic' | 'keys', to: { name: string }) => async () => {
      const prepared = await prepareOperation(setup.scaleTarget(), { kind: 'moveSlots', ranges, to: to.name });
      const result = await prepared.execute({ method });
      if (result.status !== 'done') throw new Error(result.summary);
    };
    const reshard = (from: { id: string }, to: { id: string; name: string; announcedAddress: string }, pipeline?: number) => async () => {
      const node = setup.plan.nodes.find((entry) => entry.name === to.name)!;
      const slots = ranges.reduce((sum, range) => sum + range.end - range.start + 1, 0);
      const command = `--cluster reshard ${to.announcedAddress} --cluster-from ${from.id} --cluster-to ${to.id} --cluster-slots ${slots} --cluster-yes${pipeline ? ` --cluster-pipeline ${pipeline}` : ''}`;
      const { exitCode, output } = await engine.execInNode(node.name, cliInNode(node.hostPort, command));
      if (exitCode !== 0) throw new Error(`valkey-cli --cluster reshard failed: ${output.split('\n').slice(-5).join(' ')}`);
    };
    // Warm-up: the slots there and back once, not counted.
    await measure('warm-up', a, b, ranges, ours('atomic', b), calls);
    await measure('warm-up', b, a, ranges, ours('atomic', a), calls);
    // Each round moves the shard's slots a → b and back with each method in turn, so every method runs on the same
    // data, interleaved with the others; odd and even rounds swap the directions.
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`round ${round} of ${ROUNDS}`);
      const record = async (method: string, from: typeof a, to: typeof a, move: () => Promise<void>) => runs.get(method)!.push(await measure(method, from, to, ranges, move, calls));
      if (round % 2 === 1) {
        await record(ATOMIC, a, b, ours('atomic', b));
        await record(RESHARD_DEFAULT, b, a, reshard(b, a));
        await record(KEY_BY_KEY, a, b, ours('keys', b));
        await record(RESHARD_1000, b, a, reshard(b, a, 1000));
      } else {
        await record(RESHARD_DEFAULT, a, b, reshard(a, b));
        await record(ATOMIC, b, a, ours('atomic', a));
        await record(RESHARD_1000, a, b, reshard(a, b, 1000));
        await record(KEY_BY_KEY, b, a, ours('keys', a));
      }
    }
  } finally {
    await engine.down({ removeVolumes: true });
    setup.dispose();
  }
  const megabytes = (keys: number) => (keys * (`bench:${KEYS - 1}`.length + VALUE_BYTES)) / 1e6;
  // Millions of samples: no spread into Math.max.
  const latency = (values: number[]) => `${median(values).toFixed(1)} / ${percentile(values, 0.99).toFixed(1)} / ${percentile(values, 1).toFixed(0)}`;
  const keys = median([...runs.values()].flat().map((row) => row.keys));
  const atomicSeconds = median(runs.get(ATOMIC)!.map((row) => row.seconds));
  const table = formatTable({
    title: `Moving all but one of a shard's slots, ${keys} keys (median; ${KEYS} in the cluster, ${VALUE_BYTES}-byte values), 3 primaries × 1 replica, ${ROUNDS} alternating rounds after a warm-up (median, min–max)`,
    headers: ['method', 'time', 'vs atomic', 'keys/s', 'MB/s', 'writer p50 / p99 / max ms', 'writes', 'write errors'],
    rows: [
      ['no move (baseline, 5 s)', '', '', '', '', latency(baseline.latencies), String(baseline.latencies.length), String(baseline.errors)],
      ...[...runs].map(([method, rows]) => {
        const seconds = rows.map((row) => row.seconds);
        const time = median(seconds);
        const latencies = rows.flatMap((row) => row.latencies);
        return [method, `${time.toFixed(2)} s (${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)})`, `${(time / atomicSeconds).toFixed(2)}x`,
          Math.round(median(rows.map((row) => row.keys / row.seconds))).toLocaleString('en-US'),
          median(rows.map((row) => megabytes(row.keys) / row.seconds)).toFixed(1), latency(latencies),
          String(latencies.length), String(rows.reduce((sum, row) => sum + row.errors, 0))];
      }),
    ],
    notes: [
      'MB: key and value bytes moved (the payload), not the bytes on the wire. Time: from the start of the command to the slots served by the',
      'target (valkey-cli: its whole run, in a node container by docker exec; the extension: its plan checks, the migration and its final check).',
      'The writer: 8 lanes, one SET at a time each, 2 ms apart, through iovalkey\'s cluster client (it follows MOVED/ASK and retries TRYAGAIN).',
      'Odd rounds move a → b with the extension and b → a with valkey-cli, even rounds the other way round.',
      'keys/s and MB/s: the median of each run\'s own rate; the writer\'s keys land in the moved slots too, so the first runs move fewer keys.',
    ],
  });
  writeReport('scale', machine, ['# Scale benchmark', '', ...machine.lines, '- Valkey 9.1.2 (valkey-cluster-vscode/valkey:9-local)', '', table].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
