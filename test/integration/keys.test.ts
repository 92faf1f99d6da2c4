// The key browser against a real 6-node cluster: whole-cluster listing (every type, binary names, filters, counts
// against DBSIZE), paged values (a 1M-member set, a 10 MB string), keys expiring while listed, a failover and a
// hand-made slot migration during a scan (no key lost, none twice), every edit byte-exact, and bad input refused
// with nothing changed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Cluster } from 'iovalkey';
import { connectCluster, withNode } from '../../src/core/client/connect';
import { failoverTo } from '../../src/core/cluster/failover';
import { keySlot } from '../../src/core/cluster/slots';
import { isUserError } from '../../src/core/errors';
import { countMatching, deleteMatching } from '../../src/core/keys/bulk';
import { KeyClient } from '../../src/core/keys/key-client';
import { KeyDocument } from '../../src/core/keys/key-document';
import { KeyEdits } from '../../src/core/keys/key-edits';
import { describeKeys, memoryUsage } from '../../src/core/keys/key-details';
import { keySpaceOf, type KeySpace } from '../../src/core/keys/key-space';
import { decodeValue } from '../../src/core/keys/key-text';
import { INLINE_LIMIT, readPage } from '../../src/core/keys/key-values';
import { KeyListing } from '../../src/core/keys/listing';
import { cursorSlot } from '../../src/core/keys/scan-cursor';
import { type FoundKey, KeyScan, type ScanOptions } from '../../src/core/keys/scanner';
import { generatePassword } from '../../src/core/secrets';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import type { DocumentView, RowView } from '../../src/shared/keys-protocol';
import { testSetup } from './harness';

const PASSWORD = generatePassword();
const setup = testSetup({ projectName: 'valkey-keys', basePort: 8579, exporterPort: 9021, enableExporter: false }, PASSWORD);
const { engine, reach } = setup;

let cluster: Cluster;
let client: KeyClient;
let space: KeySpace;

function snapshot(): Promise<ClusterSnapshot> {
  return setup.collector.collect();
}

/** A fresh space and client from the cluster as it is now (after a failover the primaries differ). */
async function refreshSpace(): Promise<void> {
  space = keySpaceOf(await snapshot(), setup.hub);
  client = new KeyClient(space);
}

const id = (key: Buffer) => key.toString('latin1');
const ids = (keys: readonly { key: Buffer }[]) => keys.map((entry) => id(entry.key));

/** Everything a listing hands out, page by page; fails on a key handed out twice. */
async function listAll(options: ScanOptions, pageSize = 100, between?: (page: number, scan: KeyScan) => Promise<void>): Promise<{ keys: FoundKey[]; scan: KeyScan }> {
  const scan = await KeyScan.start(client, { remember: true, ...options });
  const keys: FoundKey[] = [];
  for (let page = 0; !scan.done; page++) {
    keys.push(...(await scan.next(pageSize)));
    await between?.(page, scan);
  }
  assert.deepEqual(scan.progress().notes, [], 'the scan has nothing to report as incomplete');
  const seen = new Set<string>();
  for (const key of ids(keys)) {
    assert.ok(!seen.has(key), `${JSON.stringify(key)} was listed twice`);
    seen.add(key);
  }
  return { keys, scan };
}

async function write(commands: (string | Buffer | number)[][]): Promise<void> {
  const chunk = 5000;
  for (let start = 0; start < commands.length; start += chunk) {
    await Promise.all(commands.slice(start, start + chunk).map(([name, ...args]) => cluster.callBuffer(String(name), ...args)));
  }
}

async function flushAll(): Promise<void> {
  await Promise.all(space.primaries().map((primary) => withNode(primary.address, reach, (node) => node.flushall())));
}

async function dbsizeTotal(): Promise<number> {
  const sizes = await Promise.all(space.primaries().map((primary) => withNode(primary.address, reach, (node) => node.dbsize())));
  return sizes.reduce((sum, size) => sum + size, 0);
}

