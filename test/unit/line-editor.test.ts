import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from '../../src/core/console/history';
import { type Completion, type EditorOutput, LineEditor } from '../../src/core/console/line-editor';

const LEFT = '\x1b[D';
const HOME = '\x1b[H';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const CTRL_C = '\x03';

/** An editor whose prompt the caller has already drawn, as the console does when it opens. */
function openEditor(options: { history?: History; complete?: (line: string, cursor: number) => Completion } = {}): LineEditor {
  const editor = new LineEditor({ prompt: () => '> ', history: options.history ?? new History(), complete: options.complete });
  editor.redraw();
  return editor;
}

/** Feeds each chunk as a separate handleInput call and returns the outputs of the last one. */
function feed(editor: LineEditor, ...chunks: string[]): EditorOutput[] {
  let outputs: EditorOutput[] = [];
  for (const chunk of chunks) outputs = editor.handleInput(chunk);
  return outputs;
}

function assertState(editor: LineEditor, line: string, cursor: number): void {
  assert.deepEqual({ line: editor.line, cursor: editor.cursor }, { line, cursor });
}

test('typing at the end of the line writes just the typed text', () => {
  const editor = openEditor();
  assert.deepEqual(feed(editor, 'get'), [{ kind: 'write', text: 'get' }]);
  assert.deepEqual(feed(editor, ' k'), [{ kind: 'write', text: ' k' }]);
  assertState(editor, 'get k', 5);
});

test('before the caller draws the prompt, the first key draws it with the line', () => {
  const editor = new LineEditor({ prompt: () => 'node-0> ', history: new History() });
  assert.deepEqual(editor.handleInput('a'), [{ kind: 'write', text: '\rnode-0> a\x1b[K' }]);
});

test('inserting in the middle redraws the line and puts the cursor back', () => {
  const editor = openEditor();
  feed(editor, 'ac');
  assert.deepEqual(feed(editor, LEFT), [{ kind: 'write', text: '\r> ac\x1b[K\x1b[1D' }]);
  assert.deepEqual(feed(editor, 'b'), [{ kind: 'write', text: '\r> abc\x1b[K\x1b[1D' }]);
  assertState(editor, 'abc', 2);
});

test('backspace deletes before the cursor and does nothing at the start of the line', () => {
  const editor = openEditor();
  feed(editor, 'abc', LEFT, '\x7f');
  assertState(editor, 'ac', 1);
  feed(editor, '\b');
  assertState(editor, 'c', 0);
  assert.deepEqual(feed(editor, '\x7f'), []);
  assert.deepEqual(feed(editor, '\b'), []);
  assertState(editor, 'c', 0);
});

test('Delete removes the character under the cursor and does nothing at the end', () => {
  const editor = openEditor();
  feed(editor, 'abc', HOME, '\x1b[3~');
  assertState(editor, 'bc', 0);
  feed(editor, '\x05');
  assert.deepEqual(feed(editor, '\x1b[3~'), []);
  assertState(editor, 'bc', 2);
});

test('Ctrl+W and Alt+Backspace delete the word before the cursor, spaces included', () => {
  const editor = openEditor();
  feed(editor, 'set  mykey   ');
  assert.deepEqual(feed(editor, '\x17'), [{ kind: 'write', text: '\r> set  \x1b[K' }]);
  assertState(editor, 'set  ', 5);
  feed(editor, '\x1b\x7f');
  assertState(editor, '', 0);

  feed(editor, 'get key1 key2', LEFT, LEFT, LEFT, LEFT, LEFT, '\x17');
  assertState(editor, 'get  key2', 4);
});

test('Home and End in all their encodings', () => {
  const editor = openEditor();
  feed(editor, 'abc');
  for (const home of ['\x1b[H', '\x1bOH', '\x1b[1~', '\x01']) {
    feed(editor, '\x05');
    assert.equal(editor.cursor, 3, JSON.stringify(home));
    assert.deepEqual(feed(editor, home), [{ kind: 'write', text: '\r> abc\x1b[K\x1b[3D' }], JSON.stringify(home));
    assert.equal(editor.cursor, 0, JSON.stringify(home));
  }
  for (const end of ['\x1b[F', '\x1bOF', '\x1b[4~', '\x05']) {
    feed(editor, '\x01');
    assert.deepEqual(feed(editor, end), [{ kind: 'write', text: '\r> abc\x1b[K' }], JSON.stringify(end));
    assert.equal(editor.cursor, 3, JSON.stringify(end));
  }
});

