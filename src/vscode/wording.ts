// How the extension names the core's settings and actions: "valkeyCluster.basePort", "Valkey: Show Node Logs".
// Kept free of the vscode module so unit tests can word core errors the way users see them.
import type { ActionId, SettingId, Vocabulary } from '../core/wording';

const COMMAND_TITLES: Readonly<Record<ActionId, string>> = {
  start: 'Valkey: Start Cluster',
  stop: 'Valkey: Stop Cluster',
  init: 'Valkey: Run Cluster Init',
  remove: 'Valkey: Remove Cluster and Data',
  showLogs: 'Valkey: Show Node Logs',
  setPassword: 'Valkey: Set Password',
  selectEngine: 'Valkey: Select Docker Engine',
  openSettings: 'Settings → Extensions → Valkey Cluster',
  startNode: 'Valkey: Start Node Container',
  copyPassword: 'Valkey: Copy Password',
  scale: 'Valkey: Scale Cluster',
  addShard: 'Valkey: Add Shard',
  removeShard: 'Valkey: Remove Shard',
  addReplica: 'Valkey: Add Replica',
  removeReplica: 'Valkey: Remove Replica',
  moveSlots: 'Valkey: Move Slots',
  rebalance: 'Valkey: Rebalance Slots',
  exportCompose: 'Valkey: Export Compose File',
};

export const EXTENSION_WORDS: Vocabulary = {
  setting: (id: SettingId) => (id === 'password' ? COMMAND_TITLES.setPassword : `valkeyCluster.${id}`),
  action: (id: ActionId, subject?: string) => (subject ? `${COMMAND_TITLES[id]} → ${subject}` : COMMAND_TITLES[id]),
};