function userError(code: string, message?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(isUserError(error), `expected a UserError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

/** A hash tag whose keys land in `slot`. */
function tagForSlot(slot: number): string {
  for (let index = 0; ; index++) if (keySlot(`t${index}`) === slot) return `t${index}`;
}

before(async () => {
  await engine.down({ removeVolumes: true });
  await engine.up();
  cluster = connectCluster(reach);
  cluster.on('error', () => undefined);
  await cluster.connect();
  await refreshSpace();
});

after(async () => {
  cluster?.disconnect();
  await engine.down({ removeVolumes: true });
});

test('SCAN on a Valkey 9 cluster node walks its slots in order, the cursor naming the slot it continues in', async () => {
  await write(Array.from({ length: 3000 }, (_, index) => ['set', `order:${index}`, 'v']));
  const primary = space.primaries()[0];
  await withNode(primary.address, reach, async (node) => {
    let cursor = '0';
    let lastSlot = -1;
    do {
      const [next, keys] = (await node.call('SCAN', cursor, 'COUNT', '7')) as [string, string[]];
      const slots = keys.map((key) => keySlot(key));
      for (const slot of slots) assert.ok(slot >= lastSlot, `slot ${slot} came after slot ${lastSlot}`);
      if (next !== '0') for (const slot of slots) assert.ok(slot <= cursorSlot(next), `slot ${slot} is beyond the cursor's slot ${cursorSlot(next)}`);
      lastSlot = Math.max(lastSlot, ...slots);
      cursor = next;
    } while (cursor !== '0');
  });
  const clusterscan = await withNode(primary.address, reach, (node) => node.call('COMMAND', 'INFO', 'CLUSTERSCAN')) as unknown[];
  assert.ok(Array.isArray(clusterscan[0]), 'Valkey 9.1 has CLUSTERSCAN (this browser scans per shard with SCAN, which 9.0 has too)');
  await flushAll();
});

const BIN = 'bin:';
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));

test('every key of every type is listed once, with its type, TTL, slot and node, binary names included', async () => {
  const written: Buffer[] = [];
  const commands: (string | Buffer | number)[][] = [];
  for (let byte = 0; byte < 256; byte++) {
    const key = Buffer.concat([Buffer.from(BIN), Buffer.from([byte])]);
    written.push(key);
    commands.push(['set', key, ALL_BYTES]);
  }
  written.push(ALL_BYTES);
  commands.push(['set', ALL_BYTES, 'all bytes in the name']);
  const typed: [string, (string | number)[]][] = [
    ['string', ['set', 'typed:string', 'v']], ['hash', ['hset', 'typed:hash', 'f', 'v']], ['list', ['rpush', 'typed:list', 'a', 'b']],
    ['set', ['sadd', 'typed:set', 'm']], ['zset', ['zadd', 'typed:zset', 1, 'm']], ['stream', ['xadd', 'typed:stream', '*', 'f', 'v']],
  ];
  for (const [, command] of typed) {
    commands.push(command);
    written.push(Buffer.from(String(command[1])));
  }
  for (let index = 0; index < 2000; index++) {
    const key = `many:${index}`;
    commands.push(['set', key, String(index)]);
    written.push(Buffer.from(key));
  }
  commands.push(['set', 'ttl:key', 'x', 'EX', 1000]);
  written.push(Buffer.from('ttl:key'));
  await write(commands);

  const { keys, scan } = await listAll({});
  assert.deepEqual(new Set(ids(keys)), new Set(written.map(id)), 'exactly the keys written');
  const progress = scan.progress();
  assert.equal(progress.done, true);
  assert.equal(progress.dbsize, written.length, 'DBSIZE of all primaries');
  assert.equal(progress.found, written.length, 'found, each once, equals DBSIZE');
  assert.equal(progress.shards.length, 3);
  for (const shard of progress.shards) {
    assert.equal(shard.done, true);
    assert.equal(shard.slotsScanned, shard.slots);
    assert.match(shard.name, /^valkey-node-\d$/);
  }

  const described = await describeKeys(client, keys);
  assert.equal(described.vanished, 0);
  const byName = new Map(described.keys.map((listed) => [id(listed.key), listed]));
  for (const [type, command] of typed) assert.equal(byName.get(String(command[1]))?.type, type);
  assert.equal(byName.get('typed:string')?.ttlMs, -1);
  const ttl = byName.get('ttl:key')?.ttlMs ?? 0;
  assert.ok(ttl > 990_000 && ttl <= 1_000_000, `TTL ${ttl}`);
  const snapshotNow = await snapshot();
  for (const listed of described.keys) {
    assert.equal(listed.slot, keySlot(listed.key));
    const owner = snapshotNow.nodes.find((node) => node.role === 'primary' && node.slots.some((range) => range.start <= listed.slot && listed.slot <= range.end));
    assert.equal(listed.node, owner?.name, `node of ${JSON.stringify(id(listed.key))}`);
  }
  const binary = byName.get(id(Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0x00])));
  assert.equal(binary?.type, 'string', 'a name ending in a zero byte is listed exactly');
});

