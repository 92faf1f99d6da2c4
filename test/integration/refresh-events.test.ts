// The local cluster's views are read again when Docker says one of its containers changed: the refresh manager
// follows the setup's container events (setup.containerChanges) on the real engine, and a node stopped or started
// with the docker CLI, behind the extension's back, refreshes the snapshot stream. The stream here has no timer (no
// view is visible), so every round counted comes from an event.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { RefreshManager } from '../../src/core/target/refresh-manager';
import { SnapshotStream } from '../../src/core/target/snapshot-stream';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import { testSetup } from './harness';

const setup = testSetup({ projectName: 'valkey-events', basePort: 9479, exporterPort: 9579, enableExporter: false });
const victim = setup.plan.nodes[2];
/** Not a timing requirement: only how long to wait before calling it a hang (the debounce is 250 ms). */
const HANG_MS = 60_000;

let rounds = 0;
let events = 0;
const snapshots: ClusterSnapshot[] = [];
const stream = new SnapshotStream(async () => {
  rounds++;
  return setup.collector.collect();
}, 60_000);
stream.onDidChange(({ snapshot }) => snapshots.push(snapshot));
const manager = new RefreshManager(stream);

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: 'pipe' });
}

/** The first snapshot collected (since `snapshots` was last emptied) for which `check` holds; a hang after HANG_MS. */
async function refreshedUntil(what: string, check: (snapshot: ClusterSnapshot) => boolean): Promise<ClusterSnapshot> {
  const deadline = Date.now() + HANG_MS;
  for (;;) {
    const found = snapshots.find(check);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no refresh showed ${what} within ${HANG_MS / 1000} s (hang detector): ${rounds} rounds, ${events} events`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const stateOf = (snapshot: ClusterSnapshot) => snapshot.nodes.find((node) => node.name === victim.name)?.containerState;

before(async () => {
  await setup.engine.down({ removeVolumes: true });
  // Followed from before Start: the containers Start creates and starts are the first events seen.
  manager.follow((changed) => setup.containerChanges(() => {
    events++;
    changed();
  }));
  await setup.engine.up();
});

after(async () => {
  manager.dispose();
  stream.dispose();
  await setup.engine.down({ removeVolumes: true });
});

test('Start\'s containers starting refresh the stream', { timeout: HANG_MS * 2 }, async () => {
  await refreshedUntil(`${victim.name} running`, (snapshot) => stateOf(snapshot) === 'running');
  assert.ok(events > 0);
});

test('a node stopped with the docker CLI refreshes the stream, and so does its start', { timeout: HANG_MS * 3 }, async (context) => {
  const before = { rounds, events };
  snapshots.length = 0;
  docker('stop', victim.containerName);
  const stopped = await refreshedUntil(`${victim.name} exited`, (snapshot) => stateOf(snapshot) === 'exited');
  assert.notEqual(stopped.nodes.find((node) => node.name === victim.name)?.health, 'online');
  assert.ok(rounds > before.rounds);
  context.diagnostic(`stop: ${events - before.events} events, ${rounds - before.rounds} refresh rounds`);

  const restarted = { rounds, events };
  snapshots.length = 0;
  docker('start', victim.containerName);
  await refreshedUntil(`${victim.name} running again`, (snapshot) => stateOf(snapshot) === 'running');
  assert.ok(rounds > restarted.rounds);
  context.diagnostic(`start: ${events - restarted.events} events, ${rounds - restarted.rounds} refresh rounds`);
});
