import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot } from '../../src/core/cluster/build-snapshot';
import { type ClusterChange, diffSnapshots } from '../../src/shared/snapshot-diff';
import { describeChange } from '../../src/shared/present';
import type { ClusterSnapshot, NodeSnapshot } from '../../src/shared/snapshot';
import { TEST_TARGET, fixtureInput } from './generate-topology';

function withNode(snapshot: ClusterSnapshot, name: string, change: Partial<NodeSnapshot>): ClusterSnapshot {
  return { ...snapshot, nodes: snapshot.nodes.map((node) => (node.name === name ? { ...node, ...change } : node)) };
}

test('a failover shows as the replica promoted and the old primary stopped', () => {
  const healthy = buildSnapshot(fixtureInput('healthy'));
  const primaryDown = buildSnapshot(fixtureInput('primary-down'));
  assert.deepEqual(diffSnapshots(healthy, primaryDown), [
    { kind: 'healthChanged', node: 'valkey-node-0', from: 'online', to: 'stopped' },
    { kind: 'roleChanged', node: 'valkey-node-4', from: 'replica', to: 'primary' },
  ]);
  assert.deepEqual(diffSnapshots(healthy, primaryDown).map(describeChange), [
    'valkey-node-0 is now stopped (was online)',
    'valkey-node-4 is now primary (was replica)',
  ]);
});

test('identical snapshots have no changes', () => {
  const healthy = buildSnapshot(fixtureInput('healthy'));
  assert.deepEqual(diffSnapshots(healthy, buildSnapshot(fixtureInput('healthy'))), []);
});

test('state changes come first, then per node role, health and slots', () => {
  const before = buildSnapshot(fixtureInput('healthy'));
  let after: ClusterSnapshot = { ...before, state: 'fail' };
  after = withNode(after, 'valkey-node-1', { slotCount: 5000 });
  after = withNode(after, 'valkey-node-2', { slotCount: 5923 });
  after = withNode(after, 'valkey-node-3', { role: 'primary', health: 'loading' });
  assert.deepEqual(diffSnapshots(before, after), [
    { kind: 'stateChanged', from: 'ok', to: 'fail' },
    { kind: 'slotsMoved', node: 'valkey-node-1', before: 5462, after: 5000 },
    { kind: 'slotsMoved', node: 'valkey-node-2', before: 5461, after: 5923 },
    { kind: 'roleChanged', node: 'valkey-node-3', from: 'replica', to: 'primary' },
    { kind: 'healthChanged', node: 'valkey-node-3', from: 'online', to: 'loading' },
  ]);
});

test('slot counts changing with the role or health are not listed twice', () => {
  const before = buildSnapshot(fixtureInput('healthy'));
  const after = withNode(withNode(before, 'valkey-node-0', { health: 'failed', slotCount: 0 }), 'valkey-node-4', { role: 'primary', slotCount: 5461 });
  assert.deepEqual(diffSnapshots(before, after).map((change) => change.kind), ['healthChanged', 'roleChanged']);
});

test('nodes present in only one snapshot are not compared', () => {
  const healthy = buildSnapshot(fixtureInput('healthy'));
  const noEngine = buildSnapshot({ target: TEST_TARGET, nodes: [], takenAt: 0, unreachable: 'The Docker engine (unix:///var/run/docker.sock) cannot be reached.' });
  assert.deepEqual(diffSnapshots(noEngine, healthy), [{ kind: 'stateChanged', from: 'noEngine', to: 'ok' }]);
  assert.deepEqual(diffSnapshots(healthy, noEngine), [{ kind: 'stateChanged', from: 'ok', to: 'noEngine' }]);
});

test('describeChange words every kind of change', () => {
  const cases: [ClusterChange, string][] = [
    [{ kind: 'roleChanged', node: 'valkey-node-4', from: 'replica', to: 'primary' }, 'valkey-node-4 is now primary (was replica)'],
    [{ kind: 'healthChanged', node: 'valkey-node-0', from: 'online', to: 'failed' }, 'valkey-node-0 is now failed (was online)'],
    [{ kind: 'slotsMoved', node: 'valkey-node-1', before: 5462, after: 1 }, 'valkey-node-1 now serves 1 slot (was 5462)'],
    [{ kind: 'slotsMoved', node: 'valkey-node-1', before: 0, after: 100 }, 'valkey-node-1 now serves 100 slots (was 0)'],
    [{ kind: 'stateChanged', from: 'ok', to: 'fail' }, 'the cluster is now failing (was ok)'],
    [{ kind: 'stateChanged', from: 'noEngine', to: 'forming' }, 'the cluster is now forming (was out of reach)'],
  ];
  for (const [change, text] of cases) assert.equal(describeChange(change), text);
});
