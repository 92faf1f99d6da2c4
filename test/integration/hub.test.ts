// One hub per target: the snapshots (what every view reads), the key browser and a console reach a node over the
// same connection. A node that goes silent (its container paused: the kernel still accepts, nothing answers) fails
// for all of them within the pool's deadline, and once it answers again it is reconnected once — one new connection
// for everyone, not one per user. Counted from inside the node: each connection of ours names itself once (CLIENT
// SETNAME), while the node's own health check connects every 2 s unnamed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { ConsoleSession } from '../../src/core/console/session';
import { KeyClient } from '../../src/core/keys/key-client';
import { keySpaceOf } from '../../src/core/keys/key-space';
import { cliInNode, testSetup } from './harness';

const setup = testSetup({ projectName: 'valkey-hub', basePort: 8679, exporterPort: 9671, enableExporter: false, readyTimeoutSeconds: 60 });
const { engine } = setup;

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: 'pipe' });
}

/** Connections of ours the node has taken since it started. */
function ours(containerName: string, port: number): number {
  const stats = docker('exec', containerName, 'sh', '-c', cliInNode(port, 'INFO commandstats'));
  return Number(/cmdstat_client\|setname:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

before(async () => {
  await engine.down({ removeVolumes: true });
  await engine.up();
});

after(async () => {
  await engine.down({ removeVolumes: true });
});

test('a silent node fails for the views, the key browser and the console alike, and is reconnected once for all of them', { timeout: 180_000 }, async () => {
  const snapshot = await setup.collector.collect();
  assert.equal(snapshot.state, 'ok');
  const victim = snapshot.nodes.find((node) => node.role === 'primary')!;
  const endpoint = setup.plan.nodes.find((node) => node.name === victim.name)!;
  const address = setup.reach.map(victim.announcedAddress);
  const keys = new KeyClient(keySpaceOf(snapshot, setup.hub));
  const console = new ConsoleSession({ nodes: () => setup.plan.nodes, hub: setup.hub, pinnedNode: victim.name });
  const printed: string[] = [];
  const io = { write: (text: string) => void printed.push(text), confirm: async () => true };
  try {
    // Everyone has used the node: the refresh, the key browser, the console.
    await keys.onNode(address, (node) => node.call('DBSIZE'));
    await console.run('PING', io);
    assert.deepEqual(printed.splice(0), ['PONG']);

    docker('pause', endpoint.containerName);
    try {
      const silent = await setup.collector.collect();
      assert.equal(silent.nodes.find((node) => node.name === victim.name)?.health !== 'online', true, 'the snapshot shows the node not answering');
      await assert.rejects(keys.onNode(address, (node) => node.call('DBSIZE')), /did not answer within/);
      await console.run('PING', io);
      assert.match(printed.splice(0).join('\n'), new RegExp(`${victim.name} does not answer`));
    } finally {
      docker('unpause', endpoint.containerName);
    }

    // The connections tried while it was silent wait in its accept queue: let it take and drop them before counting.
    await new Promise((done) => setTimeout(done, 1000));
    const before = ours(endpoint.containerName, endpoint.hostPort);
    assert.ok(before >= 1, 'the count sees our connections');
    const back = await setup.collector.collect();
    assert.equal(back.nodes.find((node) => node.name === victim.name)?.health, 'online', 'the next refresh sees the node again');
    await keys.onNode(address, (node) => node.call('DBSIZE'));
    await console.run('PING', io);
    assert.deepEqual(printed.splice(0), ['PONG']);
    assert.equal(ours(endpoint.containerName, endpoint.hostPort) - before, 1, 'one reconnection for the three users');
  } finally {
    console.dispose();
  }
});
