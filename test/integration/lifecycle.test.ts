// The foundation's promise on a real engine: up from nothing, a real formed cluster, idempotent up and init,
// data kept across stop/start, compose-compatible labels, and repair after containers vanish.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import Valkey from 'iovalkey';
import { connectCluster } from '../../src/core/client/connect';
import { layout } from '../../src/core/cluster/layout';
import { secretFilePaths, writeSecretFiles } from '../../src/core/secrets';
import { composeVariables } from '../../src/core/settings';
import { CLUSTER_DIRECTORY, cliInNode, namedLayout, observedLayout, testSetup } from './harness';

const setup = testSetup();
const { engine, plan, reach } = setup;
const node0 = plan.nodes[0];

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' });
}

async function withCluster<T>(work: (cluster: ReturnType<typeof connectCluster>) => Promise<T>): Promise<T> {
  const cluster = connectCluster(reach);
  try {
    return await work(cluster);
  } finally {
    cluster.disconnect();
  }
}

before(async () => engine.down({ removeVolumes: true }));
after(async () => engine.down({ removeVolumes: true }));

test('up from nothing forms a 3 primary / 3 replica cluster covering all slots', async () => {
  const steps: string[] = [];
  const result = await engine.up({ progress: (step) => steps.push(step) });
  assert.equal(result.alreadyRunning, false);
  assert.equal(result.formed, 'direct');
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  assert.ok(steps.includes('Forming the cluster'), steps.join(', '));
  const check = await engine.execInNode(node0.name, cliInNode(node0.hostPort, `--cluster check ${node0.announcedAddress}`));
  assert.equal(check.exitCode, 0, check.output);
  assert.match(check.output, /\[OK\] All 16384 slots covered/);
  assert.equal(check.output.match(/^M: /gm)?.length, 3, check.output);
  assert.equal(check.output.match(/^S: /gm)?.length, 3, check.output);
});

