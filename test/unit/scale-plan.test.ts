// Planning shape and slot operations, pure: what moves where, what is refused (and why), step order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLI_WORDS } from '../../src/cli/wording';
import { describeError, UserError } from '../../src/core/errors';
import { applyMoves, planBalanceByKeys, planBalanceBySlots } from '../../src/core/scale/plan-moves';
import { planAddReplica, planAddShard, planMoveOperation, planRebalanceOperation, planRemoveReplica, planRemoveShard, planScale } from '../../src/core/scale/plan-operation';
import { checkRange, parseSlotRanges } from '../../src/core/scale/slot-input';
import type { Primary, Topology } from '../../src/core/scale/topology';
import { resolveShard, topologyOf } from '../../src/core/scale/topology';
import type { ClusterSnapshot, NodeSnapshot, SlotRange } from '../../src/shared/snapshot';
import { TOTAL_SLOTS } from '../../src/shared/snapshot';
import { countSlots } from '../../src/core/cluster/slots';

function node(name: string, role: 'primary' | 'replica', slots: SlotRange[] = [], primaryId?: string): NodeSnapshot {
  return { name, id: `${name}-id`.padEnd(40, '0'), role, announcedAddress: `10.0.0.1:${name.length}`, address: '', health: 'online', slots, slotCount: countSlots(slots), flags: [], ...(primaryId ? { primaryId } : {}) };
}

/** The seed's layout: node-0..2 primaries (0-5460, 5461-10922, 10923-16383), node-3..5 their replicas. */
function seed(): Topology {
  const ranges = [{ start: 0, end: 5460 }, { start: 5461, end: 10922 }, { start: 10923, end: 16383 }];
  const primaries = ranges.map((range, index) => node(`valkey-node-${index}`, 'primary', [range]));
  const replicas = [4, 5, 3].map((index, shard) => node(`valkey-node-${index}`, 'replica', [], primaries[shard].id));
  return {
    nodes: [...primaries, ...replicas],
    primaries: primaries.map((primary, shard): Primary => ({ id: primary.id, name: primary.name, announcedAddress: primary.announcedAddress, slots: primary.slots, replicas: [{ id: replicas[shard].id, name: replicas[shard].name, announcedAddress: '' }] })),
  };
}

function refused(work: () => unknown, pattern: RegExp): void {
  assert.throws(work, (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.code === 'invalidRequest' || error.code === 'notReady' || error.code === 'busy', true, error.code);
    assert.match(error.message, pattern);
    return true;
  });
}

function slotsOf(topology: Topology): number[] {
  return topology.primaries.map((primary) => countSlots(primary.slots));
}

test('slot ranges as typed: merged, and bad ones refused with what to write', () => {
  assert.deepEqual(parseSlotRanges('0-99, 100-199 500 7'), [{ start: 0, end: 199 }, { start: 500, end: 500 }]);
  refused(() => parseSlotRanges(''), /^No slots were given\.$/);
  refused(() => parseSlotRanges('  '), /No slots were given/);
  refused(() => parseSlotRanges('100-50'), /The slot range 100-50 is reversed/);
  refused(() => parseSlotRanges('16000-17000'), /goes beyond the slots of a cluster \(0-16383\)/);
  refused(() => parseSlotRanges('abc'), /"abc" is not a slot range/);
  refused(() => parseSlotRanges('99999-1'), /^The slot range 99999-1 goes beyond the slots of a cluster \(0-16383\)\.$/);
  refused(() => parseSlotRanges('5-'), /^The slot range "5-" has no end\.$/);
  refused(() => checkRange({ start: 10, end: 2 }), /reversed/);
  refused(() => checkRange({ start: -1, end: 2 }), /goes beyond/);
});

