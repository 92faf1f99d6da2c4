// Ready-to-paste code that connects a program on this machine to the cluster, for the common clients of each
// language: the seeds and, where the nodes announce addresses this machine cannot dial, the client's own way of
// mapping them (natMap, nodeAddressMap, address_remap, HostAndPortMapper, a socket address resolver, a dialer).
// The password is never in a snippet: each reads it from an environment variable it names. Pure text, no I/O.
import { formatAddress, type NodeAddress } from '../client/reach';
import { action, PLAIN_WORDS, phrase, setting, type Vocabulary, word } from '../wording';
import type { AddressMapping, AppConnection } from './app-connection';

export type AppClientId = 'iovalkey' | 'ioredis' | 'node-redis' | 'valkey-glide' | 'redis-py' | 'jedis' | 'lettuce' | 'go-redis';

/** VS Code language ids, which are also the usual names. */
export type SnippetLanguage = 'javascript' | 'python' | 'java' | 'go';

export interface AppClient {
  readonly id: AppClientId;
  readonly label: string;
  readonly language: SnippetLanguage;
  /** How to install it. */
  readonly install: string;
  /** The client cannot map addresses: it works from the host only in host-announce mode. */
  readonly needsHostAnnounce?: true;
}

export const APP_CLIENTS: readonly AppClient[] = [
  { id: 'iovalkey', label: 'iovalkey (Node.js)', language: 'javascript', install: 'npm install iovalkey' },
  { id: 'ioredis', label: 'ioredis (Node.js)', language: 'javascript', install: 'npm install ioredis' },
  { id: 'node-redis', label: 'node-redis (Node.js)', language: 'javascript', install: 'npm install redis' },
  { id: 'valkey-glide', label: 'Valkey GLIDE (Node.js)', language: 'javascript', install: 'npm install @valkey/valkey-glide', needsHostAnnounce: true },
  { id: 'redis-py', label: 'redis-py (Python)', language: 'python', install: 'pip install redis' },
  { id: 'jedis', label: 'Jedis (Java)', language: 'java', install: 'redis.clients:jedis 5 or later' },
  { id: 'lettuce', label: 'Lettuce (Java)', language: 'java', install: 'io.lettuce:lettuce-core 6.1 or later' },
  { id: 'go-redis', label: 'go-redis (Go)', language: 'go', install: 'go get github.com/redis/go-redis/v9' },
];

export interface SnippetOptions {
  /** How settings and actions are named in comments. */
  readonly vocabulary?: Vocabulary;
  /** JavaScript clients: statements using `client` instead of the greeting example (tests run their own). */
  readonly example?: string;
}

const GREETING_KEY = 'greeting';

function clientOf(id: AppClientId): AppClient {
  const client = APP_CLIENTS.find((entry) => entry.id === id);
  if (!client) throw new Error(`no snippet for the client "${id}"`);
  return client;
}

const quote = (text: string): string => `'${text}'`;
const doubleQuote = (text: string): string => JSON.stringify(text);

/** Comment lines that say what the snippet connects to and where the password comes from. */
function header(client: AppClient, connection: AppConnection, vocabulary: Vocabulary): string[] {
  const ports = connection.seeds.map((seed) => seed.port);
  const hosts = [...new Set(connection.seeds.map((seed) => seed.host))].join(', ');
  const lines = [
    `Connects to the local Valkey cluster (${hosts}, ports ${Math.min(...ports)}-${Math.max(...ports)}) with ${client.label}: ${client.install}.`,
    word(phrase`The password is read from the ${connection.passwordVariable} environment variable; ${action('copyPassword')} puts it on the clipboard.`, vocabulary),
  ];
  if (connection.addressMap.length === 0) {
    lines.push('The nodes announce addresses this machine dials as they are, so redirects need no address map.');
  } else if (client.needsHostAnnounce) {
    lines.push(word(phrase`${client.label} cannot map the addresses the nodes announce (${formatAddress(connection.addressMap[0].announced)}, ...), which this machine cannot dial: turn on ${setting('announceHostAddress')} and restart the cluster, or run this program inside the cluster's Docker network.`, vocabulary));
  } else {
    lines.push(`The nodes announce their container addresses (${formatAddress(connection.addressMap[0].announced)}, ...); the address map below sends each to where this machine reaches it.`);
  }
  return lines;
}

