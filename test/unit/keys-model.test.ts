// Grouping, presentation and edit validation of keys, and the key editor protocol's checks on what a page sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupKeys } from '../../src/core/keys/grouping';
import { checkScore, checkTtlSeconds, crossSlotError } from '../../src/core/keys/key-edits';
import { keySpaceOf } from '../../src/core/keys/key-space';
import { ConnectionHub } from '../../src/core/target/hub';
import { isUserError } from '../../src/core/errors';
import { formatTtl, lengthText, scannedPercent, shardLine } from '../../src/shared/key-present';
import { isKeyHostMessage, MAX_VALUE_CHARS, parseKeyEditorMessage } from '../../src/shared/keys-protocol';
import type { ClusterSnapshot, NodeSnapshot } from '../../src/shared/snapshot';

test('keys group by a delimiter, byte-exact, sorted, counting what is below', () => {
  const keys = ['user:1:name', 'user:1:email', 'user:2', 'plain', 'a\x00:b', 'user:'].map((name) => Buffer.from(name, 'latin1'));
  const root = groupKeys(keys, (key) => key, Buffer.from(':'));
  assert.equal(root.count, 6);
  assert.deepEqual(root.folders.map((folder) => folder.segment.toString('latin1')), ['a\x00', 'user']);
  assert.deepEqual(root.keys.map((entry) => entry.key.toString()), ['plain']);
  const user = root.folders[1];
  assert.equal(user.count, 4);
  assert.equal(user.prefix.toString(), 'user:');
  assert.deepEqual(user.keys.map((entry) => entry.key.toString()), ['user:', 'user:2']);
  assert.deepEqual(user.folders[0].keys.map((entry) => entry.key.toString()), ['user:1:email', 'user:1:name']);
  assert.equal(groupKeys(keys, (key) => key, Buffer.alloc(0)).keys.length, 6, 'no delimiter: one flat folder');
});

test('TTLs, lengths and scan coverage read plainly', () => {
  assert.equal(formatTtl(-1), 'no TTL');
  assert.equal(formatTtl(1), 'TTL 1 s');
  assert.equal(formatTtl(59_500), 'TTL 60 s');
  assert.equal(formatTtl(600_000), 'TTL 10 min');
  assert.equal(formatTtl(3 * 3600_000), 'TTL 3 h');
  assert.equal(formatTtl(5 * 86400_000), 'TTL 5 d');
  assert.equal(lengthText('string', 1), '1 byte');
  assert.equal(lengthText('stream', 2), '2 entries');
  assert.equal(lengthText('hash', 1000), '1,000 fields');
  const shard = { name: 'valkey-node-0', dbsize: 333334, returned: 1200, slotsScanned: 2730, slots: 5461, done: false };
  assert.equal(shardLine(shard), 'valkey-node-0: 49% of 5,461 slots scanned · 1,200 keys returned · DBSIZE 333,334');
  assert.equal(shardLine({ ...shard, done: true, slotsScanned: 5461 }), 'valkey-node-0: all 5461 slots scanned · 1,200 keys returned · DBSIZE 333,334');
  assert.equal(scannedPercent([shard, { ...shard, slotsScanned: 5461 }]), 74);
  assert.equal(scannedPercent([{ ...shard, slotsScanned: undefined }]), undefined);
});

test('edit input is checked before anything is sent', () => {
  assert.equal(checkScore(' 2.5 '), '2.5');
  for (const score of ['1', '-1e3', '+inf', '-INF', '.5', '3.']) assert.equal(checkScore(score), score);
  for (const score of ['', 'one', '1,5', 'NaN', '1e999', '0x10']) {
    assert.throws(() => checkScore(score), (error: unknown) => isUserError(error) && error.code === 'invalidInput', score);
  }
  assert.equal(checkTtlSeconds(60), 60);
  for (const seconds of [0, -1, 1.5, Number.NaN, 1e12]) assert.throws(() => checkTtlSeconds(seconds), /whole number of seconds/);
  const error = crossSlotError(Buffer.from('a'), Buffer.from('b'));
  assert.equal(error.code, 'crossSlot');
  assert.match(error.message, /a is in slot 15495 and b would be in slot 3300/);
  assert.match(error.action ?? '', /\{user:1\}/);
});