test('Left and Right move one character and stop at the ends', () => {
  const editor = openEditor();
  feed(editor, 'ab', '\x1bOD', LEFT);
  assertState(editor, 'ab', 0);
  assert.deepEqual(feed(editor, LEFT), []);
  feed(editor, '\x1b[C', '\x1bOC');
  assert.equal(editor.cursor, 2);
  assert.deepEqual(feed(editor, '\x1b[C'), []);
});

test('word left and right jump over spaces to word boundaries', () => {
  const editor = openEditor();
  feed(editor, 'set key  value');
  feed(editor, '\x1b[1;5D');
  assert.equal(editor.cursor, 9);
  feed(editor, '\x1bb');
  assert.equal(editor.cursor, 4);
  feed(editor, '\x1bb', '\x1bb');
  assert.equal(editor.cursor, 0);
  feed(editor, '\x1b[1;5C');
  assert.equal(editor.cursor, 3);
  feed(editor, '\x1bf');
  assert.equal(editor.cursor, 7);
  feed(editor, '\x1bf', '\x1bf');
  assert.equal(editor.cursor, 14);
});

test('Ctrl+U kills to the start and Ctrl+K to the end', () => {
  const editor = openEditor();
  feed(editor, 'get key', LEFT, LEFT, LEFT, '\x15');
  assertState(editor, 'key', 0);
  feed(editor, '\x1b[C', '\x0b');
  assert.deepEqual(feed(editor, 'y'), [{ kind: 'write', text: 'y' }]);
  assertState(editor, 'ky', 2);
});

test('Enter echoes a newline and submits the line, which goes into the history', () => {
  const history = new History();
  const editor = openEditor({ history });
  assert.deepEqual(feed(editor, 'get k\r'), [
    { kind: 'write', text: 'get k\r\n' },
    { kind: 'submit', line: 'get k' },
  ]);
  assertState(editor, '', 0);
  assert.deepEqual(history.entries(), ['get k']);
});

test('Enter in the middle of the line moves to its end before the newline', () => {
  const editor = openEditor();
  feed(editor, 'abc', LEFT, LEFT);
  assert.deepEqual(feed(editor, '\r'), [
    { kind: 'write', text: '\r> abc\x1b[K\r\n' },
    { kind: 'submit', line: 'abc' },
  ]);
});

test('CR, LF and CRLF each submit once, even when CRLF is split across inputs', () => {
  for (const chunks of [['a\r'], ['a\n'], ['a\r\n'], ['a\r', '\n']]) {
    const editor = openEditor();
    const submitted = chunks.flatMap((chunk) => editor.handleInput(chunk)).filter((output) => output.kind === 'submit');
    assert.deepEqual(submitted, [{ kind: 'submit', line: 'a' }], JSON.stringify(chunks));
  }
  const editor = openEditor();
  const submitted = feed(editor, 'a\n\nb\r\r').filter((output) => output.kind === 'submit');
  assert.deepEqual(submitted, [
    { kind: 'submit', line: 'a' },
    { kind: 'submit', line: '' },
    { kind: 'submit', line: 'b' },
    { kind: 'submit', line: '' },
  ]);
});

test('a second Enter in the same input redraws the prompt before its newline', () => {
  const editor = openEditor();
  assert.deepEqual(feed(editor, 'a\r\r'), [
    { kind: 'write', text: 'a\r\n' },
    { kind: 'submit', line: 'a' },
    { kind: 'write', text: '\r> \x1b[K\r\n' },
    { kind: 'submit', line: '' },
  ]);
});