function comment(lines: readonly string[], marker: string): string {
  return lines.map((line) => `${marker} ${line}`).join('\n');
}

function jsMain(setup: string, example: string, close: string): string {
  return [
    'async function main() {',
    ...(setup ? [indent(setup, 2)] : []),
    indent(example, 2),
    indent(close, 2),
    '}',
    '',
    'main().catch((error) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
  ].join('\n');
}

function indent(text: string, spaces: number): string {
  return text.split('\n').map((line) => (line ? `${' '.repeat(spaces)}${line}` : line)).join('\n');
}

function jsExample(client: AppClient, options: SnippetOptions): string {
  return options.example ?? [
    `await client.set(${quote(GREETING_KEY)}, ${quote(`hello from ${client.id}`)});`,
    `console.log(await client.get(${quote(GREETING_KEY)}));`,
  ].join('\n');
}

const jsAddress = (address: NodeAddress): string => `{ host: ${quote(address.host)}, port: ${address.port} }`;

function jsNatMap(property: string, map: readonly AddressMapping[]): string[] {
  if (map.length === 0) return [];
  return [`  ${property}: {`, ...map.map((entry) => `    ${quote(formatAddress(entry.announced))}: ${jsAddress(entry.dial)},`), '  },'];
}

function ioClient(client: AppClient, connection: AppConnection, options: SnippetOptions): string {
  const [module, name] = client.id === 'iovalkey' ? ['iovalkey', 'Valkey'] : ['ioredis', 'Redis'];
  return [
    `const ${name} = require(${quote(module)});`,
    '',
    `const client = new ${name}.Cluster([`,
    ...connection.seeds.map((seed) => `  ${jsAddress(seed)},`),
    '], {',
    `  redisOptions: { password: process.env.${connection.passwordVariable} },`,
    ...jsNatMap('natMap', connection.addressMap),
    '});',
    '',
    jsMain('', jsExample(client, options), 'client.disconnect();'),
  ].join('\n');
}

