// The walkthrough's steps complete on what the snapshots show, not on a command having been run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSnapshot } from '../../../src/core/cluster/build-snapshot';
import type { ClusterSnapshot } from '../../../src/shared/snapshot';
import { diffSnapshots } from '../../../src/shared/snapshot-diff';
import { stepsReached } from '../../../src/vscode/walkthrough-steps';
import { fixtureInput } from '../generate-topology';

const healthy = buildSnapshot(fixtureInput('healthy'));
const failedOver = buildSnapshot(fixtureInput('primary-down'));
const withState = (snapshot: ClusterSnapshot, state: ClusterSnapshot['state']): ClusterSnapshot => ({ ...snapshot, state });

test('a ready cluster completes the engine and start steps; the nodes step waits for the tree to be in view', () => {
  assert.deepEqual(stepsReached(healthy, [], false), ['engineAnswered', 'clusterReady']);
  assert.deepEqual(stepsReached(healthy, [], true), ['engineAnswered', 'clusterReady', 'nodesSeen']);
});

test('no engine or a bad setting completes nothing; a stopped cluster only shows the engine answered', () => {
  assert.deepEqual(stepsReached(withState(healthy, 'noEngine'), [], true).filter((step) => step === 'engineAnswered'), []);
  assert.deepEqual(stepsReached(withState(healthy, 'misconfigured'), [], true).filter((step) => step === 'engineAnswered'), []);
  const stopped = { ...withState(healthy, 'stopped'), nodes: healthy.nodes.map((node) => ({ ...node, health: 'stopped' as const })) };
  assert.deepEqual(stepsReached(stopped, [], true), ['engineAnswered']);
});

test('the fail-over step completes when a replica is seen taking over as primary, not on any role change', () => {
  const changes = diffSnapshots(healthy, failedOver);
  assert.ok(stepsReached(failedOver, changes, false).includes('failedOver'));
  const demotions = changes.filter((change) => change.kind === 'roleChanged').map((change) => ({ ...change, from: change.to, to: change.from }));
  assert.ok(!stepsReached(failedOver, demotions, false).includes('failedOver'));
  assert.ok(!stepsReached(healthy, [], true).includes('failedOver'));
});
