// Shapes and slots changed live on a real cluster, under a writer whose every acknowledged key is read back after
// each operation: 3 → 4 → 3 shards, 3 × 2 and 1 × 0, a range moved and moved back (atomic and key by key), a
// migration cancelled, a source primary killed mid-migration; `valkey-cli --cluster check` clean after each; bad input
// refused with nothing changed; the CLI and a connection (ACL user, no Docker) on the same core; and the exported
// compose folder run by plain `docker compose up`. One cluster (project valkey-scale, ports 8879+) for all of it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI_WORDS } from '../../src/cli/wording';
import { layout } from '../../src/core/cluster/layout';
import { parseSlotStats } from '../../src/core/cluster/parse-slot-stats';
import { connectionTarget } from '../../src/core/connection/target';
import { asProfile } from '../../src/core/connection/profile';
import { describeError, isUserError } from '../../src/core/errors';
import type { ExecuteOptions, ScaleTarget } from '../../src/core/scale/execute';
import { NodeCalls } from '../../src/core/scale/node-calls';
import { type OperationRequest, prepareOperation } from '../../src/core/scale/operations';
import { topologyOf } from '../../src/core/scale/topology';
import { createClusterSetup } from '../../src/core/cluster-setup';
import { generatePassword, writeSecretFiles } from '../../src/core/secrets';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import { AcknowledgedWriter, describeFailures } from '../support/acknowledged-writer';
import { startHostCluster, type TestUser } from '../support/host-cluster';
import { CLUSTER_DIRECTORY, cliInNode, LOCAL_EXPORTER_IMAGE, LOCAL_VALKEY_IMAGE, namedLayout, observedLayout, REPO_ROOT, TEST_SETTINGS, testSetup } from './harness';

const SETTINGS = { projectName: 'valkey-scale', basePort: 8879, exporterPort: 9979, enableExporter: false };
const setup = testSetup(SETTINGS);
const { engine, reach } = setup;
const calls = new NodeCalls(setup.hub);

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: 'pipe' });
}

