// A followed log shown in a terminal: timestamps taken off, control bytes escaped, and after a reattach the lines
// already shown are not shown again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimestampedLines, unixSince } from '../../src/core/engine/log-lines';

function lines(): { shown: string[]; log: TimestampedLines } {
  const shown: string[] = [];
  return { shown, log: new TimestampedLines((text) => shown.push(text)) };
}

test('timestamps are taken off and lines end in CRLF; a line split across chunks is shown once whole', () => {
  const { shown, log } = lines();
  log.push('2024-05-01T12:00:00.100000000Z first\n2024-05-01T12:00:00.2Z sec');
  log.push('ond\n');
  assert.deepEqual(shown, ['first\r\n', 'second\r\n']);
});

test('control bytes in a log line are escaped, never passed to the terminal', () => {
  const { shown, log } = lines();
  log.push('2024-05-01T12:00:00Z \x1b]0;owned\x07 and \x1b[31mred\n');
  assert.deepEqual(shown, ['\\x1b]0;owned\\x07 and \\x1b[31mred\r\n']);
});

test('after a reattach, lines up to the last one shown are dropped, whatever digits Docker trimmed', () => {
  const { shown, log } = lines();
  log.push('2024-05-01T12:00:01.5Z a\n2024-05-01T12:00:01.500000001Z b\n');
  assert.equal(log.since, `${Date.UTC(2024, 4, 1, 12, 0, 1) / 1000}.500000001`);
  log.reattach();
  log.push('2024-05-01T12:00:01.5Z a\n2024-05-01T12:00:01.500000001Z b\n2024-05-01T12:00:09Z after the restart\n');
  assert.deepEqual(shown, ['a\r\nb\r\n', 'after the restart\r\n']);
});

test('without a reattach, lines with the same timestamp are all shown', () => {
  const { shown, log } = lines();
  log.push('2024-05-01T12:00:01Z one\n2024-05-01T12:00:01Z two\n');
  assert.deepEqual(shown, ['one\r\ntwo\r\n']);
});

test('a last line without a newline is shown when the stream ends', () => {
  const { shown, log } = lines();
  log.push('2024-05-01T12:00:01Z no newline');
  assert.deepEqual(shown, []);
  log.flush();
  assert.deepEqual(shown, ['no newline\r\n']);
});

test('since is Unix seconds with the nanoseconds as written', () => {
  assert.equal(unixSince('1970-01-01T00:01:40.000000042'), '100.000000042');
});
