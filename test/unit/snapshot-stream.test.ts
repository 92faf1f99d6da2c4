// The refresh timing of the views: fast while one is visible, slow otherwise; concurrent refreshes share a round.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import { BACKGROUND_INTERVAL_MS, SnapshotStream } from '../../src/core/target/snapshot-stream';
import { buildSnapshot } from '../../src/core/cluster/build-snapshot';
import { fixtureInput } from './generate-topology';

function counter(snapshots: ClusterSnapshot[]): { collect: () => Promise<ClusterSnapshot>; calls: () => number } {
  let calls = 0;
  return { collect: async () => snapshots[Math.min(calls++, snapshots.length - 1)], calls: () => calls };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('concurrent refreshes share one round of queries', async () => {
  const source = counter([buildSnapshot(fixtureInput('healthy'))]);
  const service = new SnapshotStream(source.collect, 1000);
  const [a, b] = await Promise.all([service.refresh(), service.refresh()]);
  assert.equal(source.calls(), 1);
  assert.equal(a, b);
  service.dispose();
});

test('refreshes every interval while a view is visible, every 30 s when none is', async (context) => {
  context.mock.timers.enable({ apis: ['setTimeout'] });
  const source = counter([buildSnapshot(fixtureInput('healthy'))]);
  const service = new SnapshotStream(source.collect, 1000);
  service.setVisible('tree', true); // refreshes at once
  await flush();
  assert.equal(source.calls(), 1);
  for (let tick = 2; tick <= 4; tick++) {
    context.mock.timers.tick(1000);
    await flush();
    assert.equal(source.calls(), tick);
  }
  service.setVisible('tree', false);
  context.mock.timers.tick(BACKGROUND_INTERVAL_MS - 1);
  await flush();
  assert.equal(source.calls(), 4, 'hidden: nothing before the background interval');
  context.mock.timers.tick(1);
  await flush();
  assert.equal(source.calls(), 5);
  service.dispose();
  context.mock.timers.tick(BACKGROUND_INTERVAL_MS * 2);
  await flush();
  assert.equal(source.calls(), 5, 'nothing after dispose');
});

test('each change event carries what changed since the previous snapshot', async () => {
  const source = counter([buildSnapshot(fixtureInput('healthy')), buildSnapshot(fixtureInput('primary-down'))]);
  const service = new SnapshotStream(source.collect, 1000);
  const events: string[][] = [];
  service.onDidChange(({ changes }) => events.push(changes.map((change) => change.kind)));
  await service.refresh();
  await service.refresh();
  assert.deepEqual(events, [[], ['healthChanged', 'roleChanged']]);
  service.dispose();
});

mock.reset();
