// Tree rows for a node with thousands of slot ranges stay readable: groups of at most 100 ranges.
import assert from 'node:assert/strict';
import { SlotsRow, type TreeRow } from '../../../src/vscode/tree-items';
import { generateLargeSnapshot } from '../../unit/generate-topology';

function label(row: TreeRow): string {
  return typeof row.label === 'string' ? row.label : row.label?.label ?? '';
}

describe('tree rows for fragmented slots', () => {
  it('groups 250 ranges into 3 groups of 100, 100 and 50 ranges, in slot order', () => {
    const primary = generateLargeSnapshot(2, 1, 250).shards[0].primary!;
    assert.equal(primary.slots.length, 250);
    const slots = new SlotsRow(primary);
    assert.equal(label(slots), 'Slots: 250 ranges');
    const groups = slots.children();
    assert.deepEqual(groups.map((group) => group.kind), ['slotGroup', 'slotGroup', 'slotGroup']);
    const ranges = groups.flatMap((group) => (group.kind === 'slotGroup' ? group.children() : []));
    assert.deepEqual(groups.map((group) => (group.kind === 'slotGroup' ? group.children().length : 0)), [100, 100, 50]);
    assert.equal(ranges.length, 250);
    const first = primary.slots[0];
    assert.equal(label(ranges[0]), first.start === first.end ? `${first.start}` : `${first.start}-${first.end}`);
    assert.equal(new Set(ranges.map((row) => row.id)).size, 250, 'every range row has its own id');
  });

  it('lists a few ranges directly', () => {
    const primary = generateLargeSnapshot(2, 1, 5).shards[0].primary!;
    assert.deepEqual(new SlotsRow(primary).children().map((row) => row.kind), ['slotRange', 'slotRange', 'slotRange', 'slotRange', 'slotRange']);
  });
});
