// Everything the console says about a reply: the reply itself as valkey-cli shows it (cut after a number of
// lines), failures worded so that a stopped or failing-over cluster reads as such, and the cross-slot explanation.
import { keySlot } from '../cluster/slots';
import { type FormatOptions, formatReplyWithLimit } from './format';
import type { ConsoleNode } from './nodes';

const CONNECTION_TROUBLE = /Connection is closed|ECONNREFUSED|ECONNRESET|Failed to refresh slots cache|None of startup nodes is available|Too many Cluster redirections|CLUSTERDOWN|timed out|Stream isn't writeable|enableOfflineQueue/i;

export class ReplyPrinter {
  /** The last failure was the cluster not answering: the next reply says it answers again. */
  private wasDown = false;

  constructor(private readonly maxReplyLines: number) {}

  /** The reply's lines; a connection failure given as a reply is worded as one. */
  print(reply: unknown, format: FormatOptions, write: (text: string) => void): void {
    if (reply instanceof Error && CONNECTION_TROUBLE.test(reply.message)) return write(this.failure(reply));
    if (this.wasDown) {
      this.wasDown = false;
      write('(the cluster answers again)');
    }
    const formatted = formatReplyWithLimit(reply, { ...format, maxLines: this.maxReplyLines });
    write(formatted.text);
    if (formatted.truncated) write(`(… ${formatted.totalLines - this.maxReplyLines} more lines not shown; narrow the command, e.g. SCAN with MATCH and COUNT)`);
  }

  /** One "(error) ..." line for a failure. */
  failure(error: unknown): string {
    const message = (error as Error)?.message ?? String(error);
    if (CONNECTION_TROUBLE.test(message)) {
      this.wasDown = true;
      return `(error) The cluster does not answer (${message}). It may be stopped or failing over; the console keeps trying and works again once it is back.`;
    }
    return `(error) ${message}`;
  }
}

/** The server's CROSSSLOT line, then which key lands in which slot (and node), and the hash-tag way out. */
export function explainCrossSlot(keys: readonly string[], ownerOf: (slot: number) => ConsoleNode | undefined, why?: string): string {
  const describe = (key: string) => {
    const slot = keySlot(key);
    const node = ownerOf(slot);
    return `${key} → slot ${slot}${node ? ` (${node.name})` : ''}`;
  };
  return [
    `(error) CROSSSLOT Keys in request don't hash to the same slot`,
    `   ${keys.map(describe).join(', ')}`,
    ...(why ? [`   ${why}`] : []),
    `   In a cluster, one command can only touch keys of one slot. Put the shared part in braces so they hash alike,`,
    `   e.g. {user:1}:name and {user:1}:email.`,
  ].join('\n');
}

/** True for the server's reply to a command whose keys hash to different slots. */
export function isCrossSlot(reply: unknown): boolean {
  return reply instanceof Error && reply.message.startsWith('CROSSSLOT');
}