test('Up and Down walk the history and give back the unsubmitted draft', () => {
  const editor = openEditor({ history: new History(['GET a', 'SET a 1']) });
  feed(editor, 'dra', LEFT);
  assert.deepEqual(feed(editor, UP), [{ kind: 'write', text: '\r> SET a 1\x1b[K' }]);
  assertState(editor, 'SET a 1', 7);
  feed(editor, UP);
  assertState(editor, 'GET a', 5);
  assert.deepEqual(feed(editor, UP), []); // nothing older
  feed(editor, DOWN);
  assertState(editor, 'SET a 1', 7);
  assert.deepEqual(feed(editor, DOWN), [{ kind: 'write', text: '\r> dra\x1b[K' }]);
  assertState(editor, 'dra', 3);
  assert.deepEqual(feed(editor, DOWN), []);
  feed(editor, '\x1bOA');
  assertState(editor, 'SET a 1', 7);
});

test('a submitted line ends the walk and becomes the newest entry', () => {
  const history = new History(['one', 'two']);
  const editor = openEditor({ history });
  feed(editor, UP, UP, '\r');
  assert.deepEqual(history.entries(), ['one', 'two', 'one']);
  editor.redraw();
  feed(editor, UP);
  assertState(editor, 'one', 3);
});

test('lines that may carry a password are submitted but not remembered', () => {
  const history = new History();
  const editor = openEditor({ history });
  const outputs = feed(editor, 'AUTH default hunter2\rGET a\rconfig set requirepass x\r');
  assert.deepEqual(
    outputs.filter((output) => output.kind === 'submit'),
    [
      { kind: 'submit', line: 'AUTH default hunter2' },
      { kind: 'submit', line: 'GET a' },
      { kind: 'submit', line: 'config set requirepass x' },
    ],
  );
  assert.deepEqual(history.entries(), ['GET a']);
});

test('a pasted block submits each complete line in order and keeps the rest', () => {
  const editor = openEditor();
  assert.deepEqual(feed(editor, 'a\r\nb\r\nc'), [
    { kind: 'write', text: 'a\r\n' },
    { kind: 'submit', line: 'a' },
    { kind: 'write', text: '\r> b\x1b[K\r\n' },
    { kind: 'submit', line: 'b' },
    { kind: 'write', text: '\r> c\x1b[K' },
  ]);
  assertState(editor, 'c', 1);
});

test('bracketed paste: markers are stripped and the pasted keys are text, not commands', () => {
  const editor = openEditor();
  const outputs = feed(editor, '\x1b[200~x\ty\x03\x1b[A\x7fz\r\nrest\x1b[201~');
  assert.deepEqual(outputs, [
    { kind: 'write', text: 'x yz\r\n' },
    { kind: 'submit', line: 'x yz' },
    { kind: 'write', text: '\r> rest\x1b[K' },
  ]);
  assertState(editor, 'rest', 4);
  assert.deepEqual(feed(editor, CTRL_C), [{ kind: 'write', text: '^C\r\n' }, { kind: 'interrupt' }]); // keys again
});

test('bracketed paste markers split across inputs are still recognised', () => {
  const editor = openEditor();
  assert.deepEqual(feed(editor, '\x1b[20'), []);
  feed(editor, '0~ab\x1b', '[2', '01~', '\x01');
  assertState(editor, 'ab', 0); // Ctrl+A worked, so the paste had ended
});

test('Ctrl+C mid-line writes ^C after the line, clears it and interrupts', () => {
  const history = new History(['PING']);
  const editor = openEditor({ history });
  feed(editor, 'abcd', LEFT, LEFT);
  assert.deepEqual(feed(editor, CTRL_C), [{ kind: 'write', text: '\r> abcd\x1b[K^C\r\n' }, { kind: 'interrupt' }]);
  assertState(editor, '', 0);
  assert.deepEqual(history.entries(), ['PING']);
});

test('Ctrl+C during a walk through the history ends the walk', () => {
  const editor = openEditor({ history: new History(['one', 'two']) });
  feed(editor, UP, UP, CTRL_C);
  editor.redraw();
  feed(editor, UP);
  assertState(editor, 'two', 3);
});

