// `run`: one command through the console engine, printed as valkey-cli prints it (routed to the node that owns its
// key, redirects traced). The arguments go as the shell gave them, byte for byte. Commands that ask first in the
// console run only with --yes.
import type { ConsoleNode } from '../core/console/nodes';
import { ConsoleSession } from '../core/console/session';
import type { ConnectionHub } from '../core/target/hub';

export interface RunOptions {
  readonly nodes: readonly ConsoleNode[];
  readonly hub: ConnectionHub;
  readonly readOnly: boolean;
  /** Run on this node instead of where the key lives (a standalone server's only node, or --node). */
  readonly node?: string;
  /** Answer yes to "run it?" questions. */
  readonly yes: boolean;
  readonly write: (text: string) => void;
  readonly ask: (question: string) => void;
}

/** Runs the command; resolves false when the reply (or the console) reported an error. */
export async function runOneCommand(args: readonly string[], options: RunOptions): Promise<boolean> {
  const session = new ConsoleSession({ nodes: () => options.nodes, hub: options.hub, readOnly: options.readOnly, pinnedNode: options.node });
  let failed = false;
  try {
    await session.runArguments(args.map((arg) => Buffer.from(arg)), {
      write: (text) => {
        if (text.startsWith('(error)')) failed = true;
        options.write(text);
      },
      confirm: async (question) => {
        options.ask(`${question} ${options.yes ? 'yes (--yes)' : 'no: add --yes to run it'}`);
        if (!options.yes) failed = true;
        return options.yes;
      },
    });
  } finally {
    session.dispose();
  }
  return !failed;
}
