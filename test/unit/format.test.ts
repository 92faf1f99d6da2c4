import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReply, formatReplyWithLimit } from '../../src/core/console/format';
import { isRawOutputCommand, isStatusReply } from '../../src/core/console/reply-kind';

const b = (text: string): Buffer => Buffer.from(text, 'latin1');
const words = (line: string): string[] => line.split(' ');
const twelve = Array.from({ length: 12 }, (_, index) => b(`v${index + 1}`));

const cases: ReadonlyArray<[string, string, unknown, string]> = [
  ['integer', 'INCR n', 42, '(integer) 42'],
  ['negative integer', 'TTL k', -2, '(integer) -2'],
  ['nil', 'GET missing', null, '(nil)'],
  ['error', 'FOO', new Error("ERR unknown command 'FOO'"), "(error) ERR unknown command 'FOO'"],
  ['status of SET', 'SET k v', b('OK'), 'OK'],
  ['bulk "OK" from GET', 'GET k', b('OK'), '"OK"'],
  ['SET with GET returns data', 'set k v GET', b('old'), '"old"'],
  ['SET whose IFEQ value is "GET"', 'SET k v IFEQ GET', b('OK'), 'OK'],
  ['PING', 'ping', b('PONG'), 'PONG'],
  ['PING with a message', 'PING PONG', b('PONG'), '"PONG"'],
  ['TYPE', 'TYPE k', b('string'), 'string'],
  ['CLIENT SETNAME', 'CLIENT SETNAME me', b('OK'), 'OK'],
  ['CLUSTER MYID is data', 'CLUSTER MYID', b('abc'), '"abc"'],
  ['SCRIPT LOAD is data', 'SCRIPT LOAD x', b('e0e1'), '"e0e1"'],
  ['unknown commands are data', 'FCALL f 0', b('x'), '"x"'],
  ['escapes', 'GET k', b('a\\b"c\n\r\t\x07\x08'), '"a\\\\b\\"c\\n\\r\\t\\a\\b"'],
  ['binary bytes in lower-case hex', 'GET k', b('\x00\x1b\x7f\xff~ '), '"\\x00\\x1b\\x7f\\xff~ "'],
  ['UTF-8 shown as bytes', 'GET k', Buffer.from('é', 'utf8'), '"\\xc3\\xa9"'],
  ['empty string', 'GET k', b(''), '""'],
  ['a plain string reply is treated as UTF-8 bytes', 'GET k', 'é', '"\\xc3\\xa9"'],
  ['empty array', 'KEYS nothing*', [], '(empty array)'],
  ['flat array', 'MGET a b', [b('1'), null], '1) "1"\n2) (nil)'],
  ['nested empty array, nil, integer and error', 'EXEC', [[], null, 3, new Error('ERR x')],
    '1) (empty array)\n2) (nil)\n3) (integer) 3\n4) (error) ERR x'],
  ['nested strings are quoted even after a status command', 'CONFIG GET maxmemory', [b('maxmemory'), b('0')],
    '1) "maxmemory"\n2) "0"'],
  ['three levels deep', 'X', [[b('a'), [b('b'), b('c')]], b('d')],
    '1) 1) "a"\n   2) 1) "b"\n      2) "c"\n2) "d"'],
  ['twelve elements are padded to two digits', 'LRANGE l 0 -1', twelve,
    twelve.map((_, index) => `${String(index + 1).padStart(2)}) "v${index + 1}"`).join('\n')],
  ['nested array inside a padded list', 'X', [...twelve.slice(0, 9), [b('x'), b('y')]],
    [...twelve.slice(0, 9).map((_, index) => ` ${index + 1}) "v${index + 1}"`), '10) 1) "x"', '    2) "y"'].join('\n')],
  ['HELP lines are shown bare', 'CONFIG HELP', [b('CONFIG <subcommand>'), b('GET <pattern>')],
    '1) CONFIG <subcommand>\n2) GET <pattern>'],
  ['INFO is raw text', 'info server', b('# Server\r\nvalkey_version:9.0.1\r\nos:Linux\r\n'),
    '# Server\nvalkey_version:9.0.1\nos:Linux'],
  ['CLUSTER NODES is raw text', 'cluster nodes', b('id1 :6379@16379 myself,master\nid2 :6380@16380 master\n'),
    'id1 :6379@16379 myself,master\nid2 :6380@16380 master'],
  ['raw text keeps other bytes as UTF-8', 'CLIENT LIST', Buffer.from('name=é\n', 'utf8'), 'name=é'],
  ['an error from a raw command keeps its label', 'CLIENT LIST x', new Error('ERR syntax error'),
    '(error) ERR syntax error'],
  ['CLUSTER NODES with extra arguments is quoted', 'CLUSTER NODES x', b('a\n'), '"a\\n"'],
];

for (const [name, line, reply, expected] of cases) {
  test(`formatReply: ${name}`, () => {
    assert.equal(formatReply(reply, { args: words(line) }), expected);
  });
}

test('formatReply shows QUEUED bare inside a transaction, even for data and raw commands', () => {
  assert.equal(formatReply(b('QUEUED'), { args: ['GET', 'k'], inTransaction: true }), 'QUEUED');
  assert.equal(formatReply(b('QUEUED'), { args: ['INFO'], inTransaction: true }), 'QUEUED');
  assert.equal(formatReply(b('QUEUED'), { args: ['GET', 'k'] }), '"QUEUED"');
});