test('Ctrl+D ends the session on an empty line and deletes forward otherwise', () => {
  const editor = openEditor();
  feed(editor, 'ab', LEFT, LEFT);
  feed(editor, '\x04');
  assertState(editor, 'b', 0);
  feed(editor, '\x04');
  assertState(editor, '', 0);
  assert.deepEqual(feed(editor, '\x04'), [{ kind: 'eof' }]);
});

test('Ctrl+L asks for a clear screen and keeps the line', () => {
  const editor = openEditor();
  feed(editor, 'get');
  assert.deepEqual(feed(editor, '\x0c'), [{ kind: 'clear' }]);
  assertState(editor, 'get', 3);
  assert.equal(editor.redraw(), '\r> get\x1b[K');
});

test('Tab with one candidate inserts it and a space', () => {
  const calls: Array<[string, number]> = [];
  const editor = openEditor({
    complete: (line, cursor) => {
      calls.push([line, cursor]);
      return { replacementStart: 0, candidates: ['GET'] };
    },
  });
  feed(editor, 'ge');
  assert.deepEqual(feed(editor, '\t'), [{ kind: 'write', text: '\r> GET \x1b[K' }]);
  assert.deepEqual(calls, [['ge', 2]]);
  assertState(editor, 'GET ', 4);
});

test('Tab with several candidates inserts their common prefix and returns them to list below the line', () => {
  const candidates = ['CLIENT', 'CLUSTER'];
  const editor = openEditor({ complete: () => ({ replacementStart: 4, candidates }) });
  feed(editor, 'GET c');
  assert.deepEqual(feed(editor, '\t'), [
    { kind: 'write', text: '\r> GET CL\x1b[K\r\n' },
    { kind: 'candidates', items: ['CLIENT', 'CLUSTER'] },
  ]);
  assertState(editor, 'GET CL', 6);
  // The caller listed them and redrew; Tab again changes nothing but lists them again.
  editor.redraw();
  assert.deepEqual(feed(editor, '\t'), [{ kind: 'write', text: '\r\n' }, { kind: 'candidates', items: ['CLIENT', 'CLUSTER'] }]);
});

test('Tab in the middle of the line keeps the cursor there', () => {
  const editor = openEditor({ complete: () => ({ replacementStart: 0, candidates: ['GETDEL', 'GETEX'] }) });
  feed(editor, 'GE k', LEFT, LEFT);
  assert.deepEqual(feed(editor, '\t'), [
    { kind: 'write', text: '\r> GET k\x1b[K\x1b[2D\r\n' },
    { kind: 'candidates', items: ['GETDEL', 'GETEX'] },
  ]);
  assertState(editor, 'GET k', 3);
});

test('Tab never erases typed text when the candidates share less than it', () => {
  const editor = openEditor({ complete: () => ({ replacementStart: 0, candidates: ['GETDEL', 'getex'] }) });
  feed(editor, 'get');
  assert.deepEqual(feed(editor, '\t'), [{ kind: 'write', text: '\r\n' }, { kind: 'candidates', items: ['GETDEL', 'getex'] }]);
  assertState(editor, 'get', 3);
});

test('Tab without candidates or without a completer does nothing', () => {
  assert.deepEqual(feed(openEditor({ complete: () => ({ replacementStart: 0, candidates: [] }) }), 'x', '\t'), []);
  const editor = openEditor();
  feed(editor, 'x\t');
  assertState(editor, 'x', 1);
});

test('unknown escape sequences and other control bytes are ignored, never inserted', () => {
  const editor = openEditor();
  const outputs = feed(editor, 'a\x1b[15~\x1b[1;2P\x1bOP\x1b[1;5A\x1bx\x02\x06\x0e\x10\x1a\x9bb');
  assert.deepEqual(outputs, [{ kind: 'write', text: 'ab' }]);
  assertState(editor, 'ab', 2);
});

test('a lone Escape key press is ignored and does not swallow the next key', () => {
  const editor = openEditor();
  feed(editor, '\x1b');
  feed(editor, 'x');
  assertState(editor, 'x', 1);
});

test('an escape sequence split across inputs still acts as one key', () => {
  const editor = openEditor();
  feed(editor, 'ab', '\x1b[', 'D');
  assertState(editor, 'ab', 1);
});

