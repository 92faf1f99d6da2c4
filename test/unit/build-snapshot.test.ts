import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot, type NodeObservation, type SnapshotInput } from '../../src/core/cluster/build-snapshot';
import type { ClusterSnapshot, NodeSnapshot } from '../../src/shared/snapshot';
import {
  fixtureInput,
  FIXTURE_TAKEN_AT,
  GENERATED_PRIMARY_OFFSET,
  generatedReplicaLag,
  generatedSlotOwner,
  generateLargeInput,
  generateLargeSnapshot,
  TEST_TARGET,
} from './generate-topology';

type Change = Partial<NodeObservation> | ((node: NodeObservation) => NodeObservation);

/** The input with some nodes' observations replaced or edited. */
function changed(input: SnapshotInput, changes: Record<string, Change>): SnapshotInput {
  return {
    ...input,
    nodes: input.nodes.map((node) => {
      const change = changes[node.name];
      if (!change) return node;
      return typeof change === 'function' ? change(node) : { ...node, ...change };
    }),
  };
}

function allNodes(input: SnapshotInput, change: (node: NodeObservation) => NodeObservation): SnapshotInput {
  return { ...input, nodes: input.nodes.map(change) };
}

function node(snapshot: ClusterSnapshot, name: string): NodeSnapshot {
  const found = snapshot.nodes.find((candidate) => candidate.name === name);
  assert.ok(found, `${name} is listed`);
  return found;
}

/** Shards as "primary: replicas @ slots", easy to compare whole. */
function shardSummary(snapshot: ClusterSnapshot): string[] {
  return snapshot.shards.map((shard) =>
    `${shard.primary?.name ?? '-'}: ${shard.replicas.map((replica) => replica.name).join(',') || '-'} @ ${shard.slots.map((range) => `${range.start}-${range.end}`).join(',')}`,
  );
}

function assertPlainData(snapshot: ClusterSnapshot): void {
  assert.deepStrictEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
}

test('healthy cluster: three shards of a primary and a linked replica, all slots ok', () => {
  const snapshot = buildSnapshot(fixtureInput('healthy'));
  assert.equal(snapshot.state, 'ok');
  assert.equal(snapshot.slotsOk, 16384);
  assert.equal(snapshot.slotsAssigned, 16384);
  assert.equal(snapshot.takenAt, FIXTURE_TAKEN_AT);
  assert.deepEqual(snapshot.problems, []);
  assert.deepEqual(shardSummary(snapshot), [
    'valkey-node-0: valkey-node-4 @ 0-5460',
    'valkey-node-1: valkey-node-5 @ 5461-10922',
    'valkey-node-2: valkey-node-3 @ 10923-16383',
  ]);
  assert.deepEqual(snapshot.shards.map((shard) => shard.slotCount), [5461, 5462, 5461]);
  assert.equal(snapshot.shards.reduce((sum, shard) => sum + shard.slotCount, 0), 16384);
  assert.deepEqual(snapshot.nodes.map((entry) => entry.name), ['valkey-node-0', 'valkey-node-1', 'valkey-node-2', 'valkey-node-3', 'valkey-node-4', 'valkey-node-5']);
  for (const shard of snapshot.shards) {
    assert.equal(shard.id, shard.primary?.id);
    assert.equal(shard.replicas.length, 1);
    const [replica] = shard.replicas;
    assert.equal(replica.role, 'replica');
    assert.equal(replica.linkUp, true);
    assert.equal(replica.primaryId, shard.primary?.id);
    assert.equal(replica.replicationLag, 0);
    assert.equal(shard.primary?.slotCount, shard.slotCount);
  }
  assert.ok(snapshot.nodes.every((entry) => entry.health === 'online' && entry.containerState === 'running'));
  assertPlainData(snapshot);
});

