// The topology page's handshake: nothing is posted before `ready`; then the newest snapshot and the selection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSnapshot } from '../../../src/core/cluster/build-snapshot';
import type { ClusterSnapshot } from '../../../src/shared/snapshot';
import type { HostMessage } from '../../../src/shared/topology-protocol';
import { WebviewChannel } from '../../../src/vscode/webview-channel';
import { fixtureInput } from '../generate-topology';

function channel(latest: () => ClusterSnapshot | undefined): { channel: WebviewChannel; posted: HostMessage[] } {
  const posted: HostMessage[] = [];
  return { channel: new WebviewChannel((message) => posted.push(message), latest), posted };
}

const healthy = buildSnapshot(fixtureInput('healthy'));
const later = { ...buildSnapshot(fixtureInput('primary-down')), takenAt: healthy.takenAt + 1000 };

test('messages wait for ready; the queued update keeps its changes', () => {
  const { channel: c, posted } = channel(() => healthy);
  c.send({ type: 'snapshot', snapshot: healthy, changes: [{ kind: 'stateChanged', from: 'forming', to: 'ok' }] });
  c.send({ type: 'select', node: 'valkey-node-1' });
  assert.equal(posted.length, 0);
  c.onReady();
  assert.deepEqual(posted.map((message) => message.type), ['snapshot', 'select']);
  assert.equal(posted[0].type === 'snapshot' && posted[0].changes.length, 1);
  assert.deepEqual(posted[1], { type: 'select', node: 'valkey-node-1' });
});

test('a page that loads after a newer snapshot gets the newer one, without stale changes', () => {
  let latest = healthy;
  const { channel: c, posted } = channel(() => latest);
  c.send({ type: 'snapshot', snapshot: healthy, changes: [] });
  latest = later;
  c.onReady();
  assert.equal(posted.length, 1);
  assert.equal(posted[0].type === 'snapshot' && posted[0].snapshot, later);
});

test('after ready, messages go straight through; a reload holds them again', () => {
  const { channel: c, posted } = channel(() => undefined);
  c.onReady();
  c.send({ type: 'select', node: 'valkey-node-2' });
  assert.equal(posted.length, 1);
  c.reset();
  c.send({ type: 'select', node: 'valkey-node-3' });
  assert.equal(posted.length, 1);
  c.onReady();
  assert.deepEqual(posted[1], { type: 'select', node: 'valkey-node-3' });
});

test('a closed page forgets what waited', () => {
  const { channel: c, posted } = channel(() => undefined);
  c.send({ type: 'select', node: 'valkey-node-2' });
  c.close();
  c.onReady();
  assert.deepEqual(posted, []);
});

test('answers to the page\'s requests wait for a reloading page, every one of them, after the snapshot', () => {
  const { channel: c, posted } = channel(() => healthy);
  c.reset();
  c.send({ type: 'requestResult', seq: 1, ok: true, message: 'done' });
  c.send({ type: 'requestResult', seq: 2, ok: false, message: 'refused' });
  assert.equal(posted.length, 0);
  c.onReady();
  assert.deepEqual(posted.map((message) => message.type === 'requestResult' ? message.seq : message.type), ['snapshot', 1, 2]);
});
