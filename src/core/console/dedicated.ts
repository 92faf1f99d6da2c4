// A connection of the console's own to one node, for what cannot share one: blocking commands, subscriptions and
// MONITOR (Ctrl+C closes it without touching the shared ones), and transactions (their state lives on it).
import type Valkey from 'iovalkey';
import { connectNode } from '../client/connect';
import type { Reach } from '../client/reach';
import type { ConsoleNode, ConsoleNodes } from './nodes';

export interface Dedicated {
  readonly node: ConsoleNode;
  readonly connection: Valkey;
  /** Settles when `cancel()` is called (Ctrl+C). */
  readonly cancelled: Promise<void>;
  cancel(): void;
  close(): void;
}

/**
 * Opens it; `waitsForever` lifts the command deadline, for commands that block on purpose. Throws "<node> does
 * not answer (...)" when the node cannot be reached.
 */
export async function openDedicated(node: ConsoleNode, nodes: ConsoleNodes, reach: Reach, waitsForever: boolean): Promise<Dedicated> {
  const connection = connectNode(nodes.addressOf(node), reach);
  connection.on('error', () => undefined); // surfaced by the failing command instead
  try {
    await connection.connect();
  } catch (error) {
    connection.disconnect();
    throw new Error(`${node.name} does not answer (${(error as Error).message})`, { cause: error });
  }
  if (waitsForever) connection.options.commandTimeout = undefined; // after AUTH, which keeps its deadline
  let settle!: () => void;
  const cancelled = new Promise<void>((resolve) => (settle = resolve));
  return {
    node,
    connection,
    cancelled,
    cancel: () => {
      connection.disconnect();
      settle();
    },
    close: () => connection.disconnect(),
  };
}
