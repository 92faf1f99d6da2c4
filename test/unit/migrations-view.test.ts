// What the views learn about slot migrations and slot load: from GETSLOTMIGRATIONS replies as Valkey 9.1.2 sends
// them, open slots on CLUSTER NODES lines, and SLOT-STATS; and how they read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSnapshot } from '../../src/core/cluster/build-snapshot';
import { openSlots, ownOpenSlots, parseSlotMigrations } from '../../src/core/cluster/parse-migrations';
import { parseOwnMoves } from '../../src/core/keys/scan-topology';
import { parseSlotStats } from '../../src/core/cluster/parse-slot-stats';
import { migrationProgress, migrationRoute, describeChange } from '../../src/shared/present';
import { diffSnapshots } from '../../src/shared/snapshot-diff';
import { heatColumns, heatLevel, dragRange } from '../../media/topology/slot-heat';
import { fixtureInput, FIXTURE_TAKEN_AT } from './generate-topology';

const SOURCE = '28c562166799cc1e2f65d0a569850f02f1a7f7ae';
const TARGET = '5520bbc428ee01e37b14b3d1b31e6d2a72cb9d3a';

/** A GETSLOTMIGRATIONS entry as 9.1.2 replies over RESP2 (recorded shape). */
function job(operation: 'EXPORT' | 'IMPORT', state: string, updated: number, message = '', name = '5f6d55213a5105009fe55abefa762fd804b2dee8'): unknown[] {
  return ['name', name, 'operation', operation, 'slot_ranges', '0-2000 3000-3001', 'target_node', TARGET, 'source_node', SOURCE,
    'create_time', updated - 2, 'last_update_time', updated, 'last_ack_time', updated, 'state', state, 'message', message, 'cow_size', 0, 'remaining_repl_size', 4096];
}

test('GETSLOTMIGRATIONS entries are read field by field; malformed ones are left out', () => {
  const [parsed] = parseSlotMigrations([job('EXPORT', 'replicating', 1000), ['name'], 'junk']);
  assert.deepEqual(parsed, {
    name: '5f6d55213a5105009fe55abefa762fd804b2dee8', operation: 'export', ranges: [{ start: 0, end: 2000 }, { start: 3000, end: 3001 }],
    sourceId: SOURCE, targetId: TARGET, createTime: 998, lastUpdateTime: 1000, state: 'replicating', message: '', remainingBytes: 4096,
  });
  assert.equal(parseSlotMigrations([job('EXPORT', 'failed', 1), ['name']]).length, 1);
  assert.deepEqual(parseSlotMigrations('ERR unknown subcommand'), []);
  assert.deepEqual(openSlots(['0-5460', `[93->-${TARGET}]`, `[94-<-${SOURCE}]`]), [
    { slot: 93, direction: 'migrating', peerId: TARGET }, { slot: 94, direction: 'importing', peerId: SOURCE }]);
});