function nodeRedis(client: AppClient, connection: AppConnection, options: SnippetOptions): string {
  return [
    `const { createCluster } = require('redis');`,
    '',
    'const client = createCluster({',
    '  rootNodes: [',
    ...connection.seeds.map((seed) => `    { url: ${quote(`redis://${formatAddress(seed)}`)} },`),
    '  ],',
    `  defaults: { password: process.env.${connection.passwordVariable} },`,
    ...jsNatMap('nodeAddressMap', connection.addressMap),
    '});',
    `client.on('error', (error) => console.error(error));`,
    '',
    jsMain('await client.connect();', jsExample(client, options), 'await client.close();'),
  ].join('\n');
}

function glide(client: AppClient, connection: AppConnection, options: SnippetOptions): string {
  const setup = [
    'const client = await GlideClusterClient.createClient({',
    '  addresses: [',
    ...connection.seeds.map((seed) => `    ${jsAddress(seed)},`),
    '  ],',
    `  credentials: { password: process.env.${connection.passwordVariable} },`,
    '});',
  ].join('\n');
  return [`const { GlideClusterClient } = require('@valkey/valkey-glide');`, '', jsMain(setup, jsExample(client, options), 'client.close();')].join('\n');
}

function redisPy(client: AppClient, connection: AppConnection): string {
  const pyAddress = (address: NodeAddress) => `(${doubleQuote(address.host)}, ${address.port})`;
  const map = connection.addressMap;
  return [
    'import os',
    '',
    'from redis.cluster import ClusterNode, RedisCluster',
    '',
    ...(map.length > 0 ? ['ADDRESS_MAP = {', ...map.map((entry) => `    ${pyAddress(entry.announced)}: ${pyAddress(entry.dial)},`), '}', ''] : []),
    'client = RedisCluster(',
    '    startup_nodes=[',
    ...connection.seeds.map((seed) => `        ClusterNode(${doubleQuote(seed.host)}, ${seed.port}),`),
    '    ],',
    `    password=os.environ[${doubleQuote(connection.passwordVariable)}],`,
    ...(map.length > 0 ? ['    address_remap=lambda address: ADDRESS_MAP.get(address, address),'] : []),
    '    decode_responses=True,',
    ')',
    `client.set(${doubleQuote(GREETING_KEY)}, ${doubleQuote(`hello from ${client.id}`)})`,
    `print(client.get(${doubleQuote(GREETING_KEY)}))`,
    'client.close()',
  ].join('\n');
}

function jedis(client: AppClient, connection: AppConnection): string {
  const hostAndPort = (address: NodeAddress) => `new HostAndPort(${doubleQuote(address.host)}, ${address.port})`;
  const map = connection.addressMap;
  return [
    ...(map.length > 0 ? ['import java.util.Map;'] : []),
    'import java.util.Set;',
    'import redis.clients.jedis.DefaultJedisClientConfig;',
    'import redis.clients.jedis.HostAndPort;',
    'import redis.clients.jedis.JedisCluster;',
    '',
    'public class ValkeyClusterExample {',
    '  public static void main(String[] args) {',
    ...(map.length > 0 ? [
      '    Map<HostAndPort, HostAndPort> addressMap = Map.ofEntries(',
      ...map.map((entry, index) => `        Map.entry(${hostAndPort(entry.announced)}, ${hostAndPort(entry.dial)})${index < map.length - 1 ? ',' : ');'}`),
    ] : []),
    '    DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()',
    `        .password(System.getenv(${doubleQuote(connection.passwordVariable)}))`,
    ...(map.length > 0 ? ['        .hostAndPortMapper(announced -> addressMap.getOrDefault(announced, announced))'] : []),
    '        .build();',
    '    Set<HostAndPort> seeds = Set.of(',
    ...connection.seeds.map((seed, index) => `        ${hostAndPort(seed)}${index < connection.seeds.length - 1 ? ',' : ');'}`),
    '    try (JedisCluster client = new JedisCluster(seeds, config)) {',
    `      client.set(${doubleQuote(GREETING_KEY)}, ${doubleQuote(`hello from ${client.id}`)});`,
    `      System.out.println(client.get(${doubleQuote(GREETING_KEY)}));`,
    '    }',
    '  }',
    '}',
  ].join('\n');
}

function lettuce(client: AppClient, connection: AppConnection): string {
  const map = connection.addressMap;
  return [
    'import io.lettuce.core.RedisURI;',
    'import io.lettuce.core.cluster.RedisClusterClient;',
    'import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;',
    ...(map.length > 0 ? ['import io.lettuce.core.internal.HostAndPort;'] : []),
    'import io.lettuce.core.resource.ClientResources;',
    ...(map.length > 0 ? ['import io.lettuce.core.resource.DnsResolvers;', 'import io.lettuce.core.resource.MappingSocketAddressResolver;'] : []),
    'import java.util.List;',
    ...(map.length > 0 ? ['import java.util.Map;'] : []),
    '',
    'public class ValkeyClusterExample {',
    '  public static void main(String[] args) {',
    ...(map.length > 0 ? [
      '    Map<String, HostAndPort> addressMap = Map.ofEntries(',
      ...map.map((entry, index) => `        Map.entry(${doubleQuote(formatAddress(entry.announced))}, HostAndPort.of(${doubleQuote(entry.dial.host)}, ${entry.dial.port}))${index < map.length - 1 ? ',' : ');'}`),
      '    ClientResources resources = ClientResources.builder()',
      '        .socketAddressResolver(MappingSocketAddressResolver.create(DnsResolvers.UNRESOLVED,',
      '            announced -> addressMap.getOrDefault(announced.getHostText() + ":" + announced.getPort(), announced)))',
      '        .build();',
    ] : ['    ClientResources resources = ClientResources.create();']),
    `    char[] password = System.getenv(${doubleQuote(connection.passwordVariable)}).toCharArray();`,
    '    List<RedisURI> seeds = List.of(',
    ...connection.seeds.map((seed, index) =>
      `        RedisURI.builder().withHost(${doubleQuote(seed.host)}).withPort(${seed.port}).withPassword(password).build()${index < connection.seeds.length - 1 ? ',' : ');'}`),
    '    RedisClusterClient client = RedisClusterClient.create(resources, seeds);',
    '    try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {',
    `      connection.sync().set(${doubleQuote(GREETING_KEY)}, ${doubleQuote(`hello from ${client.id}`)});`,
    `      System.out.println(connection.sync().get(${doubleQuote(GREETING_KEY)}));`,
    '    } finally {',
    '      client.shutdown();',
    '      resources.shutdown();',
    '    }',
    '  }',
    '}',
  ].join('\n');
}

function goRedis(client: AppClient, connection: AppConnection): string {
  const map = connection.addressMap;
  return [
    'package main',
    '',
    'import (',
    '\t"context"',
    '\t"fmt"',
    ...(map.length > 0 ? ['\t"net"'] : []),
    '\t"os"',
    '',
    '\t"github.com/redis/go-redis/v9"',
    ')',
    '',
    ...(map.length > 0 ? [
      'var addressMap = map[string]string{',
      ...map.map((entry) => `\t${doubleQuote(formatAddress(entry.announced))}: ${doubleQuote(formatAddress(entry.dial))},`),
      '}',
      '',
    ] : []),
    'func main() {',
    '\tctx := context.Background()',
    '\tclient := redis.NewClusterClient(&redis.ClusterOptions{',
    `\t\tAddrs:    []string{${connection.seeds.map((seed) => doubleQuote(formatAddress(seed))).join(', ')}},`,
    `\t\tPassword: os.Getenv(${doubleQuote(connection.passwordVariable)}),`,
    ...(map.length > 0 ? [
      '\t\tDialer: func(ctx context.Context, network, addr string) (net.Conn, error) {',
      '\t\t\tif mapped, ok := addressMap[addr]; ok {',
      '\t\t\t\taddr = mapped',
      '\t\t\t}',
      '\t\t\treturn (&net.Dialer{}).DialContext(ctx, network, addr)',
      '\t\t},',
    ] : []),
    '\t})',
    '\tdefer client.Close()',
    `\tif err := client.Set(ctx, ${doubleQuote(GREETING_KEY)}, ${doubleQuote(`hello from ${client.id}`)}, 0).Err(); err != nil {`,
    '\t\tpanic(err)',
    '\t}',
    `\tfmt.Println(client.Get(ctx, ${doubleQuote(GREETING_KEY)}).Val())`,
    '}',
  ].join('\n');
}

/** The whole snippet for one client, ending with a newline. */
export function appSnippet(id: AppClientId, connection: AppConnection, options: SnippetOptions = {}): string {
  const client = clientOf(id);
  const vocabulary = options.vocabulary ?? PLAIN_WORDS;
  const marker = client.language === 'python' ? '#' : '//';
  const body = (() => {
    switch (id) {
      case 'iovalkey':
      case 'ioredis':
        return ioClient(client, connection, options);
      case 'node-redis':
        return nodeRedis(client, connection, options);
      case 'valkey-glide':
        return glide(client, connection, options);
      case 'redis-py':
        return redisPy(client, connection);
      case 'jedis':
        return jedis(client, connection);
      case 'lettuce':
        return lettuce(client, connection);
      case 'go-redis':
        return goRedis(client, connection);
    }
  })();
  return `${comment(header(client, connection, vocabulary), marker)}\n\n${body}\n`;
}
