// npm run bench:keys: the key browser against a cluster of 1M keys. Figures only, no assertions; the table is
// printed and written to bench/results/<date>-keys-<commit>.md with the machine it ran on.
//  - first page of 100 keys (cold: new connections; warm: connections open, as in a running extension)
//  - a full scan (count) of every key vs `valkey-cli --scan` against every primary in parallel, run from its own
//    container on the cluster network (default --count 10, and --count 1000 like ours)
//  - memory held while a full scan runs, and the longest the event loop was blocked (the view stays responsive)
// KEYS_BENCH_KEYS (default 1000000) sets the number of keys; KEYS_BENCH_RUNS (default 5) the runs per figure.
import { execFileSync, spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { withNode } from '../src/core/client/connect';
import { keySlot } from '../src/core/cluster/slots';
import { countMatching } from '../src/core/keys/bulk';
import { ConnectionHub } from '../src/core/target/hub';
import { KeyClient } from '../src/core/keys/key-client';
import { keySpaceOf, type KeySpace } from '../src/core/keys/key-space';
import { KeyListing } from '../src/core/keys/listing';
import { secretFilePaths } from '../src/core/secrets';
import type { ClusterSnapshot, NodeSnapshot } from '../src/shared/snapshot';
import { testSetup } from '../test/integration/harness';
import { describeMachine, writeReport } from './report';
import { formatTable, median, ms, ratio, timed } from './stats';

interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly baseline?: string;
  readonly ratio?: string;
  readonly note?: string;
}

const KEYS = Number(process.env.KEYS_BENCH_KEYS ?? 1_000_000);
const RUNS = Number(process.env.KEYS_BENCH_RUNS ?? 5);
const setup = testSetup({ projectName: 'valkey-keys-bench', basePort: 8879, exporterPort: 9051, enableExporter: false });
const CLI_CONTAINER = 'valkey-keys-bench-cli';

