// Every way of naming a Docker engine reaches the real engine: a Docker context made by the real docker CLI (in front
// of a counting proxy), TLS with client certificates (a TLS endpoint in front of the engine), an ssh:// engine through a real sshd (ssh-agent or a key file, host key checked against
// known_hosts), and a published port of the engine host reached only through the SSH forwarder from a network
// namespace that has no other way out. Run it under the Docker lock; needs root and scripts/setup-remote.sh.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Docker from 'dockerode';
import Valkey from 'iovalkey';
import { assertEngineReachable, dockerTargetFor } from '../../src/core/engine/docker-connection';
import { systemInputs } from '../../src/core/engine/engine-inputs';
import { listEngineChoices, resolveEngine } from '../../src/core/engine/engine-resolution';
import { SshAccess } from '../../src/core/engine/ssh-access';
import { SshPortForwarder } from '../../src/core/engine/ssh-forward';
import { isUserError, type UserError } from '../../src/core/errors';
import { issueCertificate, makeCertificateAuthority } from '../support/certificates';
import { startDockerProxy, startTlsDockerProxy } from '../support/docker-proxy';
import { createNetns } from '../support/netns';
import { freePort, runChecked, stopProcess, waitFor } from '../support/processes';
import { startSshd, type Sshd } from '../support/sshd';
import { LOCAL_VALKEY_IMAGE } from './harness';

const localDocker = new Docker({ socketPath: '/var/run/docker.sock' });
const scratch = mkdtempSync(join(tmpdir(), 'valkey-engines-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The real environment minus whatever would choose an engine, plus `extra`. */
function environment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH', 'SSH_AUTH_SOCK']) delete clean[name];
  return { ...clean, ...extra };
}

function userError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isUserError(error), `expected a UserError, got ${String(error)}`);
    assert.match(`${error.message} ${(error).action ?? ''}`, pattern);
    return true;
  };
}

/** A home folder whose ~/.ssh holds what `files` says. */
function home(name: string, files: { knownHosts?: string; key?: string }): string {
  const folder = join(scratch, name);
  mkdirSync(join(folder, '.ssh'), { recursive: true, mode: 0o700 });
  if (files.knownHosts !== undefined) writeFileSync(join(folder, '.ssh', 'known_hosts'), `${files.knownHosts}\n`);
  if (files.key !== undefined) copyFileSync(files.key, join(folder, '.ssh', 'id_ed25519'));
  return folder;
}

describe('a Docker context made by the docker CLI', () => {
  const configDirectory = join(scratch, 'docker-config');
  let proxy: Awaited<ReturnType<typeof startDockerProxy>>;

  before(async () => {
    proxy = await startDockerProxy();
    await runChecked('docker', ['--config', configDirectory, 'context', 'create', 'valkey-proxy', '--description', 'counting proxy',
      '--docker', `host=unix://${proxy.socketPath}`]);
  });
  after(() => proxy.close());

  test('DOCKER_CONFIG\'s current context is the engine, and calls go through it', async () => {
    await runChecked('docker', ['--config', configDirectory, 'context', 'use', 'valkey-proxy']);
    const inputs = systemInputs(environment({ DOCKER_CONFIG: configDirectory }));
    const engine = resolveEngine('', inputs);
    assert.equal(engine.source, 'currentContext');
    assert.equal(engine.context, 'valkey-proxy');
    assert.equal(engine.host, `unix://${proxy.socketPath}`);
    assert.match(engine.description, /Docker context "valkey-proxy": unix:\/\/.*docker\.sock \(the current context in .*config\.json\)/);

    assert.equal(proxy.connections(), 0);
    const target = dockerTargetFor(engine, inputs);
    await assertEngineReachable(target);
    const listed = await target.docker.listContainers({ all: true });
    assert.ok(Array.isArray(listed));
    assert.ok(proxy.connections() >= 1, 'the client connected through the proxy');
    assert.deepEqual(proxy.requests(), ['GET /_ping', 'GET /containers/json'], 'the ping and the listing went through the proxy');
    assert.equal((await target.docker.info() as { ID: string }).ID, (await localDocker.info() as { ID: string }).ID, 'the proxy leads to this machine\'s engine');
  });

  test('the setting names the context; the picker lists it as current next to the default', async () => {
    const inputs = systemInputs(environment({ DOCKER_CONFIG: configDirectory }));
    const engine = resolveEngine('context:valkey-proxy', inputs);
    assert.equal(engine.source, 'setting');
    const before = proxy.requests().length;
    await dockerTargetFor(engine, inputs).docker.ping();
    assert.deepEqual(proxy.requests().slice(before), ['GET /_ping']);

    const choices = listEngineChoices(inputs);
    assert.deepEqual(choices.map((choice) => [choice.name, choice.current, choice.settingValue]),
      [['default', false, 'context:default'], ['valkey-proxy', true, 'context:valkey-proxy']]);
    assert.equal(choices[1].host, `unix://${proxy.socketPath}`);
    assert.equal(choices[1].description, 'counting proxy');
  });
});

