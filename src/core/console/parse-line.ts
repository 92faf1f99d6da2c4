// A typed line (or arguments given as they are, like the CLI's) as a command: valkey-cli's argument splitting, and an
// optional "@node" in front naming where it runs.
import type { ConsoleNode, ConsoleNodes } from './nodes';
import { tokenize } from './tokenize';

export interface ParsedLine {
  /** The node the line names with @node, or the one the console is pinned to. */
  readonly target?: ConsoleNode;
  readonly args: string[];
  /** The arguments as bytes, as sent. */
  readonly buffers: Buffer[];
}

/** The line's command and target; a string says why it is not one; undefined for a blank line. */
export function parseLine(line: string, nodes: ConsoleNodes, pinned: ConsoleNode | undefined): ParsedLine | string | undefined {
  const tokens = tokenize(line);
  return tokens.ok ? parseArguments(tokens.args, nodes, pinned) : tokens.error;
}

/** Arguments already split (the CLI's argv): the same command and target, every byte as given. */
export function parseArguments(args: readonly Buffer[], nodes: ConsoleNodes, pinned: ConsoleNode | undefined): ParsedLine | string | undefined {
  let buffers = [...args];
  let target = pinned;
  const first = buffers[0]?.toString('utf8');
  if (first?.startsWith('@')) {
    target = nodes.named(first.slice(1));
    if (!target) return `No node "${first.slice(1)}". Known: ${nodes.all().map((node) => `@${node.name}`).join(', ')}`;
    buffers = buffers.slice(1);
  }
  if (buffers.length === 0) return undefined;
  return { target, args: buffers.map((buffer) => buffer.toString('utf8')), buffers };
}
