// Connect Your App against a real cluster: the Node.js snippets, run with node from this machine exactly as
// generated (the password only in the environment variable they name), write and read keys on all three shards.
// Then host-announce mode: a cluster client with no address map follows redirects from the host; inside the
// network, a direct command works, the exporter and the init container work, and a redirect does not (the nodes
// tell every IPv4 client the host's address) — as the README says.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import calculateSlot from 'cluster-key-slot';
import { Cluster } from 'iovalkey';
import { withNode } from '../../src/core/client/connect';
import { parseClusterNodes } from '../../src/core/cluster/parse';
import { appConnection } from '../../src/core/connect-app/app-connection';
import { appSnippet } from '../../src/core/connect-app/snippets';
import { generatePassword } from '../../src/core/secrets';
import { cliInNode, REPO_ROOT, testSetup, TEST_SETTINGS } from './harness';

const password = generatePassword();
const plain = testSetup({ enableExporter: false }, password);
const announcing = testSetup({ announceHostAddress: true }, password, plain.secretsDirectory);
const scratch = mkdtempSync(join(tmpdir(), 'valkey-snippets-'));

before(async () => plain.engine.down({ removeVolumes: true }));
after(async () => {
  await plain.engine.down({ removeVolumes: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs a snippet with node, the password in VALKEY_PASSWORD and the repository's node_modules to require from. */
function runSnippet(name: string, code: string): string {
  const file = join(scratch, `${name}.js`);
  writeFileSync(file, code);
  const result = spawnSync(process.execPath, [file], {
    env: { ...process.env, VALKEY_PASSWORD: password, NODE_PATH: join(REPO_ROOT, 'node_modules') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, `${name} failed: ${result.stderr}${result.stdout}`);
  return result.stdout.trim();
}

/** One key per primary, each in a slot that primary serves, with the primaries' dial addresses. */
async function keyPerShard(setup: typeof plain): Promise<{ key: string; primary: string }[]> {
  const text = await withNode(setup.reach.seeds[0], setup.reach, async (node) => String(await node.call('CLUSTER', 'NODES')));
  const primaries = parseClusterNodes(text).filter((line) => line.role === 'primary' && line.slots.length > 0);
  assert.equal(primaries.length, 3);
  return primaries.map((primary) => {
    for (let index = 0; ; index++) {
      const key = `app:${index}`;
      const slot = calculateSlot(key);
      if (primary.slots.some((range) => slot >= range.start && slot <= range.end)) return { key, primary: primary.address };
    }
  });
}

/** Every key is on the primary that serves its slot (asked there directly, so no redirect hides where it is). */
async function assertStoredWhereExpected(setup: typeof plain, keys: { key: string; primary: string }[], prefix: string): Promise<void> {
  for (const { key, primary } of keys) {
    const value = await withNode(setup.reach.map(primary), setup.reach, (node) => node.get(key));
    assert.equal(value, `${prefix} ${key}`, `${key} on ${primary}`);
  }
}

const EXAMPLE = (keys: string[], prefix: string) => [
  `const keys = ${JSON.stringify(keys)};`,
  `for (const key of keys) await client.set(key, ${JSON.stringify(prefix)} + ' ' + key);`,
  'console.log(JSON.stringify(await Promise.all(keys.map((key) => client.get(key)))));',
].join('\n');

test('the iovalkey, ioredis and node-redis snippets connect from this machine and reach all three shards', async () => {
  const result = await plain.engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  const connection = appConnection(plain.plan.nodes, plain.reach);
  assert.equal(connection.addressMap.length, 6, 'the nodes announce container addresses: every one is mapped');
  const keys = await keyPerShard(plain);
  for (const client of ['iovalkey', 'ioredis', 'node-redis'] as const) {
    const snippet = appSnippet(client, connection);
    assert.ok(!snippet.includes(password));
    assert.equal(runSnippet(`${client}-as-generated`, snippet), `hello from ${client}`);
    const prefix = `written by ${client}`;
    const output = runSnippet(client, appSnippet(client, connection, { example: EXAMPLE(keys.map((entry) => entry.key), prefix) }));
    assert.deepEqual(JSON.parse(output), keys.map((entry) => `${prefix} ${entry.key}`));
    await assertStoredWhereExpected(plain, keys, prefix);
  }
});

test('inside the network, valkey-cli -c follows a MOVED to the container address', async () => {
  const node0 = plain.plan.nodes[0];
  const [, elsewhere] = await keyPerShard(plain);
  const moved = await plain.engine.execInNode(node0.name, cliInNode(node0.hostPort, `-c set ${elsewhere.key} inside`));
  assert.equal(moved.exitCode, 0, moved.output);
  assert.match(moved.output, /^OK$/m);
});

test('host-announce mode: the next start makes the nodes tell clients 127.0.0.1 and their host port', async () => {
  await plain.engine.stop();
  const result = await announcing.engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  const nodes = await withNode(announcing.reach.seeds[0], announcing.reach, async (node) => String(await node.call('CLUSTER', 'NODES')));
  const addresses = parseClusterNodes(nodes).map((line) => line.address).sort();
  assert.deepEqual(addresses, announcing.plan.nodes.map((node) => `127.0.0.1:${node.hostPort}`).sort());
  const node0 = announcing.plan.nodes[0];
  const config = await announcing.engine.execInNode(node0.name, cliInNode(node0.hostPort, 'config get cluster-announce-client-*'));
  assert.match(config.output, new RegExp(`cluster-announce-client-ipv4\\n127\\.0\\.0\\.1\\n[\\s\\S]*cluster-announce-client-port\\n${node0.hostPort}\\n`));
});

test('host-announce mode: a cluster client with no address map follows redirects from the host; snippets carry no map', async () => {
  const keys = await keyPerShard(announcing);
  const client = new Cluster([{ host: '127.0.0.1', port: TEST_SETTINGS.basePort }], { redisOptions: { password }, lazyConnect: true });
  client.on('error', () => undefined);
  try {
    for (const { key } of keys) await client.set(key, `no map ${key}`);
    assert.deepEqual(await Promise.all(keys.map(({ key }) => client.get(key))), keys.map(({ key }) => `no map ${key}`));
  } finally {
    client.disconnect();
  }
  await assertStoredWhereExpected(announcing, keys, 'no map');
  const connection = appConnection(announcing.plan.nodes, announcing.reach);
  assert.deepEqual(connection.addressMap, []);
  const output = runSnippet('iovalkey-announce', appSnippet('iovalkey', connection, { example: EXAMPLE(keys.map((entry) => entry.key), 'announced') }));
  assert.deepEqual(JSON.parse(output), keys.map((entry) => `announced ${entry.key}`));
});

test('host-announce mode inside the network: direct commands work, a redirect is told 127.0.0.1 and cannot follow it', async () => {
  const node0 = announcing.plan.nodes[0];
  const keys = await keyPerShard(announcing);
  const local = keys.find((entry) => entry.primary === `127.0.0.1:${node0.hostPort}`);
  const remote = keys.find((entry) => entry !== local)!;
  assert.ok(local, `${node0.name} serves slots`);
  const direct = await announcing.engine.execInNode(node0.name, cliInNode(node0.hostPort, `-c set ${local.key} inside`));
  assert.match(direct.output, /^OK$/m, direct.output);
  const moved = await announcing.engine.execInNode(node0.name, cliInNode(node0.hostPort, `set ${remote.key} inside`));
  assert.match(moved.output, new RegExp(`MOVED \\d+ ${remote.primary.replace(/\./g, '\\.')}`), 'the redirect names the host address');
  const followed = await announcing.engine.execInNode(node0.name, cliInNode(node0.hostPort, `-c set ${remote.key} inside`));
  assert.match(followed.output, /Could not connect to Valkey at 127\.0\.0\.1:\d+: Connection refused/, followed.output);
});

test('host-announce mode inside the network: the exporter reports every node, and Run Cluster Init succeeds', async () => {
  const metrics = await fetch(`http://127.0.0.1:${TEST_SETTINGS.exporterPort}/metrics`).then((response) => response.text());
  assert.match(metrics, /^redis_up 1$/m);
  assert.match(metrics, /^redis_cluster_known_nodes 6$/m);
  const log = await announcing.engine.init();
  assert.match(log, /the cluster is already formed and healthy; nothing to do/);
  const readiness = await announcing.waitUntilReady();
  assert.equal(readiness.ready, true);
});
