// "Export Compose File": the bundled folder for another shape, as a folder of its own that plain `docker compose up`
// runs — docker-compose.yml (the seed file with its node services, volumes, init and exporter made to fit the
// members, every node from the seed's template), the seed's config/ and scripts/ copied next to it, an .env.example
// and a README saying how to make the two secret files (never written here: the password stays private).
// The seed's YAML is edited as a document, so its anchors and comments stay as they are.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { UserError } from '../errors';
import type { ClusterSettings } from '../cluster-settings';
import { addressPlan, type Members, nodeService } from './shape';
import type { ComposeFile } from './model';

export interface ExportOptions {
  /** The bundled folder (docker-compose.yml, config/, scripts/). */
  readonly clusterDirectory: string;
  /** The seed file as loaded (for the address plan). */
  readonly seed: ComposeFile;
  readonly members: Members;
  readonly settings: ClusterSettings;
  readonly destination: string;
  /** One line for the file's header, e.g. "4 shards × 1 replica". */
  readonly shapeText: string;
}

function portVariable(index: number, port: number): string {
  return `\${VALKEY${index}_PORT:-${port}}`;
}

function mapAt(node: unknown, what: string): YAMLMap {
  if (!isMap(node)) throw new Error(`the bundled compose file has no mapping at ${what}`);
  return node;
}

/** The compose text for the members: the seed document edited in place. */
export function composeText(source: string, options: ExportOptions): string {
  const { members, settings } = options;
  const plan = addressPlan(options.seed);
  const document = parseDocument(source, { merge: true });
  const services = mapAt(document.get('services'), 'services');
  const template = mapAt(services.get('valkey-node-0'), 'services.valkey-node-0');
  const nodes = [...members.nodes].sort((a, b) => a - b);
  const address = (index: number) => `${plan.address(index)}:${portVariable(index, settings.basePort + index)}`;
  const nodeEntries = nodes.map((index) => {
    const name = nodeService(index);
    const node = (services.get(name) as YAMLMap | undefined)?.clone() as YAMLMap | undefined ?? (template.clone() as YAMLMap);
    const port = portVariable(index, settings.basePort + index);
    node.set('container_name', name);
    node.set('hostname', name);
    node.setIn(['environment', 'VALKEY_PORT'], port);
    node.setIn(['environment', 'VALKEY_ANNOUNCE_IP'], plan.address(index));
    // Host-announce mode (off unless VALKEY_ANNOUNCE_CLIENT_IP is set) tells clients the host port.
    node.setIn(['environment', 'VALKEY_ANNOUNCE_CLIENT_IP'], `\${VALKEY_ANNOUNCE_CLIENT_IP:-${settings.announceHostAddress ? settings.bindAddress : ''}}`);
    node.setIn(['environment', 'VALKEY_ANNOUNCE_CLIENT_PORT'], port);
    node.setIn(['environment', 'VALKEY_APPENDFSYNC'], `\${VALKEY_APPENDFSYNC:-${settings.appendFsync}}`);
    node.set('ports', document.createNode([`\${VALKEY_BIND:-${settings.bindAddress}}:${port}:${port}`], { flow: true }));
    node.setIn(['networks', 'infra_net', 'ipv4_address'], plan.address(index));
    const volumes = node.get('volumes');
    if (isSeq(volumes)) volumes.set(0, `valkey-data-${index}:/data`);
    return [name, node] as const;
  });
  const init = mapAt(services.get('valkey-cluster-init'), 'services.valkey-cluster-init');
  init.set('image', `\${VALKEY_INIT_IMAGE:-${settings.initImage}}`);
  init.setIn(['environment', 'VALKEY_NODES'], nodes.map(address).join(' '));
  init.setIn(['environment', 'VALKEY_CLUSTER_REPLICAS'], document.createNode(String(members.replicasPerShard)));
  init.set('depends_on', document.createNode(Object.fromEntries(nodes.map((index) => [nodeService(index), { condition: 'service_healthy' }]))));
  const exporter = mapAt(services.get('valkey-exporter'), 'services.valkey-exporter');
  exporter.set('image', `\${VALKEY_EXPORTER_IMAGE:-${settings.exporterImage}}`);
  const command = exporter.get('command');
  if (isSeq(command)) command.set(0, `--redis.addr=redis://${address(nodes[0])}`);
  exporter.set('depends_on', document.createNode({ [nodeService(nodes[0])]: { condition: 'service_healthy' } }));
  document.setIn(['x-valkey-node', 'image'], `\${VALKEY_IMAGE:-${settings.image}}`);
  // Services in order: the member nodes, then init and exporter as the seed has them.
  services.items = [...nodeEntries.map(([name, node]) => document.createPair(name, node)), ...services.items.filter((pair) => !/^valkey-node-\d+$/.test(String((pair.key as { value?: unknown })?.value ?? pair.key)))];
  document.set('volumes', document.createNode(Object.fromEntries(nodes.map((index) => [`valkey-data-${index}`, null]))));
  document.commentBefore = ` Exported by Valkey: Export Compose File: ${options.shapeText}, ${nodes.length} nodes (${nodes.map(nodeService).join(', ')}).\n` +
    ' Runs with plain `docker compose up -d --wait` once the two secret files exist (see README.md).';
  // The exporter's port defaults follow the settings too.
  return document.toString({ lineWidth: 0 }).replace(/(\$\{VALKEY_EXPORTER(?:_HOST)?_PORT:-)\d+\}/g, `$1${settings.exporterPort}}`);
}

