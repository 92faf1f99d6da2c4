// How a console line runs, decided in one place for single lines and pasted batches alike. Pure: what it needs to
// know about the session comes in the situation.
import { exists as knownCommand, getKeyIndexes } from '@iovalkey/commands';
import { keySlot } from '../cluster/slots';
import {
  dangerOf, isBlocking, isNodeWide, isStreaming, opensTransaction, readOnlyRefusal, refusal, runsOnAllPrimaries, upper,
} from './command-kinds';

export type LineKind =
  /** `help` or `help <command>`: answered by the console. */
  | { readonly kind: 'help' }
  /** Not sent: the reason is the whole answer. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** On the transaction's own connection: MULTI, WATCH, or anything while one is open. */
  | { readonly kind: 'transaction' }
  /** SUBSCRIBE, MONITOR...: messages until Ctrl+C, on a connection of its own. */
  | { readonly kind: 'streaming' }
  /** BLPOP, XREAD BLOCK...: waits for data on a connection of its own, so Ctrl+C can abandon it. */
  | { readonly kind: 'blocking' }
  /** DBSIZE, KEYS, SCAN...: on every primary, one result each. */
  | { readonly kind: 'allPrimaries' }
  /** On the node the line names (or the console is pinned to), else where the console points. */
  | { readonly kind: 'onNode' }
  /** Through the cluster client to the owner of `slot` (the first key's), like valkey-cli -c. */
  | { readonly kind: 'routed' };

export type LinePlan = LineKind & {
  readonly keys: readonly string[];
  /** Slot of the first key; undefined for a command without keys. */
  readonly slot?: number;
  /** Why to ask before running it, or undefined. */
  readonly danger?: string;
};

export interface LineSituation {
  /** The line names a node (@node), or the console is pinned to one. */
  readonly targeted: boolean;
  /** A transaction (MULTI or WATCH) is open. */
  readonly inTransaction: boolean;
  /** In read-only mode: whether the server flags this command as writing. Undefined when not read-only. */
  readonly writes?: boolean;
}

/** The keys of a command, as @iovalkey/commands finds them (none for a command it does not know). */
function keysOf(args: readonly string[]): string[] {
  const name = args[0].toLowerCase();
  if (!knownCommand(name)) return [];
  try {
    return getKeyIndexes(name, args.slice(1)).map((index) => args[index + 1]).filter((key) => key !== undefined);
  } catch {
    return [];
  }
}

function kindOf(args: readonly string[], keys: readonly string[], situation: LineSituation): LineKind {
  if (upper(args[0]) === 'HELP') return { kind: 'help' };
  const refused = refusal(args) ?? (situation.writes === undefined ? undefined : readOnlyRefusal(args, situation.writes));
  if (refused) return { kind: 'refused', reason: refused };
  if (situation.inTransaction && isStreaming(args)) {
    return { kind: 'refused', reason: `${upper(args[0])} cannot run inside a transaction: it needs a connection of its own. Finish the transaction with EXEC or DISCARD first.` };
  }
  if (situation.inTransaction || opensTransaction(args)) return { kind: 'transaction' };
  if (isStreaming(args)) return { kind: 'streaming' };
  if (isBlocking(args)) return { kind: 'blocking' };
  if (situation.targeted) return { kind: 'onNode' };
  if (isNodeWide(args) && runsOnAllPrimaries(args)) return { kind: 'allPrimaries' };
  if (isNodeWide(args) || keys.length === 0) return { kind: 'onNode' };
  return { kind: 'routed' };
}

/** How the command in `args` (the line without its @node) runs. */
export function classify(args: readonly string[], situation: LineSituation): LinePlan {
  const keys = keysOf(args);
  const kind = kindOf(args, keys, situation);
  return { ...kind, keys, slot: keys.length > 0 ? keySlot(keys[0]) : undefined, danger: dangerOf(args) };
}