test('a listing reads pages of the requested size across all shards, and says how far it has come against DBSIZE', async () => {
  const changes: number[] = [];
  const listing = new KeyListing(client, {}, 100, () => changes.push(Date.now()));
  await listing.loadMore();
  let state = listing.state();
  assert.equal(state.keys.length, 100);
  assert.equal(state.progress?.done, false);
  assert.equal(state.progress?.dbsize, await dbsizeTotal());
  assert.equal(new Set(state.keys.map((listed) => listed.node)).size, 3, 'the first page has keys of every shard');
  assert.ok(state.progress.shards.every((shard) => (shard.slotsScanned ?? 0) > 0 && (shard.slotsScanned ?? 0) < shard.slots), 'every shard is part-way');
  await listing.loadMore();
  state = listing.state();
  assert.equal(state.keys.length, 200);
  assert.equal(new Set(state.keys.map((listed) => id(listed.key))).size, 200);
  assert.ok(changes.length > 0, 'the view is told about progress');
  listing.dispose();
});

test('pattern and type filters are passed to SCAN byte-exactly; SCAN accepts any pattern', async () => {
  assert.deepEqual(ids((await listAll({ filter: { pattern: Buffer.from('typed:*') } })).keys).sort(), ['typed:hash', 'typed:list', 'typed:set', 'typed:stream', 'typed:string', 'typed:zset']);
  assert.deepEqual(ids((await listAll({ filter: { pattern: Buffer.from('typed:*'), type: 'zset' } })).keys), ['typed:zset']);
  assert.deepEqual(ids((await listAll({ filter: { type: 'stream' } })).keys), ['typed:stream']);
  const binaryPattern = decodeValue('escaped', '"bin:[\\x00-\\x02]"', 'pattern');
  assert.deepEqual(ids((await listAll({ filter: { pattern: binaryPattern } })).keys).sort(), [0, 1, 2].map((byte) => `${BIN}${String.fromCharCode(byte)}`));
  // There is no malformed pattern: an unclosed [ or a trailing \ is matched the way the server matches it. The count
  // must equal what KEYS (the same matcher, on each primary) says.
  for (const pattern of ['many:1[0-2', 'many:1\\', 'many:[', '*', 'nothing-matches-*']) {
    const counted = await countMatching(client, { pattern: Buffer.from(pattern) });
    const keys = await Promise.all(space.primaries().map((primary) => withNode(primary.address, reach, (node) => node.keys(pattern))));
    assert.equal(counted.found, keys.flat().length, `pattern ${pattern}`);
    assert.equal(counted.done, true);
  }
});