test('the snapshot lists running and recent migrations by node name, the source\'s record first', () => {
  const input = fixtureInput('healthy');
  const ids = new Map(input.nodes.map((node) => [node.name, /^(\w+) \S+ myself/m.exec(node.clusterNodes ?? '')?.[1] ?? '']));
  const [sourceId, targetId] = [ids.get('valkey-node-0')!, ids.get('valkey-node-1')!];
  const now = Math.floor(FIXTURE_TAKEN_AT / 1000);
  const withIds = (entry: unknown[]) => entry.map((value) => (value === SOURCE ? sourceId : value === TARGET ? targetId : value));
  const nodes = input.nodes.map((node) => {
    if (node.name === 'valkey-node-0') return { ...node, slotMigrations: [withIds(job('EXPORT', 'snapshotting', now)), withIds(job('EXPORT', 'success', now - 3600, '', 'b'.repeat(40)))] };
    if (node.name === 'valkey-node-1') return { ...node, slotMigrations: [withIds(job('IMPORT', 'receiving-snapshot', now)), withIds(job('IMPORT', 'failed', now - 60, 'Connection lost to source.', 'c'.repeat(40)))] };
    if (node.name === 'valkey-node-2') return { ...node, clusterNodes: (node.clusterNodes ?? '').replace(/^(.* myself,master .*)$/m, `$1 [7000->-${targetId}]`) };
    return node;
  });
  const snapshot = buildSnapshot({ ...input, nodes });
  const migrations = snapshot.migrations ?? [];
  assert.deepEqual(migrations.map((migration) => `${migrationRoute(migration)} · ${migrationProgress(migration)}`), [
    'slots 7000: valkey-node-2 → valkey-node-1 · moving key by key (1 slot open)',
    'slots 0-2000, 3000-3001: valkey-node-0 → valkey-node-1 · copying a snapshot (step 2 of 5), 4.0 KiB to stream',
    'slots 0-2000, 3000-3001: valkey-node-0 → valkey-node-1 · failed: Connection lost to source.',
  ], 'the success of an hour ago is no longer shown');
  assert.deepEqual(buildSnapshot(input).migrations, undefined, 'nothing reported, nothing listed');
  const ended = { ...snapshot, migrations: [{ ...migrations[1], state: 'success', outcome: 'succeeded' as const }] };
  assert.deepEqual(diffSnapshots(snapshot, ended).map(describeChange), ['slots 0-2000, 3000-3001: valkey-node-0 → valkey-node-1 moved']);
  assert.deepEqual(diffSnapshots(ended, ended), []);
});

test('SLOT-STATS: keys always, CPU only when the servers count it; the heat bar takes the hottest slot per column', () => {
  assert.deepEqual(parseSlotStats([[0, ['key-count', 9]], [1, ['key-count', 13, 'cpu-usec', 40]], ['x', []]]), [{ slot: 0, keys: 9 }, { slot: 1, keys: 13, cpuUsec: 40 }]);
  const input = fixtureInput('healthy');
  const snapshot = buildSnapshot({ ...input, nodes: input.nodes.map((node) => (node.name === 'valkey-node-0' ? { ...node, slotStats: [[5, ['key-count', 7]]] } : node)) });
  assert.equal(snapshot.slotStats?.keys[5], 7);
  assert.equal(snapshot.slotStats?.keys.length, 16384);
  assert.equal(snapshot.slotStats?.cpuUsec, undefined);
  const values = new Array<number>(16384).fill(0);
  values[100] = 50;
  values[16000] = 200;
  const columns = heatColumns(values, 16);
  assert.deepEqual(columns.map((value, index) => (value > 0 ? index : -1)).filter((index) => index >= 0), [0, 15]);
  assert.equal(heatLevel(200, 200), 1);
  assert.equal(heatLevel(50, 200), 0.5);
  assert.deepEqual(dragRange(160, 40, 160), { start: 4096, end: 16383 });
});

test("one parser reads a node's own line for its open slots: the snapshot's migrations and the key scanner's moves agree", () => {
  const nodes = [
    `${SOURCE} 172.19.0.61:6380@16380 master - 0 0 2 connected 5461-10922`,
    `${TARGET} 172.19.0.60:6379@16379 myself,master - 0 0 1 connected 0-5460 [93->-${SOURCE}] [7000-<-${SOURCE}]`,
  ].join('\n');
  assert.deepEqual(ownOpenSlots(nodes), { id: TARGET, open: [
    { slot: 93, direction: 'migrating', peerId: SOURCE }, { slot: 7000, direction: 'importing', peerId: SOURCE }] });
  assert.deepEqual(parseOwnMoves(nodes), [{ slot: 93, from: TARGET, to: SOURCE }, { slot: 7000, from: SOURCE, to: TARGET }]);
  assert.equal(ownOpenSlots(`${SOURCE} 172.19.0.61:6380@16380 master - 0 0 2 connected`), undefined);
});
