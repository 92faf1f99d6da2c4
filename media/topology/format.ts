// Text for numbers, health and cluster state shown in the topology webview. Pure: no DOM.
import type { ClusterState, NodeHealth, NodeSnapshot } from '../../src/core/cluster/snapshot';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

// One shared formatter: toLocaleString builds a new one per call, which shows at hundreds of nodes per refresh.
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(count: number | undefined): string {
  return count === undefined ? '–' : COUNT_FORMAT.format(count);
}

export function shortNodeId(id: string): string {
  return id === '' ? '–' : id.slice(0, 8);
}

/** Health is shown as icon + word + colour, never colour alone. */
export const HEALTH_ICONS: Readonly<Record<NodeHealth, string>> = {
  online: '●',
  loading: '◐',
  failed: '✕',
  stopped: '■',
  missing: '?',
};

export const STATE_TEXT: Readonly<Record<ClusterState, string>> = {
  ok: 'ok',
  fail: 'fail',
  forming: 'forming',
  stopped: 'stopped',
  absent: 'not created',
  noEngine: 'Docker engine unreachable',
};

export const STATE_ICONS: Readonly<Record<ClusterState, string>> = {
  ok: '●',
  fail: '✕',
  forming: '◐',
  stopped: '■',
  absent: '○',
  noEngine: '⚠',
};

export function linkText(node: NodeSnapshot): string {
  const link = node.linkUp === undefined ? 'link unknown' : node.linkUp ? 'link up' : 'link down';
  return node.replicationLag === undefined ? link : `${link} · lag ${formatBytes(node.replicationLag)}`;
}
