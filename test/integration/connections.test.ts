// Connections to servers the extension did not start, on real Valkey servers run with --network host: a TLS
// cluster with ACL users (default user off), a plain standalone server, a TLS server with an expired certificate,
// and a cluster that announces addresses this machine cannot dial (10.255.255.1, ports +100) — reached only
// through an address map. Every failure is checked for its exact message, and no message carries a password.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connectCluster } from '../../src/core/client/connect';
import { isUserError, type UserError } from '../../src/core/errors';
import { generatePassword } from '../../src/core/secrets';
import { withServer } from '../../src/core/connection/dial';
import { discover, type Discovery, requireCluster } from '../../src/core/connection/discover';
import { type ConnectionProfile, parseConnectionUrl } from '../../src/core/connection/profile';
import { connectionReach } from '../../src/core/connection/profile-reach';
import { type HostServers, startHostCluster, startHostStandalone, type TestUser } from '../support/host-cluster';
import { makeTestCertificates } from '../support/tls-certs';

const TLS_PORTS = [7900, 7901, 7902, 7903, 7904, 7905];
const PLAIN_STANDALONE = 7910;
const EXPIRED_STANDALONE = 7911;
const MAP_PORTS = [7912, 7913, 7914, 7915, 7916, 7917];
/** Nothing listens on these (the range is this suite's own). */
const CLOSED_PORTS = [7907, 7908];
const FAKE_IP = '10.255.255.1';
const ANNOUNCED_PORT_OFFSET = 100;
const TIMEOUT_MS = 2000;

const admin: TestUser = { name: 'admin', password: generatePassword(), rules: ['~*', '&*', '+@all'] };
/** May read keys but not run INFO (nor anything of @admin). */
const reader: TestUser = { name: 'reader', password: generatePassword(), rules: ['~*', '&*', '+@read', '+@connection', '-@admin'] };
/** May run INFO, but no CLUSTER subcommand. */
const watcher: TestUser = { name: 'watcher', password: generatePassword(), rules: ['~*', '&*', '+@read', '+@connection', '+info', '-@admin'] };
const WRONG_PASSWORD = generatePassword();
const SECRETS = [admin.password, reader.password, watcher.password, WRONG_PASSWORD];

const certificates = makeTestCertificates();
const tlsFiles = { enabled: true, ca: certificates.caCert, cert: certificates.clientCert, key: certificates.clientKey };

// Every host this process dials, to prove the announced address nobody vouched for is never dialled.
const dialledHosts = new Set<string>();
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be restored, and called with its own `this`
const originalConnect = Socket.prototype.connect;
Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
  const first = args[0];
  const options = (Array.isArray(first) ? first[0] : typeof first === 'object' ? first : { host: args[1] }) as { host?: string; path?: string };
  if (options?.path === undefined) dialledHosts.add(options?.host ?? 'localhost');
  return (originalConnect as (...a: unknown[]) => Socket).apply(this, args);
};

let tlsCluster: HostServers;
let mapCluster: HostServers;
let standalone: HostServers;
let expired: HostServers;

before(async () => {
  const users = [admin, reader, watcher];
  tlsCluster = await startHostCluster({ ports: TLS_PORTS, users, tls: { certificates, clientAuth: 'yes' } });
  standalone = await startHostStandalone({ ports: [PLAIN_STANDALONE], users });
  expired = await startHostStandalone({ ports: [EXPIRED_STANDALONE], users, tls: { certificates, expired: true, clientAuth: 'optional' } });
  mapCluster = await startHostCluster({ ports: MAP_PORTS, users: [admin] });
  await mapCluster.announceToClients(FAKE_IP, ANNOUNCED_PORT_OFFSET);
});

after(async () => {
  await Promise.all([tlsCluster?.stop(), mapCluster?.stop(), standalone?.stop(), expired?.stop()]);
  certificates.remove();
  Socket.prototype.connect = originalConnect;
});