async function observe(): Promise<ClusterSnapshot> {
  const collector = setup.collector;
  return await collector.collect();
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function operate(request: OperationRequest, options: ExecuteOptions = {}, target: ScaleTarget & { dispose?(): void } = setup.scaleTarget()) {
  try {
    const prepared = await prepareOperation(target, request);
    return { plan: prepared.plan, result: await prepared.execute(options) };
  } finally {
    target.dispose?.();
  }
}

/** Who serves which slots (by node name) and who the members are: what a refused operation must leave as it was. */
async function fingerprint(): Promise<{ slots: Record<string, string>; members: string[] }> {
  const snapshot = await observe();
  assert.equal(snapshot.state, 'ok', snapshot.problems.join(' '));
  return {
    slots: Object.fromEntries(snapshot.shards.map((shard) => [shard.primary?.name ?? '?', shard.slots.map((range) => `${range.start}-${range.end}`).join(',')])),
    members: snapshot.nodes.map((node) => `${node.name}:${node.role}`),
  };
}

/** valkey-cli's own check, run inside a member: every slot covered, all nodes agree, no slot open. */
async function cliCheck(): Promise<void> {
  const snapshot = await observe();
  const member = setup.plan.nodes.find((node) => snapshot.nodes.some((entry) => entry.name === node.name && entry.health === 'online'))!;
  const { output } = await engine.execInNode(member.name, cliInNode(member.hostPort, `--cluster check ${member.announcedAddress}`));
  assert.match(output, /\[OK\] All nodes agree about slots configuration\./, output);
  assert.match(output, /\[OK\] All 16384 slots covered\./, output);
  assert.doesNotMatch(output, /\[WARNING\]|\[ERR\]/, output);
}

/** No primary keeps keys outside the slots it serves (a key left behind, or copied twice). */
async function noStrayKeys(snapshot?: ClusterSnapshot): Promise<void> {
  const current = snapshot ?? (await observe());
  for (const primary of topologyOf(current).primaries) {
    const stats = await calls.pipeline(primary, [['DBSIZE'], ...primary.slots.map((range) => ['CLUSTER', 'SLOT-STATS', 'SLOTSRANGE', range.start, range.end])]);
    const total = Number(stats[0][1]);
    const owned = stats.slice(1).reduce((sum, [, reply]) => sum + parseSlotStats(reply).reduce((inner, stat) => inner + stat.keys, 0), 0);
    assert.equal(total, owned, `${primary.name} holds ${total - owned} key(s) outside its slots`);
  }
}

/** Runs `work` under a writer, then checks that every acknowledged key is there with its value. */
async function underWriter<T>(prefix: string, work: () => Promise<T>, confirmByReplica = false): Promise<T> {
  const writer = new AcknowledgedWriter(reach, { prefix, confirmByReplica, concurrency: 8, pauseMs: 2 });
  try {
    const result = await writer.run(work);
    const verification = await writer.verify();
    assert.ok(verification.acknowledged > 0, 'the writer got writes acknowledged during the operation');
    assert.deepEqual(verification.missing.slice(0, 5), [], `${verification.missing.length} of ${verification.acknowledged} acknowledged keys are missing`);
    assert.deepEqual(verification.wrong.slice(0, 5), [], `${verification.wrong.length} keys have another value`);
    // Availability, reported rather than bounded: how many writes failed during the operation, why, and when.
    console.log(`${prefix}: ${verification.acknowledged} acknowledged writes during the operation, all read back; ${describeFailures(writer.failures)}`);
    return result;
  } finally {
    writer.disconnect();
  }
}

/** A primary other than `name`. */
function another(snapshot: ClusterSnapshot, name: string): string {
  const other = snapshot.shards.find((shard) => shard.primary && shard.primary.name !== name)?.primary?.name;
  assert.ok(other, `a primary besides ${name}`);
  return other;
}

function primaryServing(snapshot: ClusterSnapshot, slot: number): string {
  const shard = snapshot.shards.find((entry) => entry.slots.some((range) => range.start <= slot && slot <= range.end));
  assert.ok(shard?.primary, `slot ${slot} is served`);
  return shard.primary.name;
}

/** Keeps the node's snapshot child busy (a BGSAVE at 1 ms per key): an atomic migration from it waits in
 * waiting-to-snapshot, with both ends recorded, until release(). */
async function holdSnapshots(name: string): Promise<() => Promise<void>> {
  const node = setup.plan.nodes.find((entry) => entry.name === name)!;
  await calls.expect(node, 'CONFIG', 'SET', 'rdb-key-save-delay', '1000');
  await calls.expect(node, 'BGSAVE');
  return async () => {
    await calls.call(node, 'CONFIG', 'SET', 'rdb-key-save-delay', '0').catch(() => undefined);
    await calls.call(node, 'BGSAVE', 'CANCEL').catch(() => undefined);
    await until(`${name}'s BGSAVE to end`, async () => (/rdb_bgsave_in_progress:0/.test(String(await calls.call(node, 'INFO', 'persistence'))) ? true : undefined));
  };
}

function expectRefusal(pattern: RegExp, code?: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isUserError(error), String(error));
    if (code) assert.equal(error.code, code, error.message);
    assert.match(describeError(error), pattern);
    return true;
  };
}

before(async () => {
  await engine.down({ removeVolumes: true });
  const started = await engine.up();
  assert.equal(started.readiness.ready, true, started.readiness.missing.join(' '));
  const seedWriter = new AcknowledgedWriter(reach, { prefix: 'seed', concurrency: 64 });
  seedWriter.start();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await seedWriter.stop();
  seedWriter.disconnect();
});

/** Folders the tests make (state, secret files, an exported cluster): removed at the end, secrets included. */
const scratchFolders: string[] = [];
function scratch(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  scratchFolders.push(folder);
  return folder;
}

after(async () => {
  await engine.down({ removeVolumes: true });
  for (const folder of scratchFolders) rmSync(folder, { recursive: true, force: true });
});

