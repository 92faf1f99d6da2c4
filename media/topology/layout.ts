// Snapshot → view model for the topology webview. Pure functions, no DOM: node tests and the benchmark use them.
import * as l10n from '@vscode/l10n';
import { TOTAL_SLOTS } from '../../src/shared/snapshot';
import type { ClusterSnapshot, NodeSnapshot, ShardSnapshot } from '../../src/shared/snapshot';
import { compareNodes, compareShards } from '../../src/shared/order';
import { SHARD_COLOR_VARIABLES } from './palette';

/** Owner index of slots no shard serves. */
export const UNASSIGNED = -1;

export interface ShardView {
  /** Position in display order; also the owner index used by slot segments. */
  readonly index: number;
  readonly colorIndex: number;
  readonly label: string;
  readonly shard: ShardSnapshot;
  /** Primary first, then replicas by name. */
  readonly members: readonly NodeSnapshot[];
}

/** Inclusive slot range owned by one shard (or by nobody: `owner` is UNASSIGNED). */
export interface SlotSegment {
  readonly start: number;
  readonly end: number;
  readonly owner: number;
}

/** Horizontal run of pixel columns of the slot bar drawn in one owner's colour. */
export interface BarSegment {
  readonly x: number;
  readonly width: number;
  readonly owner: number;
}

export interface TopologyView {
  readonly shards: readonly ShardView[];
  /** Nodes that belong to no shard (blank, unreachable or never joined). */
  readonly unassignedNodes: readonly NodeSnapshot[];
  /** Contiguous, ascending, covering 0..TOTAL_SLOTS-1 exactly. */
  readonly slotSegments: readonly SlotSegment[];
}

/** Orders with the shared comparators, so a snapshot from any source reads the same as the builder lists it. */
export function buildTopologyView(snapshot: ClusterSnapshot): TopologyView {
  const shards = [...snapshot.shards].sort(compareShards).map((shard, index): ShardView => {
    const replicas = [...shard.replicas].sort(compareNodes);
    return {
      index,
      colorIndex: index % SHARD_COLOR_VARIABLES.length,
      label: l10n.t('Shard {0}', index + 1),
      shard,
      members: shard.primary ? [shard.primary, ...replicas] : replicas,
    };
  });
  const inShard = new Set(shards.flatMap((view) => view.members.map((node) => node.name)));
  return {
    shards,
    unassignedNodes: snapshot.nodes.filter((node) => !inShard.has(node.name)),
    slotSegments: slotSegments(shards),
  };
}

/** Every slot exactly once, in order, with its owner. Overlapping claims (inconsistent data mid-migration)
 * go to the claim that starts first. */
export function slotSegments(shards: readonly ShardView[]): SlotSegment[] {
  const claims: SlotSegment[] = [];
  for (const view of shards) {
    for (const range of view.shard.slots) {
      const start = Math.max(0, range.start);
      const end = Math.min(TOTAL_SLOTS - 1, range.end);
      if (start <= end) claims.push({ start, end, owner: view.index });
    }
  }
  claims.sort((a, b) => a.start - b.start || a.owner - b.owner);

  const segments: SlotSegment[] = [];
  const push = (start: number, end: number, owner: number): void => {
    const last = segments[segments.length - 1];
    if (last && last.owner === owner && last.end + 1 === start) segments[segments.length - 1] = { ...last, end };
    else segments.push({ start, end, owner });
  };
  let next = 0;
  for (const claim of claims) {
    if (claim.end < next) continue;
    const start = Math.max(claim.start, next);
    if (start > next) push(next, start - 1, UNASSIGNED);
    push(start, claim.end, claim.owner);
    next = claim.end + 1;
  }
  if (next < TOTAL_SLOTS) push(next, TOTAL_SLOTS - 1, UNASSIGNED);
  return segments;
}

/** Slot bar at `width` pixel columns: each column takes the owner of most of its slots, and neighbouring
 * columns with the same owner merge, so drawing costs at most `width` rectangles however fragmented the
 * slots are. `segments` must be what slotSegments returns. */
export function barSegments(segments: readonly SlotSegment[], width: number): BarSegment[] {
  const columns = Math.floor(width);
  const bar: { x: number; width: number; owner: number }[] = [];
  let first = 0; // first segment that may overlap the current column
  for (let x = 0; x < columns; x++) {
    const low = (x * TOTAL_SLOTS) / columns;
    const high = ((x + 1) * TOTAL_SLOTS) / columns;
    while (first < segments.length && segments[first].end + 1 <= low) first++;
    let owner = UNASSIGNED;
    let best = -1;
    for (let i = first; i < segments.length && segments[i].start < high; i++) {
      const overlap = Math.min(high, segments[i].end + 1) - Math.max(low, segments[i].start);
      if (overlap > best) {
        best = overlap;
        owner = segments[i].owner;
      }
    }
    const last = bar[bar.length - 1];
    if (last && last.owner === owner) last.width++;
    else bar.push({ x, width: 1, owner });
  }
  return bar;
}

/** Slot under pixel offset `x` of a bar `width` pixels wide. */
export function slotAt(x: number, width: number): number {
  if (width <= 0) return 0;
  return Math.min(TOTAL_SLOTS - 1, Math.max(0, Math.floor((x * TOTAL_SLOTS) / width)));
}

/** Segment holding `slot` (binary search over slotSegments' output). */
export function segmentAt(segments: readonly SlotSegment[], slot: number): SlotSegment | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = segments[middle];
    if (slot < segment.start) high = middle - 1;
    else if (slot > segment.end) low = middle + 1;
    else return segment;
  }
  return undefined;
}
