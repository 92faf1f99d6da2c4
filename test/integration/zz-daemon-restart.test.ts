// The Docker daemon restarted mid-session: operations during the outage fail with the engine message (no hang,
// no stack trace), and once it is back Start brings the cluster and its data back. The engine restarted is the
// test's own second dockerd (own socket, data root, pid), so it runs wherever Docker already runs and never
// stops the engine other tests share. It needs root to start dockerd, and fails (never skips) without it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectCluster } from '../../src/core/client/connect';
import { UserError, describeError } from '../../src/core/errors';
import { copyImage, ownDockerd } from '../support/own-dockerd';
import { run } from '../support/processes';
import { LOCAL_VALKEY_IMAGE, testSetup } from './harness';

const dockerd = ownDockerd();
const setup = testSetup({ projectName: 'valkey-resilience', basePort: 8079, exporterPort: 9921, enableExporter: false, dockerHost: dockerd.host });
const { engine, reach } = setup;

/** The other engine's interfaces (docker0 and the rest): the test's own dockerd must leave every one of them. */
async function hostInterfaces(): Promise<string[]> {
  return (await run('ip', ['-o', 'link', 'show'])).stdout.split('\n').map((line) => line.split(':')[1]?.trim().split('@')[0] ?? '').filter(Boolean).sort();
}
let interfacesBefore: string[] = [];

async function engineAnswers(): Promise<boolean> {
  return (await run('docker', ['-H', dockerd.host, 'info'], { timeoutMs: 10_000 })).code === 0;
}

before(async () => {
  assert.equal(process.getuid?.(), 0, 'this test starts a dockerd of its own, which needs root');
  interfacesBefore = await hostInterfaces();
  await dockerd.start();
  await copyImage(LOCAL_VALKEY_IMAGE, dockerd.host);
  await dockerd.createNetwork(setup.plan.network.createOptions);
  await engine.up();
});
after(async () => {
  if (dockerd.running()) await engine.down({ removeVolumes: true });
  await dockerd.remove();
});

test('a Docker daemon restart: clear errors while it is down, cluster and data back after Start', async () => {
  const cluster = connectCluster(reach);
  await cluster.connect();
  await cluster.set('daemon:restart', 'survived');
  cluster.disconnect();
  // dockerd stops its containers before it exits; stop() resolves on its exit.
  assert.equal(await dockerd.stop(), 'exit 0', 'dockerd shut down cleanly on SIGTERM');
  assert.equal(await engineAnswers(), false);
  await assert.rejects(engine.up(), (error: unknown) => error instanceof UserError && error.code === 'engineUnreachable' && /Start Docker/.test(describeError(error)));
  const collector = setup.collector;
  assert.equal((await collector.collect()).state, 'noEngine');
  await dockerd.start();
  const result = await engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  const reader = connectCluster(reach);
  try {
    await reader.connect();
    assert.equal(await reader.get('daemon:restart'), 'survived');
  } finally {
    reader.disconnect();
  }
});

test('the test\'s own dockerd leaves the machine\'s interfaces as it found them (docker0 included)', async () => {
  await engine.down({ removeVolumes: true });
  await dockerd.remove();
  assert.deepEqual(await hostInterfaces(), interfacesBefore);
});
