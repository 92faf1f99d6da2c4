import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compressSlots,
  countSlots,
  keySlot,
  mergeSlotRanges,
  parseSlotRanges,
} from '../../src/core/cluster/slots';
import { formatSlotRanges } from '../../src/shared/present';

/** Bit-at-a-time CRC16-XMODEM, written independently of the table-driven one under test. */
function referenceSlot(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

test('keySlot matches slots the server documents and computes', () => {
  assert.equal(keySlot('foo'), 12182);
  assert.equal(keySlot('123456789'), 12739); // CRC16-XMODEM check value 0x31C3
  assert.equal(keySlot('somekey'), 11058);
  assert.equal(keySlot('foo{hash_tag}'), 2515);
  assert.equal(keySlot('bar{hash_tag}'), 2515);
  assert.equal(keySlot('{user1}.following'), 8106);
  assert.equal(keySlot(''), 0);
});

test('keySlot hashes only a non-empty hash tag', () => {
  assert.equal(keySlot('{user1000}.following'), keySlot('{user1000}.followers'));
  assert.equal(keySlot('{user1000}.following'), keySlot('user1000'));
  // Empty tag: the whole key is hashed, braces included.
  assert.equal(keySlot('{}x'), referenceSlot(Buffer.from('{}x')));
  assert.notEqual(keySlot('{}x'), keySlot('x'));
  assert.equal(keySlot('foo{}{bar}'), referenceSlot(Buffer.from('foo{}{bar}')));
  // The first "{" and the first "}" after it delimit the tag.
  assert.equal(keySlot('foo{{bar}}zap'), keySlot('{bar'));
  assert.equal(keySlot('foo{bar}{zap}'), keySlot('bar'));
  // "}" before the first "{" does not close anything; an unclosed "{" means no tag.
  assert.equal(keySlot('}a{b}'), keySlot('b'));
  assert.equal(keySlot('a{b'), referenceSlot(Buffer.from('a{b')));
});

test('keySlot hashes the UTF-8 bytes of strings, and raw bytes of Buffers', () => {
  assert.equal(keySlot('café'), referenceSlot(Buffer.from('café', 'utf8')));
  assert.equal(keySlot('café'), keySlot(Buffer.from('café', 'utf8')));
  const binary = Buffer.from([0xff, 0x00, 0x7b, 0x01, 0x7d]); // "\xff\0{\x01}": tag is the single byte 0x01
  assert.equal(keySlot(binary), referenceSlot(Buffer.from([0x01])));
});

test('keySlot agrees with the reference on many keys', () => {
  for (let index = 0; index < 2000; index++) {
    const key = `key:${index}:${(index * 7919) % 1000}`;
    assert.equal(keySlot(key), referenceSlot(Buffer.from(key)), key);
  }
});

test('compressSlots sorts, deduplicates and joins consecutive slots', () => {
  assert.deepEqual(compressSlots([9, 1, 2, 3, 5, 7, 8, 2, 16383]), [
    { start: 1, end: 3 },
    { start: 5, end: 5 },
    { start: 7, end: 9 },
    { start: 16383, end: 16383 },
  ]);
  assert.deepEqual(compressSlots([]), []);
  assert.deepEqual(compressSlots(new Set(Array.from({ length: 16384 }, (_, slot) => slot))), [{ start: 0, end: 16383 }]);
  assert.throws(() => compressSlots([16384]), /16384 is not a slot number/);
  assert.throws(() => compressSlots([1.5]), /1\.5 is not a slot number/);
});

test('mergeSlotRanges joins overlapping and touching ranges', () => {
  assert.deepEqual(
    mergeSlotRanges([{ start: 10, end: 20 }, { start: 0, end: 4 }, { start: 5, end: 6 }, { start: 15, end: 30 }, { start: 40, end: 40 }]),
    [{ start: 0, end: 6 }, { start: 10, end: 30 }, { start: 40, end: 40 }],
  );
});

test('countSlots adds up inclusive ranges', () => {
  assert.equal(countSlots([{ start: 0, end: 5460 }, { start: 10923, end: 16383 }]), 5461 + 5461);
  assert.equal(countSlots([{ start: 7, end: 7 }]), 1);
  assert.equal(countSlots([]), 0);
});

test('parseSlotRanges reads owned slots and skips slots in migration', () => {
  assert.deepEqual(parseSlotRanges(['0-5460', '7000', '[93-<-292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f]', '[94->-e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca]', '7001-7002']), [
    { start: 0, end: 5460 },
    { start: 7000, end: 7002 },
  ]);
  assert.deepEqual(parseSlotRanges([]), []);
  assert.throws(() => parseSlotRanges(['12-x']), /unexpected slot entry "12-x"/);
  assert.throws(() => parseSlotRanges(['10-5']), /slot range "10-5" ends before it starts/);
  assert.throws(() => parseSlotRanges(['16000-16384']), /slot range "16000-16384" ends at 16384 is not a slot number/);
});

test('formatSlotRanges lists ranges and counts the ones not shown', () => {
  const ranges = [{ start: 0, end: 5460 }, { start: 7, end: 7 }, { start: 10923, end: 16383 }];
  assert.equal(formatSlotRanges([{ start: 0, end: 5460 }, { start: 10923, end: 16383 }]), '0-5460, 10923-16383');
  assert.equal(formatSlotRanges(ranges), '0-5460, 7, 10923-16383');
  assert.equal(formatSlotRanges(ranges, 3), '0-5460, 7, 10923-16383');
  assert.equal(formatSlotRanges(ranges, 2), '0-5460, 7 … (+1 more range)');
  assert.equal(formatSlotRanges(ranges, 1), '0-5460 … (+2 more ranges)');
  assert.equal(formatSlotRanges(ranges, 0), '… (+3 more ranges)');
  assert.equal(formatSlotRanges([]), '');
});
