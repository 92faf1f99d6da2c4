// Nothing lost under faults: durability across stop/start and a hard kill of every node (WAITAOF-confirmed writes
// with appendfsync everysec, every acknowledged write with always), failover under a WAIT-confirmed writer with an
// open console, and the cluster stopped behind the extension's back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Cluster } from 'iovalkey';
import { withNode } from '../../src/core/client/connect';
import { failoverTo } from '../../src/core/cluster/failover';
import { UserError } from '../../src/core/errors';
import { keySlot } from '../../src/core/cluster/slots';
import { ConsoleSession } from '../../src/core/console/session';
import type { Reach } from '../../src/core/client/reach';
import { AofConfirmedWriter, type AofWriterOptions, type TrackedWrite } from '../support/aof-confirmed-writer';
import { testSetup } from './harness';

const SETTINGS = { projectName: 'valkey-resilience', basePort: 8079, exporterPort: 9921, enableExporter: false };
const setup = testSetup(SETTINGS);
const { engine, plan, reach } = setup;

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' });
}

/** A client for heavy writing: auto-pipelined, patient through failovers. */
function writer(to: Reach = reach): Cluster {
  const cluster = new Cluster([...to.seeds], {
    natMap: to.map,
    redisOptions: { password: to.credentials.password, connectTimeout: 1000 },
    enableAutoPipelining: true,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
  });
  cluster.on('error', () => undefined);
  return cluster;
}

async function countKeys(cluster: Cluster, keys: readonly string[]): Promise<number> {
  let found = 0;
  for (let start = 0; start < keys.length; start += 5000) {
    const chunk = keys.slice(start, start + 5000);
    const present = await Promise.all(chunk.map((key) => cluster.exists(key)));
    found += present.reduce((sum, value) => sum + value, 0);
  }
  return found;
}

before(async () => {
  await engine.down({ removeVolumes: true });
  await engine.up();
});
after(() => engine.down({ removeVolumes: true }));

test('100,000 acknowledged keys survive Stop Cluster and Start Cluster', async () => {
  const keys = Array.from({ length: 100_000 }, (_, index) => `durable:${index}`);
  const client = writer();
  try {
    for (let start = 0; start < keys.length; start += 10_000) {
      const replies = await Promise.all(keys.slice(start, start + 10_000).map((key) => client.set(key, key)));
      assert.ok(replies.every((reply) => reply === 'OK'));
    }
  } finally {
    client.disconnect();
  }
  await engine.stop();
  await engine.up();
  const reader = writer();
  try {
    assert.equal(await countKeys(reader, keys), keys.length);
    assert.equal(await reader.get('durable:99999'), 'durable:99999');
  } finally {
    reader.disconnect();
  }
});

interface KillOutcome {
  /** Each writer's acknowledged writes, and those of them that were gone after the restart. */
  readonly writes: readonly TrackedWrite[][];
  readonly lost: readonly TrackedWrite[][];
  readonly killStartedAt: number;
  /** Shards whose primary after the restart is another node than before the kill. */
  readonly primariesChanged: number;
}

/** Writers run, every node is docker-killed while they do, the cluster is started again and every write looked up. */
async function killEveryNodeUnder(target: typeof setup, options: readonly AofWriterOptions[]): Promise<KillOutcome> {
  const primaries = async () => (await target.collector.collect()).shards.map((shard) => shard.primary?.name);
  const before = await primaries();
  const clients = options.map(() => writer(target.reach));
  const writers = options.map((option, index) => new AofConfirmedWriter(clients[index], option));
  for (const entry of writers) entry.start();
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const killStartedAt = Date.now();
  docker('kill', ...target.plan.nodes.map((node) => node.containerName));
  const stopped = writers.map((entry) => entry.stop());
  for (const client of clients) client.disconnect();
  await Promise.all(stopped);
  await target.engine.up();
  const reader = writer(target.reach);
  try {
    const lost = [];
    for (const entry of writers) {
      const present = await Promise.all(entry.writes.map(({ key }) => reader.exists(key)));
      lost.push(entry.writes.filter((_, index) => present[index] === 0));
    }
    const after = await primaries();
    return { writes: writers.map((entry) => entry.writes), lost, killStartedAt, primariesChanged: after.filter((name) => !before.includes(name)).length };
  } finally {
    reader.disconnect();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)];
}