test('values are read in bounded pages: a 1M-member set, a 10 MB string, and each collection type', async () => {
  const members = 1_000_000;
  for (let start = 0; start < members; start += 20_000) {
    await cluster.callBuffer('sadd', 'big:set', ...Array.from({ length: 20_000 }, (_, index) => `member:${start + index}`));
  }
  const document = new KeyDocument(client, Buffer.from('big:set'));
  let view = await document.load();
  assert.equal(view.header.length, members);
  assert.ok(view.rows.length >= 100 && view.rows.length < 1000, `first page has ${view.rows.length} rows`);
  assert.equal(view.more, true);
  const seen = new Set(view.rows.map((row) => (row.kind === 'member' ? row.member.text : '')));
  for (let page = 0; page < 5; page++) {
    const more = await document.more();
    assert.equal(more.kind, 'page');
    if (more.kind === 'page') for (const row of more.rows) seen.add(row.kind === 'member' ? row.member.text : '');
  }
  assert.ok(seen.size >= 500 && seen.size < 5000, `${seen.size} members after 6 pages`);
  assert.equal(document.view().rows.length, seen.size, 'rows are not repeated when SSCAN repeats one');

  const big = Buffer.alloc(10 * 1024 * 1024, 'é'); // 2-byte characters: parts must not split one
  await cluster.set('big:string', big);
  const strings = new KeyDocument(client, Buffer.from('big:string'));
  view = await strings.load();
  assert.equal(view.header.length, big.length);
  assert.equal(view.chunks.length, 1);
  const first = Buffer.from(view.chunks[0].base64, 'base64');
  assert.ok(first.length <= 256 * 1024 && first.length > 250_000);
  assert.equal(view.chunks[0].readable, true, 'a part never ends inside a character');
  const second = await strings.more();
  assert.ok(second.kind === 'page' && second.chunks[0].offset === first.length);
  await assert.rejects(strings.handle({ op: 'setString', value: { format: 'text', text: 'small' } }), userError('tooLarge', /larger than 1048576 bytes/));
  assert.equal(await cluster.strlen('big:string'), big.length, 'the 10 MB value is unchanged');

  const size = 3000;
  await write([['hset', 'page:hash', ...Array.from({ length: size }, (_, index) => [`f${index}`, `v${index}`]).flat()],
    ['rpush', 'page:list', ...Array.from({ length: size }, (_, index) => `e${index}`)],
    ['zadd', 'page:zset', ...Array.from({ length: size }, (_, index) => [index, `m${index}`]).flat()]]);
  await write(Array.from({ length: size }, (_, index) => ['xadd', 'page:stream', '*', 'n', String(index)]));
  for (const [type, key] of [['hash', 'page:hash'], ['list', 'page:list'], ['zset', 'page:zset'], ['stream', 'page:stream']] as const) {
    const rows = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await readPage(client, Buffer.from(key), type, cursor);
      rows.push(...page.rows);
      cursor = page.next;
      pages++;
    } while (cursor !== undefined);
    // HSCAN's COUNT is a hint (pages vary); LRANGE, ZRANGE and XRANGE pages are exactly 100 rows.
    if (type === 'hash') assert.ok(pages >= 2, `${type}: ${pages} pages`);
    else assert.equal(pages, size / 100, `${type}: pages`);
    assert.equal(new Set(rows.map((row) => JSON.stringify(row))).size, size, `${type}: every element seen once`);
    if (type === 'zset') assert.deepEqual(rows.slice(0, 3).map((row) => (row.kind === 'scored' ? row.score : '')), ['0', '1', '2'], 'sorted sets read in score order');
    if (type === 'list') assert.deepEqual(rows.map((row) => (row.kind === 'element' ? row.index : -1)), Array.from({ length: size }, (_, index) => index));
  }
  await cluster.del('big:set');
  await cluster.del('big:string');
});

test('keys expiring while a listing is open are gone when opened, and a listing skips keys that vanished', async () => {
  await write(Array.from({ length: 20 }, (_, index) => ['set', `{expiring}:${index}`, 'v', 'PX', 1500]));
  const listing = new KeyListing(client, { pattern: Buffer.from('{expiring}:*') }, 100, () => undefined);
  await listing.loadMore();
  const listed = listing.state().keys;
  assert.equal(listed.length, 20);
  assert.ok(listed.every((key) => key.ttlMs > 0 && key.ttlMs <= 1500));
  await new Promise((resolve) => setTimeout(resolve, 1700));
  await assert.rejects(new KeyDocument(client, listed[0].key).load(), userError('keyGone', /\{expiring\}:\d+ no longer exists: it expired or was deleted after it was listed/));
  const found = listed.map((key) => ({ key: key.key, slot: key.slot, node: key.node, address: space.primaries()[0].address }));
  const described = await describeKeys(client, found);
  assert.equal(described.keys.length, 0);
  assert.equal(described.vanished, 20);
  listing.dispose();
});

