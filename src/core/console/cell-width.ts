// How many terminal cells a character takes, as VS Code's terminal (xterm.js with its Unicode 11 widths) draws
// it: East Asian Wide and Fullwidth characters and emoji shown as emoji take two cells, combining marks and other
// zero-width characters none, everything else one. Characters are drawn one code point at a time, as xterm.js
// does, so a ZWJ sequence is as wide as its parts.

/**
 * East Asian Wide (W) and Fullwidth (F) blocks that are not emoji (those are matched by their Emoji_Presentation
 * property below), generated from the Unicode Character Database (EastAsianWidth) and merged across unassigned,
 * combining and emoji code points, which are decided before this table is read. Planes 2 and 3 are wide whole.
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2329, 0x232a], [0x2e80, 0x2ffb], [0x3000, 0x303e], [0x3041, 0x31e3], [0x31f0, 0x3247],
  [0x3250, 0x4dbf], [0x4e00, 0xa4c6], [0xa960, 0xa97c], [0xac00, 0xd7a3], [0xf900, 0xfad9], [0xfe10, 0xfe6b],
  [0xff01, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16ff1], [0x17000, 0x187f7], [0x18800, 0x18cd5],
  [0x18d00, 0x18d08], [0x1aff0, 0x1b122], [0x1b150, 0x1b152], [0x1b164, 0x1b2fb], [0x1f200, 0x1f265],
  [0x20000, 0x3fffd],
];

/** Nonspacing and enclosing marks and format characters (ZWJ, ZWSP, variation selectors are marks too). */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;
const SOFT_HYPHEN = 0xad;

function isWideBlock(codePoint: number): boolean {
  let low = 0;
  let high = WIDE_RANGES.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = WIDE_RANGES[middle];
    if (codePoint < start) high = middle - 1;
    else if (codePoint > end) low = middle + 1;
    else return true;
  }
  return false;
}

/** Cells one code point takes. Control characters count 0: they are never drawn as text. */
export function codePointWidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint >= 0x20 && codePoint < 0x7f) return 1; // the common case first
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  // Hangul medial vowels and final consonants join the syllable before them.
  if ((codePoint >= 0x1160 && codePoint <= 0x11ff) || (codePoint >= 0xd7b0 && codePoint <= 0xd7ff)) return 0;
  const character = String.fromCodePoint(codePoint);
  if (codePoint !== SOFT_HYPHEN && ZERO_WIDTH.test(character)) return 0;
  if (EMOJI_PRESENTATION.test(character) || isWideBlock(codePoint)) return 2;
  return 1;
}

/** Cells `text[from..to]` takes on one line (UTF-16 indexes on code point boundaries). */
export function textWidth(text: string, from = 0, to = text.length): number {
  let width = 0;
  for (let index = from; index < to; ) {
    const codePoint = text.codePointAt(index) ?? 0;
    width += codePointWidth(codePoint);
    index += codePoint > 0xffff ? 2 : 1;
  }
  return width;
}