function profile(overrides: Partial<ConnectionProfile>): ConnectionProfile {
  return { id: 'test', label: 'test', seeds: [`127.0.0.1:${TLS_PORTS[0]}`], username: admin.name, tls: tlsFiles, addressMap: {}, readOnly: false, ...overrides };
}

function assertNoSecret(error: UserError): void {
  const text = JSON.stringify({ message: error.message, action: error.action, detail: error.detail, stack: error.stack, string: String(error) });
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a password appears in: ${error.message}`);
}

/** The promise rejects with a UserError of this code and exactly this message (and action, when given). */
async function expectFailure(promise: Promise<unknown>, code: UserError['code'], message: string, action?: string): Promise<UserError> {
  let caught: unknown;
  await promise.then(() => assert.fail(`expected "${message}"`), (error: unknown) => (caught = error));
  assert.ok(isUserError(caught), `expected a UserError, got ${String(caught)}`);
  const error = caught;
  assert.equal(error.message, message);
  assert.equal(error.code, code, error.message);
  if (action !== undefined) assert.equal(error.action, action);
  assertNoSecret(error);
  return error;
}

function summary(discovery: Discovery) {
  const primaries = discovery.nodes.filter((node) => node.role === 'primary');
  const replicas = discovery.nodes.filter((node) => node.role === 'replica');
  return { primaries, replicas };
}

async function serverNodeIds(servers: HostServers, port: number): Promise<string[]> {
  const text = await servers.cli(port, ['CLUSTER', 'NODES']);
  return text.trim().split('\n').map((line) => line.split(' ')[0]).sort();
}

describe('a TLS cluster with ACL users', () => {
  test('discovery lists every node as the cluster does, replicas paired with primaries, all reachable', async () => {
    const discovery = await discover(profile({}), admin.password, { timeoutMs: TIMEOUT_MS });
    assert.equal(discovery.mode, 'cluster');
    assert.equal(discovery.seed, `127.0.0.1:${TLS_PORTS[0]}`);
    assert.equal(discovery.suggestedMap, undefined);
    assert.deepEqual(discovery.nodes.map((node) => node.id).sort(), await serverNodeIds(tlsCluster, TLS_PORTS[0]));
    assert.deepEqual(discovery.nodes.map((node) => node.announced).sort(), TLS_PORTS.map((port) => `127.0.0.1:${port}`));
    for (const node of discovery.nodes) {
      assert.equal(node.reachable, true, node.error);
      assert.equal(node.dial, node.announced);
    }
    const { primaries, replicas } = summary(discovery);
    assert.equal(primaries.length, 3);
    assert.equal(replicas.length, 3);
    assert.deepEqual(replicas.map((replica) => replica.primaryId).sort(), primaries.map((primary) => primary.id).sort());
  });

  test('a cluster client built from the same reach reads and writes on every shard', async () => {
    const reach = connectionReach(profile({}), admin.password);
    const client = connectCluster(reach);
    try {
      await client.connect();
      // a → slot 15495, b → 3300, c → 7365: one key per shard.
      for (const key of ['a', 'b', 'c']) await client.set(key, `value-${key}`);
      assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((key) => client.get(key))), ['value-a', 'value-b', 'value-c']);
    } finally {
      client.disconnect();
    }
  });

  test('a connection URL gives the same cluster', async () => {
    const parts = parseConnectionUrl(`valkeys://admin@127.0.0.1:${TLS_PORTS[1]},127.0.0.1:${TLS_PORTS[2]}`);
    const discovery = await discover(profile({ ...parts, tls: { ...tlsFiles, ...parts.tls } }), admin.password, { timeoutMs: TIMEOUT_MS });
    assert.equal(discovery.seed, `127.0.0.1:${TLS_PORTS[1]}`);
    assert.equal(discovery.nodes.filter((node) => node.reachable).length, 6);
  });

  test('seeds are tried in order: one that refuses connections is skipped', async () => {
    const discovery = await discover(profile({ seeds: [`127.0.0.1:${CLOSED_PORTS[0]}`, `127.0.0.1:${TLS_PORTS[3]}`] }), admin.password, { timeoutMs: TIMEOUT_MS });
    assert.equal(discovery.seed, `127.0.0.1:${TLS_PORTS[3]}`);
  });

  const seed = `127.0.0.1:${TLS_PORTS[0]}`;

  test('a wrong password names the user and says Valkey does not tell which was wrong', async () => {
    await expectFailure(discover(profile({}), WRONG_PASSWORD, { timeoutMs: TIMEOUT_MS }), 'wrongPassword',
      `${seed} refused the user name or password (user "admin"): the user does not exist, is disabled, or the password is wrong; Valkey does not say which.`,
      'Check the user name and enter the password again.');
  });

  test('an unknown user gets the same answer from the server, so the same message', async () => {
    await expectFailure(discover(profile({ username: 'nobody' }), admin.password, { timeoutMs: TIMEOUT_MS }), 'wrongPassword',
      `${seed} refused the user name or password (user "nobody"): the user does not exist, is disabled, or the password is wrong; Valkey does not say which.`);
  });

  test('the default user, turned off on the server, is refused as such', async () => {
    await expectFailure(discover(profile({ username: undefined }), admin.password, { timeoutMs: TIMEOUT_MS }), 'wrongPassword',
      `${seed} refused the user name or password (the default user): the user does not exist, is disabled, or the password is wrong; Valkey does not say which.`);
  });

  test('no password at all', async () => {
    await expectFailure(discover(profile({ username: undefined }), '', { timeoutMs: TIMEOUT_MS }), 'wrongPassword',
      `${seed} requires a password, and this connection has none.`);
  });

  test('a user without INFO is told which command it lacks', async () => {
    await expectFailure(discover(profile({ username: reader.name }), reader.password, { timeoutMs: TIMEOUT_MS }), 'noPermission',
      `User "reader" may not run INFO on ${seed}, and the connection needs it.`,
      "Connect as a user that may, or have the server's administrator grant it (ACL SETUSER reader +info).");
  });

  test('a user without CLUSTER rights is told it lacks CLUSTER NODES', async () => {
    await expectFailure(discover(profile({ username: watcher.name }), watcher.password, { timeoutMs: TIMEOUT_MS }), 'noPermission',
      `User "watcher" may not run CLUSTER NODES on ${seed}, and the connection needs it.`,
      "Connect as a user that may, or have the server's administrator grant it (ACL SETUSER watcher +cluster|nodes).");
  });

  test('a certificate from a CA the connection does not trust', async () => {
    await expectFailure(discover(profile({ tls: { ...tlsFiles, ca: certificates.otherCaCert } }), admin.password, { timeoutMs: TIMEOUT_MS }), 'tlsFailed',
      `The TLS certificate of ${seed} is not signed by a CA this connection trusts (self-signed certificate in certificate chain).`,
      "Set the connection's CA certificate to the CA that signed the server's certificate.");
  });

  test('no CA given: the system CAs do not know the server\'s CA', async () => {
    await expectFailure(discover(profile({ tls: { ...tlsFiles, ca: undefined } }), admin.password, { timeoutMs: TIMEOUT_MS }), 'tlsFailed',
      `The TLS certificate of ${seed} is not signed by a CA this connection trusts (self-signed certificate in certificate chain).`);
  });

  test('skipping verification connects despite the unknown CA', async () => {
    const discovery = await discover(profile({ tls: { ...tlsFiles, ca: certificates.otherCaCert, skipVerify: true } }), admin.password, { timeoutMs: TIMEOUT_MS });
    assert.equal(discovery.nodes.filter((node) => node.reachable).length, 6);
  });

  test('a server name the certificate is not for', async () => {
    await expectFailure(discover(profile({ tls: { ...tlsFiles, serverName: 'valkey.example' } }), admin.password, { timeoutMs: TIMEOUT_MS }), 'tlsFailed',
      `The TLS certificate of ${seed} is for other names: Host: valkey.example. is not in the cert's altnames: IP Address:127.0.0.1, DNS:localhost.`,
      "Set the connection's TLS server name to one of the certificate's names.");
  });

  test('the server name "localhost", which the certificate has, works while dialling 127.0.0.1', async () => {
    const discovery = await discover(profile({ tls: { ...tlsFiles, serverName: 'localhost' } }), admin.password, { timeoutMs: TIMEOUT_MS });
    assert.equal(discovery.nodes.filter((node) => node.reachable).length, 6);
  });

  test('no client certificate where the server requires one', async () => {
    await expectFailure(discover(profile({ tls: { enabled: true, ca: certificates.caCert } }), admin.password, { timeoutMs: TIMEOUT_MS }), 'tlsFailed',
      `${seed} requires a TLS client certificate, and this connection sent none.`);
  });

  test('plain text to the TLS port: the port is probed and found to speak TLS', async () => {
    await expectFailure(discover(profile({ tls: undefined }), admin.password, { timeoutMs: TIMEOUT_MS }), 'tlsFailed',
      `${seed} closed the connection when it received a plain-text command: it expects TLS on that port.`,
      'Turn TLS on for this connection (a valkeys:// URL).');
  });
});

