// A cluster on another machine's engine, reached honestly: the CLI runs inside a network namespace whose own
// loopback is not the engine's, and whose only way out is sshd (bridged in on one port). Docker is driven over
// ssh://, the nodes are dialled through the SSH forwards the extension opens, and the cluster's files are copied
// into the containers instead of bind-mounted (another machine's engine cannot see this machine's paths).
// Run it under the Docker lock; needs root and scripts/setup-remote.sh.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Docker from 'dockerode';
import { createNetns, type Netns } from '../support/netns';
import { startSshd, type Sshd } from '../support/sshd';
import { LOCAL_EXPORTER_IMAGE, LOCAL_VALKEY_IMAGE, REPO_ROOT } from './harness';

const PROJECT = 'valkey-remote';
const BASE_PORT = 8679;
const scratch = mkdtempSync(join(tmpdir(), 'valkey-remote-'));
const localDocker = new Docker({ socketPath: '/var/run/docker.sock' });
let sshd: Sshd;
let netns: Netns;

function environment(): NodeJS.ProcessEnv {
  const home = join(scratch, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  copyFileSync(sshd.keyPath, join(home, '.ssh', 'id_ed25519'));
  writeFileSync(join(home, '.ssh', 'known_hosts'), `${sshd.knownHostsLine}\n`);
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_STATE_HOME: join(scratch, 'state'),
    DOCKER_HOST: `ssh://root@127.0.0.1:${sshd.port}`,
    COMPOSE_PROJECT_NAME: PROJECT,
    VALKEY0_PORT: String(BASE_PORT),
    VALKEY_EXPORTER_HOST_PORT: '9621',
    VALKEY_IMAGE: LOCAL_VALKEY_IMAGE,
    VALKEY_INIT_IMAGE: LOCAL_VALKEY_IMAGE,
    VALKEY_EXPORTER_IMAGE: LOCAL_EXPORTER_IMAGE,
    VALKEY_READY_TIMEOUT: '120',
  };
}

/** The headless CLI, run inside the namespace. */
function cli(...args: string[]) {
  return netns.run(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env: environment(), timeoutMs: 300_000 });
}

async function removeProject(): Promise<void> {
  const filters = { label: [`com.docker.compose.project=${PROJECT}`] };
  for (const container of await localDocker.listContainers({ all: true, filters })) await localDocker.getContainer(container.Id).remove({ force: true });
  for (const network of await localDocker.listNetworks({ filters })) await localDocker.getNetwork(network.Id).remove();
  for (const volume of (await localDocker.listVolumes({ filters })).Volumes ?? []) await localDocker.getVolume(volume.Name).remove();
}

before(async () => {
  await removeProject();
  sshd = await startSshd();
  netns = await createNetns();
  await netns.bridgePort(sshd.port, sshd.port);
});

after(async () => {
  await netns?.close();
  await sshd?.stop();
  await removeProject();
  rmSync(scratch, { recursive: true, force: true });
});

test('up over ssh:// from a namespace that reaches only sshd: the cluster is ready', { timeout: 400_000 }, async () => {
  const up = await cli('up', '--json');
  assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
  const result = JSON.parse(up.stdout) as { readiness: { ready: boolean; missing: string[] } };
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
});

test('status from the namespace: every node online, each dialled through a forward, not its published port', { timeout: 120_000 }, async () => {
  const status = await cli('status', '--json');
  assert.equal(status.code, 0, `${status.stdout}\n${status.stderr}`);
  const snapshot = JSON.parse(status.stdout) as { state: string; target: { where: string }; nodes: { name: string; health: string; address: string }[] };
  assert.equal(snapshot.state, 'ok');
  assert.equal(snapshot.nodes.length, 6);
  assert.match(snapshot.target.where, /ssh:\/\/root@127\.0\.0\.1:\d+.*through SSH forwards/);
  snapshot.nodes.forEach((node, index) => {
    assert.equal(node.health, 'online', node.name);
    assert.match(node.address, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(node.address, `127.0.0.1:${BASE_PORT + index}`, `${node.name} was dialled on its published port`);
  });
});

test('inside the namespace the published ports themselves cannot be reached', { timeout: 60_000 }, async () => {
  const probe = await netns.run(process.execPath, ['-e', `require('node:net').connect(${BASE_PORT}, '127.0.0.1').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(1); })`]);
  assert.equal(probe.stdout.trim(), 'ECONNREFUSED');
});

test('the files reach the containers by copy, not by a bind mount of this machine\'s paths', async () => {
  const filters = { label: [`com.docker.compose.project=${PROJECT}`] };
  const containers = await localDocker.listContainers({ all: true, filters });
  assert.ok(containers.length >= 7, 'six nodes and the exporter');
  for (const container of containers) {
    const info = await localDocker.getContainer(container.Id).inspect();
    assert.deepEqual(info.Mounts.filter((mount) => mount.Type === 'bind'), [], `${info.Name} has bind mounts`);
  }
});

test('over ssh:// from the namespace, a node\'s log is followed across a restart and valkey-cli runs in a node', { timeout: 180_000 }, async () => {
  const result = await netns.run(process.execPath, [join(__dirname, '..', 'support', 'remote-logs-shell.js'), 'valkey-node-1', 'valkey-node-0', `127\\.0\\.0\\.1:${BASE_PORT}> `],
    { env: environment(), timeoutMs: 170_000 });
  assert.equal(result.code, 0, result.stderr);
  const { engine, log, screen, exitCode } = JSON.parse(result.stdout) as { engine: string; log: string; screen: string; exitCode: number | null };
  assert.equal(engine, 'ssh');
  assert.match(log, /Ready to accept connections/, 'the log\'s history');
  assert.match(log, /reattached to its log[\s\S]*Ready to accept connections/, 'the lines after the restart');
  assert.match(screen, new RegExp(`127\\.0\\.0\\.1:${BASE_PORT}> [\\s\\S]*PONG`), 'the prompt, then PONG');
  assert.equal(exitCode, 0, 'quit ends the shell with 0');
});

test('stop and down --volumes over ssh:// from the namespace', { timeout: 300_000 }, async () => {
  const stop = await cli('stop');
  assert.equal(stop.code, 0, stop.stderr);
  const down = await cli('down', '--volumes');
  assert.equal(down.code, 0, down.stderr);
  const filters = { label: [`com.docker.compose.project=${PROJECT}`] };
  assert.deepEqual(await localDocker.listContainers({ all: true, filters }), []);
});
