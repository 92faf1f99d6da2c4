import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  infoNumber,
  infoString,
  keyspaceKeys,
  parseClusterInfo,
  parseClusterNodes,
  parseClusterShards,
  parseInfo,
} from '../../src/core/cluster/parse';

const FIXTURES = resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

test('parseInfo splits INFO into lower-cased sections of key:value fields', () => {
  const info = parseInfo(fixture('healthy/valkey-node-3.info.txt'));
  assert.equal(infoString(info, 'server', 'valkey_version'), '9.1.2');
  assert.equal(infoString(info, 'server', 'os'), 'Linux 6.18.44-fc-v669 x86_64');
  assert.equal(infoString(info, 'replication', 'role'), 'slave');
  assert.equal(infoString(info, 'replication', 'master_link_status'), 'up');
  assert.equal(infoNumber(info, 'replication', 'slave_repl_offset'), 3809);
  assert.equal(infoNumber(info, 'memory', 'used_memory'), 2901264);
  assert.equal(infoNumber(info, 'stats', 'instantaneous_ops_per_sec'), 67);
  assert.equal(infoString(info, 'cluster info', 'cluster_state'), 'ok');
  assert.equal(infoString(info, 'keyspace', 'db0'), 'keys=107,expires=0,avg_ttl=0,keys_with_volatile_items=0');
  assert.equal(keyspaceKeys(info), 107);
  // No CR is left at the end of values (the reply uses CRLF).
  assert.equal(infoString(info, 'persistence', 'loading'), '0');
  assert.equal(infoNumber(info, 'replication', 'role'), undefined);
  assert.equal(infoNumber(info, 'replication', 'no_such_field'), undefined);
});

test('parseInfo keeps values that contain colons and text before any header', () => {
  const info = parseInfo('loose:1\r\n# Server\r\nexecutable:/usr/local/bin/valkey-server\r\nmonotonic_clock:X86 TSC @ 2596.29 ticks/us\r\n\r\n# Keyspace\r\n');
  assert.deepEqual(info, {
    '': { loose: '1' },
    server: { executable: '/usr/local/bin/valkey-server', monotonic_clock: 'X86 TSC @ 2596.29 ticks/us' },
    keyspace: {},
  });
  // An empty keyspace section means no keys; no section at all means we do not know.
  assert.equal(keyspaceKeys(info), 0);
  assert.equal(keyspaceKeys(parseInfo('# Memory\r\nused_memory:1\r\n')), undefined);
  assert.equal(keyspaceKeys(parseInfo('# Keyspace\r\ndb0:keys=3,expires=0\r\ndb1:keys=9\r\n'), 'db1'), 9);
});

test('parseClusterInfo reads the fields of CLUSTER INFO', () => {
  assert.deepEqual(parseClusterInfo(fixture('primary-down/valkey-node-1.cluster-info.txt')), {
    state: 'ok',
    slotsAssigned: 16384,
    slotsOk: 16384,
    slotsPfail: 0,
    slotsFail: 0,
    knownNodes: 6,
    size: 3,
    currentEpoch: 7,
  });
  assert.deepEqual(parseClusterInfo('cluster_state:fail\r\ncluster_slots_assigned:0\r\n'), {
    state: 'fail', slotsAssigned: 0, slotsOk: 0, slotsPfail: 0, slotsFail: 0, knownNodes: 0, size: 0, currentEpoch: 0,
  });
  assert.throws(() => parseClusterInfo('ERR This instance has cluster support disabled'), /CLUSTER INFO reply has no cluster_state/);
  assert.throws(() => parseClusterInfo('cluster_state:ok\r\ncluster_known_nodes:six\r\n'), /cluster_known_nodes is "six", expected a number/);
});

