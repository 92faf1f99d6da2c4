// Connections as targets, on real servers the extension did not start (host network, 127.0.0.1): snapshots of a
// TLS cluster with an ACL user, of a standalone server and of a cluster behind an address map; and the CLI's
// `status --url` and `run --url`, with the password from the environment only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { failoverTo } from '../../src/core/cluster/failover';
import type { ConnectionProfile } from '../../src/core/connection/profile';
import { connectionTarget } from '../../src/core/connection/target';
import { generatePassword } from '../../src/core/secrets';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import { type HostServers, startHostCluster, startHostStandalone, type TestUser } from '../support/host-cluster';
import { makeTestCertificates } from '../support/tls-certs';
import { REPO_ROOT } from './harness';

const TLS_PORTS = [7930, 7931, 7932, 7933, 7934, 7935];
const MAP_PORTS = [7936, 7937, 7938, 7939, 7940, 7941];
const STANDALONE = 7942;
const FAKE_IP = '10.255.255.1';
const OFFSET = 100;

const admin: TestUser = { name: 'admin', password: generatePassword(), rules: ['~*', '&*', '+@all'] };
const certificates = makeTestCertificates();
const tls = { enabled: true, ca: certificates.caCert, cert: certificates.clientCert, key: certificates.clientKey };

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

before(async () => {
  tlsCluster = await startHostCluster({ ports: TLS_PORTS, users: [admin], tls: { certificates, clientAuth: 'yes' } });
  mapCluster = await startHostCluster({ ports: MAP_PORTS, users: [admin] });
  await mapCluster.announceToClients(FAKE_IP, OFFSET);
  await everyNodeAnnounces(FAKE_IP);
  standalone = await startHostStandalone({ ports: [STANDALONE], users: [admin] });
});

after(async () => {
  await Promise.all([tlsCluster?.stop(), mapCluster?.stop(), standalone?.stop()]);
  certificates.remove();
  Socket.prototype.connect = originalConnect;
});

/** The new client addresses travel by gossip: wait until every node lists every node at them. */
async function everyNodeAnnounces(ip: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const views = await Promise.all(MAP_PORTS.map((port) => mapCluster.cli(port, ['CLUSTER', 'NODES'])));
    if (views.every((view) => view.trim().split('\n').every((line) => line.split(' ')[1].startsWith(`${ip}:`)))) return;
    if (Date.now() > deadline) throw new Error(`the nodes did not all announce ${ip} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function profile(overrides: Partial<ConnectionProfile>): ConnectionProfile {
  return { id: 'c1', label: 'staging', seeds: [`127.0.0.1:${TLS_PORTS[0]}`], username: admin.name, tls, addressMap: {}, readOnly: false, ...overrides };
}

async function snapshotOf(connection: ConnectionProfile): Promise<ClusterSnapshot> {
  const target = connectionTarget(connection, admin.password);
  try {
    return await target.collector.collect();
  } finally {
    target.dispose();
  }
}

describe('snapshots of connections', () => {
  test('a TLS cluster with an ACL user: ok, three shards of a primary and a replica, nodes named by their address', async () => {
    const snapshot = await snapshotOf(profile({}));
    assert.equal(snapshot.mode, 'cluster');
    assert.equal(snapshot.state, 'ok', snapshot.problems.join('\n'));
    assert.deepEqual(snapshot.target, { id: 'c1', kind: 'connection', label: 'staging', where: `127.0.0.1:${TLS_PORTS[0]}`, readOnly: false });
    assert.equal(snapshot.slotsOk, 16384);
    assert.equal(snapshot.shards.length, 3);
    assert.ok(snapshot.shards.every((shard) => shard.primary && shard.replicas.length === 1), JSON.stringify(snapshot.shards.map((shard) => shard.replicas.length)));
    assert.deepEqual(snapshot.nodes.map((node) => node.name).sort(), TLS_PORTS.map((port) => `127.0.0.1:${port}`).sort());
    assert.ok(snapshot.nodes.every((node) => node.health === 'online' && node.containerState === undefined));
  });

  test('a standalone server is one node heading one shard, without slots', async () => {
    const snapshot = await snapshotOf(profile({ seeds: [`127.0.0.1:${STANDALONE}`], tls: undefined }));
    assert.equal(snapshot.mode, 'standalone');
    assert.equal(snapshot.state, 'ok');
    assert.deepEqual(snapshot.nodes.map((node) => [node.name, node.role, node.health]), [[`127.0.0.1:${STANDALONE}`, 'primary', 'online']]);
    assert.equal(snapshot.shards.length, 1);
    assert.equal(snapshot.shards[0].slotCount, 0);
  });

  test('a cluster announcing addresses this machine cannot dial: shown as not dialled until mapped, never dialled', async () => {
    dialledHosts.clear();
    const unmapped = await snapshotOf(profile({ seeds: [`127.0.0.1:${MAP_PORTS[0]}`], tls: undefined }));
    assert.equal(unmapped.nodes.length, 6, JSON.stringify(unmapped.nodes.map((node) => [node.name, node.announcedAddress, node.id.slice(0, 6), node.error])));
    assert.ok(unmapped.nodes.every((node) => node.health === 'failed'), unmapped.nodes.map((node) => node.health).join());
    assert.ok(unmapped.problems.some((problem) => /10\.255\.255\.1:\d+ is announced by the cluster but not dialled from here/.test(problem)), unmapped.problems.join('\n'));
    const addressMap = Object.fromEntries(MAP_PORTS.map((port) => [`${FAKE_IP}:${port + OFFSET}`, `127.0.0.1:${port}`]));
    const mapped = await snapshotOf(profile({ seeds: [`127.0.0.1:${MAP_PORTS[0]}`], tls: undefined, addressMap }));
    assert.equal(mapped.state, 'ok', mapped.problems.join('\n'));
    assert.ok(mapped.nodes.every((node) => node.health === 'online'));
    assert.deepEqual(mapped.nodes.map((node) => node.address).sort(), MAP_PORTS.map((port) => `127.0.0.1:${port}`).sort());
    assert.deepEqual([...dialledHosts], ['127.0.0.1']);
  });

  test('CLUSTER FAILOVER on a connection: the replica takes over, as the snapshots then show', async () => {
    const connection = profile({});
    const before = await snapshotOf(connection);
    const replica = before.nodes.find((node) => node.role === 'replica')!;
    const target = connectionTarget(connection, admin.password);
    try {
      await failoverTo(replica, target.hub);
    } finally {
      target.dispose();
    }
    // Every node learns of the new epoch by gossip: the snapshots show it once the view they are built from has it.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const after = await snapshotOf(connection);
      const swapped = after.nodes.find((node) => node.name === replica.name)?.role === 'primary'
        && after.nodes.find((node) => node.id === replica.primaryId)?.role === 'replica';
      if (swapped) break;
      assert.ok(Date.now() < deadline, `the snapshots still show ${replica.name} as ${after.nodes.find((node) => node.name === replica.name)?.role} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  test('no seed answers: the snapshot says unreachable and why', async () => {
    const snapshot = await snapshotOf(profile({ seeds: ['127.0.0.1:7943'], tls: undefined }));
    assert.equal(snapshot.state, 'unreachable');
    assert.match(snapshot.problems[0], /No seed answered \(1 tried\): nothing accepts connections at 127\.0\.0\.1:7943/);
  });
});

