// iovalkey hands back RESP2 simple strings ("+OK") and bulk strings ("$2\r\nOK") as the same Buffer, but valkey-cli
// shows the first bare (OK) and the second quoted ("OK"). This module recovers the difference from the command,
// using what each command is documented to reply, and knows which commands valkey-cli prints as raw text.

/**
 * Commands whose string reply is always a simple string. Commands that reply with arrays or integers in other
 * forms (CONFIG GET, SLOWLOG GET, XGROUP CREATECONSUMER, ...) can still be listed: only string replies are asked.
 */
const STATUS_COMMANDS = new Set([
  'ASKING', 'AUTH', 'BGREWRITEAOF', 'BGSAVE', 'COMMANDLOG', 'CONFIG', 'DISCARD', 'FAILOVER', 'FLUSHALL', 'FLUSHDB',
  'HMSET', 'LSET', 'LTRIM', 'MIGRATE', 'MODULE', 'MONITOR', 'MSET', 'MULTI', 'PFMERGE', 'PSETEX', 'QUIT',
  'READONLY', 'READWRITE', 'RENAME', 'REPLICAOF', 'RESET', 'RESTORE', 'RESTORE-ASKING', 'SAVE', 'SELECT', 'SETEX',
  'SHUTDOWN', 'SLAVEOF', 'SLOWLOG', 'SWAPDB', 'TYPE', 'UNWATCH', 'WATCH', 'XGROUP', 'XSETID',
]);

/**
 * Container commands whose subcommands mostly answer OK (or another simple string), mapped to the subcommands that
 * answer with data in a bulk string instead.
 */
const STATUS_EXCEPT_SUBCOMMANDS = new Map<string, ReadonlySet<string>>([
  ['ACL', new Set(['WHOAMI', 'GENPASS', 'DRYRUN'])],
  ['CLIENT', new Set(['GETNAME', 'INFO', 'LIST'])],
  ['CLUSTER', new Set(['INFO', 'NODES', 'MYID', 'MYSHARDID'])],
  ['DEBUG', new Set(['HTSTATS', 'HTSTATS-KEY', 'CLIENT-EVICTION', 'PROTOCOL'])],
  ['FUNCTION', new Set(['LOAD', 'DUMP'])],
  ['MEMORY', new Set(['DOCTOR', 'MALLOC-STATS'])],
  ['SCRIPT', new Set(['LOAD'])],
]);

/** SET options that take a value, which must not be mistaken for the GET option. */
const SET_OPTIONS_WITH_VALUE = new Set(['EX', 'PX', 'EXAT', 'PXAT', 'IFEQ']);

function upper(args: readonly string[], index: number): string {
  return (args[index] ?? '').toUpperCase();
}

/** SET answers OK (a simple string) unless its GET option asks for the old value. */
function setReturnsOldValue(args: readonly string[]): boolean {
  for (let index = 3; index < args.length; index++) {
    const option = upper(args, index);
    if (option === 'GET') return true;
    if (SET_OPTIONS_WITH_VALUE.has(option)) index++;
  }
  return false;
}

/**
 * True when `reply`, a top-level string reply to `args`, was a simple string that valkey-cli shows bare.
 * Commands not known to answer with a simple string are treated as returning data (quoted), which is also right
 * for EVAL/FCALL scripts returning plain strings.
 */
export function isStatusReply(args: readonly string[], reply: Buffer): boolean {
  const command = upper(args, 0);
  switch (command) {
    case 'SET':
      return !setReturnsOldValue(args);
    case 'PING':
      return args.length === 1; // PING answers PONG, PING <message> echoes the message
  }
  if (STATUS_COMMANDS.has(command)) return true;
  const dataSubcommands = STATUS_EXCEPT_SUBCOMMANDS.get(command);
  if (dataSubcommands === undefined) return false;
  const subcommand = upper(args, 1);
  // ACL DRYRUN answers a simple OK when allowed and a bulk string saying why when not.
  if (command === 'ACL' && subcommand === 'DRYRUN') return reply.toString('latin1') === 'OK';
  return !dataSubcommands.has(subcommand);
}

/**
 * True when the reply to `args` is an array of simple strings: the `<command> HELP` pages, which valkey-cli shows
 * as bare lines.
 */
export function hasStatusElements(args: readonly string[]): boolean {
  return args.length === 2 && upper(args, 1) === 'HELP';
}

/**
 * True for the commands valkey-cli prints as raw text instead of a quoted string (the same argument-count rules as
 * its cliSendCommand): reports such as INFO and CLUSTER NODES are meant to be read as lines.
 */
export function isRawOutputCommand(args: readonly string[]): boolean {
  const command = upper(args, 0);
  const subcommand = upper(args, 1);
  switch (command) {
    case 'INFO':
    case 'LOLWUT':
      return true;
    case 'DEBUG':
      return ['HTSTATS', 'HTSTATS-KEY', 'CLIENT-EVICTION'].includes(subcommand);
    case 'MEMORY':
      return subcommand === 'MALLOC-STATS' || subcommand === 'DOCTOR';
    case 'CLUSTER':
      return args.length === 2 && (subcommand === 'NODES' || subcommand === 'INFO');
    case 'CLIENT':
      return subcommand === 'LIST' || subcommand === 'INFO';
    case 'LATENCY':
      return (args.length === 3 && subcommand === 'GRAPH') || (args.length === 2 && subcommand === 'DOCTOR');
    default:
      return false;
  }
}