describe('servers with cluster mode off or bad certificates', () => {
  const plain = `127.0.0.1:${PLAIN_STANDALONE}`;
  const plainProfile = () => profile({ seeds: [plain], tls: undefined });

  test('a standalone server is a standalone connection, not an error', async () => {
    const discovery = await discover(plainProfile(), admin.password, { timeoutMs: TIMEOUT_MS });
    assert.deepEqual(discovery, { mode: 'standalone', seed: plain, nodes: [{ announced: plain, dial: plain, role: 'primary', reachable: true }] });
    assert.throws(() => requireCluster(discovery, 'CLUSTER NODES'), (error: UserError) => {
      assert.equal(error.code, 'notCluster');
      assert.equal(error.message, `${plain} is a standalone server (cluster mode is off), so CLUSTER NODES does not apply to it.`);
      return true;
    });
  });

  test('a cluster command sent to it anyway says the server is standalone', async () => {
    const reach = connectionReach(plainProfile(), admin.password);
    await expectFailure(withServer(reach.seeds[0], reach, TIMEOUT_MS, (call) => call('CLUSTER', 'SHARDS')), 'notCluster',
      `${plain} is a standalone server (cluster mode is off), so CLUSTER SHARDS does not apply to it.`,
      'Use it as a single server, or connect to a node of a cluster.');
  });

  test('TLS to a plain port: the handshake gets no answer, the port is probed and found to speak plain Valkey', async () => {
    await expectFailure(discover(profile({ seeds: [plain] }), admin.password, { timeoutMs: TIMEOUT_MS }), 'tlsFailed',
      `${plain} did not answer the TLS handshake: it speaks plain (unencrypted) Valkey on that port.`,
      "Turn TLS off for this connection, or use the server's TLS port.");
  });

  test('an expired server certificate', async () => {
    await expectFailure(discover(profile({ seeds: [`127.0.0.1:${EXPIRED_STANDALONE}`] }), admin.password, { timeoutMs: TIMEOUT_MS }), 'tlsFailed',
      `The TLS certificate of 127.0.0.1:${EXPIRED_STANDALONE} has expired.`);
  });

  test('no seed answers: every seed is listed with what happened to it, a refused port and a server that does not answer', async () => {
    await standalone.pause(PLAIN_STANDALONE);
    try {
      await expectFailure(discover(profile({ seeds: CLOSED_PORTS.map((port) => `127.0.0.1:${port}`).concat(plain), tls: undefined }), admin.password, { timeoutMs: 1000 }), 'unreachable',
        `No seed answered (3 tried): nothing accepts connections at 127.0.0.1:${CLOSED_PORTS[0]} (connection refused); nothing accepts connections at 127.0.0.1:${CLOSED_PORTS[1]} (connection refused); ${plain} did not answer within 1000 ms.`,
        'Check the seed addresses, that the servers run, and that this machine can reach them.');
    } finally {
      await standalone.unpause(PLAIN_STANDALONE);
    }
  });

  test('a CA file that is not there is named before anything is dialled', async () => {
    await expectFailure(discover(profile({ tls: { ...tlsFiles, ca: `${certificates.directory}/missing-ca.crt` } }), admin.password), 'invalidConnection',
      `The CA certificate file ${certificates.directory}/missing-ca.crt does not exist.`);
  });
});