test('parseClusterNodes reads every field of the recorded reply', () => {
  const nodes = parseClusterNodes(fixture('primary-down/valkey-node-1.cluster-nodes.txt'));
  assert.equal(nodes.length, 6);
  assert.deepEqual(nodes[0], {
    id: '628a7c60693b8399112b18a825c667e6e3c480ad',
    address: '172.19.0.61:6380',
    busPort: 16380,
    flags: ['myself', 'master'],
    myself: true,
    role: 'primary',
    pingSent: 0,
    pongRecv: 0,
    configEpoch: 2,
    linkState: 'connected',
    slots: [{ start: 5461, end: 10922 }],
  });
  assert.deepEqual(nodes[2], {
    id: 'bff4f2a7b1f2e053bbe82be31ce77c8a394a42d2',
    address: '172.19.0.65:6384',
    busPort: 16384,
    flags: ['slave'],
    myself: false,
    role: 'replica',
    primaryId: '628a7c60693b8399112b18a825c667e6e3c480ad',
    pingSent: 0,
    pongRecv: 1795639897046,
    configEpoch: 2,
    linkState: 'connected',
    slots: [],
  });
  const failed = nodes.find((node) => node.id.startsWith('793f39'));
  assert.deepEqual(failed?.flags, ['master', 'fail']);
  assert.equal(failed?.pingSent, 1795639888599);
  assert.deepEqual(failed?.slots, []);
});

test('parseClusterNodes handles hostnames, auxiliary fields, missing addresses and migrating slots', () => {
  const text = [
    '07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,hostname4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected',
    'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001,,shard-id=abc,tls-port=0 myself,master - 0 0 1 connected 0-5460 [5461-<-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1] [93->-292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f]',
    '6ec23923021cf3ffec47632106199cb7f496ce01 :0@0 master,fail?,noaddr - 1426238318243 1426238316232 5 disconnected',
    '292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f ::1:30003@31003 handshake,noflags - 0 0 0 connected',
    '',
  ].join('\n');
  const [replica, primary, noAddress, ipv6] = parseClusterNodes(text);
  assert.equal(replica.address, '127.0.0.1:30004');
  assert.equal(replica.hostname, 'hostname4');
  assert.equal(replica.role, 'replica');
  assert.equal(primary.hostname, undefined);
  assert.equal(primary.busPort, 31001);
  assert.deepEqual(primary.slots, [{ start: 0, end: 5460 }]);
  assert.equal(primary.myself, true);
  assert.equal(noAddress.address, '');
  assert.equal(noAddress.busPort, 0);
  assert.deepEqual(noAddress.flags, ['master', 'fail?', 'noaddr']);
  assert.equal(noAddress.linkState, 'disconnected');
  assert.equal(ipv6.address, '::1:30003');
  assert.equal(ipv6.role, 'unknown');
  assert.deepEqual(ipv6.flags, ['handshake']);
});

test('parseClusterNodes names the line and field it cannot read', () => {
  assert.throws(() => parseClusterNodes('abc 1.2.3.4:1@2 master -'), /CLUSTER NODES line 1 has 4 fields, expected at least 8/);
  assert.throws(() => parseClusterNodes('\nabc 1.2.3.4:1@2 master - 0 0 1 linked'), /line 2: link state is "linked"/);
  assert.throws(() => parseClusterNodes('abc 1.2.3.4@2 master - 0 0 1 connected'), /line 1: address "1.2.3.4@2" has no port/);
  assert.throws(() => parseClusterNodes('abc 1.2.3.4:1@2 master - soon 0 1 connected'), /line 1: ping-sent is "soon", expected a number/);
  assert.throws(() => parseClusterNodes('abc 1.2.3.4:1@2 master - 0 0 1 connected 5-x'), /line 1: unexpected slot entry "5-x"/);
});

test('parseClusterShards reads the recorded reply', () => {
  const shards = parseClusterShards(JSON.parse(fixture('primary-down/valkey-node-1.cluster-shards.json')));
  assert.equal(shards.length, 3);
  assert.deepEqual(shards[2], {
    id: '9c1f9beb4b5e1217d3f08e5b8850f6d559112ea8',
    slots: [{ start: 0, end: 5460 }],
    nodes: [
      { id: '793f3915229640bf1b47d45f62d1b7effc7b917d', port: 6379, ip: '172.19.0.60', endpoint: '172.19.0.60', role: 'primary', replicationOffset: 14, health: 'failed' },
      { id: 'aad3e67488c17b6c338127277edf59cff9f9581b', port: 6383, ip: '172.19.0.64', endpoint: '172.19.0.64', role: 'primary', replicationOffset: 3601, health: 'online' },
    ],
  });
  assert.deepEqual(shards.map((shard) => shard.nodes.map((node) => node.role)), [['primary', 'replica'], ['primary', 'replica'], ['primary', 'primary']]);
});