test('every edit changes exactly what it says, byte-exact, binary keys and values included', async () => {
  const edits = new KeyEdits(client);
  const binaryKey = Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0x00]); // "bin:\x00"
  const neighbour = Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0x01]);
  const value = Buffer.concat([ALL_BYTES, Buffer.from('tail')]);
  await edits.setString(binaryKey, value);
  assert.ok((await cluster.getBuffer(binaryKey))?.equals(value));
  await edits.setTtl(binaryKey, 500);
  assert.ok((await cluster.ttl(binaryKey)) > 490);
  await edits.setString(binaryKey, Buffer.from('kept ttl'));
  assert.ok((await cluster.ttl(binaryKey)) > 490, 'setting a string keeps its TTL');
  await edits.persist(binaryKey);
  assert.equal(await cluster.ttl(binaryKey), -1);
  await edits.delete(binaryKey);
  assert.equal(await cluster.exists(binaryKey), 0);
  assert.equal(await cluster.exists(neighbour), 1, 'a key differing in one byte is untouched');
  await assert.rejects(edits.delete(binaryKey), userError('keyGone'));

  const hash = Buffer.from('edit:{h}');
  await cluster.hset(hash, 'a', '1');
  assert.equal(await edits.setField(hash, Buffer.from([0, 0xff]), Buffer.from([1, 2])), true);
  assert.equal(await edits.setField(hash, Buffer.from('a'), Buffer.from('2')), false);
  assert.deepEqual(await cluster.hgetBuffer(hash, Buffer.from([0, 0xff])), Buffer.from([1, 2]));
  await edits.removeField(hash, Buffer.from('a'));
  assert.equal(await cluster.hexists(hash, 'a'), 0);
  await assert.rejects(edits.removeField(hash, Buffer.from('a')), userError('changed'));

  const list = Buffer.from('edit:{l}');
  await cluster.rpush(list, 'x', 'y', 'z');
  await edits.setElement(list, 1, Buffer.from('y'), Buffer.from([0xfe]));
  assert.deepEqual(await cluster.lrangeBuffer(list, 0, -1), [Buffer.from('x'), Buffer.from([0xfe]), Buffer.from('z')]);
  await assert.rejects(edits.setElement(list, 1, Buffer.from('y'), Buffer.from('no')), userError('changed', /changed since it was shown/));
  await edits.removeElement(list, 0, Buffer.from('x'));
  await edits.push(list, Buffer.from('head'), 'head');
  await edits.push(list, Buffer.from('tail'), 'tail');
  assert.deepEqual(await cluster.lrangeBuffer(list, 0, -1), [Buffer.from('head'), Buffer.from([0xfe]), Buffer.from('z'), Buffer.from('tail')]);

  const set = Buffer.from('edit:{s}');
  await cluster.sadd(set, 'm1');
  assert.equal(await edits.addMember(set, Buffer.from('m2')), true);
  await edits.replaceMember(set, 'set', Buffer.from('m1'), Buffer.from([0]));
  assert.deepEqual((await cluster.smembersBuffer(set)).map((member) => member.toString('hex')).sort(), ['00', Buffer.from('m2').toString('hex')].sort());
  await assert.rejects(edits.replaceMember(set, 'set', Buffer.from('m2'), Buffer.from([0])), userError('invalidInput', /already holds that value/));
  await edits.removeMember(set, 'set', Buffer.from('m2'));
  assert.equal(await cluster.scard(set), 1);

  const zset = Buffer.from('edit:{z}');
  await edits.addMember(zset, Buffer.from('a'), '1').catch(() => undefined); // the key does not exist yet
  assert.equal(await cluster.exists(zset), 0, 'an edit never creates a key that is gone');
  await cluster.zadd(zset, 1, 'a');
  assert.equal(await edits.addMember(zset, Buffer.from('b'), '2.5'), true);
  await edits.setScore(zset, Buffer.from('a'), '-inf');
  await edits.replaceMember(zset, 'zset', Buffer.from('b'), Buffer.from('c'));
  assert.deepEqual(await cluster.zrange(zset, 0, -1, 'WITHSCORES'), ['a', '-inf', 'c', '2.5']);
  await edits.removeMember(zset, 'zset', Buffer.from('a'));
  assert.equal(await cluster.zcard(zset), 1);

  const stream = Buffer.from('edit:{x}');
  await cluster.xadd(stream, '*', 'first', '1');
  const entry = await edits.addEntry(stream, [[Buffer.from('f'), Buffer.from([0, 1])], [Buffer.from('g'), Buffer.from('2')]]);
  const entries = (await cluster.xrangeBuffer(stream, entry, entry)) as [Buffer, Buffer[]][];
  assert.deepEqual(entries[0][1], [Buffer.from('f'), Buffer.from([0, 1]), Buffer.from('g'), Buffer.from('2')]);
  await edits.removeEntry(stream, entry);
  assert.equal(await cluster.xlen(stream), 1);

  await edits.rename(Buffer.from('edit:{h}'), Buffer.from('renamed:{h}'));
  assert.equal(await cluster.exists('renamed:{h}'), 1);
  assert.equal(await cluster.exists('edit:{h}'), 0);
});

