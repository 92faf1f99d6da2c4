// Whether the server flags a command as writing, from its own COMMAND INFO, which also knows the subcommands of
// containers (XGROUP CREATE writes, XGROUP HELP does not). Asked once per command name, for read-only consoles.
import { asText } from './command-help';

interface CommandInfo {
  readonly flags: readonly string[];
  /** By full name, e.g. "xgroup|create". */
  readonly subcommands: ReadonlyMap<string, readonly string[]>;
}

/** One COMMAND INFO entry: [name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands]. */
function parseEntry(entry: unknown): CommandInfo | undefined {
  if (!Array.isArray(entry)) return undefined; // null: the server does not know the command
  const flagsOf = (value: unknown[]) => (Array.isArray(value[2]) ? value[2].map(String) : []);
  const subcommands = new Map<string, readonly string[]>();
  for (const sub of Array.isArray(entry[9]) ? entry[9] : []) {
    if (Array.isArray(sub)) subcommands.set(String(sub[0]).toLowerCase(), flagsOf(sub));
  }
  return { flags: flagsOf(entry), subcommands };
}

export class WriteFlags {
  private readonly known = new Map<string, CommandInfo | undefined>();

  /** `fetchInfo` runs COMMAND INFO <name> on some node and returns the reply (an error reply as an Error). */
  constructor(private readonly fetchInfo: (name: string) => Promise<unknown>) {}

  /** True when the server flags the command (or its subcommand) `write`; throws when it cannot be asked. */
  async writes(args: readonly string[]): Promise<boolean> {
    const name = args[0].toLowerCase();
    if (!this.known.has(name)) {
      const reply = await this.fetchInfo(name);
      if (reply instanceof Error) throw reply;
      const entries = asText(reply);
      this.known.set(name, parseEntry(Array.isArray(entries) ? entries[0] : undefined));
    }
    const info = this.known.get(name);
    if (!info) return false; // unknown to the server, which answers so itself
    const subcommand = args[1] === undefined ? undefined : info.subcommands.get(`${name}|${args[1].toLowerCase()}`);
    return (subcommand ?? info.flags).includes('write');
  }
}