test('a key space holds the primaries that serve slots, dialled through the reach', () => {
  const node = (name: string, role: NodeSnapshot['role'], slotCount: number): NodeSnapshot => ({
    name, id: name, role, announcedAddress: `172.19.0.${name.length}:7000`, address: '', health: 'online', slots: [], slotCount, flags: [],
  });
  const snapshot = {
    target: { id: 'local', kind: 'local', label: 'x', where: 'y', readOnly: true },
    nodes: [node('p1', 'primary', 100), node('empty', 'primary', 0), node('r1', 'replica', 0)],
  } as unknown as ClusterSnapshot;
  const reach = { seeds: [], map: () => ({ host: '127.0.0.1', port: 1234 }), credentials: { password: '' } };
  const space = keySpaceOf(snapshot, new ConnectionHub(reach));
  assert.deepEqual(space.primaries().map((primary) => primary.name), ['p1']);
  assert.deepEqual(space.primaries()[0].address, { host: '127.0.0.1', port: 1234 });
  assert.equal(space.readOnly, true);
  assert.equal(space.nameOf?.('172.19.0.2:7000'), 'r1');
});

test('well-formed key editor requests parse to equal, fresh objects', () => {
  const value = { format: 'escaped', text: '"a\\x00"' };
  const requests = [
    { op: 'reload' }, { op: 'more' }, { op: 'setString', value }, { op: 'setField', field: value, value },
    { op: 'editRow', row: 3, value }, { op: 'setScore', row: 0, score: '1.5' }, { op: 'push', value, end: 'head' },
    { op: 'addMember', member: value }, { op: 'addMember', member: value, score: '2' },
    { op: 'addEntry', fields: [{ field: value, value }] }, { op: 'removeRow', row: 7 }, { op: 'copyRow', row: 1 },
    { op: 'command', command: 'delete' }, { op: 'command', command: 'openConsole' },
  ];
  assert.deepEqual(parseKeyEditorMessage({ type: 'ready' }), { type: 'ready' });
  for (const request of requests) {
    const message = { type: 'request', seq: 12, request };
    const parsed = parseKeyEditorMessage(message);
    assert.deepEqual(parsed, message, JSON.stringify(request));
    assert.notEqual(parsed, message);
  }
});

test('malformed, oversized or hostile key editor messages are refused', () => {
  const value = { format: 'text', text: 'x' };
  const refused: unknown[] = [
    undefined, null, 'ready', [], { type: 'ready', extra: 1 }, { type: 'request', seq: 1 },
    { type: 'request', seq: -1, request: { op: 'reload' } }, { type: 'request', seq: 1.5, request: { op: 'reload' } },
    { type: 'request', seq: '1', request: { op: 'reload' } }, { type: 'request', seq: 1, request: { op: 'reload', x: 1 } },
    { type: 'request', seq: 1, request: { op: 'flushall' } },
    { type: 'request', seq: 1, request: { op: 'setString', value: { format: 'base64', text: 'x' } } },
    { type: 'request', seq: 1, request: { op: 'setString', value: { format: 'text', text: 'x'.repeat(MAX_VALUE_CHARS + 1) } } },
    { type: 'request', seq: 1, request: { op: 'setString', value: { format: 'text', text: 5 } } },
    { type: 'request', seq: 1, request: { op: 'setString', value: { format: 'text', text: 'x', extra: true } } },
    { type: 'request', seq: 1, request: { op: 'editRow', row: -2, value } },
    { type: 'request', seq: 1, request: { op: 'editRow', row: '1', value } },
    { type: 'request', seq: 1, request: { op: 'setScore', row: 1, score: '' } },
    { type: 'request', seq: 1, request: { op: 'setScore', row: 1, score: '1'.repeat(65) } },
    { type: 'request', seq: 1, request: { op: 'push', value, end: 'middle' } },
    { type: 'request', seq: 1, request: { op: 'addEntry', fields: [] } },
    { type: 'request', seq: 1, request: { op: 'addEntry', fields: Array.from({ length: 65 }, () => ({ field: value, value })) } },
    { type: 'request', seq: 1, request: { op: 'addEntry', fields: [{ field: value }] } },
    { type: 'request', seq: 1, request: { op: 'command', command: 'eval' } },
    { type: 'request', seq: 1, request: { op: 'command' } },
    { type: 'request', seq: 1, request: { op: 'removeRow', row: 1, key: 'other' } },
  ];
  for (const message of refused) assert.equal(parseKeyEditorMessage(message), undefined, JSON.stringify(message)?.slice(0, 200));
  assert.equal(isKeyHostMessage({ type: 'reply', seq: 1, ok: true, result: { kind: 'done', message: '' } }), true);
  assert.equal(isKeyHostMessage({ type: 'snapshot' }), false);
});
