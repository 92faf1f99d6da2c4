// Glyphs for health and cluster state in the topology webview (words and numbers come from the shared presenter).
import type { ClusterState, NodeHealth } from '../../src/shared/snapshot';

/** Health is shown as icon + word + colour, never colour alone. */
export const HEALTH_ICONS: Readonly<Record<NodeHealth, string>> = {
  online: '●',
  loading: '◐',
  failed: '✕',
  stopped: '■',
  missing: '?',
};

export const STATE_ICONS: Readonly<Record<ClusterState, string>> = {
  ok: '●',
  fail: '✕',
  forming: '◐',
  stopped: '■',
  absent: '○',
  noEngine: '⚠',
  unreachable: '⚠',
  misconfigured: '⚠',
};