function resp(args: string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

function primaryOf(snapshot: ClusterSnapshot, slot: number): NodeSnapshot {
  return snapshot.nodes.find((node) => node.role === 'primary' && node.slots.some((range) => range.start <= slot && slot <= range.end))!;
}

/** 1M keys (1 in 100 with a TTL) piped into each primary with valkey-cli --pipe, each key to the node serving it. */
function load(snapshot: ClusterSnapshot): void {
  const perNode = new Map<string, string[]>();
  for (let index = 0; index < KEYS; index++) {
    const key = `key:${String(index).padStart(7, '0')}`;
    const node = primaryOf(snapshot, keySlot(key));
    const command = index % 100 === 0 ? resp(['SET', key, `value-${index}`, 'EX', '86400']) : resp(['SET', key, `value-${index}`]);
    const commands = perNode.get(node.name) ?? [];
    commands.push(command);
    perNode.set(node.name, commands);
  }
  for (const [name, commands] of perNode) {
    const endpoint = setup.plan.nodes.find((node) => node.name === name)!;
    const script = `REDISCLI_AUTH="$(cat /run/secrets/valkey_password)" valkey-cli --no-auth-warning -p ${endpoint.hostPort} --pipe`;
    execFileSync('docker', ['exec', '-i', endpoint.containerName, 'sh', '-c', script], { input: commands.join(''), maxBuffer: 1 << 26 });
  }
}

async function space(): Promise<KeySpace> {
  return keySpaceOf(await setup.collector.collect(), setup.hub);
}

async function firstPage(client: KeyClient): Promise<number> {
  const listing = new KeyListing(client, {}, 100, () => undefined);
  const took = await timed(() => listing.loadMore());
  if (listing.state().keys.length !== 100) throw new Error(`the first page had ${listing.state().keys.length} keys`);
  listing.dispose();
  return took;
}

/** `valkey-cli --scan` on every primary at once, timed inside its own container on the cluster network. */
function cliScan(snapshot: ClusterSnapshot, count: number): { ms: number; keys: number } {
  const primaries = snapshot.nodes.filter((node) => node.role === 'primary' && node.slotCount > 0);
  const scans = primaries.map((node, index) => {
    const [host, port] = node.announcedAddress.split(':');
    return `valkey-cli --no-auth-warning -h ${host} -p ${port} --scan --count ${count} | wc -l > /tmp/count${index} &`;
  });
  const script = `export REDISCLI_AUTH="$(cat /run/secrets/valkey_password)"; start=$(date +%s%N); ${scans.join(' ')} wait; end=$(date +%s%N); `
    + `echo $(( (end - start) / 1000 )) $(( ${primaries.map((_, index) => `$(cat /tmp/count${index})`).join(' + ')} ))`;
  const [micros, keys] = execFileSync('docker', ['exec', CLI_CONTAINER, 'sh', '-c', script], { encoding: 'utf8' }).trim().split(' ').map(Number);
  return { ms: micros / 1000, keys };
}

function startCliContainer(): void {
  spawnSync('docker', ['rm', '-f', CLI_CONTAINER], { stdio: 'ignore' });
  const network = execFileSync('docker', ['network', 'ls', '--filter', `label=com.docker.compose.project=${setup.settings.projectName}`, '--format', '{{.Name}}'], { encoding: 'utf8' }).trim();
  const password = secretFilePaths(setup.secretsDirectory).passwordFile;
  execFileSync('docker', ['run', '-d', '--name', CLI_CONTAINER, '--network', network, '-v', `${password}:/run/secrets/valkey_password:ro`,
    '--entrypoint', 'sleep', setup.settings.image, 'infinity'], { stdio: 'ignore' });
}

/** The transport alone: a plain SCAN COUNT 1000 loop on every primary in parallel from this process, through the
 * published ports, doing nothing with the keys. */
async function plainScan(current: KeySpace): Promise<number> {
  return timed(() => Promise.all(current.primaries().map((primary) => withNode(primary.address, setup.reach, async (node) => {
    let cursor = '0';
    do cursor = ((await node.callBuffer('SCAN', cursor, 'COUNT', '1000')) as [Buffer, Buffer[]])[0].toString();
    while (cursor !== '0');
  }))));
}

/** A full count, with the heap it grew by (peak, garbage included; and kept after it) and the longest event-loop
 * stall while it ran. Run with --expose-gc for the heap figures. */
async function fullScan(client: KeyClient): Promise<{ ms: number; found: number; heapMiB: number; keptMiB: number; stallMs: number }> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let found = 0;
  const took = await timed(async () => (found = (await countMatching(client, {})).found));
  delay.disable();
  clearInterval(sampler);
  global.gc?.();
  const kept = process.memoryUsage().heapUsed - heapBefore;
  return { ms: took, found, heapMiB: (heapPeak - heapBefore) / 2 ** 20, keptMiB: kept / 2 ** 20, stallMs: delay.max / 1e6 };
}

