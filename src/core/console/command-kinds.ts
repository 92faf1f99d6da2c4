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
  'CLUSTER FAILOVER': 'makes this replica the primary of its shard',
  'CLUSTER REPLICATE': 'makes the node a replica of another',
  'CONFIG SET': 'changes the running node\'s configuration',
  'SCRIPT FLUSH': 'deletes every cached script',
  'FUNCTION FLUSH': 'deletes every function library',
  'REPLICAOF': 'changes the node\'s replication',
  'SLAVEOF': 'changes the node\'s replication',
};

const BLOCKING = new Set(['BLPOP', 'BRPOP', 'BLMOVE', 'BRPOPLPUSH', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF']);
const STREAMING = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'MONITOR']);
/** Scripts and functions may write whatever their flags say; their _RO forms are kept read-only by the server. */
const READ_ONLY_FORMS = new Map([['EVAL', 'EVAL_RO'], ['EVALSHA', 'EVALSHA_RO'], ['FCALL', 'FCALL_RO']]);

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

/** Starts a transaction: MULTI, or WATCH ahead of one. EXEC and DISCARD without one go to the server, which says so. */
export function opensTransaction(args: readonly string[]): boolean {
  const name = upper(args[0]);
  return name === 'MULTI' || name === 'WATCH';
}

/** Connection-state commands that would confuse a shared cluster connection. */
export function refusal(args: readonly string[]): string | undefined {
  const name = upper(args[0]);
  if (name === 'SELECT' && args[1] !== '0') return 'A cluster has only database 0.';
  if (name === 'AUTH' || name === 'HELLO') return 'The console is already authenticated with the cluster\'s password.';
  if (name === 'QUIT' || name === 'EXIT') return 'Close the terminal to leave the console.';
  return undefined;
}

/** Why a read-only console does not send the command (`writes`: the server flags it as writing), or undefined. */
export function readOnlyRefusal(args: readonly string[], writes: boolean): string | undefined {
  const name = upper(args[0]);
  const readOnlyForm = READ_ONLY_FORMS.get(name);
  if (readOnlyForm) return `Read-only console: ${name} may write, so it was not sent. ${readOnlyForm} runs the same read-only.`;
  const danger = dangerOf(args);
  if (danger) return `Read-only console: ${args.slice(0, 2).join(' ').toUpperCase()} ${danger}, so it was not sent.`;
  return writes ? `Read-only console: ${name} writes to the cluster, so it was not sent.` : undefined;
}