describe('a tcp:// engine with TLS and client certificates', () => {
  const folder = join(scratch, 'tls');
  const configDirectory = join(folder, 'docker-config');
  let proxy: Awaited<ReturnType<typeof startTlsDockerProxy>>;
  let address: string;
  let engineCa: string;
  let client: { cert: string; key: string };

  before(async () => {
    const authority = await makeCertificateAuthority(join(folder, 'engine-ca'), 'valkey-test-engine-ca');
    const stranger = await makeCertificateAuthority(join(folder, 'stranger-ca'), 'valkey-test-stranger-ca');
    const server = await issueCertificate(authority, 'server', 'server');
    client = await issueCertificate(authority, 'client', 'client');
    engineCa = authority.ca;
    proxy = await startTlsDockerProxy({ key: readFileSync(server.key), cert: readFileSync(server.cert), ca: readFileSync(authority.ca) });
    address = `tcp://127.0.0.1:${proxy.port}`;
    const create = (name: string, ca: string, extra = '') =>
      runChecked('docker', ['--config', configDirectory, 'context', 'create', name, '--docker', `host=${address},ca=${ca},cert=${client.cert},key=${client.key}${extra}`]);
    await create('tls-verified', authority.ca);
    await create('tls-wrong-ca', stranger.ca);
    await create('tls-skip-verify', stranger.ca, ',skip-tls-verify=true');
  });
  after(() => proxy.close());

  test('the docker CLI itself works through this endpoint', async () => {
    const version = await runChecked('docker', ['--config', configDirectory, '--context', 'tls-verified', 'version', '--format', '{{.Server.APIVersion}}']);
    assert.match(version.trim(), /^\d+\.\d+$/);
  });

  test('a context with the CA and a client certificate: ping and list over verified TLS', async () => {
    const inputs = systemInputs(environment({ DOCKER_CONFIG: configDirectory }));
    const engine = resolveEngine('context:tls-verified', inputs);
    assert.equal(engine.tls?.verify, true);
    assert.equal(engine.host, address);
    const before = proxy.requests().length;
    const target = dockerTargetFor(engine, inputs);
    await assertEngineReachable(target);
    assert.ok(Array.isArray(await target.docker.listContainers({ all: true })));
    assert.deepEqual(proxy.requests().slice(before), ['GET /_ping', 'GET /containers/json']);
  });

  test('DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    const certPath = join(folder, 'cert-path');
    mkdirSync(certPath, { recursive: true });
    copyFileSync(engineCa, join(certPath, 'ca.pem'));
    copyFileSync(client.cert, join(certPath, 'cert.pem'));
    copyFileSync(client.key, join(certPath, 'key.pem'));
    const inputs = systemInputs(environment({ DOCKER_HOST: address, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath }));
    const engine = resolveEngine('', inputs);
    assert.equal(engine.source, 'DOCKER_HOST');
    await assertEngineReachable(dockerTargetFor(engine, inputs));
  });

  test('an engine certificate from another CA is refused, unless the context skips verification', async () => {
    const inputs = systemInputs(environment({ DOCKER_CONFIG: configDirectory }));
    await assert.rejects(assertEngineReachable(dockerTargetFor(resolveEngine('context:tls-wrong-ca', inputs), inputs)),
      userError(/Cannot reach the Docker engine at Docker context "tls-wrong-ca": tcp:\/\/127\.0\.0\.1:\d+ with TLS .*(SELF_SIGNED|UNABLE_TO_VERIFY|CERT)/s));
    const skipping = resolveEngine('context:tls-skip-verify', inputs);
    assert.equal(skipping.tls?.verify, false);
    await assertEngineReachable(dockerTargetFor(skipping, inputs));
  });

  test('without a client certificate the engine refuses the connection', async () => {
    const caOnly = join(folder, 'ca-only');
    mkdirSync(caOnly, { recursive: true });
    copyFileSync(engineCa, join(caOnly, 'ca.pem'));
    const inputs = systemInputs(environment({ DOCKER_HOST: address, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: caOnly }));
    await assert.rejects(assertEngineReachable(dockerTargetFor(resolveEngine('', inputs), inputs)), userError(/Cannot reach the Docker engine/));
  });
});

