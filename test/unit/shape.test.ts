// Shapes beyond the seed: the bundled compose file extended from its node template, on the seed's address plan.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { loadCompose } from '../../src/core/compose/load';
import { createPlan } from '../../src/core/compose/plan';
import { describeObserved, describeShape } from '../../src/core/cluster/shape-of';
import { addressPlan, composeForMembers, nodeCount, shapeMembers } from '../../src/core/compose/shape';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/core/settings';
import { word } from '../../src/core/wording';
import { EXTENSION_WORDS } from '../../src/vscode/wording';
import { CLI_WORDS } from '../../src/cli/wording';

const BUNDLED = resolve(__dirname, '..', '..', '..', 'resources', 'cluster', 'docker-compose.yml');
const seed = loadCompose(BUNDLED, { VALKEY_PASSWORD_FILE: '/s/pw', VALKEY_EXPORTER_AUTH_FILE: '/s/ex.json' });

test('the seed shape gives the seed itself: existing containers keep their configuration', () => {
  assert.deepEqual(composeForMembers(seed, shapeMembers({ shards: 3, replicasPerShard: 1 }), 6379), seed);
});

test('the address plan keeps .60-.65 for the first six nodes, .66 and .67 for init and exporter, then counts on', () => {
  const plan = addressPlan(seed);
  assert.equal(plan.address(0), '172.19.0.60');
  assert.equal(plan.address(5), '172.19.0.65');
  assert.equal(plan.address(6), '172.19.0.68');
  assert.equal(plan.address(7), '172.19.0.69');
  assert.equal(plan.maxNodes, 6 + 254 - 68 + 1);
  assert.equal(plan.address(plan.maxNodes - 1), '172.19.0.254');
  assert.throws(() => plan.address(plan.maxNodes), /no address/);
});

test('4 shards × 2 replicas: twelve nodes from the template, the init service told the shape', () => {
  const compose = composeForMembers(seed, shapeMembers({ shards: 4, replicasPerShard: 2 }), 7000);
  const names = compose.services.map((service) => service.name);
  assert.equal(names.length, 12 + 2);
  assert.deepEqual(names.slice(10), ['valkey-node-10', 'valkey-node-11', 'valkey-cluster-init', 'valkey-exporter']);
  const node9 = compose.services.find((service) => service.name === 'valkey-node-9')!;
  const template = seed.services[0];
  assert.equal(node9.containerName, 'valkey-node-9');
  assert.equal(node9.hostname, 'valkey-node-9');
  // The fsync mode comes from the template, so an added node persists like the others.
  assert.deepEqual(node9.environment, { VALKEY_PORT: '7009', VALKEY_ANNOUNCE_IP: '172.19.0.71', VALKEY_ANNOUNCE_CLIENT_IP: '', VALKEY_ANNOUNCE_CLIENT_PORT: '7009', VALKEY_APPENDFSYNC: 'everysec' });
  assert.deepEqual(node9.ports, [{ hostIp: '127.0.0.1', hostPort: 7009, containerPort: 7009 }]);
  assert.deepEqual(node9.networks, [{ name: 'infra_net', ipv4Address: '172.19.0.71' }]);
  assert.deepEqual(node9.mounts.map((mount) => mount.source), ['valkey-data-9', ...template.mounts.slice(1).map((mount) => mount.source)]);
  for (const key of ['image', 'entrypoint', 'secrets', 'healthcheck', 'nanoCpus', 'memoryBytes', 'restart', 'stopGracePeriodSeconds', 'labels'] as const) {
    assert.deepEqual(node9[key], template[key], key);
  }
  const init = compose.services.find((service) => service.name === 'valkey-cluster-init')!;
  assert.equal(init.environment.VALKEY_CLUSTER_REPLICAS, '2');
  assert.equal(init.environment.VALKEY_NODES.split(' ').length, 12);
  assert.equal(init.environment.VALKEY_NODES.split(' ')[6], '172.19.0.68:7006');
  assert.equal(init.dependsOn.length, 12);
  assert.equal(compose.volumes.length, 12);
  const plan = createPlan(compose, 'demo');
  assert.equal(plan.replicasPerShard, 2);
  assert.deepEqual(plan.nodes[11], { name: 'valkey-node-11', containerName: 'valkey-node-11', hostPort: 7011, announcedAddress: '172.19.0.73:7011' });
});

test('members with gaps: only they are planned; the exporter follows the first one when node 0 is gone', () => {
  const compose = composeForMembers(seed, { nodes: [2, 3, 5, 6], replicasPerShard: 1 }, 6379);
  assert.deepEqual(compose.services.map((service) => service.name), ['valkey-node-2', 'valkey-node-3', 'valkey-node-5', 'valkey-node-6', 'valkey-cluster-init', 'valkey-exporter']);
  assert.deepEqual(compose.volumes, ['valkey-data-2', 'valkey-data-3', 'valkey-data-5', 'valkey-data-6']);
  const exporter = compose.services.find((service) => service.name === 'valkey-exporter')!;
  assert.ok(exporter.command?.includes('--redis.addr=redis://172.19.0.62:6381'), exporter.command?.join(' '));
  assert.deepEqual(exporter.dependsOn, [{ service: 'valkey-node-2', condition: 'service_healthy' }]);
});

test('shape settings are validated with their names, and node ports must fit with the shape', () => {
  const problems = (overrides: Partial<typeof DEFAULT_SETTINGS>, words = EXTENSION_WORDS) =>
    validateSettings({ ...DEFAULT_SETTINGS, ...overrides }).map((problem) => word(problem, words)).join('\n');
  assert.equal(nodeCount({ shards: 3, replicasPerShard: 1 }), 6);
  assert.equal(problems({ shards: 1, replicasPerShard: 0 }), '');
  assert.match(problems({ shards: 0 }), /^valkeyCluster\.shards 0 is not valid: a cluster needs at least 1 shard/);
  assert.match(problems({ shards: 2.5 }), /valkeyCluster\.shards 2\.5 is not valid/);
  assert.match(problems({ replicasPerShard: -1 }), /valkeyCluster\.replicasPerShard -1 is not valid: use a whole number from 0 to 5/);
  assert.match(problems({ replicasPerShard: 6 }, CLI_WORDS), /VALKEY_REPLICAS \(or --replicas\) 6 is not valid/);
  assert.match(problems({ shards: 10, replicasPerShard: 2, basePort: 55520 }),
    /valkeyCluster\.basePort 55520 is out of range \(30 nodes: valkeyCluster\.shards × \(1 \+ valkeyCluster\.replicasPerShard\)\): .* so use 1024-55506/);
  assert.match(problems({ shards: 4, exporterPort: 6385 }), /valkeyCluster\.exporterPort 6385 collides with a node port \(6379-6386\)/);
});

test('shapes read as counted words of the shared presenters: English in the core and the CLI', () => {
  assert.equal(describeShape({ shards: 3, replicasPerShard: 1 }), '3 shards × 1 replica');
  assert.equal(describeShape({ shards: 1, replicasPerShard: 0 }), '1 shard without replicas');
  assert.equal(describeShape({ shards: 4, replicasPerShard: 2 }), '4 shards × 2 replicas');
  assert.equal(describeObserved({ shards: 3, replicas: [1, 0, 1] }), '3 shards with 1, 0, 1 replicas');
});
