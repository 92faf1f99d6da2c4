// A string value's bytes as the page shows them: text, pretty JSON, or a hex dump. The host sends the bytes as
// base64 next to their text (or valkey-cli quoting, for bytes that are not text).
import type { StringChunk } from '../../src/shared/keys-protocol';

export function bytesOf(chunks: readonly StringChunk[]): Uint8Array {
  const parts = chunks.map((chunk) => Uint8Array.from(atob(chunk.base64), (char) => char.charCodeAt(0)));
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** Hex dump lines: offset, 16 bytes, and the printable ASCII of them. */
export function hexDump(bytes: Uint8Array, maxBytes: number): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, maxBytes);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = Array.from(row, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

/** Plain hex digits, for editing. */
export function hexText(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The value pretty-printed, or why it is not JSON. */
export function prettyJson(text: string): { ok: true; text: string } | { ok: false; reason: string } {
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
