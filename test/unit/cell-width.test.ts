import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointWidth, textWidth } from '../../src/core/console/cell-width';

const width = (character: string) => codePointWidth(character.codePointAt(0) ?? 0);

test('ASCII, Latin, Greek, Cyrillic and half-width forms take one cell', () => {
  for (const character of ['a', '~', ' ', 'é', 'ß', 'Ω', 'Ж', '\u00ad', 'ｶ', '❤', '☺']) assert.equal(width(character), 1, character);
});

test('East Asian Wide and Fullwidth characters take two cells', () => {
  // CJK ideographs, Hiragana, Katakana, Hangul syllables, ideographic space, fullwidth Latin, CJK extension B.
  for (const character of ['中', '文', 'あ', 'カ', '한', '\u3000', 'Ａ', '！', '\u{20000}', '\u{2A6D6}', '〔']) {
    assert.equal(width(character), 2, character);
  }
});

test('emoji shown as emoji take two cells', () => {
  for (const character of ['\u{1F600}', '\u{1F680}', '\u231A', '\u2705', '\u{1F1E6}', '\u{1FAF6}']) assert.equal(width(character), 2, character);
});

test('combining marks, joiners, variation selectors and controls take none', () => {
  for (const character of ['\u0301', '\u0308', '\u20DD', '\u200D', '\u200B', '\uFE0F', '\uFE0E', '\u1161', '\u11A8', '\u302A', '\x1b', '\x00', '\x9b']) {
    assert.equal(width(character), 0, JSON.stringify(character));
  }
});

test('textWidth adds the cells of each code point, surrogate pairs counted once', () => {
  assert.equal(textWidth(''), 0);
  assert.equal(textWidth('GET key'), 7);
  assert.equal(textWidth('a中\u{1F600}e\u0301'), 6);
  assert.equal(textWidth('\u{1F468}\u200D\u{1F469}'), 4); // drawn as its parts, as VS Code's terminal does
  assert.equal(textWidth('中文abc', 1, 4), 4);
});
