// `help` and Tab completion, from the server's own COMMAND DOCS, fetched once when first needed.
import { type CommandDoc, completionCandidates, helpText, parseCommandDocs } from './command-docs';
import type { Completion } from './line-editor';

const OVERVIEW = [
  'Type a command as in valkey-cli; it runs where its key lives (Tab completes, Up/Down walk history).',
  '  help <command>        syntax and summary from the server (e.g. help set, help cluster info)',
  '  @valkey-node-3 <cmd>  run on one node',
  '  DBSIZE, KEYS, SCAN, INFO, FLUSHALL ... run on every primary, one result each',
  '  MULTI ... EXEC        a transaction, on the node that owns its keys (one slot)',
  '  Ctrl+C stops a blocking command (BLPOP, SUBSCRIBE, MONITOR) or discards an open transaction;',
  '  a paste runs every line in order.',
].join('\n');

export class CommandHelp {
  private docs: Map<string, CommandDoc> | undefined;
  private loading: Promise<void> | undefined;

  /** `fetchDocs` runs COMMAND DOCS on some node and returns the reply (an error reply as an Error). */
  constructor(private readonly fetchDocs: () => Promise<unknown>) {}

  /** What `help` and `help <command> [subcommand]` print. */
  async help(topic: readonly string[]): Promise<string> {
    if (topic.length === 0) return OVERVIEW;
    const docs = await this.commandDocs();
    const command = docs.get(topic[0].toUpperCase());
    const doc = topic[1] ? command?.subcommands.get(topic[1].toUpperCase()) ?? command : command;
    return doc ? helpText(doc) : `(error) No help for "${topic.join(' ')}": not a command this server knows.`;
  }

  /** Starts fetching the docs so that Tab has something to offer. */
  preload(): void {
    this.loading ??= this.commandDocs().then(() => undefined, () => { this.loading = undefined; });
  }

  /** Candidates for the word before the cursor; none until the docs are there (asking starts fetching them). */
  complete(line: string, cursor: number): Completion {
    const before = line.slice(0, cursor);
    const partialStart = before.search(/\S*$/);
    const words = before.slice(0, partialStart).trim().split(/\s+/).filter(Boolean).filter((word, index) => !(index === 0 && word.startsWith('@')));
    if (!this.docs) {
      this.preload();
      return { replacementStart: partialStart, candidates: [] };
    }
    return { replacementStart: partialStart, candidates: completionCandidates(this.docs, words, before.slice(partialStart)) };
  }

  private async commandDocs(): Promise<Map<string, CommandDoc>> {
    if (!this.docs) {
      const reply = await this.fetchDocs();
      if (reply instanceof Error) throw reply;
      this.docs = parseCommandDocs(asText(reply));
    }
    return this.docs;
  }
}

/** Buffers (as the console asks for replies) to strings, through nested arrays. */
export function asText(reply: unknown): unknown {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  if (Array.isArray(reply)) return reply.map(asText);
  return reply;
}
