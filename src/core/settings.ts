// The cluster's settings (cluster-settings.ts): their defaults, their validation, and the compose variables they become.
import { isIP } from 'node:net';
import { LOOPBACK } from '../shared/loopback';
import { type ClusterShape, nodeCount } from './compose/shape';
import { APPEND_FSYNC_MODES, type ClusterSettings } from './cluster-settings';
import { type Phrase, phrase, setting } from './wording';

/** Nodes of the bundled compose file: the ones it has port variables (VALKEY0_PORT …) for. */
export const SEED_NODE_COUNT = 6;

export const DEFAULT_SETTINGS: ClusterSettings = {
  projectName: 'valkey-cluster',
  bindAddress: LOOPBACK,
  allowRemoteBind: false,
  basePort: 6379,
  exporterPort: 9121,
  enableExporter: true,
  image: 'valkey/valkey:9.0.1-alpine',
  initImage: 'valkey/valkey:9.0.1',
  exporterImage: 'oliver006/redis_exporter',
  dockerHost: '',
  readyTimeoutSeconds: 120,
  announceHostAddress: false,
  shards: 3,
  replicasPerShard: 1,
  appendFsync: 'everysec',
};

export function settingsShape(settings: ClusterSettings): ClusterShape {
  return { shards: settings.shards, replicasPerShard: settings.replicasPerShard };
}

/** Most replicas per primary a shape may ask for. */
export const MAX_REPLICAS_PER_SHARD = 5;

/** Problems with a shape, each naming the setting: whole numbers, at least one primary, replicas 0-5. */
export function shapeProblems(shape: ClusterShape): Phrase[] {
  const problems: Phrase[] = [];
  if (!Number.isInteger(shape.shards) || shape.shards < 1) {
    problems.push(phrase`${setting('shards')} ${shape.shards} is not valid: a cluster needs at least 1 shard (a whole number).`);
  }
  if (!Number.isInteger(shape.replicasPerShard) || shape.replicasPerShard < 0 || shape.replicasPerShard > MAX_REPLICAS_PER_SHARD) {
    problems.push(phrase`${setting('replicasPerShard')} ${shape.replicasPerShard} is not valid: use a whole number from 0 to ${MAX_REPLICAS_PER_SHARD}.`);
  }
  return problems;
}

const IMAGE_REFERENCE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** What a compose project name may be, as said in a refusal. */
export const PROJECT_NAME_RULE = 'use lower-case letters, digits, "-" and "_", starting with a letter or digit';

export function isProjectName(name: string): boolean {
  return PROJECT_NAME.test(name);
}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1024 && port <= 65535;
}

/** Every problem with the settings, each naming the setting and saying what is allowed. Empty when valid. */
export function validateSettings(settings: ClusterSettings): Phrase[] {
  const problems: Phrase[] = [];
  if (!isProjectName(settings.projectName)) {
    problems.push(phrase`${setting('projectName')} "${settings.projectName}" is not valid: ${PROJECT_NAME_RULE}.`);
  }
  if (isIP(settings.bindAddress) === 0 && settings.bindAddress !== 'localhost') {
    problems.push(phrase`${setting('bindAddress')} "${settings.bindAddress}" is not an IP address (e.g. 127.0.0.1).`);
  } else if (!isLoopback(settings.bindAddress) && !settings.allowRemoteBind) {
    problems.push(phrase`${setting('bindAddress')} "${settings.bindAddress}" would expose the cluster beyond this machine; use 127.0.0.1, or turn on ${setting('allowRemoteBind')} if you mean it.`);
  }
  const shape = shapeProblems(settingsShape(settings));
  problems.push(...shape);
  const nodes = shape.length === 0 ? nodeCount(settingsShape(settings)) : SEED_NODE_COUNT;
  const lastNodePort = settings.basePort + nodes - 1;
  if (!validPort(settings.basePort) || lastNodePort + 10000 > 65535) {
    const shapeNote = nodes === SEED_NODE_COUNT ? '' : phrase` (${nodes} nodes: ${setting('shards')} × (1 + ${setting('replicasPerShard')}))`;
    problems.push(phrase`${setting('basePort')} ${settings.basePort} is out of range${shapeNote}: node ports (${settings.basePort} to ${settings.basePort}+${nodes - 1}) and their bus ports (+10000) must lie within 1024-65535, so use 1024-${65535 - 10000 - nodes + 1}.`);
  }
  if (!validPort(settings.exporterPort)) {
    problems.push(phrase`${setting('exporterPort')} ${settings.exporterPort} is out of range: use 1024-65535.`);
  } else if (settings.enableExporter && settings.exporterPort >= settings.basePort && settings.exporterPort <= lastNodePort) {
    problems.push(phrase`${setting('exporterPort')} ${settings.exporterPort} collides with a node port (${settings.basePort}-${lastNodePort}).`);
  }
  for (const key of ['image', 'initImage', 'exporterImage'] as const) {
    if (!IMAGE_REFERENCE.test(settings[key])) {
      problems.push(phrase`${setting(key)} "${settings[key]}" is not a valid image name (e.g. valkey/valkey:9.0.1-alpine; no spaces or upper-case letters).`);
    }
  }
  if (settings.announceHostAddress && isIP(settings.bindAddress) !== 0 && isIP(dialAddress(settings)) !== 4) {
    problems.push(phrase`${setting('announceHostAddress')} needs an IPv4 ${setting('bindAddress')} (nodes announce an IPv4 address to clients); "${settings.bindAddress}" is not one.`);
  }
  if (!(APPEND_FSYNC_MODES as readonly string[]).includes(settings.appendFsync)) {
    problems.push(phrase`${setting('appendFsync')} "${settings.appendFsync}" is not valid: use ${APPEND_FSYNC_MODES.join(' or ')}.`);
  }
  if (!Number.isFinite(settings.readyTimeoutSeconds) || settings.readyTimeoutSeconds < 10) {
    problems.push(phrase`${setting('readyTimeoutSeconds')} must be at least 10.`);
  }
  return problems;
}

/** The address host-side code dials: the bind address, or loopback when the ports are published on every interface. */
export function dialAddress(settings: ClusterSettings): string {
  if (settings.bindAddress === '0.0.0.0' || settings.bindAddress === '::' || settings.bindAddress === 'localhost') return LOOPBACK;
  return settings.bindAddress;
}

export interface SecretFiles {
  readonly passwordFile: string;
  readonly exporterAuthFile: string;
}

/** The variables the bundled docker-compose.yml reads. */
export function composeVariables(settings: ClusterSettings, secrets: SecretFiles): Record<string, string> {
  const variables: Record<string, string> = {
    VALKEY_BIND: settings.bindAddress,
    VALKEY_EXPORTER_PORT: String(settings.exporterPort),
    VALKEY_EXPORTER_HOST_PORT: String(settings.exporterPort),
    VALKEY_IMAGE: settings.image,
    VALKEY_INIT_IMAGE: settings.initImage,
    VALKEY_EXPORTER_IMAGE: settings.exporterImage,
    VALKEY_PASSWORD_FILE: secrets.passwordFile,
    VALKEY_EXPORTER_AUTH_FILE: secrets.exporterAuthFile,
    // Empty: nodes announce their container address to clients too (see scripts/valkey-start.sh).
    VALKEY_ANNOUNCE_CLIENT_IP: settings.announceHostAddress ? dialAddress(settings) : '',
    VALKEY_APPENDFSYNC: settings.appendFsync,
  };
  for (let index = 0; index < SEED_NODE_COUNT; index++) variables[`VALKEY${index}_PORT`] = String(settings.basePort + index);
  return variables;
}
