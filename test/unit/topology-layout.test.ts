import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSnapshot, NodeSnapshot, ShardSnapshot, SlotRange } from '../../src/shared/snapshot';
import { TOTAL_SLOTS } from '../../src/shared/snapshot';
import {
  UNASSIGNED,
  barSegments,
  buildTopologyView,
  segmentAt,
  slotAt,
} from '../../media/topology/layout';
import type { SlotSegment, TopologyView } from '../../media/topology/layout';
import { formatSlotRanges } from '../../src/shared/present';
import { TEST_TARGET, generateLargeSnapshot } from './generate-topology';

function node(name: string, role: 'primary' | 'replica', slots: readonly SlotRange[] = []): NodeSnapshot {
  return {
    name,
    id: `${name}-id`,
    role,
    announcedAddress: `172.19.0.1:${6379}`,
    address: '127.0.0.1:6379',
    health: 'online',
    containerState: 'running',
    slots,
    slotCount: slots.reduce((sum, range) => sum + range.end - range.start + 1, 0),
    flags: [role === 'primary' ? 'master' : 'slave'],
  };
}

function shard(primary: NodeSnapshot, replicas: NodeSnapshot[]): ShardSnapshot {
  return { id: primary.id, primary, replicas, slots: primary.slots, slotCount: primary.slotCount };
}

function snapshotOf(shards: ShardSnapshot[], extraNodes: NodeSnapshot[] = []): ClusterSnapshot {
  const nodes = [...shards.flatMap((s) => (s.primary ? [s.primary, ...s.replicas] : s.replicas)), ...extraNodes];
  return {
    target: TEST_TARGET,
    mode: 'cluster',
    state: 'ok',
    slotsOk: TOTAL_SLOTS,
    slotsAssigned: TOTAL_SLOTS,
    shards,
    nodes: nodes.sort((a, b) => a.name.localeCompare(b.name)),
    takenAt: 0,
    problems: [],
  };
}

/** The usual 6-node cluster, with the shards listed in an order other than slot order. */
function threeShards(): ClusterSnapshot {
  return snapshotOf([
    shard(node('valkey-node-1', 'primary', [{ start: 5461, end: 10922 }]), [node('valkey-node-4', 'replica')]),
    shard(node('valkey-node-2', 'primary', [{ start: 10923, end: 16383 }]), [node('valkey-node-5', 'replica')]),
    shard(node('valkey-node-0', 'primary', [{ start: 0, end: 5460 }]), [node('valkey-node-3', 'replica')]),
  ]);
}

function colorsByNode(view: TopologyView): Map<string, number> {
  return new Map(view.shards.flatMap((s) => s.members.map((member) => [member.name, s.colorIndex] as const)));
}

test('shards are shown in slot order with primary first', () => {
  const view = buildTopologyView(threeShards());
  assert.deepEqual(
    view.shards.map((s) => [s.label, s.colorIndex, s.members.map((member) => member.name)]),
    [
      ['Shard 1', 0, ['valkey-node-0', 'valkey-node-3']],
      ['Shard 2', 1, ['valkey-node-1', 'valkey-node-4']],
      ['Shard 3', 2, ['valkey-node-2', 'valkey-node-5']],
    ],
  );
  assert.deepEqual(view.unassignedNodes, []);
});

test('a shard keeps its label and colour across a failover and a reordered snapshot', () => {
  const before = buildTopologyView(threeShards());
  const promoted = { ...node('valkey-node-4', 'primary', [{ start: 5461, end: 10922 }]) };
  const demoted = { ...node('valkey-node-1', 'replica'), health: 'failed' as const };
  const after = buildTopologyView(
    snapshotOf([
      shard(node('valkey-node-2', 'primary', [{ start: 10923, end: 16383 }]), [node('valkey-node-5', 'replica')]),
      shard(promoted, [demoted]),
      shard(node('valkey-node-0', 'primary', [{ start: 0, end: 5460 }]), [node('valkey-node-3', 'replica')]),
    ]),
  );
  assert.deepEqual(colorsByNode(after), colorsByNode(before));
  assert.equal(after.shards[1].label, 'Shard 2');
  assert.deepEqual(after.shards[1].members.map((member) => member.name), ['valkey-node-4', 'valkey-node-1']);
});

test('nodes in no shard are listed apart', () => {
  const blank = node('valkey-node-6', 'primary');
  const view = buildTopologyView(snapshotOf([...threeShards().shards], [blank]));
  assert.deepEqual(view.unassignedNodes.map((n) => n.name), ['valkey-node-6']);
});

test('slot segments of a 3-shard cluster cover every slot with its owner', () => {
  assert.deepEqual(buildTopologyView(threeShards()).slotSegments, [
    { start: 0, end: 5460, owner: 0 },
    { start: 5461, end: 10922, owner: 1 },
    { start: 10923, end: 16383, owner: 2 },
  ]);
});

