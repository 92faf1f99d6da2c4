import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { interpolate } from '../../src/core/compose/interpolate';
import { loadCompose, parseBytes, parseCompose, parseDurationNs } from '../../src/core/compose/load';
import { LABEL, createPlan } from '../../src/core/compose/plan';
import { UserError } from '../../src/core/errors';

const BUNDLED = resolve(__dirname, '..', '..', '..', 'resources', 'cluster', 'docker-compose.yml');

test('interpolation follows compose: defaults, required values, $$ and nesting', () => {
  const variables = { SET: 'x', EMPTY: '' };
  assert.equal(interpolate('${SET:-d}/${UNSET:-d}/${EMPTY:-d}/${EMPTY-d}/${UNSET-d}', variables), 'x/d/d//d');
  assert.equal(interpolate('$SET-$$HOME-${UNSET}', variables), 'x-$HOME-');
  assert.equal(interpolate('${UNSET:-${SET:-y}z}', variables), 'xz');
  assert.throws(() => interpolate('${UNSET:?must be given}', variables, 'services.a.image'), /services\.a\.image: UNSET is required: must be given/);
  assert.throws(() => interpolate('${SET', variables), /unclosed/);
  assert.throws(() => interpolate('cost $5', variables), /lone "\$"/);
});

test('durations and sizes parse like compose', () => {
  assert.equal(parseDurationNs('2s', 'x'), 2e9);
  assert.equal(parseDurationNs('1m30s', 'x'), 90e9);
  assert.equal(parseDurationNs('500ms', 'x'), 5e8);
  assert.equal(parseBytes('512M', 'x'), 512 * 1024 * 1024);
  assert.equal(parseBytes('128m', 'x'), 128 * 1024 * 1024);
  assert.throws(() => parseDurationNs('soon', 'services.a.healthcheck.interval'), /services\.a\.healthcheck\.interval/);
});

test('the bundled compose file loads with its defaults', () => {
  const compose = loadCompose(BUNDLED, { VALKEY_PASSWORD_FILE: '/s/pw', VALKEY_EXPORTER_AUTH_FILE: '/s/ex.json' });
  assert.deepEqual(compose.services.map((service) => service.name),
    ['valkey-node-0', 'valkey-node-1', 'valkey-node-2', 'valkey-node-3', 'valkey-node-4', 'valkey-node-5', 'valkey-cluster-init', 'valkey-exporter']);
  const node2 = compose.services[2];
  assert.equal(node2.image, 'valkey/valkey:9.0.1-alpine');
  assert.deepEqual(node2.ports, [{ hostIp: '127.0.0.1', hostPort: 6381, containerPort: 6381 }]);
  assert.deepEqual(node2.networks, [{ name: 'infra_net', ipv4Address: '172.19.0.62' }]);
  assert.equal(node2.nanoCpus, 0.5e9);
  assert.equal(node2.memoryBytes, 512 * 1024 * 1024);
  assert.equal(node2.environment.VALKEY_PORT, '6381');
  assert.deepEqual(node2.healthcheck?.test.slice(0, 1), ['CMD-SHELL']);
  assert.match(node2.healthcheck?.test[1] ?? '', /^REDISCLI_AUTH="\$\(cat \/run\/secrets\/valkey_password\)"/);
  assert.equal(compose.services[6].image, 'valkey/valkey:9.0.1');
  assert.equal(compose.services[6].memoryBytes, 128 * 1024 * 1024);
  assert.equal(compose.services[7].image, 'oliver006/redis_exporter');
  assert.deepEqual(compose.networks, [{ name: 'infra_net', driver: 'bridge', subnet: '172.19.0.0/16' }]);
  assert.deepEqual(compose.secrets, [{ name: 'valkey_password', file: '/s/pw' }, { name: 'valkey_exporter_auth', file: '/s/ex.json' }]);
  assert.ok(compose.services[0].mounts.some((mount) => mount.kind === 'bind' && mount.target === '/scripts' && mount.readOnly));
});

test('variables change ports, bind address and images', () => {
  const compose = loadCompose(BUNDLED, { VALKEY0_PORT: '7000', VALKEY_BIND: '127.0.0.2', VALKEY_IMAGE: 'local/valkey:9' });
  assert.deepEqual(compose.services[0].ports, [{ hostIp: '127.0.0.2', hostPort: 7000, containerPort: 7000 }]);
  assert.equal(compose.services[0].image, 'local/valkey:9');
  assert.match(compose.services[6].environment.VALKEY_NODES, /^172\.19\.0\.60:7000 172\.19\.0\.61:6380/);
});