const statusCases: ReadonlyArray<[string, string, boolean]> = [
  ['MSET a 1 b 2', 'OK', true], ['FLUSHALL', 'OK', true], ['SELECT 0', 'OK', true], ['RENAME a b', 'OK', true],
  ['LSET l 0 x', 'OK', true], ['LTRIM l 0 1', 'OK', true], ['CONFIG SET maxmemory 0', 'OK', true],
  ['CLUSTER RESET', 'OK', true], ['CLUSTER BUMPEPOCH', 'BUMPED 7', true], ['BGSAVE', 'Background saving started', true],
  ['MULTI', 'OK', true], ['WATCH k', 'OK', true], ['RESTORE k 0 x', 'OK', true], ['PFMERGE d s', 'OK', true],
  ['SCRIPT FLUSH', 'OK', true], ['FUNCTION FLUSH', 'OK', true], ['FUNCTION LOAD x', 'mylib', false],
  ['FUNCTION DUMP', 'x', false], ['HMSET h f v', 'OK', true], ['MEMORY PURGE', 'OK', true],
  ['ACL DRYRUN u GET k', 'OK', true], ['ACL DRYRUN u SET k v', 'User u has no permissions', false],
  ['ACL WHOAMI', 'default', false], ['CLIENT GETNAME', 'me', false], ['GETDEL k', 'OK', false],
  ['HGET h f', 'OK', false], ['ECHO OK', 'OK', false], ['LPOP l', 'OK', false], ['OBJECT ENCODING k', 'raw', false],
];

for (const [line, reply, expected] of statusCases) {
  test(`isStatusReply(${line}) is ${expected}`, () => {
    assert.equal(isStatusReply(words(line), b(reply)), expected);
  });
}

const rawCases: ReadonlyArray<[string, boolean]> = [
  ['INFO', true], ['info keyspace', true], ['CLUSTER INFO', true], ['cluster nodes', true], ['CLUSTER SHARDS', false],
  ['CLIENT LIST', true], ['CLIENT INFO', true], ['CLIENT GETNAME', false], ['MEMORY DOCTOR', true],
  ['MEMORY USAGE k', false], ['LATENCY DOCTOR', true], ['LATENCY GRAPH command', true], ['LATENCY LATEST', false],
  ['LOLWUT', true], ['GET info', false], ['DEBUG HTSTATS 0', true],
];

for (const [line, expected] of rawCases) {
  test(`isRawOutputCommand(${line}) is ${expected}`, () => {
    assert.equal(isRawOutputCommand(words(line)), expected);
  });
}

test('formatReply shows EXEC\'s elements as the replies to the commands it ran', () => {
  const executed = [words('SET k OK'), words('GET k'), words('INCR n'), words('LRANGE l 0 -1'), words('INFO'), words('LPUSH k x'), words('CONFIG HELP')];
  const reply = [b('OK'), b('OK'), 3, [b('a'), b('OK')], b('# Server\r\n'), new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), [b('CONFIG <subcommand>')]];
  assert.equal(formatReply(reply, { args: ['EXEC'], executed }), [
    '1) OK', '2) "OK"', '3) (integer) 3', '4) 1) "a"', '   2) "OK"', '5) "# Server\\r\\n"',
    '6) (error) WRONGTYPE Operation against a key holding the wrong kind of value', '7) 1) CONFIG <subcommand>',
  ].join('\n'));
  assert.equal(formatReply(null, { args: ['EXEC'], executed }), '(nil)');
  assert.equal(formatReply([], { args: ['EXEC'], executed: [] }), '(empty array)');
});

test('formatReplyWithLimit cuts nested output after maxLines lines', () => {
  const reply = [[b('a'), b('b')], [b('c'), b('d')]];
  assert.deepEqual(formatReplyWithLimit(reply, { args: ['X'], maxLines: 3 }), {
    text: '1) 1) "a"\n   2) "b"\n2) 1) "c"',
    truncated: true,
    totalLines: 4,
  });
});

test('formatReplyWithLimit is the full text when it fits', () => {
  const options = { args: ['LRANGE', 'l', '0', '-1'], maxLines: 12 };
  assert.deepEqual(formatReplyWithLimit(twelve, options), {
    text: formatReply(twelve, options),
    truncated: false,
    totalLines: 12,
  });
});

test('formatReplyWithLimit cuts raw text too', () => {
  const info = b('# Server\r\na:1\r\nb:2\r\n');
  assert.deepEqual(formatReplyWithLimit(info, { args: ['INFO'], maxLines: 2 }), {
    text: '# Server\na:1',
    truncated: true,
    totalLines: 3,
  });
});

test('formatReplyWithLimit renders only the lines it returns of a huge array', () => {
  const unrenderable = { toString: (): string => assert.fail('an element past the limit was rendered') };
  const reply: unknown[] = [b('first'), b('second'), ...new Array<unknown>(1_000_000).fill(unrenderable)];
  assert.deepEqual(formatReplyWithLimit(reply, { args: ['LRANGE'], maxLines: 2 }), {
    text: '      1) "first"\n      2) "second"',
    truncated: true,
    totalLines: 1_000_002,
  });
});