test('an emoji is one character of two cells: moved over and deleted as one', () => {
  const emoji = '\u{1F600}';
  const editor = openEditor();
  feed(editor, `a${emoji}b`, LEFT, LEFT);
  assertState(editor, `a${emoji}b`, 1);
  assert.equal(editor.redraw(), `\r> a${emoji}b\x1b[K\x1b[3D`);
  feed(editor, '\x1b[C', '\x7f');
  assertState(editor, 'ab', 1);
  feed(editor, emoji, LEFT, '\x1b[3~');
  assertState(editor, 'ab', 1);
  feed(editor, `${emoji}${emoji}`, '\x17');
  assertState(editor, 'b', 0);
});

test('a surrogate pair split across inputs is inserted whole, and lone halves are dropped', () => {
  const editor = openEditor();
  assert.deepEqual(feed(editor, 'a\ud83d'), [{ kind: 'write', text: 'a' }]);
  feed(editor, '\ude00');
  assertState(editor, 'a\u{1F600}', 3);
  feed(editor, '\ude00x\ud83dy');
  assertState(editor, 'a\u{1F600}xy', 5);
});

test('redraw uses the prompt of the moment and clearLine forgets the line', () => {
  let prompt = 'node-0> ';
  const editor = new LineEditor({ prompt: () => prompt, history: new History() });
  editor.handleInput('get');
  prompt = 'node-3> ';
  assert.equal(editor.redraw(), '\rnode-3> get\x1b[K');
  editor.clearLine();
  assertState(editor, '', 0);
  assert.deepEqual(editor.handleInput('x'), [{ kind: 'write', text: '\rnode-3> x\x1b[K' }]);
});

test('a 1 MB paste on one line costs one write of its own size, whole or in chunks', () => {
  const megabyte = 'x'.repeat(1 << 20);
  const whole = openEditor();
  const outputs = feed(whole, megabyte);
  assert.equal(outputs.length, 1);
  assert.equal(whole.line.length, 1 << 20);

  const chunked = openEditor();
  let written = 0;
  for (let offset = 0; offset < megabyte.length; offset += 1024) {
    for (const output of chunked.handleInput(megabyte.slice(offset, offset + 1024))) {
      if (output.kind === 'write') written += output.text.length;
    }
  }
  assert.equal(written, 1 << 20);
  assert.equal(chunked.line, megabyte);
});

test('a 1 MB paste of many lines submits each and writes output linear in its size', () => {
  const lines = Array.from({ length: 100_000 }, (_, index) => `GET ${index}`.padEnd(10, ' '));
  const editor = openEditor();
  const started = process.hrtime.bigint();
  const outputs = editor.handleInput(`${lines.join('\r\n')}\r\n`);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const submitted = outputs.flatMap((output) => (output.kind === 'submit' ? [output.line] : []));
  assert.deepEqual(submitted, lines);
  const written = outputs.reduce((total, output) => total + (output.kind === 'write' ? output.text.length : 0), 0);
  // The first line is appended as typed (10 + "\r\n"); each later one is redrawn: "\r> " + 10 + erase + "\r\n".
  assert.equal(written, 12 + 18 * (lines.length - 1));
  assert.ok(elapsedMs < 5000, `took ${elapsedMs} ms`); // quadratic work on 1 MB would take minutes
});

/** An editor on a terminal `columns` wide, prompt drawn. */
function narrowEditor(columns: number, prompt = '> '): LineEditor {
  const editor = new LineEditor({ prompt: () => prompt, history: new History() });
  editor.setColumns(columns);
  editor.redraw();
  return editor;
}

test('wide characters move the cursor by two cells', () => {
  const editor = openEditor();
  feed(editor, '中文x', LEFT, LEFT);
  assertState(editor, '中文x', 1);
  assert.equal(editor.redraw(), '\r> 中文x\x1b[K\x1b[3D');
  assert.deepEqual(feed(editor, 'y'), [{ kind: 'write', text: '\r> 中y文x\x1b[K\x1b[3D' }]);
});