test('appendfsync everysec, docker kill of every node under writes: no WAITAOF-confirmed write is lost; the unconfirmed window is measured', async () => {
  // WAITAOF blocks its connection (one per primary) until it answers, about a second here: big batches, few lanes.
  const confirmedWriter = { prefix: 'confirmed:', confirm: true, lanes: 6, batch: 500 } as const;
  const plainWriter = { prefix: 'plain:', confirm: false, lanes: 16, batch: 50 } as const;
  const outcome = await killEveryNodeUnder(setup, [confirmedWriter, plainWriter]);
  const [tracked, plain] = outcome.writes;
  const isConfirmed = (write: TrackedWrite) => write.confirmedAt !== undefined;
  const confirmed = tracked.filter(isConfirmed);
  const exposed = tracked.filter((write) => !isConfirmed(write));
  const lostConfirmed = outcome.lost[0].filter(isConfirmed);
  // Figures, not thresholds: how long everysec left acknowledged writes off the disk here, what was exposed at the
  // kill, and what was actually lost (a killed process has usually handed its writes to the kernel already).
  const oldestExposed = Math.max(0, ...exposed.map((write) => outcome.killStartedAt - write.acknowledgedAt));
  console.log(`kill test (everysec): ${confirmed.length} writes confirmed by WAITAOF 1 1 0 (median ${median(confirmed.map((write) => write.confirmedAt! - write.acknowledgedAt))} ms, ` +
    `longest ${Math.max(0, ...confirmed.map((write) => write.confirmedAt! - write.acknowledgedAt))} ms after their acknowledgement), ${lostConfirmed.length} of them lost; ` +
    `${exposed.length} acknowledged but not yet confirmed when the kill came (the oldest ${oldestExposed} ms before it), ${outcome.lost[0].length - lostConfirmed.length} of them lost; ` +
    `${plain.length} plain acknowledged writes, ${outcome.lost[1].length} lost; ${outcome.primariesChanged} shard(s) led by another node after the restart`);
  assert.ok(confirmed.length > 0, 'some writes were confirmed by WAITAOF');
  assert.deepEqual(lostConfirmed.slice(0, 5).map((write) => write.key), [], `${lostConfirmed.length} of ${confirmed.length} WAITAOF-confirmed writes were lost`);
});