test('parseClusterShards accepts several ranges, a hostname, extra fields and numbers as text', () => {
  const shards = parseClusterShards([
    ['slots', ['10', '20', 0, 5, 21, 21], 'nodes', [
      ['id', 'a', 'port', '7000', 'ip', '10.0.0.1', 'endpoint', 'node-a', 'hostname', 'node-a', 'availability-zone', 'z1',
        'role', 'replica', 'replication-offset', 5, 'health', 'loading'],
    ]],
  ]);
  assert.deepEqual(shards, [{
    slots: [{ start: 0, end: 5 }, { start: 10, end: 21 }],
    nodes: [{ id: 'a', port: 7000, ip: '10.0.0.1', endpoint: 'node-a', hostname: 'node-a', role: 'replica', replicationOffset: 5, health: 'loading' }],
  }]);
});

test('parseClusterShards rejects malformed replies with an Error saying what is wrong', () => {
  const node = ['id', 'a', 'port', 7000, 'ip', '10.0.0.1', 'endpoint', '10.0.0.1', 'role', 'master', 'replication-offset', 0, 'health', 'online'];
  const withNode = (changes: Record<number, unknown>): unknown[] => [['slots', [0, 1], 'nodes', [node.map((value, index) => (index in changes ? changes[index] : value))]]];
  const cases: [unknown, RegExp][] = [
    [null, /CLUSTER SHARDS reply is null, expected a list of shards/],
    ['ERR unknown subcommand', /CLUSTER SHARDS reply is "ERR unknown subcommand", expected a list of shards/],
    [[{ slots: [] }], /shard 1 is an object, expected a list of fields/],
    [[['slots', [0, 1], 'nodes']], /shard 1 has an odd number of entries \(3\)/],
    [[['slots', [0, 1]]], /shard 1 has no "nodes" field/],
    [[['nodes', []]], /shard 1 has no "slots" field/],
    [[['slots', 5, 'nodes', []]], /shard 1 slots are number 5, expected a list/],
    [[['slots', [0, 1, 2], 'nodes', []]], /shard 1 slots have an odd number of entries \(3\)/],
    [[['slots', [0, 'x'], 'nodes', []]], /shard 1 slots hold "x", expected slot numbers/],
    [[['slots', [5, 1], 'nodes', []]], /slot range "5-1" ends before it starts/],
    [[['slots', [0, 20000], 'nodes', []]], /ends at 20000 is not a slot number/],
    [[['slots', [0, 1], 'nodes', 'none']], /shard 1 nodes are "none", expected a list/],
    [[['slots', [0, 1], 'nodes', [null]]], /shard 1 node 1 is null, expected a list of fields/],
    [[['slots', [0, 1], 'nodes', [[7, 'a']]]], /shard 1 node 1 has a field name that is number 7/],
    [withNode({ 3: 'abc' }), /shard 1 node 1 "port" is "abc", expected an integer/],
    [withNode({ 1: ['a'] }), /shard 1 node 1 "id" is a list, expected text/],
    [withNode({ 9: 'arbiter' }), /shard 1 node 1 has role "arbiter", expected master or replica/],
    [withNode({ 13: 'sleepy' }), /shard 1 node 1 has health "sleepy", expected online, failed or loading/],
    [[['slots', [0, 1], 'nodes', [node.slice(0, 12)]]], /shard 1 node 1 has no "health" field/],
  ];
  for (const [reply, expected] of cases) {
    assert.throws(() => parseClusterShards(reply), (error: unknown) => {
      assert.ok(error instanceof Error && !(error instanceof TypeError), `${String(error)} should be a plain Error`);
      assert.match(error.message, expected);
      return true;
    });
  }
  assert.deepEqual(parseClusterShards([]), []);
});
