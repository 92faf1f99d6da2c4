// The pure parts of the whole-cluster scan: what a SCAN cursor says about slots, which slots changed between two
// looks at the topology, and the moves a node reports in its own CLUSTER NODES line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorSlot, scansBySlot, slotsBefore, slotStartCursor } from '../../src/core/keys/scan-cursor';
import { changedSlots, parseOwnMoves, readableMember, slotStates, type Topology } from '../../src/core/keys/scan-topology';
import { parseInfo } from '../../src/core/cluster/parse';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

test('the low 14 bits of a cluster SCAN cursor are the slot it continues in', () => {
  assert.equal(cursorSlot('0'), 0);
  assert.equal(cursorSlot('507'), 507);
  assert.equal(cursorSlot(String((5n << 14n) | 42n)), 42);
  assert.equal(cursorSlot('18446744073709551615'), 16383, 'a 64-bit cursor does not lose precision');
  assert.equal(slotStartCursor(9000), '9000');
  const owned = [{ start: 0, end: 99 }, { start: 200, end: 299 }];
  assert.equal(slotsBefore(owned, 0), 0);
  assert.equal(slotsBefore(owned, 50), 50);
  assert.equal(slotsBefore(owned, 150), 100);
  assert.equal(slotsBefore(owned, 250), 150);
  assert.equal(slotsBefore(owned, 16384), 200);
});

test('slot positions are trusted from Valkey 8 on only', () => {
  assert.equal(scansBySlot(parseInfo('# Server\r\nredis_version:7.2.4\r\nvalkey_version:9.1.2\r\n')), true);
  assert.equal(scansBySlot(parseInfo('# Server\r\nredis_version:7.2.4\r\nvalkey_version:7.2.5\r\n')), false);
  assert.equal(scansBySlot(parseInfo('# Server\r\nredis_version:7.4.0\r\n')), false);
});

test('a node\'s own line of CLUSTER NODES tells the slots it is moving', () => {
  const nodes = [
    `${A} 172.19.0.60:6379@16379 myself,master - 0 0 1 connected 0-5460 [93->-${B}] [7000-<-${B}]`,
    `${B} 172.19.0.61:6380@16380 master - 0 0 2 connected 5461-10922`,
  ].join('\n');
  assert.deepEqual(parseOwnMoves(nodes), [{ slot: 93, from: A, to: B }, { slot: 7000, from: B, to: A }]);
  assert.deepEqual(parseOwnMoves(`${A} 1.2.3.4:1@2 myself,master - 0 0 1 connected 0-16383`), []);
});

function topology(shards: [string, number, number][], moves: Topology['moves'] = []): Topology {
  return {
    shards: shards.map(([id, start, end]) => ({ id, slots: [{ start, end }], members: [] })),
    moves,
    standalone: false,
  };
}

test('slots changed between two looks: a move under way, a finished move; a failover keeps the shard', () => {
  const before = slotStates(topology([['s1', 0, 5460], ['s2', 5461, 16383]]));
  assert.deepEqual(changedSlots(before, slotStates(topology([['s1', 0, 5460], ['s2', 5461, 16383]]))), [], 'nothing moved (a failover keeps shard ids)');
  assert.deepEqual(changedSlots(before, slotStates(topology([['s1', 0, 5460], ['s2', 5461, 16383]], [{ slot: 93, from: A, to: B }]))), [93]);
  assert.deepEqual(changedSlots(before, slotStates(topology([['s1', 0, 92], ['s2', 93, 93], ['s1', 94, 5460], ['s2', 5461, 16383]]))), [93]);
  assert.deepEqual(changedSlots(before, slotStates(topology([['s1', 0, 5460]]))).length, 16384 - 5461, 'slots no shard serves changed');
});

test('a scan reads from the primary, else from any online member, avoiding the node that failed', () => {
  const member = (id: string, port: number, role: 'primary' | 'replica', online: boolean) => ({ id, announced: `h:${port}`, address: { host: '127.0.0.1', port }, role, online });
  const shard = { id: 's', slots: [], members: [member('p', 1, 'primary', true), member('r', 2, 'replica', true)] };
  assert.equal(readableMember(shard)?.id, 'p');
  assert.equal(readableMember(shard, new Set(['127.0.0.1:1']))?.id, 'r');
  assert.equal(readableMember(shard, new Set(['127.0.0.1:1', '127.0.0.1:2']))?.id, 'p', 'when every member failed, the primary is tried again');
  assert.equal(readableMember({ ...shard, members: [member('p', 1, 'primary', false), member('r', 2, 'replica', true)] })?.id, 'r');
  assert.equal(readableMember({ ...shard, members: [member('p', 1, 'primary', false)] }), undefined);
});
