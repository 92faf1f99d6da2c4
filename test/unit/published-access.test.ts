// Where the node ports are dialled from, per kind of engine (no connection is made here).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DockerTarget } from '../../src/core/engine/docker-connection';
import { engineIsLocal, publishedAccess } from '../../src/core/engine/published-access';
import { describeError } from '../../src/core/errors';
import type { EngineEndpoint } from '../../src/core/engine/engine-host';
import { EXTENSION_WORDS } from '../../src/vscode/wording';

const nodes = [0, 1].map((index) => ({ name: `valkey-node-${index}`, containerName: `valkey-node-${index}`, hostPort: 7379 + index, announcedAddress: `172.19.0.6${index}:${7379 + index}` }));

function engine(endpoint: EngineEndpoint, host: string): DockerTarget {
  return { engine: { endpoint, host, source: 'setting', description: host }, where: host } as unknown as DockerTarget;
}

test('an engine on this machine: the bind address (loopback), as published', async () => {
  const local = engine({ kind: 'unix', socketPath: '/var/run/docker.sock' }, 'unix:///var/run/docker.sock');
  assert.equal(engineIsLocal(local), true);
  const access = publishedAccess(nodes, local, '127.0.0.1', '127.0.0.1', { password: 'x' });
  await access.open();
  assert.deepEqual(access.reach.map('172.19.0.61:7380'), { host: '127.0.0.1', port: 7380 });
  assert.equal(engineIsLocal(engine({ kind: 'tcp', host: '127.0.0.1', port: 2375 }, 'tcp://127.0.0.1:2375')), true);
});

test('a tcp:// engine on another machine: its host, when the ports are published where it exposes them', async () => {
  const remote = engine({ kind: 'tcp', host: 'build-box', port: 2376 }, 'tcp://build-box:2376');
  assert.equal(engineIsLocal(remote), false);
  const everywhere = publishedAccess(nodes, remote, '0.0.0.0', '127.0.0.1', { password: 'x' });
  await everywhere.open();
  assert.deepEqual(everywhere.reach.map('172.19.0.60:7379'), { host: 'build-box', port: 7379 });
  assert.deepEqual(everywhere.reach.seeds, [{ host: 'build-box', port: 7379 }, { host: 'build-box', port: 7380 }]);
});

test('a tcp:// engine on another machine with ports on its loopback: a clear error that names the SSH way', async () => {
  const remote = engine({ kind: 'tcp', host: 'build-box', port: 2376 }, 'tcp://build-box:2376');
  const loopback = publishedAccess(nodes, remote, '127.0.0.1', '127.0.0.1', { password: 'x' });
  await assert.rejects(loopback.open(), (error: unknown) => {
    assert.match(describeError(error, EXTENSION_WORDS),
      /published on 127\.0\.0\.1 of the engine host build-box, which this machine cannot reach over tcp:\/\/build-box:2376\. Use an ssh:\/\/ engine .* valkeyCluster\.bindAddress and valkeyCluster\.allowRemoteBind/);
    return true;
  });
});