test('slot segments merge adjacent ranges of one shard and mark gaps as unassigned', () => {
  const view = buildTopologyView(
    snapshotOf([
      shard(node('a', 'primary', [{ start: 0, end: 99 }, { start: 100, end: 199 }]), []),
      shard(node('b', 'primary', [{ start: 300, end: 16000 }]), []),
    ]),
  );
  assert.deepEqual(view.slotSegments, [
    { start: 0, end: 199, owner: 0 },
    { start: 200, end: 299, owner: UNASSIGNED },
    { start: 300, end: 16000, owner: 1 },
    { start: 16001, end: 16383, owner: UNASSIGNED },
  ]);
});

test('an overlapping claim does not assign a slot twice', () => {
  const view = buildTopologyView(
    snapshotOf([
      shard(node('a', 'primary', [{ start: 0, end: 9000 }]), []),
      shard(node('b', 'primary', [{ start: 8000, end: 16383 }]), []),
    ]),
  );
  assert.deepEqual(view.slotSegments, [
    { start: 0, end: 9000, owner: 0 },
    { start: 9001, end: 16383, owner: 1 },
  ]);
});

test('bar columns take the owner of most of their slots and merge', () => {
  const segments = buildTopologyView(threeShards()).slotSegments;
  // 4 columns of 4096 slots: columns 1 and 2 are mostly shard 2.
  assert.deepEqual(barSegments(segments, 4), [
    { x: 0, width: 1, owner: 0 },
    { x: 1, width: 2, owner: 1 },
    { x: 3, width: 1, owner: 2 },
  ]);
  assert.deepEqual(barSegments(segments, 0), []);
});

function assertTilesWidth(bar: ReturnType<typeof barSegments>, width: number, shardCount: number): void {
  let x = 0;
  bar.forEach((segment, index) => {
    assert.equal(segment.x, x);
    assert.ok(segment.width >= 1);
    assert.ok(segment.owner >= UNASSIGNED && segment.owner < shardCount);
    if (index > 0) assert.notEqual(segment.owner, bar[index - 1].owner);
    x += segment.width;
  });
  assert.equal(x, width);
}

test('a fragmented 100-shard cluster draws at most one rectangle per pixel column', () => {
  const view = buildTopologyView(generateLargeSnapshot(100, 2, 50));
  assert.equal(view.shards.length, 100);
  assertCoversAllSlots(view.slotSegments);
  for (const width of [1, 37, 800, 1920, 20000]) {
    const bar = barSegments(view.slotSegments, width);
    assert.ok(bar.length <= width, `${bar.length} segments for ${width} columns`);
    assertTilesWidth(bar, width, 100);
  }
  // Wider than the slot count, every slot run gets its own rectangle(s): as many as there are segments.
  assert.equal(barSegments(view.slotSegments, TOTAL_SLOTS).length, view.slotSegments.length);
});

function assertCoversAllSlots(segments: readonly SlotSegment[]): void {
  let next = 0;
  for (const segment of segments) {
    assert.equal(segment.start, next);
    assert.ok(segment.end >= segment.start);
    next = segment.end + 1;
  }
  assert.equal(next, TOTAL_SLOTS);
}

test('a pointer position maps to its slot and owning segment', () => {
  const segments = buildTopologyView(threeShards()).slotSegments;
  assert.equal(slotAt(0, 100), 0);
  assert.equal(slotAt(50, 100), 8192);
  assert.equal(slotAt(99.999, 100), 16383);
  assert.equal(slotAt(99.99, 100), 16382);
  assert.equal(slotAt(150, 100), 16383);
  assert.equal(slotAt(-3, 100), 0);
  assert.deepEqual(segmentAt(segments, 5460), { start: 0, end: 5460, owner: 0 });
  assert.deepEqual(segmentAt(segments, 5461), { start: 5461, end: 10922, owner: 1 });
  assert.deepEqual(segmentAt(segments, 16383), { start: 10923, end: 16383, owner: 2 });
  assert.equal(segmentAt(segments, 16384), undefined);
});

test('slot range summaries stay short (the shared presenter the webview uses)', () => {
  assert.equal(formatSlotRanges([], 3), '');
  assert.equal(formatSlotRanges([{ start: 0, end: 5460 }], 3), '0-5460');
  assert.equal(formatSlotRanges([{ start: 7, end: 7 }], 3), '7');
  const many = Array.from({ length: 50 }, (_, i) => ({ start: i * 300, end: i * 300 + 99 }));
  assert.equal(formatSlotRanges(many, 3), '0-99, 300-399, 600-699 … (+47 more ranges)');
});
