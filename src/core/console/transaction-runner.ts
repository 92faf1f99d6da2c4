// Runs the lines of a transaction. Its keys must share one slot (the first key fixes it, and so the node); a line
// breaking that is explained and not queued. A transaction opened before any key (MULTI first) starts where the
// console points and moves, queue and all, to the owner of the first key's slot.
import { keySlot } from '../cluster/slots';
import type { LinePlan } from './classify';
import type { ClusterRouter } from './cluster-router';
import type { Dedicated } from './dedicated';
import { type ConsoleNode, sameNode } from './nodes';
import type { ParsedLine } from './parse-line';
import type { ConsolePointer } from './pointer';
import { explainCrossSlot, type ReplyPrinter } from './reply-printer';
import { Transaction } from './transaction';

export interface TransactionHost {
  readonly router: ClusterRouter;
  readonly pointer: ConsolePointer;
  readonly printer: ReplyPrinter;
  /** A dedicated connection to `node` (it throws when the node does not answer). */
  open(node: ConsoleNode): Promise<Dedicated>;
}

export class TransactionRunner {
  private transaction: Transaction | undefined;

  constructor(private readonly host: TransactionHost) {}

  /** A transaction (MULTI or WATCH) is open. */
  get active(): boolean {
    return this.transaction !== undefined;
  }

  /** Between MULTI and EXEC/DISCARD: the prompt shows (TX). */
  get inMulti(): boolean {
    return this.transaction?.inMulti === true;
  }

  get node(): ConsoleNode | undefined {
    return this.transaction?.node;
  }

  async run(parsed: ParsedLine, plan: LinePlan, write: (text: string) => void): Promise<void> {
    const { router, pointer, printer } = this.host;
    let transaction = this.transaction;
    if (transaction && parsed.target && !sameNode(parsed.target, transaction.node)) {
      return write(`(error) A transaction is open on ${transaction.node.name}: finish it with EXEC or DISCARD (or press Ctrl+C) before sending commands to another node.`);
    }
    const { slot, keys } = plan;
    const fixed = transaction?.slot;
    if (slot !== undefined && (keys.some((key) => keySlot(key) !== slot) || (fixed !== undefined && slot !== fixed))) {
      const first = transaction?.firstKey ?? '';
      const why = fixed === undefined ? undefined : `A transaction runs on one node: its keys must share the slot of ${first} (${fixed}).`;
      return write(explainCrossSlot(fixed === undefined ? keys : [first, ...keys], (of) => router.knownOwner(of), why));
    }
    if (!transaction) {
      const owner = parsed.target ?? (slot === undefined ? undefined : await router.ownerOf(slot)) ?? pointer.current;
      const link = await this.host.open(owner);
      transaction = this.transaction = new Transaction(link, parsed.target !== undefined);
      const trace = slot === undefined ? undefined : pointer.follow(slot, owner);
      if (trace) write(trace);
    } else if (fixed === undefined && slot !== undefined && !transaction.pinned) {
      const owner = await router.ownerOf(slot);
      if (owner && !sameNode(owner, transaction.node)) {
        await transaction.moveTo(await this.host.open(owner)).catch((error: unknown) => {
          this.discard();
          throw error;
        });
        const trace = pointer.follow(slot, owner);
        if (trace) write(trace);
      }
    }
    if (slot !== undefined) transaction.fixSlot(slot, keys[0]);
    pointer.pointAt(transaction.node);
    const { reply, format } = await transaction.send(parsed.args, parsed.buffers);
    printer.print(reply, format, write);
    if (!transaction.open) {
      if (transaction.inMulti || transaction.watching) write('(the transaction is lost: its connection closed)');
      transaction.close();
      this.transaction = undefined;
    }
  }

  /** Ends an open transaction (Ctrl+C at the prompt); returns what to tell the user, if there was one. */
  discard(): string | undefined {
    const transaction = this.transaction;
    if (!transaction) return undefined;
    this.transaction = undefined;
    transaction.close(); // the server drops the queue and the watches with the connection
    return transaction.inMulti ? '(transaction discarded)' : '(WATCH ended: the keys are no longer watched)';
  }
}
