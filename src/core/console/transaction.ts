// A transaction (MULTI ... EXEC, and the WATCH before it) on a dedicated connection to one node: the server keeps
// its state on that connection. This follows that state from the commands sent and the server's replies, and
// keeps the queued commands so that EXEC's reply can be shown like valkey-cli shows it.
import { upper } from './command-kinds';
import type { Dedicated } from './dedicated';
import type { FormatOptions } from './format';

interface QueuedCommand {
  readonly args: readonly string[];
  readonly buffers: readonly Buffer[];
}

export class Transaction {
  /** Between MULTI and EXEC/DISCARD: commands are queued, not run. */
  inMulti = false;
  /** Keys are WATCHed: EXEC fails (nil) if another client changes them. */
  watching = false;
  /** The slot every key of the transaction must hash to, once a key fixed it, and that key. */
  slot: number | undefined;
  firstKey: string | undefined;
  private queued: QueuedCommand[] = [];

  /** `pinned`: opened on a node the user named, so it stays there whatever its keys. */
  constructor(private link: Dedicated, readonly pinned: boolean) {}

  get node() {
    return this.link.node;
  }

  /** Still holding state on the server (MULTI or WATCH) over a live connection. */
  get open(): boolean {
    const status = this.link.connection.status;
    return (this.inMulti || this.watching) && status !== 'end' && status !== 'close';
  }

  /** The first key fixes the slot (and so the node) of the whole transaction. */
  fixSlot(slot: number, key: string): void {
    this.slot ??= slot;
    this.firstKey ??= key;
  }

  /** Sends one command on the transaction's connection and follows what it did; returns the reply and how to show it. */
  async send(args: readonly string[], buffers: readonly Buffer[]): Promise<{ reply: unknown; format: FormatOptions }> {
    const name = upper(args[0]);
    const wasInMulti = this.inMulti;
    const reply = await this.call(buffers);
    const ok = !(reply instanceof Error);
    if (!wasInMulti) {
      if (ok && name === 'MULTI') this.inMulti = true;
      else if (ok && name === 'WATCH') this.watching = true;
      else if (ok && name === 'UNWATCH') this.watching = false;
      return { reply, format: { args } };
    }
    if (name === 'EXEC' || name === 'DISCARD') {
      const executed = this.queued.map((command) => command.args);
      this.inMulti = false;
      this.watching = false; // both end every WATCH
      this.queued = [];
      return { reply, format: name === 'EXEC' ? { args, executed } : { args } };
    }
    if (ok) this.queued.push({ args, buffers });
    return { reply, format: { args, inTransaction: true } };
  }

  /**
   * Moves a transaction that no key has placed yet (MULTI, maybe keyless commands) to `link`'s node: MULTI and the
   * commands queued so far are sent again there, and the old connection (with its queue) is closed.
   */
  async moveTo(link: Dedicated): Promise<void> {
    const old = this.link;
    this.link = link;
    old.close();
    if (!this.inMulti) return;
    const replies = [await this.call([Buffer.from('MULTI')])];
    for (const command of this.queued) replies.push(await this.call(command.buffers));
    const failed = replies.find((reply): reply is Error => reply instanceof Error);
    if (failed) throw new Error(`the transaction could not be moved to ${link.node.name} (${failed.message}); it is discarded`);
  }

  close(): void {
    this.link.close();
  }

  private call(buffers: readonly Buffer[]): Promise<unknown> {
    const [command, ...rest] = buffers;
    return this.link.connection.callBuffer(command.toString('utf8'), ...rest).catch((error: Error) => error);
  }
}