test('bad input is refused with a clear message and changes nothing', async () => {
  const before = await fingerprint();
  const snapshot = await observe();
  const owner = primaryServing(snapshot, 0);
  const replica = snapshot.nodes.find((node) => node.role === 'replica')!;
  const refusals: [OperationRequest, RegExp][] = [
    [{ kind: 'moveSlots', ranges: '0-100', to: owner }, new RegExp(`${owner}'s shard already serves 0-100: there is nothing to move`)],
    [{ kind: 'moveSlots', ranges: '0-100', to: replica.name }, new RegExp(`${replica.name} is a replica of valkey-node-\\d: only a primary can own slots`)],
    [{ kind: 'moveSlots', ranges: '', to: 'valkey-node-1' }, /No slots were given/],
    [{ kind: 'moveSlots', ranges: '500-100', to: 'valkey-node-1' }, /The slot range 500-100 is reversed/],
    [{ kind: 'moveSlots', ranges: '16000-16384', to: 'valkey-node-1' }, /goes beyond the slots of a cluster \(0-16383\)/],
    [{ kind: 'moveSlots', ranges: '0-10', to: 'valkey-node-42' }, /No node or shard "valkey-node-42"/],
    [{ kind: 'scale', shape: { shards: 100, replicasPerShard: 1 }, removeVolumes: false }, /valkey-node-193 would have no address: the address plan of the cluster network has room for 193 nodes/],
    [{ kind: 'scale', shape: { shards: 0, replicasPerShard: 1 }, removeVolumes: false }, /shards 0 is not valid: a cluster needs at least 1 shard/],
  ];
  // More nodes than the engine's memory holds at 512 MiB each (when that is within the address plan).
  const fit = Math.floor(Number(docker('info', '--format', '{{.MemTotal}}').trim()) / 2 ** 29);
  if (fit + 1 <= 192) {
    const shards = Math.ceil((fit + 1) / 2);
    refusals.push([{ kind: 'scale', shape: { shards, replicasPerShard: 1 }, removeVolumes: false }, new RegExp(`${shards * 2} nodes of 512 MiB each need ${shards * 2 * 512} MiB, but the Docker engine has \\d+ MiB: at most ${fit} nodes fit`)]);
  }
  for (const [request, pattern] of refusals) await assert.rejects(operate(request), expectRefusal(pattern), JSON.stringify(request));
  // The same shapes as settings of a new cluster are refused when the setup is made.
  assert.throws(() => testSetup({ ...SETTINGS, shards: 100 }), expectRefusal(/shards 100 with replicasPerShard 1 makes 200 nodes, but the address plan of the cluster network has room for 193/, 'invalidSettings'));
  assert.deepEqual(await fingerprint(), before);
  await cliCheck();
});

test('3 → 4 → 3 shards under a writer: the new shard gets a quarter of the slots, then gives them back', async () => {
  const added = await underWriter('grow', () => operate({ kind: 'addShard' }));
  assert.equal(added.result.status, 'done', added.result.summary);
  assert.equal(added.result.check.ok, true, added.result.check.problems.join(' '));
  const grown = await observe();
  assert.deepEqual(grown.shards.map((shard) => [shard.slotCount, shard.replicas.length]), [[4096, 1], [4096, 1], [4096, 1], [4096, 1]]);
  assert.deepEqual(setup.plan.nodes.map((node) => node.name), ['valkey-node-0', 'valkey-node-1', 'valkey-node-2', 'valkey-node-3', 'valkey-node-4', 'valkey-node-5', 'valkey-node-6', 'valkey-node-7']);
  assert.equal(grown.nodes.find((node) => node.name === 'valkey-node-6')?.role, 'primary');
  assert.ok(added.result.migrations.every((migration) => migration.method === 'atomic' && migration.status === 'moved' && migration.target === 'valkey-node-6'));
  // The views: the three migrations and how they ended.
  assert.deepEqual((grown.migrations ?? []).filter((migration) => migration.target === 'valkey-node-6').map((migration) => migration.outcome), ['succeeded', 'succeeded', 'succeeded']);
  await cliCheck();
  await noStrayKeys(grown);

  const removed = await underWriter('shrink', () => operate({ kind: 'removeShard', shard: 'valkey-node-6', removeVolumes: true }));
  assert.equal(removed.result.status, 'done', removed.result.summary);
  const shrunk = await observe();
  assert.deepEqual(shrunk.shards.map((shard) => shard.replicas.length), [1, 1, 1]);
  assert.deepEqual(shrunk.nodes.map((node) => node.name), ['valkey-node-0', 'valkey-node-1', 'valkey-node-2', 'valkey-node-3', 'valkey-node-4', 'valkey-node-5']);
  assert.equal(docker('ps', '-a', '-q', '--filter', 'name=valkey-node-6').trim(), '', 'its containers are removed');
  assert.equal(docker('volume', 'ls', '-q', '--filter', 'name=valkey-scale_valkey-data-7').trim(), '', 'and its volumes, as asked');
  await cliCheck();
  await noStrayKeys(shrunk);
});

