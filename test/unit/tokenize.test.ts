import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/core/console/tokenize';

/** Arguments as byte strings (one char per byte), so expected values can spell out any byte with \xHH. */
function bytesOf(line: string): string[] | string {
  const result = tokenize(line);
  return result.ok ? result.args.map((arg) => arg.toString('latin1')) : `error: ${result.error}`;
}

const splitCases: ReadonlyArray<[string, string, string[]]> = [
  ['empty line', '', []],
  ['only whitespace', ' \t  ', []],
  ['words', 'get key', ['get', 'key']],
  ['runs of spaces and tabs', '  set\t k   v  ', ['set', 'k', 'v']],
  ['quoted space and escaped quote', 'set "a b" "c\\"d"', ['set', 'a b', 'c"d']],
  ['hex escape', '"\\x41"', ['A']],
  ['hex escapes make arbitrary bytes', '"\\xff\\x00\\x7F"', ['\xff\x00\x7f']],
  ['named escapes', '"\\n\\r\\t\\b\\a\\\\"', ['\n\r\t\b\x07\\']],
  ['other escaped characters stand for themselves', '"\\q\\\'"', ["q'"]],
  ['\\x without two hex digits keeps the x', '"\\xZZ" "\\xA"', ['xZZ', 'xA']],
  ['single quotes keep backslashes', "'a\\nb\\x41'", ['a\\nb\\x41']],
  ['escaped single quote', "'it\\'s'", ["it's"]],
  ['empty quoted arguments', 'set k "" \'\'', ['set', 'k', '', '']],
  ['a quote can open mid-argument', 'foo"bar baz"', ['foobar baz']],
  ['quote followed by a tab', '"a"\t"b"', ['a', 'b']],
  ['unquoted UTF-8', 'set k é', ['set', 'k', '\xc3\xa9']],
  ['quoted UTF-8 and astral characters', '"é 😀"', ['\xc3\xa9 \xf0\x9f\x98\x80']],
  ['a backslash outside quotes is kept', 'a\\"b"', ['a\\b']],
];

for (const [name, line, expected] of splitCases) {
  test(`tokenize: ${name}`, () => {
    assert.deepEqual(bytesOf(line), expected);
  });
}

const errorCases: ReadonlyArray<[string, string, string]> = [
  ['unclosed double quote', 'set "abc', 'Invalid argument(s): unclosed double quote in argument 2'],
  ['unclosed single quote', "'abc", 'Invalid argument(s): unclosed single quote in argument 1'],
  ['escaped closing quote leaves it open', 'get "abc\\"', 'Invalid argument(s): unclosed double quote in argument 2'],
  ['trailing backslash in quotes', '"abc\\', 'Invalid argument(s): unclosed double quote in argument 1'],
  [
    'double quote followed by a letter',
    'set "a"b v',
    'Invalid argument(s): the closing double quote of argument 2 must be followed by a space',
  ],
  [
    'single quote followed by a quote',
    "echo 'a'\"b\"",
    'Invalid argument(s): the closing single quote of argument 2 must be followed by a space',
  ],
];

for (const [name, line, message] of errorCases) {
  test(`tokenize rejects ${name}`, () => {
    assert.deepEqual(tokenize(line), { ok: false, error: message });
  });
}

test('tokenize returns Buffers that round-trip binary values', () => {
  const result = tokenize('set bin "\\x00\\x01\\xfe"');
  assert.ok(result.ok);
  assert.deepEqual(result.args, [Buffer.from('set'), Buffer.from('bin'), Buffer.from([0x00, 0x01, 0xfe])]);
});
