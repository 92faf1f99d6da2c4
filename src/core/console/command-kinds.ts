// How the console treats a command beyond sending it: where it runs, whether it blocks, whether to ask first.

/** Commands that act on one node's dataset or state; without a target they run on every primary, one result each. */
const NODE_WIDE = new Set(['DBSIZE', 'KEYS', 'SCAN', 'INFO', 'FLUSHALL', 'FLUSHDB', 'RANDOMKEY', 'MEMORY', 'LASTSAVE',
  'SAVE', 'BGSAVE', 'BGREWRITEAOF', 'CONFIG', 'SLOWLOG', 'LATENCY', 'CLIENT', 'COMMAND', 'TIME', 'ROLE', 'LOLWUT', 'DEBUG']);
/** Of the node-wide ones, those that a person means for every primary (the rest run where the console points). */
const ALL_PRIMARIES = new Set(['DBSIZE', 'KEYS', 'SCAN', 'FLUSHALL', 'FLUSHDB', 'RANDOMKEY', 'INFO', 'SAVE', 'BGSAVE', 'BGREWRITEAOF']);

const DANGEROUS: Record<string, string> = {
  FLUSHALL: 'deletes every key',
  FLUSHDB: 'deletes every key',
  SHUTDOWN: 'stops the node',
  DEBUG: 'can crash or freeze the node',
  'CLUSTER RESET': 'makes the node forget the cluster',
  'CLUSTER FORGET': 'removes a node from this node\'s view of the cluster',
  'CLUSTER DELSLOTS': 'takes slots away from the cluster',
  'CLUSTER DELSLOTSRANGE': 'takes slots away from the cluster',
  'CLUSTER FLUSHSLOTS': 'takes every slot away from the node',
  'CLUSTER SETSLOT': 'moves slot ownership by hand',
  'CONFIG SET': 'changes the running node\'s configuration',
  'SCRIPT FLUSH': 'deletes every cached script',
  'FUNCTION FLUSH': 'deletes every function library',
  'REPLICAOF': 'changes the node\'s replication',
  'SLAVEOF': 'changes the node\'s replication',
};

const BLOCKING = new Set(['BLPOP', 'BRPOP', 'BLMOVE', 'BRPOPLPUSH', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF']);
const STREAMING = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'MONITOR']);

export function upper(arg: string | undefined): string {
  return (arg ?? '').toUpperCase();
}

export function isNodeWide(args: readonly string[]): boolean {
  return NODE_WIDE.has(upper(args[0]));
}

export function runsOnAllPrimaries(args: readonly string[]): boolean {
  return ALL_PRIMARIES.has(upper(args[0]));
}

/** Why the command needs a confirmation, or undefined when it does not. */
export function dangerOf(args: readonly string[]): string | undefined {
  return DANGEROUS[`${upper(args[0])} ${upper(args[1])}`] ?? DANGEROUS[upper(args[0])];
}

/** Blocks until data arrives; needs its own connection so Ctrl+C can abandon it. */
export function isBlocking(args: readonly string[]): boolean {
  const name = upper(args[0]);
  if (BLOCKING.has(name)) return true;
  return (name === 'XREAD' || name === 'XREADGROUP') && args.some((arg) => upper(arg) === 'BLOCK');
}

/** Streams messages until cancelled. */
export function isStreaming(args: readonly string[]): boolean {
  return STREAMING.has(upper(args[0]));
}

/** Connection-state commands that would confuse a shared cluster connection. */
export function refusal(args: readonly string[]): string | undefined {
  const name = upper(args[0]);
  if (name === 'SELECT' && args[1] !== '0') return 'A cluster has only database 0.';
  if (name === 'MULTI' || name === 'EXEC' || name === 'DISCARD' || name === 'WATCH') {
    return `${name} is not available in the console yet: a transaction needs one connection to one node. Use valkey-cli in a node container for transactions.`;
  }
  if (name === 'AUTH' || name === 'HELLO') return 'The console is already authenticated with the cluster password from VS Code\'s secret storage.';
  if (name === 'QUIT' || name === 'EXIT') return 'Close the terminal to leave the console.';
  return undefined;
}