test('a character and its combining marks are one: moved over and deleted together, zero cells for the marks', () => {
  const editor = openEditor();
  feed(editor, 'e\u0301x', LEFT);
  assert.equal(editor.redraw(), '\r> e\u0301x\x1b[K\x1b[1D');
  feed(editor, LEFT);
  assertState(editor, 'e\u0301x', 0);
  feed(editor, '\x1b[C');
  assertState(editor, 'e\u0301x', 2);
  feed(editor, '\x7f');
  assertState(editor, 'x', 0);
});

test('text typed past the right edge is written as is and the terminal wraps it', () => {
  const editor = narrowEditor(10);
  assert.deepEqual(feed(editor, 'abcdefghij'), [{ kind: 'write', text: 'abcdefghij' }]); // 12 cells: two rows
  // Home goes up to the prompt's row, erases from there down, draws the line and puts the cursor back up.
  assert.deepEqual(feed(editor, HOME), [{ kind: 'write', text: '\x1b[1A\r\x1b[J> abcdefghij\x1b[1A\r\x1b[2C' }]);
  assert.deepEqual(feed(editor, '\x05'), [{ kind: 'write', text: '\r\x1b[J> abcdefghij' }]);
});

test('the cursor is drawn on the row and column where its character is', () => {
  const editor = narrowEditor(10);
  feed(editor, 'abcdefghij', LEFT);
  // Before "i": the first row is full (prompt 2 + 8 cells), so the cursor shows at the start of the second.
  assert.deepEqual(feed(editor, LEFT), [{ kind: 'write', text: '\x1b[1A\r\x1b[J> abcdefghij\x1b[2D' }]);
  // Before "h": the last cell of the first row.
  assert.deepEqual(feed(editor, LEFT), [{ kind: 'write', text: '\x1b[1A\r\x1b[J> abcdefghij\x1b[1A\r\x1b[9C' }]);
  assertState(editor, 'abcdefghij', 7);
});

test('a line that ends exactly at the right edge puts the cursor on the next row, and Enter adds no blank row', () => {
  const editor = narrowEditor(10);
  assert.deepEqual(feed(editor, 'abcdefgh'), [{ kind: 'write', text: 'abcdefgh\r\n' }]);
  assert.deepEqual(feed(editor, 'i'), [{ kind: 'write', text: 'i' }]);
  assert.deepEqual(feed(editor, '\x7f'), [{ kind: 'write', text: '\x1b[1A\r\x1b[J> abcdefgh\r\n' }]);
  assert.deepEqual(feed(editor, '\r'), [{ kind: 'submit', line: 'abcdefgh' }]);
});

test('Enter after a wrapped line moves below its last row', () => {
  const editor = narrowEditor(10);
  // From the prompt's row (Home), the line is drawn with the cursor at its end, then a new line.
  assert.deepEqual(feed(editor, 'abcdefghijk', HOME, '\r'), [{ kind: 'write', text: '\r\x1b[J> abcdefghijk\r\n' }, { kind: 'submit', line: 'abcdefghijk' }]);
});

test('a wide character that does not fit at the end of a row goes to the next one', () => {
  const editor = narrowEditor(5);
  assert.deepEqual(feed(editor, 'ab中'), [{ kind: 'write', text: 'ab中' }]);
  assert.deepEqual(feed(editor, LEFT), [{ kind: 'write', text: '\x1b[1A\r\x1b[J> ab中\x1b[2D' }]);
  assert.deepEqual(feed(editor, LEFT), [{ kind: 'write', text: '\x1b[1A\r\x1b[J> ab中\x1b[1A\r\x1b[3C' }]);
});

test('a new terminal width redraws the line from the prompt\'s row, and nothing while the caller has the terminal', () => {
  const editor = openEditor();
  feed(editor, 'abcdefghij');
  assert.equal(editor.setColumns(10), '\r\x1b[J> abcdefghij');
  assert.equal(editor.setColumns(40), '\x1b[1A\r\x1b[J> abcdefghij');
  assert.equal(editor.setColumns(80), '\r> abcdefghij\x1b[K');
  feed(editor, '\r');
  assert.equal(editor.setColumns(10), '');
  assert.equal(editor.redraw(), '\r> \x1b[K');
});
