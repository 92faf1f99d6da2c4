// Reads the valkeyCluster.* settings into the core's plain settings object.
import * as vscode from 'vscode';
import type { ClusterSettings } from '../core/cluster-settings';
import { DEFAULT_SETTINGS } from '../core/settings';

export const SECTION = 'valkeyCluster';

export function readSettings(): ClusterSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const get = <K extends keyof ClusterSettings>(key: K): ClusterSettings[K] => config.get<ClusterSettings[K]>(key, DEFAULT_SETTINGS[key]);
  return {
    projectName: get('projectName'),
    bindAddress: get('bindAddress'),
    allowRemoteBind: get('allowRemoteBind'),
    basePort: get('basePort'),
    exporterPort: get('exporterPort'),
    enableExporter: get('enableExporter'),
    image: get('image'),
    initImage: get('initImage'),
    exporterImage: get('exporterImage'),
    dockerHost: get('dockerHost'),
    readyTimeoutSeconds: get('readyTimeoutSeconds'),
    announceHostAddress: get('announceHostAddress'),
    shards: get('shards'),
    replicasPerShard: get('replicasPerShard'),
    appendFsync: get('appendFsync'),
  };
}

export function refreshIntervalMs(): number {
  const seconds = vscode.workspace.getConfiguration(SECTION).get<number>('refreshIntervalSeconds', 2);
  return Math.max(0.5, Number.isFinite(seconds) ? seconds : 2) * 1000;
}
