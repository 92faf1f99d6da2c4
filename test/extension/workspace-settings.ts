// The workspace the extension tests open: local images, and ports of their own.
export const EXTENSION_TEST_SETTINGS = {
  'valkeyCluster.projectName': 'valkey-ext',
  'valkeyCluster.basePort': 7579,
  'valkeyCluster.exporterPort': 9421,
  'valkeyCluster.image': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
  'valkeyCluster.initImage': process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local',
  'valkeyCluster.exporterImage': process.env.LOCAL_EXPORTER_IMAGE ?? 'valkey-cluster-vscode/redis-exporter:local',
  'valkeyCluster.refreshIntervalSeconds': 1,
};