test('a primary killed under a WAIT-confirmed writer: replica promoted, nothing confirmed lost, console keeps working, old primary rejoins as replica', async () => {
  const collector = setup.collector;
  const session = new ConsoleSession({ nodes: () => plan.nodes, hub: setup.hub });
  const output: string[] = [];
  const io = { write: (text: string) => void output.push(text), confirm: async () => true };
  const client = writer();
  try {
    const before = await collector.collect();
    const slot = keySlot('{w}');
    const shard = before.shards.find((entry) => entry.slots.some((range) => range.start <= slot && slot <= range.end))!;
    const victim = shard.primary!.name;
    const heir = shard.replicas[0].name;
    await session.run('SET {w}:console before', io);
    // Phases: confirmed writes → kill the primary → its replica takes over (WAIT 1 now times out: the shard has
    // no replica left) → the old primary is started and rejoins as replica → WAIT confirms again.
    const confirmed: string[] = [];
    let unconfirmed = 0;
    let phase: 'before' | 'failingOver' | 'rejoining' = 'before';
    const deadline = Date.now() + 120_000;
    for (let index = 0; Date.now() < deadline; index++) {
      const key = `{w}:${index}`;
      const replies = await client.pipeline().set(key, String(index)).call('WAIT', '1', '500').exec().catch(() => undefined);
      const waited = replies?.[1]?.[1];
      if (replies && !replies[0][0] && typeof waited === 'number' && waited >= 1) confirmed.push(key);
      else unconfirmed++;
      if (phase === 'before' && confirmed.length >= 200) {
        docker('kill', victim);
        phase = 'failingOver';
      } else if (phase === 'failingOver' && index % 10 === 0) {
        const snapshot = await collector.collect();
        if (snapshot.nodes.find((node) => node.name === heir)?.role === 'primary') {
          await engine.startNode(victim);
          phase = 'rejoining';
        }
      } else if (phase === 'rejoining' && confirmed.length >= 400) {
        break;
      }
    }
    assert.ok(phase === 'rejoining' && confirmed.length >= 400, `phase ${phase}: ${confirmed.length} confirmed, ${unconfirmed} not`);
    const after = await collector.collect();
    assert.equal(after.nodes.find((node) => node.name === heir)?.role, 'primary');
    const missing = [];
    for (const key of confirmed) if ((await client.exists(key)) === 0) missing.push(key);
    assert.deepEqual(missing, [], `${missing.length} of ${confirmed.length} WAIT-confirmed writes lost`);
    console.log(`failover test: ${confirmed.length} writes confirmed by WAIT, none lost; ${unconfirmed} left unconfirmed during the failover`);
    output.length = 0;
    await session.run('GET {w}:console', io);
    assert.match(output.join('\n'), /"before"$/, output.join('\n'));
    const deadlineRejoin = Date.now() + 60_000;
    let rejoined = false;
    while (!rejoined && Date.now() < deadlineRejoin) {
      const snapshot = await collector.collect();
      const node = snapshot.nodes.find((entry) => entry.name === victim);
      rejoined = node?.role === 'replica' && node.linkUp === true;
      if (!rejoined) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.ok(rejoined, `${victim} rejoined as a replica`);
  } finally {
    client.disconnect();
    session.dispose();
  }
});

test('all nodes stopped outside the extension: the snapshot says stopped, and Start brings back the data', async () => {
  const client = writer();
  await client.set('outside:stop', 'kept');
  client.disconnect();
  docker('stop', '-t', '10', ...plan.nodes.map((node) => node.containerName));
  const collector = setup.collector;
  const snapshot = await collector.collect();
  assert.equal(snapshot.state, 'stopped');
  const result = await engine.up();
  assert.equal(result.readiness.ready, true);
  const reader = writer();
  assert.equal(await reader.get('outside:stop'), 'kept');
  reader.disconnect();
});

test('Fail Over to This Replica makes the replica primary; asked of a primary it says why not', async () => {
  const collector = setup.collector;
  const snapshot = await collector.collect();
  const shard = snapshot.shards[1];
  const replica = plan.nodes.find((node) => node.name === shard.replicas[0].name)!;
  const primary = plan.nodes.find((node) => node.name === shard.primary!.name)!;
  await assert.rejects(failoverTo(primary, setup.hub), (error: unknown) => error instanceof UserError && /is not a replica/.test(error.message));
  await failoverTo(replica, setup.hub);
  const after = await collector.collect();
  assert.equal(after.nodes.find((node) => node.name === replica.name)?.role, 'primary');
  assert.equal(after.nodes.find((node) => node.name === primary.name)?.role, 'replica');
});

test('appendFsync always reaches every existing node at the next start; after docker kill of every node under writes, no acknowledged write is lost', async () => {
  const strict = testSetup({ ...SETTINGS, appendFsync: 'always' });
  try {
    await engine.stop();
    const result = await strict.engine.up();
    assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
    assert.equal(result.formed, 'existing', 'the same cluster came back');
    const modes = await Promise.all(strict.plan.nodes.map((node) => withNode(strict.reach.map(node.announcedAddress), strict.reach,
      async (client) => (await client.call('CONFIG', 'GET', 'appendfsync') as string[])[1])));
    assert.deepEqual(modes, strict.plan.nodes.map(() => 'always'));
    const outcome = await killEveryNodeUnder(strict, [{ prefix: 'strict:', confirm: false, lanes: 16, batch: 50 }]);
    const [written] = outcome.writes;
    const [lost] = outcome.lost;
    console.log(`kill test (always): ${written.length} writes acknowledged, ${lost.length} lost; ${outcome.primariesChanged} shard(s) led by another node after the restart`);
    assert.ok(written.length > 0, 'some writes were acknowledged');
    assert.deepEqual(lost.slice(0, 5).map((write) => ({ key: write.key, beforeKillMs: outcome.killStartedAt - write.acknowledgedAt })), [],
      `${lost.length} of ${written.length} acknowledged writes were lost (${outcome.primariesChanged} shard(s) led by a replica that came back first)`);
  } finally {
    strict.dispose();
  }
});
