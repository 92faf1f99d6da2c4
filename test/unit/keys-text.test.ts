// Key names and values as text and back: what is shown can be typed back to the same bytes, for every byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteText, commandArgument, decodeValue, displayBytes, isReadableText, parseTyped, quoteBytes, readCommandLine, utf8Boundary } from '../../src/core/keys/key-text';
import { isUserError } from '../../src/core/errors';

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));

test('readable names are shown as they are; anything that would hide or mislead is quoted like valkey-cli', () => {
  assert.deepEqual(byteText(Buffer.from('user:1:name')), { text: 'user:1:name', escaped: false });
  assert.deepEqual(byteText(Buffer.from('é✓ with inner spaces')), { text: 'é✓ with inner spaces', escaped: false });
  assert.deepEqual(byteText(Buffer.from('a\x00b')), { text: '"a\\x00b"', escaped: true });
  assert.deepEqual(byteText(Buffer.from('')), { text: '""', escaped: true });
  assert.deepEqual(byteText(Buffer.from(' padded ')), { text: '" padded "', escaped: true });
  assert.deepEqual(byteText(Buffer.from('say "hi"')), { text: '"say \\"hi\\""', escaped: true });
  assert.equal(byteText(Buffer.from('new\nline')).text, '"new\\nline"');
  assert.equal(byteText(Buffer.from('rtl\u202eevil')).escaped, true, 'a bidi override is not shown raw');
  assert.equal(byteText(Buffer.from('zero\u200bwidth')).escaped, true, 'a zero-width space is not shown raw');
  assert.equal(byteText(Buffer.from([0xc3])).text, '"\\xc3"', 'invalid UTF-8 is quoted byte by byte');
  assert.equal(quoteBytes(Buffer.from('\x1b[31m')), '"\\x1b[31m"');
});

test('every byte string shown quoted parses back to the same bytes', () => {
  const samples = [ALL_BYTES, Buffer.from('plain'), Buffer.from('"\\\''), Buffer.alloc(0), Buffer.from('é'), ALL_BYTES.subarray(0x80)];
  for (let byte = 0; byte < 256; byte++) samples.push(Buffer.from([byte]), Buffer.from([0x61, byte, 0x62]));
  for (const bytes of samples) {
    const shown = byteText(bytes);
    const back = shown.escaped ? decodeValue('escaped', shown.text, 'name') : decodeValue('text', shown.text, 'name');
    assert.ok(back.equals(bytes), `${shown.text} → ${back.toString('hex')} ≠ ${bytes.toString('hex')}`);
    assert.ok(parseTyped(commandArgument(bytes), 'name').equals(bytes), `as a console argument: ${commandArgument(bytes)}`);
  }
});

test('a console argument is bare only when it has no space or quoting characters', () => {
  assert.equal(commandArgument(Buffer.from('user:1')), 'user:1');
  assert.equal(commandArgument(Buffer.from('two words')), '"two words"');
  assert.equal(commandArgument(Buffer.from('\x00')), '"\\x00"');
  assert.equal(readCommandLine('hash', Buffer.from('h:1')), 'HSCAN h:1 0 COUNT 100');
  assert.equal(readCommandLine('string', Buffer.from('a b')), 'GET "a b"');
  assert.equal(readCommandLine('list', Buffer.from('l')), 'LRANGE l 0 99');
  assert.equal(readCommandLine('stream', Buffer.from('s')), 'XRANGE s - + COUNT 100');
  assert.equal(readCommandLine('ReJSON-RL', Buffer.from('j')), 'TYPE j');
});

test('typed values decode exactly in each format, and bad input says what is wrong', () => {
  assert.deepEqual(decodeValue('text', 'é', 'value'), Buffer.from('é'));
  assert.deepEqual(decodeValue('escaped', '"a\\x00\\xffb"', 'value'), Buffer.from([0x61, 0, 0xff, 0x62]));
  assert.deepEqual(decodeValue('escaped', '""', 'value'), Buffer.alloc(0));
  assert.deepEqual(decodeValue('hex', '00 ff\n1A', 'value'), Buffer.from([0, 0xff, 0x1a]));
  assert.deepEqual(decodeValue('hex', '0x0a0b', 'value'), Buffer.from([0x0a, 0x0b]));
  const refused: [Parameters<typeof decodeValue>[0], string, RegExp][] = [
    ['escaped', '"unclosed', /not valid valkey-cli quoting: unclosed double quote/],
    ['escaped', 'two words', /exactly one value.*this is 2/],
    ['escaped', '', /exactly one value.*this is 0/],
    ['hex', 'abc', /not hexadecimal/],
    ['hex', 'zz', /not hexadecimal/],
  ];
  for (const [format, text, message] of refused) {
    assert.throws(() => decodeValue(format, text, 'value'), (error: unknown) => isUserError(error) && error.code === 'invalidInput' && message.test(error.message), `${format}: ${text}`);
  }
  assert.deepEqual(parseTyped('  user:*  ', 'pattern'), Buffer.from('user:*'));
  assert.deepEqual(parseTyped('"\\x00*"', 'pattern'), Buffer.from([0, 0x2a]));
});

test('string parts never end inside a UTF-8 character', () => {
  const text = Buffer.from('aé✓😀');
  for (let end = 0; end <= text.length; end++) {
    const cut = utf8Boundary(text.subarray(0, end));
    assert.ok(Buffer.from(text.subarray(0, cut).toString('utf8')).equals(text.subarray(0, cut)), `cut at ${end} → ${cut}`);
    assert.ok(end - cut <= 3);
  }
  assert.equal(utf8Boundary(Buffer.from([0x61, 0xe2, 0x9c])), 1);
  assert.equal(utf8Boundary(Buffer.from('ab')), 2);
  assert.equal(isReadableText(Buffer.from('line\n\ttab')), true);
  assert.equal(isReadableText(Buffer.from('bell\x07')), false);
  assert.equal(isReadableText(Buffer.from([0xff])), false);
  assert.equal(displayBytes(Buffer.from('k')), 'k');
});
