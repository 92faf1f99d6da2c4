import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { layout } from '../../src/core/cluster/layout';
import { parseClusterNodes } from '../../src/core/cluster/parse';

// What valkey-cli 9.1.2 really did, recorded by test/fixtures/layouts/capture.sh (one IP per node) and from the
// bundled compose folder's init container.
const LAYOUTS = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'layouts');
const read = (name: string): string => readFileSync(join(LAYOUTS, name), 'utf8');

interface Observed {
  readonly nodes: readonly string[];
  readonly replicas: number;
  /** Per primary (by input address): its slot ranges and its replicas' addresses, sorted. */
  readonly shards: ReadonlyMap<string, { slots: string; replicas: string[] }>;
  readonly emptyPrimaries: readonly string[];
}

function observed(name: string): Observed {
  const text = read(name);
  const command = /^# valkey-cli --cluster create ((?:\S+ )+)--cluster-replicas (\d+)/.exec(text);
  assert.ok(command, `${name} starts with the valkey-cli command line`);
  const nodes = command[1].trim().split(' ');
  const lines = parseClusterNodes(text.split('\n').filter((line) => !line.startsWith('#')).join('\n'));
  assert.equal(lines.length, nodes.length, `${name}: CLUSTER NODES lists every node`);
  // CLUSTER NODES came from the first node, which reports no address for itself while it has met no other.
  const addressOf = new Map(lines.map((line) => [line.id, line.myself && line.address === '' ? nodes[0] : line.address]));
  assert.deepEqual([...addressOf.values()].sort(), [...nodes].sort(), `${name}: the nodes are the ones given to valkey-cli`);
  const shards = new Map<string, { slots: string; replicas: string[] }>();
  const emptyPrimaries: string[] = [];
  for (const line of lines.filter((entry) => entry.role === 'primary')) {
    if (line.slots.length === 0) emptyPrimaries.push(addressOf.get(line.id)!);
    else shards.set(addressOf.get(line.id)!, { slots: line.slots.map((range) => `${range.start}-${range.end}`).join(','), replicas: [] });
  }
  for (const line of lines.filter((entry) => entry.role === 'replica')) shards.get(addressOf.get(line.primaryId!)!)!.replicas.push(addressOf.get(line.id)!);
  for (const shard of shards.values()) shard.replicas.sort();
  return { nodes, replicas: Number(command[2]), shards, emptyPrimaries };
}

const captures = readdirSync(LAYOUTS).filter((name) => /nodes-\d+-replicas\.txt$/.test(name));

test('the recorded captures cover 3×1 from the bundled compose folder and other shapes', () => {
  assert.ok(captures.includes('bundled-compose-6-nodes-1-replicas.txt'));
  for (const shape of ['6-nodes-1', '9-nodes-2', '8-nodes-1', '7-nodes-1', '10-nodes-2', '5-nodes-0', '4-nodes-1', '1-nodes-0', '6-nodes-3']) {
    assert.ok(captures.includes(`${shape}-replicas.txt`), shape);
  }
});

for (const name of captures) {
  test(`layout() equals what valkey-cli produced: ${name}`, () => {
    const real = observed(name);
    const computed = layout(real.nodes, real.replicas);
    const shards = new Map(computed.shards.map((shard) => [shard.primary, { slots: `${shard.slots.start}-${shard.slots.end}`, replicas: [...shard.replicas].sort() }]));
    assert.deepEqual(shards, real.shards);
    assert.deepEqual([...computed.emptyPrimaries], real.emptyPrimaries);
  });
}

test('the bundled 3×1 cluster: node-0..2 primaries, node-3 follows node-2, node-4 node-0, node-5 node-1', () => {
  const names = ['valkey-node-0', 'valkey-node-1', 'valkey-node-2', 'valkey-node-3', 'valkey-node-4', 'valkey-node-5'];
  assert.deepEqual(layout(names, 1), {
    shards: [
      { primary: 'valkey-node-0', slots: { start: 0, end: 5460 }, replicas: ['valkey-node-4'] },
      { primary: 'valkey-node-1', slots: { start: 5461, end: 10922 }, replicas: ['valkey-node-5'] },
      { primary: 'valkey-node-2', slots: { start: 10923, end: 16383 }, replicas: ['valkey-node-3'] },
    ],
    emptyPrimaries: [],
  });
});

for (const name of readdirSync(LAYOUTS).filter((entry) => /^slots-\d+-primaries\.txt$/.test(entry))) {
  test(`slot ranges equal valkey-cli's single-precision allocation: ${name}`, () => {
    const printed = read(name).trim().split('\n').map((line) => {
      const match = /^Primary\[(\d+)\] -> Slots (\d+) - (\d+)$/.exec(line);
      assert.ok(match, line);
      return { start: Number(match[2]), end: Number(match[3]) };
    });
    const count = Number(/^slots-(\d+)-/.exec(name)![1]);
    assert.equal(printed.length, count);
    const nodes = Array.from({ length: count }, (_, index) => index);
    assert.deepEqual(layout(nodes, 0).shards.map((shard) => shard.slots), printed);
  });
}

test('every shape N×R splits the 16384 slots into N contiguous ranges and uses every node once', () => {
  for (let shards = 1; shards <= 40; shards++) {
    for (let replicas = 0; replicas <= 4; replicas++) {
      const nodes = Array.from({ length: shards * (replicas + 1) }, (_, index) => index);
      const result = layout(nodes, replicas);
      assert.equal(result.shards.length, shards);
      assert.equal(result.shards[0].slots.start, 0);
      assert.equal(result.shards[shards - 1].slots.end, 16383);
      result.shards.forEach((shard, index) => {
        assert.ok(shard.slots.end >= shard.slots.start);
        if (index > 0) assert.equal(shard.slots.start, result.shards[index - 1].slots.end + 1);
        assert.equal(shard.replicas.length, replicas);
      });
      const used = result.shards.flatMap((shard) => [shard.primary, ...shard.replicas]).sort((a, b) => a - b);
      assert.deepEqual(used, nodes);
      assert.deepEqual(result.emptyPrimaries, []);
    }
  }
});

test('a list that holds no primary, or a replica count that is not a whole number, is refused', () => {
  assert.throws(() => layout(['a'], 1), /1 node\(s\) cannot hold one primary with 1 replica/);
  assert.throws(() => layout([], 0), /0 node\(s\)/);
  assert.throws(() => layout(['a', 'b'], -1), /whole number/);
  assert.throws(() => layout(['a', 'b'], 0.5), /whole number/);
});
