// Every documented failure of Start/Init gives a UserError a person can act on, on a real engine.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import { UserError, describeError } from '../../src/core/errors';
import { word } from '../../src/core/wording';
import { EXTENSION_WORDS } from '../../src/vscode/wording';
import { LOCAL_EXPORTER_IMAGE, testSetup } from './harness';

// Its own ports, so nothing here collides with another suite's cluster.
const base = { projectName: 'valkey-errors', basePort: 7479, exporterPort: 9321, readyTimeoutSeconds: 60 };

function expectUserError(code: UserError['code'], pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(describeError(error, EXTENSION_WORDS), pattern);
    return true;
  };
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const cleanup = testSetup(base);
before(() => cleanup.engine.down({ removeVolumes: true }));
after(() => cleanup.engine.down({ removeVolumes: true }));

test('an unreachable Docker engine names where it looked and how to start Docker', async () => {
  const { engine } = testSetup({ ...base, dockerHost: 'unix:///tmp/no-docker-here.sock' });
  await assert.rejects(engine.up(), expectUserError('engineUnreachable', /unix:\/\/\/tmp\/no-docker-here\.sock.*Start Docker/s));
});

test('a host port already in use names the port and the setting to change', async () => {
  const squatter = await listen(base.basePort + 2);
  try {
    const { engine } = testSetup(base);
    await assert.rejects(engine.up(), expectUserError('portInUse', new RegExp(`Port ${base.basePort + 2} on 127\\.0\\.0\\.1 \\(for valkey-node-2\\).*valkeyCluster\\.basePort`, 's')));
    const started = (await engine.status()).filter((entry) => entry.state === 'running');
    assert.deepEqual(started, [], 'nothing is left running after the refusal');
  } finally {
    squatter.close();
  }
});

test('a missing node image whose pull fails says which image and what to do', async () => {
  const { engine } = testSetup({ ...base, image: 'valkey-cluster-vscode/not-built-here:1' });
  await assert.rejects(engine.up(), expectUserError('imageMissing', /"valkey-cluster-vscode\/not-built-here:1" is not on this machine and could not be pulled.*valkeyCluster\.image/s));
});

test('a failing init shows its log', async () => {
  // An init image without valkey-cli: Start forms the cluster itself, Run Cluster Init then fails in its container.
  const { engine } = testSetup({ ...base, initImage: LOCAL_EXPORTER_IMAGE });
  await engine.up();
  await assert.rejects(engine.init(), (error: unknown) => {
    expectUserError('initFailed', /Cluster init failed \(exit code 1\): init: valkey-cli is not installed/)(error);
    assert.match((error as UserError).detail ?? '', /valkey-cli is not installed in this image/);
    return true;
  });
  await engine.down({ removeVolumes: true });
});

test('a missing exporter image leaves a warning and a working cluster', async () => {
  const { engine } = testSetup({ ...base, exporterImage: 'valkey-cluster-vscode/no-exporter:1' });
  const result = await engine.up();
  assert.equal(result.readiness.ready, true);
  const warnings = result.warnings.map((warning) => word(warning, EXTENSION_WORDS));
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /exporter image "valkey-cluster-vscode\/no-exporter:1" is not available.*valkeyCluster\.enableExporter/);
  assert.equal((await engine.status()).find((entry) => entry.role === 'exporter')?.state, 'missing');
});

test('a stopped cluster started with other shape settings keeps its shape and says how to change it', async () => {
  await testSetup(base).engine.stop();
  const result = await testSetup({ ...base, shards: 4 }).engine.up();
  assert.equal(result.readiness.ready, true);
  const warnings = result.warnings.map((warning) => word(warning, EXTENSION_WORDS));
  assert.deepEqual(warnings.filter((text) => /shards/.test(text)),
    ['The cluster has 3 shards × 1 replica; valkeyCluster.shards and valkeyCluster.replicasPerShard ask for 4 shards × 1 replica, which only a new cluster gets. Valkey: Scale Cluster changes the running one.']);
});

test('Start pressed twice quickly: the second is refused while the first runs, which still succeeds', async () => {
  const { engine } = testSetup(base);
  await engine.stop();
  const first = engine.up();
  await assert.rejects(engine.up(), expectUserError('busy', /Start Cluster is still in progress/));
  assert.equal((await first).readiness.ready, true);
});

test('a deleted secret file is written again by the next start', async () => {
  const { engine, secretsDirectory } = testSetup(base);
  await engine.stop();
  const { rmSync, existsSync } = await import('node:fs');
  rmSync(`${secretsDirectory}/valkey_password`);
  const result = await engine.up();
  assert.equal(result.readiness.ready, true);
  assert.ok(existsSync(`${secretsDirectory}/valkey_password`));
});

test('init needs every node running and says which are not', async () => {
  const { engine, plan } = testSetup(base);
  await engine.stopNode(plan.nodes[3].name);
  await assert.rejects(engine.init(), expectUserError('notReady', /valkey-node-3 is not.*Start the cluster first/s));
});

test('a cluster running with another password is reported as such, not as a timeout', async () => {
  const { engine, secretsDirectory } = testSetup(base);
  await engine.up();
  const other = testSetup(base, 'another-password-42', secretsDirectory);
  const started = Date.now();
  await assert.rejects(other.engine.up(), expectUserError('wrongPassword', /valkey-node-\d refuses the password.*Stop, then Start/s));
  assert.ok(Date.now() - started < 30_000, 'reported at once, not after the ready timeout');
  await engine.stop();
  assert.equal((await engine.up()).readiness.ready, true, 'the stored password is applied by a restart');
});

test('logs of a container that does not exist say so', async () => {
  const { engine } = testSetup(base);
  await engine.down({ removeVolumes: true });
  await assert.rejects(engine.logs('valkey-node-1'), expectUserError('containerMissing', /valkey-node-1 has no container/));
});