test('a range moved and moved back under a writer, atomically and key by key (the fallback, forced)', async () => {
  const before = await fingerprint();
  const snapshot = await observe();
  const home = primaryServing(snapshot, 100);
  const away = another(snapshot, home);
  // Key by key takes a few round trips per slot: a smaller range keeps the test short.
  for (const [method, ranges] of [['atomic', '100-1099'], ['keys', '100-199']] as const) {
    const out = await underWriter(`move-${method}`, () => operate({ kind: 'moveSlots', ranges, to: away }, { method }));
    assert.equal(out.result.status, 'done', out.result.summary);
    assert.deepEqual(out.result.migrations.map((migration) => [migration.method, migration.status, migration.ranges]), [[method, 'moved', ranges]]);
    assert.equal(primaryServing(await observe(), 150), away);
    await cliCheck();
    const back = await underWriter(`back-${method}`, () => operate({ kind: 'moveSlots', ranges, to: home }, { method }));
    assert.equal(back.result.status, 'done', back.result.summary);
    await cliCheck();
    await noStrayKeys();
  }
  assert.deepEqual(await fingerprint(), before);
});

test('a migration cancelled: ownership unchanged, the cluster ok; a second operation meanwhile is refused', async () => {
  const before = await fingerprint();
  const snapshot = await observe();
  const source = primaryServing(snapshot, 0);
  const target = another(snapshot, source);
  const secondTarget = setup.scaleTarget();
  const second = await prepareOperation(secondTarget, { kind: 'rebalance', by: 'slots' });
  const release = await holdSnapshots(source);
  try {
    const controller = new AbortController();
    let waiting: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (waiting = resolve));
    const outcome = underWriter('cancel', () => operate({ kind: 'moveSlots', ranges: '0-2000', to: target }, {
      signal: controller.signal,
      progress: (message) => {
        if (/waiting-to-snapshot/.test(message)) waiting();
      },
    }));
    await Promise.race([started, outcome]);
    await assert.rejects(operate({ kind: 'moveSlots', ranges: '3000-3100', to: target }), expectRefusal(/A slot migration is already under way: valkey-node-\d is moving slots 0-2000 \(waiting-to-snapshot\)/, 'busy'));
    await assert.rejects(second.execute(), (error: unknown) => isUserError(error) && error.code === 'busy' && describeError(error, CLI_WORDS) === '`valkey-cluster move-slots` is still in progress. Wait for it to finish, or cancel it.');
    controller.abort();
    const { result } = await outcome;
    assert.equal(result.status, 'cancelled', result.summary);
    assert.match(result.summary, new RegExp(`Cancelled after 0 of 1 steps\\. The migration of slots 0-2000 ${source} → ${target} was cancelled; those slots stay with ${source}\\.`));
    assert.equal(result.check.ok, true, result.check.problems.join(' '));
    const cancelled = (await observe()).migrations?.find((migration) => migration.source === source && migration.ranges[0]?.start === 0);
    assert.equal(cancelled?.outcome, 'cancelled');
  } finally {
    await release();
  }
  assert.deepEqual(await fingerprint(), before);
  await cliCheck();
});