test('commands without the password are refused', async () => {
  const anonymous = new Valkey({ host: '127.0.0.1', port: node0.hostPort, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  anonymous.on('error', () => undefined);
  try {
    await anonymous.connect();
    await assert.rejects(anonymous.get('anything'), /NOAUTH/);
  } finally {
    anonymous.disconnect();
  }
});

test('up on a running, ready cluster is a no-op that says so', async () => {
  const result = await engine.up();
  assert.equal(result.alreadyRunning, true);
  assert.equal(result.formed, 'existing');
});

test('init on a formed cluster reports it and succeeds, twice', async () => {
  for (let run = 0; run < 2; run++) {
    const log = await engine.init();
    assert.match(log, /already formed and healthy; nothing to do/);
  }
});

test('data written before stop is there after the next up', async () => {
  const keys = Array.from({ length: 1000 }, (_, index) => `durable:${index}`);
  await withCluster(async (cluster) => {
    for (const key of keys) await cluster.set(key, `value-of-${key}`);
  });
  await engine.stop();
  const stopped = await engine.status();
  assert.ok(stopped.filter((entry) => entry.role === 'node').every((entry) => entry.state === 'exited'), JSON.stringify(stopped));
  const result = await engine.up();
  assert.equal(result.formed, 'existing', 'a stopped cluster restarts without forming or init');
  await withCluster(async (cluster) => {
    const values = await Promise.all(keys.map((key) => cluster.get(key)));
    assert.deepEqual(values, keys.map((key) => `value-of-${key}`));
  });
});

test('docker compose sees the containers as its own project', () => {
  const env = { ...process.env, VALKEY_IMAGE: setup.settings.image, VALKEY_INIT_IMAGE: setup.settings.initImage,
    VALKEY_EXPORTER_IMAGE: setup.settings.exporterImage, VALKEY_PASSWORD_FILE: `${setup.secretsDirectory}/valkey_password`,
    VALKEY_EXPORTER_AUTH_FILE: `${setup.secretsDirectory}/valkey_exporter_auth.json` };
  const listed = execFileSync('docker', ['compose', '-p', plan.project, '-f', `${CLUSTER_DIRECTORY}/docker-compose.yml`, 'ps', '--format', '{{.Service}}'], { encoding: 'utf8', env });
  const services = listed.trim().split('\n').sort();
  assert.deepEqual(services, ['valkey-exporter', 'valkey-node-0', 'valkey-node-1', 'valkey-node-2', 'valkey-node-3', 'valkey-node-4', 'valkey-node-5']);
});

test('docker compose config accepts the bundled file', () => {
  const env = { ...process.env, VALKEY_PASSWORD_FILE: `${setup.secretsDirectory}/valkey_password`, VALKEY_EXPORTER_AUTH_FILE: `${setup.secretsDirectory}/valkey_exporter_auth.json` };
  execFileSync('docker', ['compose', '-f', `${CLUSTER_DIRECTORY}/docker-compose.yml`, 'config', '--quiet'], { env, stdio: 'pipe' });
});

test('the password appears in no container config, process argument list, environment, log or metrics page', async () => {
  const password = reach.credentials.password;
  const containers = plan.containers.map((c) => c.containerName); // every node, the init container and the exporter
  const inspect = docker('inspect', ...containers);
  assert.ok(!inspect.includes(password), 'password found in docker inspect');
  for (const name of containers) {
    const { stdout, stderr } = spawnSync('docker', ['logs', name], { encoding: 'utf8' });
    const log = stdout + stderr;
    assert.ok(log.length > 0, `${name} has a log to search`);
    assert.ok(!log.includes(password), `password found in the log of ${name}`);
  }
  const metrics = await (await fetch(`http://127.0.0.1:${setup.settings.exporterPort}/metrics`)).text();
  assert.match(metrics, /redis_up/);
  assert.ok(!metrics.includes(password), 'password found on the exporter\'s metrics page');
  const args = docker('exec', node0.containerName, 'sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "');
  assert.match(args, /valkey-server/);
  assert.ok(!args.includes(reach.credentials.password), 'password found in a process argument list');
  const environment = docker('exec', node0.containerName, 'sh', '-c', 'cat /proc/1/environ | tr "\\0" "\\n"');
  assert.ok(!environment.includes(reach.credentials.password), 'password found in the server process environment');
});

test('published ports are bound to 127.0.0.1 only', () => {
  const ports = docker('port', node0.containerName);
  assert.match(ports, new RegExp(`^${node0.hostPort}/tcp -> 127\\.0\\.0\\.1:${node0.hostPort}$`, 'm'));
  assert.doesNotMatch(ports, /0\.0\.0\.0|\[::\]/);
});

test('a half-started cluster (nodes stopped by hand) is completed by up', async () => {
  docker('stop', '-t', '5', plan.nodes[1].containerName, plan.nodes[4].containerName);
  const result = await engine.up();
  assert.equal(result.alreadyRunning, false);
  assert.equal(result.readiness.ready, true);
});

test('a node container removed by hand together with its data is recreated and re-joined by init', async () => {
  const victim = plan.nodes[5];
  docker('rm', '-f', victim.containerName);
  docker('volume', 'rm', `${plan.project}_valkey-data-5`);
  const result = await engine.up();
  assert.equal(result.formed, 'init', 'a blank node needs init to join');
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  const check = await engine.execInNode(node0.name, cliInNode(node0.hostPort, `--cluster check ${node0.announcedAddress}`));
  assert.match(check.output, /\[OK\] All 16384 slots covered/);
  assert.equal(check.output.match(/^S: /gm)?.length, 3, check.output);
});

test('plain docker compose up on the bundled folder forms a healthy cluster laid out as layout() says', async () => {
  await engine.down({ removeVolumes: true });
  writeSecretFiles(setup.secretsDirectory, reach.credentials.password, plan.nodes);
  const env = { ...process.env, ...composeVariables(setup.settings, secretFilePaths(setup.secretsDirectory)) };
  const compose = (...args: string[]) =>
    execFileSync('docker', ['compose', '-p', plan.project, '-f', `${CLUSTER_DIRECTORY}/docker-compose.yml`, ...args], { encoding: 'utf8', env, stdio: 'pipe' });
  compose('up', '-d');
  try {
    const deadline = Date.now() + 120_000;
    let state = docker('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'valkey-cluster-init').trim();
    while (state !== 'exited 0') {
      assert.doesNotMatch(state, /^exited/, `the init container ended with ${state}: ${docker('logs', 'valkey-cluster-init')}`);
      assert.ok(Date.now() < deadline, `the init container is still ${state} after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = docker('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'valkey-cluster-init').trim();
    }
    const log = docker('logs', 'valkey-cluster-init');
    assert.match(log, /init: cluster ready/);
    assert.doesNotMatch(log, /letting valkey-cli create the cluster/, 'the direct path formed it');
    const readiness = await setup.waitUntilReady({ timeoutMs: 60_000 });
    assert.equal(readiness.ready, true, readiness.missing.join(' '));
    assert.deepEqual(await observedLayout(plan.nodes, reach), namedLayout(layout(plan.nodes.map((node) => node.name), 1)));
  } finally {
    compose('down', '-v');
  }
});
