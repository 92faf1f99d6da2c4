// Connect Your App: every client's snippet carries the current seeds and the address map (or none in host-announce
// mode), reads the password from the environment variable it names, and never contains the password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishedPortsReach } from '../../src/core/client/published-ports';
import { appConnection } from '../../src/core/connect-app/app-connection';
import { APP_CLIENTS, appSnippet } from '../../src/core/connect-app/snippets';
import type { NodeEndpoint } from '../../src/core/compose/plan';
import { EXTENSION_WORDS } from '../../src/vscode/wording';

const PASSWORD = 'never-in-a-snippet-4f1c';
const nodes: NodeEndpoint[] = [0, 1, 2, 3, 4, 5].map((index) => ({
  name: `valkey-node-${index}`, containerName: `valkey-node-${index}`, hostPort: 7100 + index, announcedAddress: `172.19.0.6${index}:${7100 + index}`,
}));
const announcing = nodes.map((node) => ({ ...node, clientAddress: `127.0.0.1:${node.hostPort}` }));
const reach = (list: NodeEndpoint[]) => publishedPortsReach(list, '127.0.0.1', { password: PASSWORD });

test('the connection maps each container address to its published port and seeds every node', () => {
  const connection = appConnection(nodes, reach(nodes));
  assert.deepEqual(connection.seeds.map((seed) => `${seed.host}:${seed.port}`), ['127.0.0.1:7100', '127.0.0.1:7101', '127.0.0.1:7102', '127.0.0.1:7103', '127.0.0.1:7104', '127.0.0.1:7105']);
  assert.equal(connection.addressMap.length, 6);
  assert.deepEqual(connection.addressMap[2], { announced: { host: '172.19.0.62', port: 7102 }, dial: { host: '127.0.0.1', port: 7102 } });
  assert.equal(connection.passwordVariable, 'VALKEY_PASSWORD');
});

test('in host-announce mode the nodes tell clients what this machine dials: no map', () => {
  const connection = appConnection(announcing, reach(announcing));
  assert.deepEqual(connection.addressMap, []);
  assert.equal(connection.seeds[5].port, 7105);
});

/** How each client writes "announced → dialled" for node 3 and a seed. */
const FORMS: Record<string, { map: RegExp; seed: RegExp }> = {
  iovalkey: { map: /'172\.19\.0\.63:7103': \{ host: '127\.0\.0\.1', port: 7103 \}/, seed: /\{ host: '127\.0\.0\.1', port: 7105 \}/ },
  ioredis: { map: /natMap: \{\n[\s\S]*'172\.19\.0\.63:7103': \{ host: '127\.0\.0\.1', port: 7103 \}/, seed: /\{ host: '127\.0\.0\.1', port: 7105 \}/ },
  'node-redis': { map: /nodeAddressMap: \{\n[\s\S]*'172\.19\.0\.63:7103': \{ host: '127\.0\.0\.1', port: 7103 \}/, seed: /url: 'redis:\/\/127\.0\.0\.1:7105'/ },
  'redis-py': { map: /\("172\.19\.0\.63", 7103\): \("127\.0\.0\.1", 7103\)/, seed: /ClusterNode\("127\.0\.0\.1", 7105\)/ },
  jedis: { map: /Map\.entry\(new HostAndPort\("172\.19\.0\.63", 7103\), new HostAndPort\("127\.0\.0\.1", 7103\)\)/, seed: /new HostAndPort\("127\.0\.0\.1", 7105\)\);/ },
  lettuce: { map: /Map\.entry\("172\.19\.0\.63:7103", HostAndPort\.of\("127\.0\.0\.1", 7103\)\)/, seed: /withHost\("127\.0\.0\.1"\)\.withPort\(7105\)/ },
  'go-redis': { map: /"172\.19\.0\.63:7103": "127\.0\.0\.1:7103",/, seed: /"127\.0\.0\.1:7105"\}/ },
};

test('each client\'s snippet has the seeds, its own address map and the password variable, never the password', () => {
  const connection = appConnection(nodes, reach(nodes));
  for (const client of APP_CLIENTS) {
    const code = appSnippet(client.id, connection, { vocabulary: EXTENSION_WORDS });
    assert.ok(!code.includes(PASSWORD), client.id);
    assert.match(code, /VALKEY_PASSWORD/, client.id);
    assert.match(code, /Valkey: Copy Password puts it on the clipboard/, client.id);
    assert.match(code, /ports 7100-7105/, client.id);
    const form = FORMS[client.id];
    if (form) {
      assert.match(code, form.map, client.id);
      assert.match(code, form.seed, client.id);
      for (const node of nodes) assert.ok(code.includes(node.announcedAddress.split(':')[0]), `${client.id} maps ${node.name}`);
    }
  }
});

test('GLIDE, which cannot map addresses, says to turn on host-announce mode when a map is needed', () => {
  const needsMap = appSnippet('valkey-glide', appConnection(nodes, reach(nodes)), { vocabulary: EXTENSION_WORDS });
  assert.match(needsMap, /cannot map the addresses the nodes announce \(172\.19\.0\.60:7100, \.\.\.\).*turn on valkeyCluster\.announceHostAddress/);
  const announced = appSnippet('valkey-glide', appConnection(announcing, reach(announcing)), { vocabulary: EXTENSION_WORDS });
  assert.doesNotMatch(announced, /cannot map/);
  assert.match(announced, /addresses: \[\n\s+\{ host: '127\.0\.0\.1', port: 7100 \},/);
});

test('in host-announce mode no snippet carries a map', () => {
  const connection = appConnection(announcing, reach(announcing));
  for (const client of APP_CLIENTS) {
    const code = appSnippet(client.id, connection);
    assert.doesNotMatch(code, /172\.19\./, client.id);
    assert.doesNotMatch(code, /natMap|nodeAddressMap|address_remap|hostAndPortMapper|MappingSocketAddressResolver|Dialer/, client.id);
    assert.match(code, /redirects need no address map/, client.id);
  }
});

test('a JavaScript snippet runs a caller\'s own statements in place of the greeting', () => {
  const code = appSnippet('iovalkey', appConnection(nodes, reach(nodes)), { example: 'console.log(await client.ping());' });
  assert.match(code, /async function main\(\) \{\n {2}console\.log\(await client\.ping\(\)\);\n {2}client\.disconnect\(\);\n\}/);
  assert.doesNotMatch(code, /greeting/);
});