test('3 × 2, then 1 × 0 (where removing the last shard is refused), then back to 3 × 1, under a writer', async () => {
  const wider = await underWriter('replicas', () => operate({ kind: 'scale', shape: { shards: 3, replicasPerShard: 2 }, removeVolumes: true }));
  assert.equal(wider.result.status, 'done', wider.result.summary);
  assert.deepEqual((await observe()).shards.map((shard) => shard.replicas.length), [2, 2, 2]);
  await cliCheck();

  const single = await underWriter('single', () => operate({ kind: 'scale', shape: { shards: 1, replicasPerShard: 0 }, removeVolumes: true }));
  assert.equal(single.result.status, 'done', single.result.summary);
  const one = await observe();
  assert.deepEqual(one.shards.map((shard) => [shard.slotCount, shard.replicas.length]), [[16384, 0]]);
  assert.equal(one.nodes.length, 1);
  await cliCheck();
  const only = one.nodes[0].name;
  await assert.rejects(operate({ kind: 'removeShard', shard: only, removeVolumes: false }), expectRefusal(new RegExp(`${only}'s shard is the last one: a cluster keeps at least one shard`), 'invalidRequest'));
  await assert.rejects(operate({ kind: 'removeReplica', node: only, removeVolumes: false }), expectRefusal(new RegExp(`${only}'s shard has no replica to remove`)));

  const back = await underWriter('regrow', () => operate({ kind: 'scale', shape: { shards: 3, replicasPerShard: 1 }, removeVolumes: true }));
  assert.equal(back.result.status, 'done', back.result.summary);
  const three = await observe();
  assert.deepEqual(three.shards.map((shard) => shard.replicas.length), [1, 1, 1]);
  assert.ok(three.shards.every((shard) => Math.abs(shard.slotCount - 16384 / 3) < 2));
  await cliCheck();
  await noStrayKeys(three);
});

test('the source primary killed mid-migration: the cluster ends ok, nothing confirmed lost or doubled, the views say what happened', async () => {
  const snapshot = await observe();
  const source = primaryServing(snapshot, 200);
  const target = another(snapshot, source);
  const heir = snapshot.shards.find((shard) => shard.primary?.name === source)!.replicas[0].name;
  await holdSnapshots(source); // the node dies with its BGSAVE
  let killed = false;
  const { result } = await underWriter('killed', () => operate({ kind: 'moveSlots', ranges: '0-1000', to: target }, {
    progress: (message) => {
      if (!killed && /waiting-to-snapshot/.test(message)) {
        killed = true;
        docker('kill', source);
      }
    },
  }), true);
  assert.ok(killed, 'the source was killed while its migration ran');
  assert.equal(result.status, 'failed', result.summary);
  assert.match(result.summary, new RegExp(`${source} stopped answering during the migration; ${heir} took over its slots, so none moved to ${target}|Connection lost to source`));
  const failedOver = await until(`${heir} to serve the slots`, async () => {
    const current = await observe();
    return current.state === 'ok' && primaryServing(current, 500) === heir ? current : undefined;
  });
  const told = failedOver.migrations?.find((migration) => migration.target === target && migration.ranges[0]?.start === 0);
  assert.equal(told?.outcome, 'failed');
  assert.match(told?.message ?? '', /Connection lost to source/);
  await noStrayKeys(failedOver);
  await engine.startNode(source);
  await until(`${source} back as a replica`, async () => {
    const node = (await observe()).nodes.find((entry) => entry.name === source);
    return node?.role === 'replica' && node.linkUp === true ? true : undefined;
  }, 90_000);
  await cliCheck();
});

