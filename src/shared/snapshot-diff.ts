// What changed between two snapshots, for the "Changed: ..." line and the flash on changed nodes.
// Part of the shared contract: the webview imports it too, so it uses no Node API.
import type { ClusterSnapshot, ClusterState, NodeHealth, NodeRole, NodeSnapshot, SlotMigration } from './snapshot';

export type ClusterChange =
  | { readonly kind: 'roleChanged'; readonly node: string; readonly from: NodeRole; readonly to: NodeRole }
  | { readonly kind: 'healthChanged'; readonly node: string; readonly from: NodeHealth; readonly to: NodeHealth }
  | { readonly kind: 'slotsMoved'; readonly node: string; readonly before: number; readonly after: number }
  | { readonly kind: 'stateChanged'; readonly from: ClusterState; readonly to: ClusterState }
  | { readonly kind: 'migrationEnded'; readonly migration: SlotMigration };

function sameMigration(a: SlotMigration, b: SlotMigration): boolean {
  return a.source === b.source && a.target === b.target && a.method === b.method && a.ranges.length === b.ranges.length
    && a.ranges.every((range, index) => range.start === b.ranges[index].start && range.end === b.ranges[index].end);
}

/** The cluster state first, then per node (in the order of `after`): role, health, slots. Only nodes present in
 * both snapshots are compared. A slot count that changed along with the node's role or health is not listed
 * separately: it follows from that change (a failover moves the slots with the primary role). */
export function diffSnapshots(before: ClusterSnapshot, after: ClusterSnapshot): ClusterChange[] {
  const changes: ClusterChange[] = [];
  if (before.state !== after.state) changes.push({ kind: 'stateChanged', from: before.state, to: after.state });
  const previous = new Map<string, NodeSnapshot>(before.nodes.map((node) => [node.name, node]));
  for (const node of after.nodes) {
    const old = previous.get(node.name);
    if (!old) continue;
    const roleChanged = old.role !== node.role;
    const healthChanged = old.health !== node.health;
    if (roleChanged) changes.push({ kind: 'roleChanged', node: node.name, from: old.role, to: node.role });
    if (healthChanged) changes.push({ kind: 'healthChanged', node: node.name, from: old.health, to: node.health });
    if (!roleChanged && !healthChanged && old.slotCount !== node.slotCount) {
      changes.push({ kind: 'slotsMoved', node: node.name, before: old.slotCount, after: node.slotCount });
    }
  }
  // A migration that finished since: one that ran before, or one that came and went between two refreshes.
  for (const migration of after.migrations ?? []) {
    if (migration.outcome === 'running') continue;
    const earlier = (before.migrations ?? []).find((candidate) => sameMigration(candidate, migration));
    if (!earlier || earlier.outcome === 'running') changes.push({ kind: 'migrationEnded', migration });
  }
  return changes;
}