test('keys outside the supported subset are refused by their path', () => {
  const refuse = (source: string, pattern: RegExp) => assert.throws(() => parseCompose(source, '/x/docker-compose.yml', {}), (error: unknown) => {
    assert.ok(error instanceof UserError && error.code === 'composeUnsupported');
    assert.match(error.message, pattern);
    return true;
  });
  refuse('services:\n  a:\n    image: x\n    privileged: true\n', /"services\.a\.privileged"/);
  refuse('services:\n  a:\n    build: .\n', /"services\.a\.build"/);
  refuse('configs: {}\nservices: {}\n', /"\(top level\)\.configs"/);
  refuse('services:\n  a:\n    image: x\n    deploy:\n      replicas: 3\n', /"services\.a\.deploy\.replicas"/);
  refuse('services:\n  a:\n    image: x\n    volumes: ["data:/data"]\n', /names the volume "data", which is not declared/);
  refuse('services:\n  a:\n    image: x\n    ports: ["1-2:3-4"]\n', /only "\[ip:\]hostPort:containerPort" is supported/);
  refuse('services: [\n', /is not valid YAML/);
});

test('the plan carries the labels docker compose uses, and node endpoints', () => {
  const compose = loadCompose(BUNDLED, { VALKEY_PASSWORD_FILE: '/s/pw', VALKEY_EXPORTER_AUTH_FILE: '/s/ex.json' });
  const plan = createPlan(compose, 'demo');
  assert.equal(plan.network.name, 'demo_infra_net');
  assert.deepEqual(plan.volumes.map((volume) => volume.name).slice(0, 2), ['demo_valkey-data-0', 'demo_valkey-data-1']);
  const node3 = plan.containers.find((container) => container.service === 'valkey-node-3')!;
  const labels = node3.createOptions.Labels!;
  assert.equal(labels[LABEL.project], 'demo');
  assert.equal(labels[LABEL.service], 'valkey-node-3');
  assert.equal(labels[LABEL.oneoff], 'False');
  assert.equal(labels[LABEL.configFiles], BUNDLED);
  assert.match(labels[LABEL.configHash], /^[0-9a-f]{64}$/);
  assert.equal(node3.createOptions.name, 'valkey-node-3');
  assert.deepEqual(node3.createOptions.HostConfig?.PortBindings, { '6382/tcp': [{ HostIp: '127.0.0.1', HostPort: '6382' }] });
  const mounts = node3.createOptions.HostConfig?.Mounts ?? [];
  assert.ok(mounts.some((mount) => mount.Type === 'volume' && mount.Source === 'demo_valkey-data-3' && mount.Target === '/data'));
  assert.ok(mounts.some((mount) => mount.Source === '/s/pw' && mount.Target === '/run/secrets/valkey_password' && mount.ReadOnly));
  assert.ok(!(node3.createOptions.Env ?? []).some((entry) => /PASSWORD=/.test(entry)), 'no password variable in the container env');
  assert.deepEqual(plan.nodes[3], { name: 'valkey-node-3', containerName: 'valkey-node-3', hostPort: 6382, announcedAddress: '172.19.0.63:6382' });
  assert.equal(join(compose.directory, 'docker-compose.yml'), BUNDLED);
});

test('host-announce mode: the nodes are told to announce the bind address and their host port to clients', () => {
  const plain = createPlan(loadCompose(BUNDLED, { VALKEY_PASSWORD_FILE: '/s/pw', VALKEY_EXPORTER_AUTH_FILE: '/s/ex.json' }), 'demo');
  assert.equal(plain.nodes[1].clientAddress, undefined, 'off by default: plain compose announces container addresses');
  const node1Env = plain.containers.find((container) => container.service === 'valkey-node-1')!.createOptions.Env ?? [];
  assert.ok(node1Env.includes('VALKEY_ANNOUNCE_CLIENT_IP='));
  const announcing = createPlan(loadCompose(BUNDLED, {
    VALKEY_PASSWORD_FILE: '/s/pw', VALKEY_EXPORTER_AUTH_FILE: '/s/ex.json', VALKEY_ANNOUNCE_CLIENT_IP: '127.0.0.1', VALKEY1_PORT: '7001',
  }), 'demo');
  assert.deepEqual(announcing.nodes[1], { name: 'valkey-node-1', containerName: 'valkey-node-1', hostPort: 7001, announcedAddress: '172.19.0.61:7001', clientAddress: '127.0.0.1:7001' });
  const env = announcing.containers.find((container) => container.service === 'valkey-node-1')!.createOptions.Env ?? [];
  assert.ok(env.includes('VALKEY_ANNOUNCE_CLIENT_IP=127.0.0.1') && env.includes('VALKEY_ANNOUNCE_CLIENT_PORT=7001'), env.join(' '));
  const init = announcing.containers.find((container) => container.role === 'init')!.createOptions.Env ?? [];
  assert.ok(init.includes('VALKEY_ANNOUNCE_CLIENT_IP=127.0.0.1'), 'the init script knows, so it does not use valkey-cli --cluster');
  assert.notEqual(plain.containers[1].createOptions.Labels?.[LABEL.configHash], announcing.containers[1].createOptions.Labels?.[LABEL.configHash]);
});