test('moving a range: from whoever serves it, in one move per source; own shard, replicas and unknown names refused', () => {
  const topology = seed();
  const plan = planMoveOperation(topology, parseSlotRanges('5000-6000'), 'valkey-node-2');
  assert.deepEqual(plan.steps.map((step) => step.kind === 'migrate' ? `${step.move.source}>${step.move.target}:${step.move.slots}` : step.kind), ['valkey-node-0>valkey-node-2:461', 'valkey-node-1>valkey-node-2:540']);
  assert.equal(plan.summary, 'Move 1,001 slots to valkey-node-2\'s shard.');
  // Part of it on the target already: only the rest moves.
  assert.deepEqual(planMoveOperation(topology, parseSlotRanges('5000-6000'), 'valkey-node-1').steps.length, 1);
  refused(() => planMoveOperation(topology, parseSlotRanges('0-100'), 'valkey-node-0'), /valkey-node-0's shard already serves 0-100: there is nothing to move/);
  refused(() => planMoveOperation(topology, parseSlotRanges('0-100'), 'valkey-node-3'), /valkey-node-3 is a replica of valkey-node-2: only a primary can own slots/);
  refused(() => planMoveOperation(topology, parseSlotRanges('0-100'), 'valkey-node-9'), /No node or shard "valkey-node-9"/);
  refused(() => planMoveOperation(topology, parseSlotRanges('0-100'), 'shard 7'), /There is no shard 7: the cluster has 3/);
  assert.equal(resolveShard(topology, '2').name, 'valkey-node-1');
  assert.equal(resolveShard(topology, 'shard 3').name, 'valkey-node-2');
  assert.equal(resolveShard(topology, topology.primaries[0].id.slice(0, 10)).name, 'valkey-node-0');
});

test('balance by slot count: a new shard gets its share from each, and no one else trades', () => {
  const topology = seed();
  const plan = planAddShard(topology, [6, 7]);
  assert.deepEqual(plan.steps.slice(0, 3).map((step) => step.kind), ['createNodes', 'join', 'replicate']);
  assert.deepEqual(plan.steps[0], { kind: 'createNodes', nodes: [{ index: 6, name: 'valkey-node-6' }, { index: 7, name: 'valkey-node-7', primary: 'valkey-node-6' }] });
  const moves = plan.steps.flatMap((step) => (step.kind === 'migrate' ? [step.move] : []));
  assert.ok(moves.every((move) => move.target === 'valkey-node-6'));
  assert.equal(moves.reduce((sum, move) => sum + move.slots, 0), 4096);
  assert.deepEqual(plan.shapeAfter, { shards: 4, replicas: [1, 1, 1, 1] });
  // Each of the three gives from the high end of its slots, so what it keeps stays one range.
  for (const move of moves) assert.equal(move.ranges.length, 1);
  const after = applyMoves({ ...topology, primaries: [...topology.primaries, { id: '', name: 'valkey-node-6', announcedAddress: '', slots: [], replicas: [] }] }, moves);
  assert.deepEqual(slotsOf(after).sort(), [4096, 4096, 4096, 4096]);
});

test('removing a shard spreads its slots over the others; the last shard cannot go', () => {
  const topology = seed();
  const plan = planRemoveShard(topology, 'valkey-node-1', true);
  const moves = plan.steps.flatMap((step) => (step.kind === 'migrate' ? [step.move] : []));
  assert.ok(moves.every((move) => move.source === 'valkey-node-1'));
  assert.deepEqual(moves.map((move) => move.slots), [2731, 2731], 'valkey-node-1\'s 5462 slots split evenly');
  assert.deepEqual(plan.steps.slice(-2), [{ kind: 'forget', nodes: ['valkey-node-1', 'valkey-node-5'] }, { kind: 'removeNodes', nodes: ['valkey-node-1', 'valkey-node-5'], removeVolumes: true }]);
  assert.deepEqual(plan.shapeAfter, { shards: 2, replicas: [1, 1] });
  const one: Topology = { nodes: topology.nodes.slice(0, 1), primaries: [{ ...topology.primaries[0], slots: [{ start: 0, end: TOTAL_SLOTS - 1 }], replicas: [] }] };
  refused(() => planRemoveShard(one, 'valkey-node-0', false), /the last one: a cluster keeps at least one shard/);
});

test('replicas: added to the shard named, removed newest first or by name; a shard without one says so', () => {
  const topology = seed();
  assert.deepEqual(planAddReplica(topology, 'valkey-node-2', [6]).steps, [
    { kind: 'createNodes', nodes: [{ index: 6, name: 'valkey-node-6', primary: 'valkey-node-2' }] },
    { kind: 'join', nodes: ['valkey-node-6'] },
    { kind: 'replicate', replica: 'valkey-node-6', primary: 'valkey-node-2' },
  ]);
  assert.deepEqual(planRemoveReplica(topology, 'valkey-node-4', false).steps[0], { kind: 'forget', nodes: ['valkey-node-4'] });
  assert.match(planRemoveReplica(topology, 'valkey-node-0', false).summary, /Remove valkey-node-4, a replica of valkey-node-0 \(its only one/);
  const bare: Topology = { ...topology, primaries: topology.primaries.map((primary) => ({ ...primary, replicas: [] })) };
  refused(() => planRemoveReplica(bare, 'valkey-node-0', false), /valkey-node-0's shard has no replica to remove/);
});

test('scaling: replicas go first, then shards drain, then new shards fill, then replicas are added', () => {
  const down = planScale(seed(), { shards: 1, replicasPerShard: 0 }, [], true);
  assert.deepEqual(down.steps.map((step) => step.kind), ['forget', 'removeNodes', 'migrate', 'migrate', 'forget', 'removeNodes']);
  assert.deepEqual(down.shapeAfter, { shards: 1, replicas: [0] });
  // The shards on the highest node numbers go; valkey-node-0 keeps everything.
  assert.ok(down.steps.every((step) => step.kind !== 'migrate' || step.move.target === 'valkey-node-0'));
  const up = planScale(seed(), { shards: 3, replicasPerShard: 2 }, [6, 7, 8], false);
  assert.deepEqual(up.steps.map((step) => step.kind), ['createNodes', 'join', 'replicate', 'replicate', 'replicate']);
  assert.deepEqual(up.shapeAfter, { shards: 3, replicas: [2, 2, 2] });
  const same = planScale(seed(), { shards: 3, replicasPerShard: 1 }, [6], false);
  assert.equal(same.steps.length, 0);
  assert.match(same.summary, /has 3 shards × 1 replica already: nothing to change/);
  const wider = planScale(seed(), { shards: 5, replicasPerShard: 1 }, [6, 7, 8, 9], false);
  const moves = wider.steps.flatMap((step) => (step.kind === 'migrate' ? [step.move] : []));
  assert.deepEqual([...new Set(moves.map((move) => move.target))].sort(), ['valkey-node-6', 'valkey-node-8']);
  // Five shards of 3276 or 3277 slots: the three old ones keep 3277 each.
  assert.equal(moves.reduce((sum, move) => sum + move.slots, 0), 16384 - 3 * 3277);
  assert.deepEqual(slotsOf(applyMoves({ ...seed(), primaries: [...seed().primaries, ...['valkey-node-6', 'valkey-node-8'].map((name) => ({ id: '', name, announcedAddress: '', slots: [], replicas: [] }))] }, moves)).sort(), [3276, 3277, 3277, 3277, 3277]);
});

test('rebalance by slots evens counts within one; by keys evens keys, never taking a primary\'s last slot', () => {
  const lopsided: Topology = { ...seed(), primaries: seed().primaries.map((primary, index) => ({ ...primary, slots: [[{ start: 0, end: 9999 }], [{ start: 10000, end: 15999 }], [{ start: 16000, end: 16383 }]][index] })) };
  const bySlots = planBalanceBySlots(lopsided);
  assert.deepEqual(slotsOf(applyMoves(lopsided, bySlots)).sort(), [5461, 5461, 5462]);
  assert.equal(planRebalanceOperation(seed(), 'slots').steps.length, 0, 'the seed is balanced already');
  const keys = new Array<number>(TOTAL_SLOTS).fill(0);
  for (let slot = 0; slot < 5461; slot++) keys[slot] = 10; // shard 1 holds everything
  const byKeys = planBalanceByKeys(seed(), keys);
  const after = applyMoves(seed(), byKeys);
  const perPrimary = after.primaries.map((primary) => primary.slots.reduce((sum, range) => { for (let slot = range.start; slot <= range.end; slot++) sum += keys[slot]; return sum; }, 0));
  const average = 54610 / 3;
  assert.ok(perPrimary.every((count) => Math.abs(count - average) <= average * 0.05 + 10), perPrimary.join());
  assert.ok(after.primaries.every((primary) => countSlots(primary.slots) > 0));
  assert.equal(planRebalanceOperation(seed(), 'keys', new Array<number>(TOTAL_SLOTS).fill(0)).summary, 'The cluster holds no keys, so there is nothing to balance by keys.');
});

test('a cluster that is not ok, or a standalone server, is refused before anything is planned', () => {
  const snapshot = { target: { id: 'x', kind: 'connection', label: 'demo', where: '', readOnly: false }, mode: 'cluster', state: 'fail', slotsOk: 10, slotsAssigned: 16384, shards: [], nodes: [], takenAt: 0, problems: ['valkey-node-0 does not answer'] } as ClusterSnapshot;
  refused(() => topologyOf(snapshot), /The cluster is failing, not ok/);
  refused(() => topologyOf({ ...snapshot, mode: 'standalone', state: 'ok' }), /demo is a standalone server/);
});

test('a local cluster that is not there or stopped is named, with nothing changed and how to start it', () => {
  const snapshot = { target: { id: 'local', kind: 'local', label: 'Local cluster (demo)', where: '', readOnly: false }, mode: 'cluster', state: 'absent', slotsOk: 0, slotsAssigned: 0, shards: [], nodes: [], takenAt: 0, problems: [] } as ClusterSnapshot;
  const said = (state: ClusterSnapshot['state']) => {
    try {
      topologyOf({ ...snapshot, state });
    } catch (error) {
      assert.ok(error instanceof UserError);
      return describeError(error, CLI_WORDS);
    }
    return 'accepted';
  };
  assert.equal(said('absent'), 'Local cluster (demo) is not created: there are no running shards to change, so nothing was changed. Start it with `valkey-cluster up` first.');
  assert.equal(said('stopped'), 'Local cluster (demo) is stopped: there are no running shards to change, so nothing was changed. Start it with `valkey-cluster up` first.');
  assert.match(said('noEngine'), /^The cluster is out of reach \(its Docker engine does not answer\), not ok/);
});