describe('the CLI on a cluster it did not start', () => {
  const cli = (args: readonly string[], password = admin.password) => spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, VALKEY_PASSWORD: password }, encoding: 'utf8', timeout: 60_000,
  });
  const url = `valkeys://admin@127.0.0.1:${TLS_PORTS[0]}`;
  const tlsFlags = ['--tls-ca', certificates.caCert, '--tls-cert', certificates.clientCert, '--tls-key', certificates.clientKey];

  test('status --url --json describes the cluster', () => {
    const status = cli(['status', '--url', url, ...tlsFlags, '--json']);
    assert.equal(status.status, 0, status.stderr);
    const snapshot = JSON.parse(status.stdout) as { state: string; mode: string; nodes: unknown[]; target: { kind: string } };
    assert.deepEqual([snapshot.state, snapshot.mode, snapshot.nodes.length, snapshot.target.kind], ['ok', 'cluster', 6, 'connection']);
  });

  test('run --url routes by key like valkey-cli -c, on a standalone server too', () => {
    const set = cli(['run', '--url', url, ...tlsFlags, 'SET', 'cli:greeting', 'hello world']);
    assert.equal(set.status, 0, set.stderr);
    assert.match(set.stdout, /OK\n$/);
    const get = cli(['run', '--url', url, ...tlsFlags, 'GET', 'cli:greeting']);
    assert.equal(get.stdout.trim().split('\n').pop(), '"hello world"');
    const single = cli(['run', '--url', `valkey://admin@127.0.0.1:${STANDALONE}`, 'INCR', 'counter']);
    assert.equal(single.status, 0, single.stderr);
    assert.equal(single.stdout.trim(), '(integer) 1');
  });

  test('--read-only refuses a write and exits 1; an error reply exits 1', () => {
    const refused = cli(['run', '--url', url, ...tlsFlags, '--read-only', 'SET', 'cli:x', '1']);
    assert.equal(refused.status, 1);
    assert.match(refused.stdout, /^\(error\) Read-only console: SET writes to the cluster, so it was not sent\./m);
    const wrongType = cli(['run', '--url', url, ...tlsFlags, 'LPUSH', 'cli:greeting', 'x']);
    assert.equal(wrongType.status, 1);
    assert.match(wrongType.stdout, /WRONGTYPE/);
  });

  test('a wrong password is named as such, and the password is never taken from the command line', () => {
    const wrong = cli(['status', '--url', url, ...tlsFlags], generatePassword());
    assert.equal(wrong.status, 1);
    assert.match(wrong.stdout + wrong.stderr, /refused the user name or password \(user "admin"\)/);
    const flag = cli(['status', '--url', url, '--password', 'x']);
    assert.notEqual(flag.status, 0);
    assert.match(flag.stderr, /^error: --password is not an option of valkey-cluster: the password comes from VALKEY_PASSWORD or --password-file, never from a flag; nothing was changed\.\n$/);
    const inUrl = cli(['status', '--url', `valkeys://admin:Hunter2Pass@127.0.0.1:${TLS_PORTS[0]}`]);
    assert.equal(inUrl.status, 1);
    assert.match(inUrl.stderr, /The URL contains a password/);
    assert.doesNotMatch(inUrl.stderr, /Hunter2Pass/);
  });

  test('Docker commands are refused with --url', () => {
    const up = cli(['up', '--url', url]);
    assert.equal(up.status, 2);
    assert.match(up.stderr, /with --url only status, run, move-slots and rebalance apply/);
  });
});