test('the CLI: move-slots and rebalance with --json on the same core, their errors in its own words', async () => {
  const state = scratch('valkey-scale-cli-');
  const env = { ...process.env, COMPOSE_PROJECT_NAME: 'valkey-scale', VALKEY0_PORT: '8879', VALKEY_EXPORTER_HOST_PORT: '9979', VALKEY_ENABLE_EXPORTER: '0',
    VALKEY_IMAGE: LOCAL_VALKEY_IMAGE, VALKEY_INIT_IMAGE: LOCAL_VALKEY_IMAGE, VALKEY_PASSWORD: reach.credentials.password, XDG_STATE_HOME: state };
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env, encoding: 'utf8' });
  const snapshot = await observe();
  const home = primaryServing(snapshot, 50);
  const away = another(snapshot, home);
  const moved = cli('move-slots', '0-99', '--to', away, '--json');
  assert.equal(moved.status, 0, moved.stderr);
  const out = JSON.parse(moved.stdout) as { plan: { kind: string; details: string[] }; result: { status: string; check: { ok: boolean }; migrations: { ranges: string; method: string }[] } };
  assert.equal(out.plan.kind, 'moveSlots');
  assert.equal(out.result.status, 'done');
  assert.equal(out.result.check.ok, true);
  assert.deepEqual(out.result.migrations.map((migration) => [migration.ranges, migration.method]), [['0-99', 'atomic']]);
  const back = cli('move-slots', '0-99', '--to', home);
  assert.equal(back.status, 0, back.stderr);
  assert.match(back.stdout, /^Move 100 slots \([\d,]+ keys\) to valkey-node-\d's shard\.\n {2}slots 0-99 \(100 slots, [\d,]+ keys\): valkey-node-\d → valkey-node-\d\n.*: done\.\n.*\nCluster check: ok/s);
  const plan = cli('rebalance', '--by', 'keys', '--dry-run', '--json');
  assert.equal(plan.status, 0, plan.stderr);
  assert.equal((JSON.parse(plan.stdout) as { plan: { kind: string } }).plan.kind, 'rebalance');
  const same = cli('scale', '--shards', '3', '--replicas', '1');
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /has 3 shards × 1 replica already: nothing to change/);
  // Bad input is refused before the cluster is asked (exit 2), naming the input, what is valid and that nothing changed.
  const reversed = cli('move-slots', '99-0', '--to', away);
  assert.equal(reversed.status, 2);
  assert.match(reversed.stderr, /^error: The slot range 99-0 is reversed: .*; nothing was changed\.\n$/);
  const wrongShape = cli('scale', '--shards', '0');
  assert.equal(wrongShape.status, 2);
  assert.match(wrongShape.stderr, /^error: --shards "0" is not valid: use a whole number from 1 to 193; nothing was changed\.\n$/);
  assert.equal(cli('move-slots', '--to', away).status, 2, 'a range is required');
});

