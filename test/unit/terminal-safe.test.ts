import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTerminal } from '../../src/core/console/terminal-safe';

const cases: ReadonlyArray<[string, string, string]> = [
  ['plain text is unchanged', 'hello world', 'hello world'],
  ['line feeds become CRLF', 'a\nb\n', 'a\r\nb\r\n'],
  ['tabs stay', 'a\tb', 'a\tb'],
  ['ESC sequences are shown, not run', '\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
  ['carriage return is escaped', 'a\rb', 'a\\x0db'],
  ['NUL, bell, backspace and DEL are escaped', '\x00\x07\x08\x7f', '\\x00\\x07\\x08\\x7f'],
  ['C1 controls are escaped', '\u0080\u009b\u009f', '\\x80\\x9b\\x9f'],
  ['printable non-ASCII stays', 'é\u00a0😀', 'é\u00a0😀'],
  ['OSC title sequence is defused', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
];

for (const [name, input, expected] of cases) {
  test(`toTerminal: ${name}`, () => {
    assert.equal(toTerminal(input), expected);
  });
}
