// What `status` prints: a few lines for a person, or JSON for scripts (the snapshot's shape, flattened).
import { formatSlotRange, formatSlotRanges, stateWord } from '../shared/present';
import { TOTAL_SLOTS } from '../shared/snapshot';
import type { ClusterSnapshot } from '../shared/snapshot';

export function statusJson(snapshot: ClusterSnapshot): unknown {
  const nameOf = (id?: string) => snapshot.nodes.find((node) => node.id === id)?.name;
  return {
    target: snapshot.target,
    mode: snapshot.mode,
    state: snapshot.state,
    slotsOk: snapshot.slotsOk,
    slotsAssigned: snapshot.slotsAssigned,
    nodes: snapshot.nodes.map((node) => ({
      name: node.name,
      id: node.id,
      role: node.role,
      address: node.address,
      hostPort: Number(node.address.slice(node.address.lastIndexOf(':') + 1)),
      health: node.health,
      container: node.containerState,
      slots: node.slots.map(formatSlotRange),
      primary: node.role === 'replica' ? nameOf(node.primaryId) ?? null : null,
    })),
    problems: snapshot.problems,
  };
}

export function statusText(snapshot: ClusterSnapshot): string {
  const lines = [`cluster ${stateWord(snapshot.state)}: ${snapshot.slotsOk}/${TOTAL_SLOTS} slots ok, ${snapshot.nodes.length} nodes (${snapshot.target.label} on ${snapshot.target.where})`];
  for (const node of snapshot.nodes) {
    const slots = node.slots.length > 0 ? ` slots ${formatSlotRanges(node.slots, 4)}` : '';
    lines.push(`  ${node.name.padEnd(14)} ${node.role.padEnd(8)} ${node.health.padEnd(8)} ${node.address}${slots}`);
  }
  return [...lines, ...snapshot.problems.map((problem) => `  ! ${problem}`)].join('\n');
}