test('a key editor document applies edits in place and names rows only by the ids it handed out', async () => {
  const key = Buffer.from('doc:{d}');
  await cluster.hset(key, 'one', '1', 'two', '2');
  const document = new KeyDocument(client, key);
  const view: DocumentView = await document.load();
  assert.equal(view.header.type, 'hash');
  const owner = (await snapshot()).nodes.find((node) => node.role === 'primary' && node.slots.some((range) => range.start <= keySlot(key) && keySlot(key) <= range.end));
  assert.equal(view.header.node, owner?.name);
  const one = view.rows.find((row): row is Extract<RowView, { kind: 'field' }> => row.kind === 'field' && row.field.text === 'one')!;
  const edited = await document.handle({ op: 'editRow', row: one.id, value: { format: 'escaped', text: '"\\x00\\x01"' } });
  assert.ok(edited.kind === 'edited' && edited.upsert[0].id === one.id);
  assert.deepEqual(await cluster.hgetBuffer(key, 'one'), Buffer.from([0, 1]));
  const added = await document.handle({ op: 'setField', field: { format: 'hex', text: 'ff00' }, value: { format: 'text', text: 'é' } });
  assert.ok(added.kind === 'edited' && added.header.length === 3);
  assert.deepEqual(await cluster.hgetBuffer(key, Buffer.from([0xff, 0])), Buffer.from('é'));
  const removed = await document.handle({ op: 'removeRow', row: one.id });
  assert.ok(removed.kind === 'edited' && removed.remove[0] === one.id);
  await assert.rejects(document.handle({ op: 'removeRow', row: 9999 }), userError('invalidInput', /no longer shown/));
  await assert.rejects(document.handle({ op: 'setString', value: { format: 'text', text: 'x' } }), userError('wrongType'));
  assert.equal(await cluster.hlen(key), 2, 'nothing changed by the refused requests');
  assert.ok((await memoryUsage(client, key)) > 0);
});

test('bad input is refused with a clear message and nothing changed', async () => {
  const edits = new KeyEdits(client);
  await cluster.set('bad:{b}:string', 'keep');
  await cluster.hset('bad:{b}:hash', 'f', 'keep');
  await assert.rejects(edits.setField(Buffer.from('bad:{b}:string'), Buffer.from('f'), Buffer.from('v')), userError('wrongType', /holds a string, not a hash: nothing was changed/));
  await assert.rejects(edits.setString(Buffer.from('bad:{b}:hash'), Buffer.from('v')), userError('wrongType', /holds a hash, not a string/));
  await assert.rejects(edits.push(Buffer.from('bad:{b}:hash'), Buffer.from('v'), 'tail'), userError('wrongType'));
  await assert.rejects(edits.setString(Buffer.from('bad:{b}:string'), Buffer.alloc(INLINE_LIMIT + 1)), userError('tooLarge', /values up to 1048576 bytes/));
  await assert.rejects(edits.addMember(Buffer.from('bad:{b}:zset'), Buffer.from('m'), 'one'), userError('invalidInput', /not a score/));
  await assert.rejects(edits.setTtl(Buffer.from('bad:{b}:string'), 0), userError('invalidInput', /whole number of seconds/));
  await assert.rejects(edits.rename(Buffer.from('bad:{b}:string'), Buffer.from('elsewhere')), userError('crossSlot', /can only be renamed within its slot \(CROSSSLOT\)/));
  await assert.rejects(edits.rename(Buffer.from('bad:{b}:string'), Buffer.from('bad:{b}:hash')), userError('invalidInput', /already exists/));
  await assert.rejects(edits.rename(Buffer.from('bad:{b}:gone'), Buffer.from('bad:{b}:new')), userError('keyGone'));
  await assert.rejects(edits.setTtl(Buffer.from('bad:{b}:gone'), 10), userError('keyGone'));
  assert.equal(await cluster.get('bad:{b}:string'), 'keep');
  assert.equal(await cluster.ttl('bad:{b}:string'), -1);
  assert.deepEqual(await cluster.hgetall('bad:{b}:hash'), { f: 'keep' });
  assert.equal(await cluster.exists('bad:{b}:zset', 'bad:{b}:new'), 0);
  assert.equal(await cluster.exists('elsewhere'), 0);

  const readOnly = new KeyClient({ ...space, readOnly: true, primaries: () => space.primaries() });
  await assert.rejects(new KeyEdits(readOnly).delete(Buffer.from('bad:{b}:string')), userError('readOnly'));
  await assert.rejects(deleteMatching(readOnly, { pattern: Buffer.from('bad:*') }), userError('readOnly'));
  await assert.rejects(new KeyEdits(readOnly).setString(Buffer.from('bad:{b}:string'), Buffer.from('x')), userError('readOnly'));
  assert.equal(await cluster.get('bad:{b}:string'), 'keep');
  await assert.rejects(deleteMatching(client, {}), userError('invalidInput', /needs a pattern/));
});