describe('TLS options from the certificate files a profile names', () => {
  const tlsOf = (tls: Partial<NonNullable<ConnectionProfile['tls']>>) => connectionReach(profile({ tls: { ...tlsFiles, ...tls } }), admin.password).tls;
  const refused = (tls: Partial<NonNullable<ConnectionProfile['tls']>>, message: string, action: string) =>
    assert.throws(() => tlsOf(tls), (error: UserError) => {
      assert.equal(error.code, 'invalidConnection');
      assert.equal(error.message, message);
      assert.equal(error.action, action);
      return true;
    });

  test('the CA, the client certificate and its key are read from their files', () => {
    const tls = tlsOf({});
    assert.equal(tls?.ca, readFileSync(certificates.caCert, 'utf8'));
    assert.equal(tls?.cert, readFileSync(certificates.clientCert, 'utf8'));
    assert.equal(tls?.key, readFileSync(certificates.clientKey, 'utf8'));
    assert.equal(tls?.servername, undefined, 'the seeds are IP addresses: each connection checks the address it dials');
    assert.equal(tls?.rejectUnauthorized, undefined);
  });

  test('a file that is missing, a folder, not PEM, the wrong kind, encrypted or of another certificate is named', () => {
    const dir = certificates.directory;
    execFileSync('openssl', ['pkey', '-in', certificates.clientKey, '-aes256', '-passout', 'pass:test-only', '-out', `${dir}/encrypted.key`], { stdio: 'pipe' });
    refused({ ca: `${dir}/none.crt` }, `The CA certificate file ${dir}/none.crt does not exist.`, "Point the connection's CA certificate at a readable PEM file.");
    refused({ ca: dir }, `The CA certificate file ${dir} is a folder, not a file.`, "Point the connection's CA certificate at a readable PEM file.");
    refused({ ca: certificates.clientKey }, `The CA certificate file ${certificates.clientKey} does not hold a PEM certificate.`, "Point the connection's CA certificate at the right PEM file.");
    refused({ key: certificates.clientCert }, `The client key file ${certificates.clientCert} does not hold a PEM private key.`, "Point the connection's client key at the right PEM file.");
    refused({ key: `${dir}/encrypted.key` }, `The client key file ${dir}/encrypted.key is protected by a passphrase, which is not supported.`,
      'Give a key file without a passphrase (openssl pkey -in KEY -out PLAIN_KEY), kept readable only by you.');
    refused({ key: certificates.serverKey }, `The client key file ${certificates.serverKey} is not the key of the client certificate ${certificates.clientCert}.`,
      'Give the key that was made with that certificate.');
  });
});