describe('an ssh:// engine through a real sshd', () => {
  let sshd: Sshd;
  let agent: ChildProcess;
  const agentSocket = join(scratch, 'agent.sock');

  before(async () => {
    sshd = await startSshd();
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    await waitFor(() => existsSync(agentSocket), 10_000, () => 'ssh-agent did not create its socket within 10 s');
    await runChecked('ssh-add', [sshd.keyPath], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } });
  });
  after(async () => {
    await stopProcess(agent);
    await sshd.stop();
  });

  const address = () => `ssh://root@127.0.0.1:${sshd.port}`;

  test('with the key in ssh-agent: ping, list containers, same engine', async () => {
    const inputs = systemInputs(environment({ HOME: home('agent-home', { knownHosts: sshd.knownHostsLine }), SSH_AUTH_SOCK: agentSocket }));
    const engine = resolveEngine(address(), inputs);
    assert.deepEqual(engine.endpoint, { kind: 'ssh', host: '127.0.0.1', port: sshd.port, username: 'root' });
    const target = dockerTargetFor(engine, inputs);
    await assertEngineReachable(target);
    assert.ok(Array.isArray(await target.docker.listContainers({ all: true })));
    assert.equal((await target.docker.info() as { ID: string }).ID, (await localDocker.info() as { ID: string }).ID);
  });

  test('with a key file and no agent', async () => {
    const inputs = systemInputs(environment({ HOME: home('key-home', { knownHosts: sshd.knownHostsLine, key: sshd.keyPath }) }));
    const target = dockerTargetFor(resolveEngine(address(), inputs), inputs);
    await assertEngineReachable(target);
    assert.equal((await target.docker.version()).ApiVersion.length > 0, true);
  });

  test('an unknown host key is refused with its fingerprint and how to record it', async () => {
    const inputs = systemInputs(environment({ HOME: home('stranger-home', {}), SSH_AUTH_SOCK: agentSocket }));
    const target = dockerTargetFor(resolveEngine(address(), inputs), inputs);
    await assert.rejects(assertEngineReachable(target),
      userError(new RegExp(`\\[127\\.0\\.0\\.1\\]:${sshd.port} is not in .*known_hosts.*${escape(sshd.hostKeyFingerprint)}.*ssh -p ${sshd.port} root@127\\.0\\.0\\.1`, 's')));
  });

  test('a key the server does not accept is a refused login', async () => {
    const otherKey = join(scratch, 'other_key');
    await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const inputs = systemInputs(environment({ HOME: home('wrong-key-home', { knownHosts: sshd.knownHostsLine, key: otherKey }) }));
    const target = dockerTargetFor(resolveEngine(address(), inputs), inputs);
    await assert.rejects(assertEngineReachable(target), userError(/SSH login root@127\.0\.0\.1:\d+ was refused.*id_ed25519.*authorized_keys/s));
  });

  test('a key file with a passphrase is left to ssh-agent, and named when no agent runs', async () => {
    const lockedKey = join(scratch, 'locked_key');
    await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', lockedKey]);
    const lockedHome = home('locked-home', { knownHosts: sshd.knownHostsLine, key: lockedKey });
    const withAgent = systemInputs(environment({ HOME: lockedHome, SSH_AUTH_SOCK: agentSocket }));
    await assertEngineReachable(dockerTargetFor(resolveEngine(address(), withAgent), withAgent));
    const withoutAgent = systemInputs(environment({ HOME: lockedHome }));
    assert.throws(() => dockerTargetFor(resolveEngine(address(), withoutAgent), withoutAgent),
      userError(/No SSH key can be used for root@127\.0\.0\.1:\d+: .*id_ed25519 needs a passphrase.*ssh-add/s));
  });

  test('nothing listening on the SSH port is a clear refusal', async () => {
    const closed = await freePort();
    const inputs = systemInputs(environment({ HOME: home('agent-home', { knownHosts: sshd.knownHostsLine }), SSH_AUTH_SOCK: agentSocket }));
    const target = dockerTargetFor(resolveEngine(`ssh://root@127.0.0.1:${closed}`, inputs), inputs);
    await assert.rejects(assertEngineReachable(target), userError(new RegExp(`Nothing accepts SSH connections at 127\\.0\\.0\\.1:${closed}`)));
  });

  describe('the port forwarder', () => {
    const containerName = 'valkey-fwd-test';
    let valkeyPort: number;

    before(async () => {
      await removeContainer(containerName);
      valkeyPort = await freePort();
      const container = await localDocker.createContainer({
        name: containerName,
        Image: LOCAL_VALKEY_IMAGE,
        Cmd: ['valkey-server', '--port', String(valkeyPort), '--protected-mode', 'no', '--save', '', '--appendonly', 'no'],
        ExposedPorts: { [`${valkeyPort}/tcp`]: {} },
        HostConfig: { PortBindings: { [`${valkeyPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(valkeyPort) }] } },
      });
      await container.start();
      await waitFor(() => pings(valkeyPort), 20_000, () => `the Valkey container did not answer on 127.0.0.1:${valkeyPort}`);
    });
    after(() => removeContainer(containerName));

    test('from a namespace that reaches only sshd: PING goes through the forward, a direct dial fails', async () => {
      const netns = await createNetns();
      try {
        // Inside, 127.0.0.1:<sshd port> is the bridge to sshd, so the host key entry for that address holds.
        await netns.bridgePort(sshd.port, sshd.port);
        const probeHome = home('probe-home', { knownHosts: sshd.knownHostsLine, key: sshd.keyPath });
        const probe = await netns.run(process.execPath, [join(__dirname, '..', 'support', 'forward-probe.js'), address(), String(valkeyPort)],
          { env: environment({ HOME: probeHome }), timeoutMs: 60_000 });
        const result = JSON.parse(probe.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
        assert.equal(probe.code, 0, `the probe failed: ${probe.stdout} ${probe.stderr}`);
        assert.equal(result.directDial, 'ECONNREFUSED', 'inside the namespace nothing listens on the published port');
        assert.equal(result.engineId, (await localDocker.info() as { ID: string }).ID, 'the Docker client in the namespace reached the engine over SSH');
        assert.equal(result.ping, 'PONG');
        assert.equal(result.tcpPort, valkeyPort, 'the forward reached the Valkey published on the engine host');
        assert.equal(result.reopened, result.localPort, 'opening the same port again reuses its listener');
        assert.equal(result.afterDispose, 'ECONNREFUSED', 'dispose closes the local listener');
        assert.deepEqual(result.forwarderErrors, []);
      } finally {
        await netns.close();
      }
    });

    test('a forward to a port nothing listens on closes the connection and reports why', async () => {
      const inputs = systemInputs(environment({ HOME: home('agent-home', { knownHosts: sshd.knownHostsLine }), SSH_AUTH_SOCK: agentSocket }));
      const errors: UserError[] = [];
      const forwarder = new SshPortForwarder(new SshAccess({ host: '127.0.0.1', port: sshd.port, username: 'root' }, inputs), { onError: (error) => errors.push(error) });
      try {
        const closed = await freePort();
        const localPort = (await forwarder.open([closed])).get(closed)!;
        await assert.rejects(pingOnce(localPort));
        await waitFor(() => errors.length > 0, 10_000, () => 'no forward error was reported');
        assert.match(errors[0].message, new RegExp(`could not connect to 127\\.0\\.0\\.1:${closed}`));
        // The same forwarder still carries other ports.
        const working = (await forwarder.open([valkeyPort])).get(valkeyPort)!;
        assert.equal(await pingOnce(working), 'PONG');
      } finally {
        await forwarder.dispose();
      }
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function pingOnce(port: number): Promise<string> {
  const valkey = new Valkey({ host: '127.0.0.1', port, lazyConnect: true, connectTimeout: 3000, commandTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  valkey.on('error', () => undefined);
  try {
    await valkey.connect();
    return await valkey.ping();
  } finally {
    valkey.disconnect();
  }
}

async function pings(port: number): Promise<boolean> {
  return pingOnce(port).then(() => true, () => false);
}

async function removeContainer(name: string): Promise<void> {
  await localDocker.getContainer(name).remove({ force: true }).catch((error: { statusCode?: number }) => {
    if (error.statusCode !== 404) throw error;
  });
}