test('healthy cluster: each node carries its own metrics', () => {
  const snapshot = buildSnapshot(fixtureInput('healthy'));
  assert.deepEqual(node(snapshot, 'valkey-node-3'), {
    name: 'valkey-node-3',
    id: 'caf42772308993219d42aadee90cc82520850284',
    role: 'replica',
    announcedAddress: '172.19.0.63:6382',
    address: '127.0.0.1:6382',
    health: 'online',
    containerState: 'running',
    view: { state: 'ok', slotsOk: 16384, slotsAssigned: 16384, knownNodes: 6 },
    primaryId: '5f566f58ae9e38c5c09ebdc5433185967c9bba53',
    linkUp: true,
    replicationLag: 0,
    replicationOffset: 3809,
    slots: [],
    slotCount: 0,
    usedMemoryBytes: 2901264,
    keys: 107,
    opsPerSecond: 67,
    flags: ['slave'],
  });
  assert.deepEqual(node(snapshot, 'valkey-node-0'), {
    name: 'valkey-node-0',
    id: '793f3915229640bf1b47d45f62d1b7effc7b917d',
    role: 'primary',
    announcedAddress: '172.19.0.60:6379',
    address: '127.0.0.1:6379',
    health: 'online',
    containerState: 'running',
    view: { state: 'ok', slotsOk: 16384, slotsAssigned: 16384, knownNodes: 6 },
    replicationOffset: 3601,
    connectedReplicas: 1,
    slots: [{ start: 0, end: 5460 }],
    slotCount: 5461,
    usedMemoryBytes: 2954768,
    keys: 101,
    opsPerSecond: 71,
    // "myself" only says which node answered, so it is not kept.
    flags: ['master'],
  });
});

test('primary down: the stopped primary keeps its place in the list, its replica serves its slots', () => {
  const snapshot = buildSnapshot(fixtureInput('primary-down'));
  assert.equal(snapshot.state, 'ok');
  assert.equal(snapshot.slotsOk, 16384);
  assert.deepEqual(shardSummary(snapshot), [
    'valkey-node-4: - @ 0-5460',
    'valkey-node-1: valkey-node-5 @ 5461-10922',
    'valkey-node-2: valkey-node-3 @ 10923-16383',
  ]);
  assert.deepEqual(snapshot.problems, ['valkey-node-0 is not running (container exited).']);
  assert.deepEqual(node(snapshot, 'valkey-node-0'), {
    name: 'valkey-node-0',
    id: '793f3915229640bf1b47d45f62d1b7effc7b917d',
    role: 'primary',
    announcedAddress: '172.19.0.60:6379',
    address: '127.0.0.1:6379',
    health: 'stopped',
    containerState: 'exited',
    slots: [],
    slotCount: 0,
    flags: ['master', 'fail'],
  });
  const promoted = node(snapshot, 'valkey-node-4');
  assert.equal(promoted.role, 'primary');
  assert.equal(promoted.health, 'online');
  assert.deepEqual(promoted.slots, [{ start: 0, end: 5460 }]);
  assert.equal(promoted.primaryId, undefined);
  assert.equal(promoted.linkUp, undefined);
  assert.equal(snapshot.shards[0].id, 'aad3e67488c17b6c338127277edf59cff9f9581b');
  assert.equal(snapshot.nodes.length, 6);
  assertPlainData(snapshot);
});

test('an unreadable CLUSTER SHARDS reply falls back to CLUSTER NODES, with the same result', () => {
  for (const scenario of ['healthy', 'primary-down'] as const) {
    const expected = buildSnapshot(fixtureInput(scenario));
    const fallback = buildSnapshot(allNodes(fixtureInput(scenario), (entry) => ({ ...entry, clusterShards: [['slots', [0, 5460], 'nodes', [['id']]]] })));
    assert.deepEqual(fallback.shards, expected.shards, scenario);
    assert.deepEqual(fallback.nodes, expected.nodes, scenario);
    assert.equal(fallback.state, expected.state);
    const source = scenario === 'healthy' ? 'valkey-node-0' : 'valkey-node-1';
    assert.equal(
      fallback.problems[0],
      `${source} gave no usable CLUSTER SHARDS (CLUSTER SHARDS shard 1 node 1 has an odd number of entries (1)); the topology was read from CLUSTER NODES.`,
    );
  }
  const missing = buildSnapshot(allNodes(fixtureInput('healthy'), ({ clusterShards: _ignored, ...entry }) => entry));
  assert.deepEqual(shardSummary(missing), shardSummary(buildSnapshot(fixtureInput('healthy'))));
  assert.deepEqual(missing.problems, ['valkey-node-0 gave no usable CLUSTER SHARDS (no reply); the topology was read from CLUSTER NODES.']);
});