describe('a cluster that announces addresses this machine cannot dial', () => {
  const seeds = [`127.0.0.1:${MAP_PORTS[0]}`, `127.0.0.1:${MAP_PORTS[1]}`];
  const announced = (port: number) => `${FAKE_IP}:${port + ANNOUNCED_PORT_OFFSET}`;
  const expectedMap = Object.fromEntries(MAP_PORTS.map((port) => [announced(port), `127.0.0.1:${port}`]));
  const mapProfile = (addressMap: Record<string, string>) => profile({ seeds, tls: undefined, addressMap });

  test('without a map: nothing announced is dialled, and the map is suggested and checked node by node', async () => {
    const discovery = await discover(mapProfile({}), admin.password, { timeoutMs: TIMEOUT_MS });
    assert.equal(discovery.mode, 'cluster');
    assert.deepEqual(discovery.nodes.map((node) => node.announced).sort(), MAP_PORTS.map(announced));
    for (const node of discovery.nodes) {
      assert.equal(node.reachable, false);
      assert.equal(node.dial, undefined);
      assert.equal(node.error, `Not dialled: ${node.announced} is not in the address map, and only loopback addresses and the seeds' hosts are dialled as announced. Map it to an address this machine reaches, or allow dialling announced addresses when this machine reaches the nodes directly.`);
    }
    assert.deepEqual(discovery.suggestedMap?.map, expectedMap);
    assert.deepEqual(discovery.suggestedMap?.unverified, []);
    assert.equal(discovery.suggestedMap?.reason,
      `Seeds paired by node id: 127.0.0.1:${MAP_PORTS[0]} answered as the node announced as ${announced(MAP_PORTS[0])}; 127.0.0.1:${MAP_PORTS[1]} answered as the node announced as ${announced(MAP_PORTS[1])}. ` +
      `Every seed is on 127.0.0.1 at its announced port −${ANNOUNCED_PORT_OFFSET}, so the other nodes were looked for there too. 6 of 6 suggested addresses answered as the expected node.`);
    assert.ok(!dialledHosts.has(FAKE_IP), 'the announced address was dialled');
  });

  test('with the suggested map every node is reachable and a cluster client follows redirects through it', async () => {
    const discovery = await discover(mapProfile(expectedMap), admin.password, { timeoutMs: TIMEOUT_MS });
    for (const node of discovery.nodes) {
      assert.equal(node.reachable, true, node.error);
      assert.equal(node.dial, expectedMap[node.announced]);
    }
    assert.equal(discovery.suggestedMap, undefined);
    const client = connectCluster(connectionReach(mapProfile(expectedMap), admin.password));
    try {
      await client.connect();
      for (const key of ['a', 'b', 'c']) await client.set(key, `mapped-${key}`);
      assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((key) => client.get(key))), ['mapped-a', 'mapped-b', 'mapped-c']);
    } finally {
      client.disconnect();
    }
  });

  test('a map that sends two nodes to each other\'s address is caught by node id', async () => {
    const swapped = { ...expectedMap, [announced(MAP_PORTS[0])]: `127.0.0.1:${MAP_PORTS[1]}`, [announced(MAP_PORTS[1])]: `127.0.0.1:${MAP_PORTS[0]}` };
    const discovery = await discover(mapProfile(swapped), admin.password, { timeoutMs: TIMEOUT_MS });
    const wrong = discovery.nodes.filter((node) => !node.reachable);
    assert.deepEqual(wrong.map((node) => node.announced).sort(), [announced(MAP_PORTS[0]), announced(MAP_PORTS[1])]);
    const byAnnounced = new Map(discovery.nodes.map((node) => [node.announced, node]));
    const first = byAnnounced.get(announced(MAP_PORTS[0]));
    const second = byAnnounced.get(announced(MAP_PORTS[1]));
    assert.equal(first?.error, `127.0.0.1:${MAP_PORTS[1]} answers as node ${second?.id}, not ${first?.id}: the address map sends ${announced(MAP_PORTS[0])} to the wrong node.`);
    // The suggestion puts them back.
    assert.deepEqual(discovery.suggestedMap?.map, expectedMap);
  });

  test('this process dialled nothing but 127.0.0.1', () => {
    assert.deepEqual([...dialledHosts], ['127.0.0.1']);
  });
});