test('bulk delete by pattern counts first, then deletes exactly the matching keys', async () => {
  await write(Array.from({ length: 3000 }, (_, index) => ['set', `bulk:${index}`, 'v']));
  await cluster.set('bulkx', 'not matching');
  const counted = await countMatching(client, { pattern: Buffer.from('bulk:*') });
  assert.equal(counted.found, 3000);
  const result = await deleteMatching(client, { pattern: Buffer.from('bulk:*') });
  assert.equal(result.deleted, 3000);
  assert.equal((await countMatching(client, { pattern: Buffer.from('bulk:*') })).found, 0);
  assert.equal(await cluster.exists('bulkx'), 1);
});

const SCAN_KEYS = 20_000;

async function writeScanKeys(prefix: string): Promise<Set<string>> {
  const names = Array.from({ length: SCAN_KEYS }, (_, index) => `${prefix}:${index}`);
  await write(names.map((name) => ['set', name, 'v']));
  return new Set(names);
}

test('a failover during a scan loses no key and lists none twice (listing and count)', async () => {
  await flushAll();
  const expected = await writeScanKeys('fo');
  const before = await snapshot();
  const shard = before.shards.find((candidate) => candidate.slots.some((range) => range.start === 0))!;
  const replica = setup.plan.nodes.find((node) => node.name === shard.replicas[0].name)!;
  let failedOver = false;
  const { keys, scan } = await listAll({ batch: 50 }, 100, async (page) => {
    if (page !== 3) return;
    await failoverTo(replica, setup.hub);
    failedOver = true;
  });
  assert.ok(failedOver, 'the failover happened while the scan was running');
  assert.deepEqual(new Set(ids(keys)), expected);
  assert.equal(scan.progress().found, SCAN_KEYS);
  const after = await snapshot();
  assert.equal(after.nodes.find((node) => node.name === replica.name)?.role, 'primary');
  await refreshSpace();

  // The count of a full pass stays exact through a failover back.
  const back = setup.plan.nodes.find((node) => node.name === shard.primary!.name)!;
  const scanning = await KeyScan.start(client, { batch: 50 });
  let rounds = 0;
  const counted = await scanning.drain(async () => {
    if (++rounds === 3) await failoverTo(back, setup.hub);
  });
  assert.ok(rounds > 3);
  assert.equal(counted.found, SCAN_KEYS);
  await refreshSpace();
});