test('the topology is read from a node that says the cluster is ok and has seen the latest epoch', () => {
  const healthy = fixtureInput('healthy');
  const staleNode1 = healthy.nodes[1];
  // node-1 answers with what it saw before the failover (epoch 6): node-0 still primary.
  const input = changed(fixtureInput('primary-down'), {
    'valkey-node-1': { clusterInfo: staleNode1.clusterInfo, clusterNodes: staleNode1.clusterNodes, clusterShards: staleNode1.clusterShards },
  });
  assert.equal(shardSummary(buildSnapshot(input))[0], 'valkey-node-4: - @ 0-5460');
  // A node whose cluster_state is fail loses to one that says ok, whatever the epoch.
  const failing = changed(input, {
    'valkey-node-1': (entry) => ({ ...entry, clusterInfo: (fixtureInput('primary-down').nodes[1].clusterInfo ?? '').replace('cluster_state:ok', 'cluster_state:fail'), clusterShards: 'garbage' }),
    'valkey-node-2': { clusterShards: 'garbage' },
  });
  assert.match(buildSnapshot(failing).problems[0], /^valkey-node-2 gave no usable CLUSTER SHARDS/);
});

test('a running node that does not answer is failed; a loading one is loading', () => {
  const snapshot = buildSnapshot(changed(fixtureInput('healthy'), {
    'valkey-node-2': ({ clusterInfo: _a, clusterNodes: _b, clusterShards: _c, info: _d, ...entry }) => ({ ...entry, reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:6381' }),
    'valkey-node-3': (entry) => ({ ...entry, info: (entry.info ?? '').replace('loading:0', 'loading:1') }),
  }));
  assert.equal(snapshot.state, 'ok');
  const silent = node(snapshot, 'valkey-node-2');
  assert.equal(silent.health, 'failed');
  assert.equal(silent.role, 'primary'); // from the cluster's view
  assert.equal(silent.id, '5f566f58ae9e38c5c09ebdc5433185967c9bba53');
  assert.equal(silent.usedMemoryBytes, undefined);
  assert.equal(node(snapshot, 'valkey-node-3').health, 'loading');
  // Without the primary's offset there is no lag to tell.
  assert.equal(node(snapshot, 'valkey-node-3').replicationLag, undefined);
  assert.deepEqual(snapshot.problems, ['valkey-node-2 does not answer: connect ECONNREFUSED 127.0.0.1:6381']);
});

test('a node the cluster flags as failing is failed even when it answers us', () => {
  const input = fixtureInput('healthy');
  const snapshot = buildSnapshot(changed(input, {
    'valkey-node-0': (entry) => ({
      ...entry,
      clusterNodes: (entry.clusterNodes ?? '').replace('172.19.0.63:6382@16382 slave', '172.19.0.63:6382@16382 slave,fail?'),
    }),
  }));
  assert.equal(node(snapshot, 'valkey-node-3').health, 'failed');
  assert.deepEqual(node(snapshot, 'valkey-node-3').flags, ['slave', 'fail?']);
  assert.deepEqual(snapshot.problems, ['valkey-node-3 is marked as failing by the cluster (fail?).']);
});

test('replication lag is the primary offset minus the replica offset, never negative', () => {
  const snapshot = buildSnapshot(changed(fixtureInput('healthy'), {
    'valkey-node-0': (entry) => ({ ...entry, info: (entry.info ?? '').replace('master_repl_offset:3601', 'master_repl_offset:5000') }),
    'valkey-node-1': (entry) => ({ ...entry, info: (entry.info ?? '').replace('master_repl_offset:3281', 'master_repl_offset:3000') }),
    'valkey-node-3': (entry) => ({ ...entry, info: (entry.info ?? '').replace('master_link_status:up', 'master_link_status:down') }),
  }));
  assert.equal(node(snapshot, 'valkey-node-4').replicationLag, 1399);
  assert.equal(node(snapshot, 'valkey-node-5').replicationLag, 0);
  assert.equal(node(snapshot, 'valkey-node-3').linkUp, false);
  assert.deepEqual(snapshot.problems, ['valkey-node-3 is a replica whose link to its primary is down.']);
});

test('a missing container is listed as missing', () => {
  const snapshot = buildSnapshot(changed(fixtureInput('healthy'), {
    'valkey-node-5': { containerState: 'missing', reachable: false, clusterInfo: undefined, clusterNodes: undefined, clusterShards: undefined, info: undefined },
  }));
  assert.equal(node(snapshot, 'valkey-node-5').health, 'missing');
  assert.equal(node(snapshot, 'valkey-node-5').containerState, 'missing');
  assert.deepEqual(snapshot.problems, ['valkey-node-5 has no container.']);
});

test('a container recreated with a new id is not taken for the entry it replaced', () => {
  const newId = 'ffffffffffffffffffffffffffffffffffffffff';
  const snapshot = buildSnapshot(changed(fixtureInput('healthy'), {
    'valkey-node-5': {
      clusterInfo: 'cluster_state:fail\r\ncluster_slots_assigned:0\r\ncluster_known_nodes:1\r\ncluster_size:0\r\ncluster_current_epoch:0\r\n',
      clusterNodes: `${newId} 172.19.0.65:6384@16384 myself,master - 0 0 0 connected\n`,
      clusterShards: [['slots', [], 'nodes', [['id', newId, 'port', 6384, 'ip', '172.19.0.65', 'endpoint', '172.19.0.65', 'role', 'master', 'replication-offset', 0, 'health', 'online']]]],
    },
  }));
  assert.equal(snapshot.state, 'ok');
  const ghostName = 'unknown-bff4f2a7';
  assert.deepEqual(shardSummary(snapshot)[1], `valkey-node-1: ${ghostName} @ 5461-10922`);
  const ghost = node(snapshot, ghostName);
  assert.equal(ghost.health, 'missing');
  assert.equal(ghost.announcedAddress, '172.19.0.65:6384');
  assert.equal(ghost.id, 'bff4f2a7b1f2e053bbe82be31ce77c8a394a42d2');
  const blank = node(snapshot, 'valkey-node-5');
  assert.equal(blank.id, newId);
  assert.equal(blank.role, 'primary');
  assert.deepEqual(blank.flags, ['master']);
  assert.equal(blank.slotCount, 0);
  assert.equal(snapshot.nodes.length, 7);
  // Problems follow the order of node names.
  assert.deepEqual(snapshot.problems, [
    'The cluster lists node bff4f2a7b1f2e053bbe82be31ce77c8a394a42d2 (172.19.0.65:6384), which matches no container.',
    'valkey-node-5 is not part of the cluster.',
  ]);
});

test('cluster state follows the engine, the containers and the cluster', () => {
  const base = fixtureInput('healthy');
  const noEngine = buildSnapshot({ target: TEST_TARGET, nodes: [], takenAt: 5, unreachable: 'The Docker engine (unix:///var/run/docker.sock) cannot be reached.' });
  assert.deepEqual(noEngine, { target: TEST_TARGET, mode: 'cluster', state: 'noEngine', slotsOk: 0, slotsAssigned: 0, shards: [], nodes: [], takenAt: 5,
    problems: ['The Docker engine (unix:///var/run/docker.sock) cannot be reached.'] });
  assert.equal(buildSnapshot({ target: TEST_TARGET, nodes: [], takenAt: 0 }).state, 'absent');

  const gone = (containerState: NodeObservation['containerState']) => allNodes(base, (entry) => ({
    name: entry.name, address: entry.address, announcedAddress: entry.announcedAddress, containerState, reachable: false, error: `container ${containerState}`,
  }));
  const absent = buildSnapshot(gone('missing'));
  assert.equal(absent.state, 'absent');
  assert.deepEqual(absent.problems, []);
  const stopped = buildSnapshot(gone('exited'));
  assert.equal(stopped.state, 'stopped');
  assert.deepEqual(stopped.problems, []);
  assert.deepEqual(stopped.shards, []);
  assert.deepEqual(stopped.nodes.map((entry) => `${entry.name}:${entry.health}`), base.nodes.map((entry) => `${entry.name}:stopped`));

  const failing = buildSnapshot(allNodes(base, (entry) => ({
    ...entry,
    clusterInfo: (entry.clusterInfo ?? '').replace('cluster_state:ok', 'cluster_state:fail').replace('cluster_slots_ok:16384', 'cluster_slots_ok:10923'),
  })));
  assert.equal(failing.state, 'fail');
  assert.equal(failing.slotsOk, 10923);
  assert.deepEqual(failing.problems, ['The cluster reports state fail (10923 of 16384 slots ok).']);

  const unanswered = buildSnapshot(allNodes(base, ({ name, address, announcedAddress }) => ({ name, address, announcedAddress, containerState: 'running', reachable: false, error: 'WRONGPASS' })));
  assert.equal(unanswered.state, 'fail');
  assert.equal(unanswered.problems.length, 6);
  assert.equal(unanswered.problems[0], 'valkey-node-0 does not answer: WRONGPASS');
});

test('blank nodes that have not met yet make a forming cluster with nodes but no shards', () => {
  const blank = allNodes(fixtureInput('healthy'), (entry) => {
    const id = entry.name.replace('valkey-node-', '').padStart(40, 'a');
    const [ip, port] = entry.announcedAddress.split(':');
    return {
      ...entry,
      clusterInfo: 'cluster_state:fail\r\ncluster_slots_assigned:0\r\ncluster_slots_ok:0\r\ncluster_known_nodes:1\r\ncluster_size:0\r\ncluster_current_epoch:0\r\n',
      clusterNodes: `${id} ${ip}:${port}@${Number(port) + 10000} myself,master - 0 0 0 connected\n`,
      clusterShards: [['slots', [], 'nodes', [['id', id, 'port', Number(port), 'ip', ip, 'endpoint', ip, 'role', 'master', 'replication-offset', 0, 'health', 'online']]]],
      info: (entry.info ?? '').replace(/^role:slave/m, 'role:master'),
    };
  });
  const snapshot = buildSnapshot(blank);
  assert.equal(snapshot.state, 'forming');
  assert.deepEqual(snapshot.shards, []);
  assert.equal(snapshot.nodes.length, 6);
  assert.ok(snapshot.nodes.every((entry) => entry.role === 'primary' && entry.slotCount === 0 && entry.health === 'online' && entry.id.endsWith(entry.name.slice(-1))));
  assert.deepEqual(snapshot.problems, []);
  assertPlainData(snapshot);
});

test('a generated 100-shard cluster with fragmented slots builds with every range counted', () => {
  const shards = 100;
  const ranges = 50;
  const snapshot = generateLargeSnapshot(shards, 2, ranges);
  assert.equal(snapshot.state, 'ok');
  assert.deepEqual(snapshot.problems, []);
  assert.equal(snapshot.shards.length, shards);
  assert.equal(snapshot.nodes.length, shards * 3);
  // Expected slot counts per shard, computed slot by slot rather than from ranges.
  const expected = new Array<number>(shards).fill(0);
  for (let slot = 0; slot < 16384; slot++) expected[generatedSlotOwner(slot, shards, ranges)]++;
  snapshot.shards.forEach((shard, index) => {
    assert.equal(shard.primary?.name, `valkey-node-${index * 3}`);
    assert.equal(shard.slots.length, ranges);
    assert.equal(shard.slotCount, expected[index]);
    assert.equal(shard.primary?.slotCount, expected[index]);
    assert.deepEqual(shard.replicas.map((replica) => [replica.name, replica.replicationLag, replica.linkUp]), [
      [`valkey-node-${index * 3 + 1}`, generatedReplicaLag(1), true],
      [`valkey-node-${index * 3 + 2}`, generatedReplicaLag(2), true],
    ]);
  });
  assert.equal(snapshot.shards.reduce((sum, shard) => sum + shard.slotCount, 0), 16384);
  assert.equal(node(snapshot, 'valkey-node-0').replicationOffset, GENERATED_PRIMARY_OFFSET);
  // Every slot is served by exactly one primary: no range overlaps another.
  const served = new Uint8Array(16384);
  for (const shard of snapshot.shards) for (const range of shard.slots) for (let slot = range.start; slot <= range.end; slot++) served[slot]++;
  assert.ok(served.every((count) => count === 1));
  assertPlainData(snapshot);
  // The generated input goes through the same parsers as live replies.
  assert.equal(generateLargeInput(3, 1, 1).nodes.length, 6);
  assert.deepEqual(shardSummary(generateLargeSnapshot(3, 1, 1)), [
    'valkey-node-0: valkey-node-1 @ 0-5461',
    'valkey-node-2: valkey-node-3 @ 5462-10922',
    'valkey-node-4: valkey-node-5 @ 10923-16383',
  ]);
});