function copyFolder(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from, { withFileTypes: true })) {
    if (name.isDirectory()) copyFolder(join(from, name.name), join(to, name.name));
    else copyFileSync(join(from, name.name), join(to, name.name));
  }
}

function readme(options: ExportOptions): string {
  const nodes = [...options.members.nodes].sort((a, b) => a - b);
  const plan = addressPlan(options.seed);
  const uris = nodes.map((index) => `"redis://${plan.address(index)}:${options.settings.basePort + index}":"%s"`).join(',');
  return `# Valkey cluster: ${options.shapeText}

Exported by the VS Code extension's **Valkey: Export Compose File**: ${nodes.length} nodes (${nodes.map(nodeService).join(', ')}),
a one-off init container that forms them (${options.members.replicasPerShard} replica(s) per primary), and a Prometheus exporter.
\`config/\` and \`scripts/\` are copies of the extension's bundled folder. Ports, images and the bind address default to the
settings at export time; \`.env.example\` lists the variables.

## Run it

\`\`\`bash
mkdir -p secrets
head -c 32 /dev/urandom | base64 | tr -d '/+=' > secrets/valkey_password
pw=$(cat secrets/valkey_password)
printf '{${uris}}' ${nodes.map(() => '"$pw"').join(' ')} > secrets/valkey_exporter_auth.json
docker compose up -d --wait
docker compose logs valkey-cluster-init        # "init: cluster ready"
\`\`\`

The container names are fixed (\`valkey-node-N\`) and the network is 172.19.0.0/16, as in the bundled folder: stop the
extension's cluster first. \`docker compose down -v\` removes everything, data included.
`;
}

function envExample(options: ExportOptions): string {
  const nodes = [...options.members.nodes].sort((a, b) => a - b);
  const { settings } = options;
  return [
    '# Copy to .env to change what `docker compose up` uses. Every value here is optional.',
    `VALKEY_BIND=${settings.bindAddress}`,
    '# Node N listens on this port inside its container and on the host; its cluster bus uses the port + 10000.',
    ...nodes.map((index) => `VALKEY${index}_PORT=${settings.basePort + index}`),
    `VALKEY_EXPORTER_PORT=${settings.exporterPort}`,
    `VALKEY_EXPORTER_HOST_PORT=${settings.exporterPort}`,
    `VALKEY_IMAGE=${settings.image}`,
    `VALKEY_INIT_IMAGE=${settings.initImage}`,
    `VALKEY_EXPORTER_IMAGE=${settings.exporterImage}`,
    '# Secret files (see README.md). Never put the password itself in this file.',
    'VALKEY_PASSWORD_FILE=./secrets/valkey_password',
    'VALKEY_EXPORTER_AUTH_FILE=./secrets/valkey_exporter_auth.json',
    '',
  ].join('\n');
}

/** Writes the folder; refuses a destination that already has a docker-compose.yml. Returns the compose file's path. */
export function exportCompose(options: ExportOptions): string {
  const target = join(options.destination, 'docker-compose.yml');
  if (existsSync(target)) {
    throw new UserError('invalidRequest', `${target} exists already; nothing was written.`, 'Choose an empty folder, or remove that file first.');
  }
  const source = readFileSync(join(options.clusterDirectory, 'docker-compose.yml'), 'utf8');
  const text = composeText(source, options);
  mkdirSync(options.destination, { recursive: true });
  for (const folder of ['config', 'scripts']) copyFolder(join(options.clusterDirectory, folder), join(options.destination, folder));
  writeFileSync(join(options.destination, 'README.md'), readme(options));
  writeFileSync(join(options.destination, '.env.example'), envExample(options));
  writeFileSync(join(options.destination, '.gitignore'), 'secrets/\n.env\n');
  writeFileSync(target, text);
  return target;
}