/** Moves `slot` from its owner to `target` by hand, key by key, the way valkey-cli --cluster reshard does. */
async function migrateSlot(slot: number, targetName: string, options: { keysToMove?: number; finish: boolean }): Promise<{ source: string; target: string }> {
  const now = await snapshot();
  const source = now.nodes.find((node) => node.role === 'primary' && node.slots.some((range) => range.start <= slot && slot <= range.end))!;
  const target = now.nodes.find((node) => node.name === targetName)!;
  const [host, port] = target.announcedAddress.split(':');
  const at = (node: typeof source) => reach.map(node.announcedAddress);
  await withNode(at(target), reach, (node) => node.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', source.id));
  await withNode(at(source), reach, async (node) => {
    await node.call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', target.id);
    const keys = (await node.call('CLUSTER', 'GETKEYSINSLOT', String(slot), String(options.keysToMove ?? 100_000))) as string[];
    if (keys.length > 0) await node.call('MIGRATE', host, port, '', '0', '10000', 'AUTH', PASSWORD, 'KEYS', ...keys);
  });
  if (options.finish) await finishMigration(slot, source.id, target.id);
  return { source: source.id, target: target.id };
}

async function finishMigration(slot: number, sourceId: string, targetId: string): Promise<void> {
  const now = await snapshot();
  const byId = (nodeId: string) => now.nodes.find((node) => node.id === nodeId)!;
  const source = byId(sourceId);
  const [host, port] = byId(targetId).announcedAddress.split(':');
  await withNode(reach.map(source.announcedAddress), reach, async (node) => {
    const keys = (await node.call('CLUSTER', 'GETKEYSINSLOT', String(slot), '100000')) as string[];
    if (keys.length > 0) await node.call('MIGRATE', host, port, '', '0', '10000', 'AUTH', PASSWORD, 'KEYS', ...keys);
  });
  for (const node of now.nodes.filter((candidate) => candidate.role === 'primary')) {
    await withNode(reach.map(node.announcedAddress), reach, (connection) => connection.call('CLUSTER', 'SETSLOT', String(slot), 'NODE', targetId));
  }
}

test('a slot migrated by hand during a scan: its keys are listed once and none is lost', async () => {
  await flushAll();
  const expected = await writeScanKeys('mig');
  // Slot 5000 belongs to the first shard, far ahead of its cursor after a few pages; the second shard's cursor is
  // already past it (its own slots start at 5461). Without a second look, keys moved there would be missed.
  const slot = 5000;
  const tag = tagForSlot(slot);
  const tagged = Array.from({ length: 300 }, (_, index) => `{${tag}}:${index}`);
  await write(tagged.map((name) => ['set', name, 'v']));
  for (const name of tagged) expected.add(name);
  const secondShard = (await snapshot()).shards.find((shard) => shard.slots.some((range) => range.start === 5461))!.primary!.name;
  const { keys, scan } = await listAll({ batch: 10 }, 100, async (page) => {
    if (page === 2) await migrateSlot(slot, secondShard, { finish: true });
  });
  assert.deepEqual(new Set(ids(keys)), expected);
  assert.ok(scan.progress().rescannedSlots >= 1, 'the moved slot was scanned again');
  assert.equal(scan.progress().found, expected.size);

  // A slot left half-way (MIGRATING on one side, IMPORTING on the other) while the scan finishes: keys on both.
  const slot2 = 4000;
  const tag2 = tagForSlot(slot2);
  const tagged2 = Array.from({ length: 300 }, (_, index) => `{${tag2}}:${index}`);
  await write(tagged2.map((name) => ['set', name, 'v']));
  for (const name of tagged2) expected.add(name);
  let moving: { source: string; target: string } | undefined;
  const halfway = await listAll({ batch: 10 }, 100, async (page) => {
    if (page === 2) moving = await migrateSlot(slot2, secondShard, { keysToMove: 150, finish: false });
  });
  assert.deepEqual(new Set(ids(halfway.keys)), expected);
  const counted = await countMatching(client, {}, { batch: 10 });
  assert.equal(counted.found, expected.size, 'a full count sees both halves once');
  await finishMigration(slot2, moving!.source, moving!.target);
});

test('a primary stopped during a scan: its shard is read on from its replica, nothing lost, nothing twice', async () => {
  await flushAll();
  const expected = await writeScanKeys('stop');
  const first = (await snapshot()).shards.find((shard) => shard.slots.some((range) => range.start === 0))!;
  const primary = first.primary!.name;
  let stopped = false;
  try {
    const { keys, scan } = await listAll({ batch: 50 }, 100, async (page) => {
      if (page !== 3) return;
      await engine.stopNode(primary);
      stopped = true;
    });
    assert.ok(stopped);
    assert.deepEqual(new Set(ids(keys)), expected);
    assert.equal(scan.progress().found, SCAN_KEYS);
    assert.equal(scan.progress().shards.every((shard) => shard.done && !shard.error), true);
  } finally {
    await engine.startNode(primary);
  }
});