test('a connection with an ACL user (no Docker): Move Slots atomically and key by key (MIGRATE … AUTH2), Rebalance; shape changes refused', async () => {
  const admin: TestUser = { name: 'mover', password: generatePassword(), rules: ['~*', '&*', '+@all'] };
  const ports = [8890, 8891, 8892, 8893, 8894, 8895];
  const servers = await startHostCluster({ ports, users: [admin] });
  const target = connectionTarget(asProfile({ id: 'scale-it', label: 'scale it', seeds: [`127.0.0.1:${ports[0]}`], username: admin.name, addressMap: {}, readOnly: false }), admin.password);
  const scale = target.scaleTarget();
  const writer = new AcknowledgedWriter(target.reach, { prefix: 'conn', concurrency: 8, pauseMs: 2 });
  try {
    const snapshot = await scale.observe();
    const home = primaryServing(snapshot, 10);
    const away = primaryServing(snapshot, 8000);
    const [byKeys, atomic] = await writer.run(async () => [
      await operate({ kind: 'moveSlots', ranges: '0-199', to: away }, { method: 'keys' }, scale),
      await operate({ kind: 'moveSlots', ranges: '0-199', to: home }, {}, scale),
    ]);
    assert.equal(byKeys.result.status, 'done', byKeys.result.summary);
    assert.equal(byKeys.result.migrations[0].method, 'keys');
    assert.equal(atomic.result.status, 'done', atomic.result.summary);
    assert.equal(atomic.result.migrations[0].method, 'atomic');
    const verification = await writer.verify();
    assert.deepEqual(verification.missing, []);
    assert.deepEqual(verification.wrong, []);
    console.log(`conn: ${verification.acknowledged} acknowledged writes during two slot moves, all read back; ${describeFailures(writer.failures)}`);
    const balanced = await operate({ kind: 'rebalance', by: 'slots' }, {}, scale);
    assert.equal(balanced.result.status, 'done');
    await assert.rejects(operate({ kind: 'addShard' }, {}, scale), expectRefusal(/Adding a shard needs node containers, which only the local cluster has: scale it is a connection/));
    // The CLI on the same connection: --url with the user in it, the password from the environment.
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args, '--url', `valkey://${admin.name}@127.0.0.1:${ports[0]}`],
      { env: { ...process.env, VALKEY_PASSWORD: admin.password }, encoding: 'utf8' });
    const moved = cli('move-slots', '0-9', '--to', away, '--json');
    assert.equal(moved.status, 0, moved.stderr);
    assert.equal((JSON.parse(moved.stdout) as { result: { status: string } }).result.status, 'done');
    assert.equal(cli('move-slots', '0-9', '--to', home).status, 0);
    const scaleThere = cli('scale', '--shards', '4');
    assert.equal(scaleThere.status, 2);
    assert.match(scaleThere.stderr, /with --url only status, run, move-slots and rebalance apply/);
    const check = await servers.cli(ports[0], ['--cluster', 'check', `127.0.0.1:${ports[0]}`]);
    assert.match(check, /\[OK\] All 16384 slots covered/);
    assert.doesNotMatch(check, /\[WARNING\]/);
  } finally {
    writer.disconnect();
    target.dispose();
    await servers.stop();
  }
});

test('the exported compose folder of another shape runs with plain docker compose up: formed and ready in the shape\'s layout', async () => {
  await engine.down({ removeVolumes: true });
  const secrets = scratch('valkey-scale-export-secrets-');
  const shape = { ...SETTINGS, shards: 4, replicasPerShard: 1, exporterImage: LOCAL_EXPORTER_IMAGE, image: TEST_SETTINGS.image, initImage: TEST_SETTINGS.initImage };
  const exporting = createClusterSetup({ settings: { ...TEST_SETTINGS, ...shape }, password: reach.credentials.password, clusterDirectory: CLUSTER_DIRECTORY, secretsDirectory: secrets });
  const folder = join(scratch('valkey-scale-export-'), 'cluster');
  const file = exporting.exportCompose(folder, '4 shards × 1 replica');
  // The two secret files, as the exported README says (the password of this suite; the exporter's map of every node).
  const written = writeSecretFiles(join(folder, 'secrets'), reach.credentials.password, exporting.plan.nodes);
  const compose = (...args: string[]) => execFileSync('docker', ['compose', '-p', 'valkey-scale', '-f', file, ...args], { encoding: 'utf8', stdio: 'pipe', cwd: folder });
  try {
    assert.ok(written.passwordFile.startsWith(folder));
    compose('up', '-d');
    const state = await until('the init container to finish', async () => {
      const status = docker('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'valkey-cluster-init').trim();
      assert.doesNotMatch(status, /^exited [1-9]/, docker('logs', 'valkey-cluster-init'));
      return status === 'exited 0' ? status : undefined;
    }, 120_000);
    assert.equal(state, 'exited 0');
    assert.match(docker('logs', 'valkey-cluster-init'), /init: creating the cluster: 8 nodes, 1 replica\(s\) per primary[\s\S]*init: cluster ready/);
    const readiness = await exporting.waitUntilReady({ timeoutMs: 60_000 });
    assert.equal(readiness.ready, true, readiness.missing.join(' '));
    assert.deepEqual(await observedLayout(exporting.plan.nodes, exporting.reach), namedLayout(layout(exporting.plan.nodes.map((node) => node.name), 1)));
  } finally {
    compose('down', '-v');
    exporting.dispose();
  }
});
