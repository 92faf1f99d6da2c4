// How the headless CLI names the core's settings and actions: its environment variables, flags and commands.
import type { ActionId, SettingId, Vocabulary } from '../core/wording';

const VARIABLES: Readonly<Record<SettingId, string>> = {
  projectName: '--project (or COMPOSE_PROJECT_NAME)',
  bindAddress: 'VALKEY_BIND',
  allowRemoteBind: 'VALKEY_ALLOW_REMOTE_BIND=1',
  basePort: 'VALKEY0_PORT',
  exporterPort: 'VALKEY_EXPORTER_HOST_PORT',
  enableExporter: 'VALKEY_ENABLE_EXPORTER',
  image: 'VALKEY_IMAGE',
  initImage: 'VALKEY_INIT_IMAGE',
  exporterImage: 'VALKEY_EXPORTER_IMAGE',
  dockerHost: 'DOCKER_HOST (or DOCKER_CONTEXT)',
  readyTimeoutSeconds: 'VALKEY_READY_TIMEOUT',
  announceHostAddress: 'VALKEY_ANNOUNCE_HOST_ADDRESS=1',
  shards: 'VALKEY_SHARDS (or --shards)',
  replicasPerShard: 'VALKEY_REPLICAS (or --replicas)',
  appendFsync: 'VALKEY_APPENDFSYNC (or --appendfsync)',
  password: 'VALKEY_PASSWORD (or --password-file)',
};

const COMMANDS: Readonly<Record<ActionId, string>> = {
  start: '`valkey-cluster up`',
  stop: '`valkey-cluster stop`',
  init: '`valkey-cluster init`',
  remove: '`valkey-cluster down --volumes`',
  showLogs: '`docker logs <container>`',
  setPassword: 'VALKEY_PASSWORD (or --password-file)',
  selectEngine: 'DOCKER_HOST or DOCKER_CONTEXT',
  openSettings: 'the environment variables (valkey-cluster --help)',
  startNode: '`docker start <container>`',
  copyPassword: 'VALKEY_PASSWORD (or --password-file)',
  scale: '`valkey-cluster scale --shards N --replicas R`',
  addShard: '`valkey-cluster scale --shards N`',
  removeShard: '`valkey-cluster scale --shards N`',
  addReplica: '`valkey-cluster scale --replicas R`',
  removeReplica: '`valkey-cluster scale --replicas R`',
  moveSlots: '`valkey-cluster move-slots`',
  rebalance: '`valkey-cluster rebalance`',
  exportCompose: 'the Export Compose File command of the VS Code extension',
};

export const CLI_WORDS: Vocabulary = {
  setting: (id) => VARIABLES[id],
  action: (id, subject) => (id === 'showLogs' && subject ? `\`docker logs ${subject}\`` : id === 'startNode' && subject ? `\`docker start ${subject}\`` : COMMANDS[id]),
};