async function main(): Promise<void> {
  await setup.engine.down({ removeVolumes: true });
  await setup.engine.up();
  const rows: Row[] = [];
  try {
    const collector = setup.collector;
    const snapshot = await collector.collect();
    const loaded = await timed(async () => load(snapshot));
    console.log(`loaded ${KEYS} keys in ${ms(loaded)}`);
    const current = await space();
    startCliContainer();

    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // A hub of its own: the first page pays connecting, as a newly opened Keys view does.
      const hub = new ConnectionHub(setup.reach);
      const client = new KeyClient({ ...current, hub });
      cold.push(await firstPage(client));
      warm.push(await firstPage(client));
      hub.dispose();
    }
    rows.push({ measure: 'first page of 100 keys, connections open', ours: ms(median(warm)), note: `target < 100 ms; ${KEYS.toLocaleString('en-US')} keys; SCAN on 3 primaries + TYPE/PTTL` });
    rows.push({ measure: 'first page of 100 keys, first use', ours: ms(median(cold)), note: 'incl. connecting and AUTH to 3 primaries and reading the topology' });

    const client = new KeyClient(current);
    await firstPage(client); // connections open
    const ours: Awaited<ReturnType<typeof fullScan>>[] = [];
    const cli10: ReturnType<typeof cliScan>[] = [];
    const cli1000: ReturnType<typeof cliScan>[] = [];
    const plain: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      ours.push(await fullScan(client));
      cli10.push(cliScan(snapshot, 10));
      cli1000.push(cliScan(snapshot, 1000));
      plain.push(await plainScan(current));
    }
    const scanMs = median(ours.map((run) => run.ms));
    const cli10Ms = median(cli10.map((run) => run.ms));
    const cli1000Ms = median(cli1000.map((run) => run.ms));
    const counts = `ours found ${ours.map((run) => run.found).join('/')}; valkey-cli listed ${cli10[0].keys}`;
    const plainMs = median(plain);
    rows.push({ measure: `full scan of ${KEYS.toLocaleString('en-US')} keys (count)`, ours: ms(scanMs), baseline: ms(cli10Ms), ratio: ratio(scanMs, cli10Ms),
      note: `target ≤ 1.5x; baseline: valkey-cli --scan (its default --count 10) on the 3 primaries in parallel, in a container on the cluster network; ${counts}` });
    rows.push({ measure: 'full scan, both with COUNT 1000', ours: ms(scanMs), baseline: ms(cli1000Ms), ratio: ratio(scanMs, cli1000Ms),
      note: 'stricter than the target: valkey-cli --scan --count 1000; ours goes through the 127.0.0.1 published ports, the baseline stays inside the cluster network' });
    rows.push({ measure: 'plain SCAN COUNT 1000 loop from this process', ours: ms(plainMs), baseline: ms(cli1000Ms), ratio: ratio(plainMs, cli1000Ms),
      note: `the transport alone (published ports, iovalkey, no listing logic): ours spends ${ratio(scanMs, plainMs)} of it` });
    rows.push({ measure: 'heap growth during a full scan', ours: `${median(ours.map((run) => run.heapMiB)).toFixed(1)} MiB`,
      note: `peak minus start, garbage not yet collected included; ${median(ours.map((run) => run.keptMiB)).toFixed(1)} MiB kept after it (keys are counted per slot, not kept)` });
    rows.push({ measure: 'longest event-loop stall during a full scan', ours: ms(median(ours.map((run) => run.stallMs))), note: 'what a view waits at most for the extension host to answer while a scan runs' });

    const listingClient = new KeyClient(current);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const listing = new KeyListing(listingClient, {}, 1000, () => undefined);
    const tenThousand = await timed(async () => {
      while (listing.canLoadMore) await listing.loadMore();
    });
    global.gc?.();
    rows.push({ measure: `list until the cap (${listing.state().keys.length} keys, pages of 1000)`, ours: ms(tenThousand),
      note: `heap held: ${((process.memoryUsage().heapUsed - before) / 2 ** 20).toFixed(1)} MiB for the listed keys and their dedupe set` });
    listing.dispose();
  } finally {
    spawnSync('docker', ['rm', '-f', CLI_CONTAINER], { stdio: 'ignore' });
    await setup.engine.down({ removeVolumes: true });
    setup.dispose();
  }

  const about = await describeMachine();
  const table = formatTable({
    title: `Key browser, ${KEYS.toLocaleString('en-US')} keys`,
    headers: ['measure', 'extension', 'baseline', 'ratio', 'note'],
    rows: rows.map((row) => [row.measure, row.ours, row.baseline ?? '', row.ratio ?? '', row.note ?? '']),
  });
  const cluster = `- cluster: 3 primaries + 3 replicas (${setup.settings.image}), each node limited to 0.5 CPU and 512 MB by the bundled compose file`;
  writeReport('keys', about, `# Key browser benchmark\n\n${about.lines.join('\n')}\n${cluster}\n- runs per figure: ${RUNS} (medians)\n\n${table}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
