// The command line, read and checked before anything runs: the command, its arguments, every flag and the value of
// each. A bad one is refused with one sentence that names it, says what is valid and that nothing was changed, and
// the CLI exits 2; no password is read and no engine is asked first.
import { parseArgs } from 'node:util';
import { describeProblem, isUserError } from '../core/errors';
import { PLAIN_WORDS, word } from '../core/wording';
import { parseSlotRanges } from '../core/scale/slot-input';
import { isProjectName, MAX_REPLICAS_PER_SHARD, PROJECT_NAME_RULE } from '../core/settings';

const LOCAL_COMMANDS: readonly string[] = ['up', 'stop', 'down', 'init', 'status', 'run', 'scale', 'move-slots', 'rebalance'];
const CONNECTION_COMMANDS: readonly string[] = ['status', 'run', 'move-slots', 'rebalance'];
/** Commands that take arguments besides flags: run (the command, one or more words), move-slots (the ranges). */
const TAKES_ARGUMENTS = new Set(['run', 'move-slots']);

const OPTIONS = {
  json: { type: 'boolean', default: false },
  volumes: { type: 'boolean', default: false },
  project: { type: 'string' },
  'password-file': { type: 'string' },
  'secrets-dir': { type: 'string' },
  node: { type: 'string' },
  yes: { type: 'boolean', default: false },
  url: { type: 'string' },
  'tls-ca': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-server-name': { type: 'string' },
  'tls-insecure': { type: 'boolean', default: false },
  map: { type: 'string', multiple: true },
  'read-only': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  shards: { type: 'string' },
  replicas: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  method: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'remove-volumes': { type: 'boolean', default: false },
  appendfsync: { type: 'string' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** The commands a flag is for, when not all; flags of a cluster named with --url need --url. */
const FLAG_COMMANDS: Partial<Readonly<Record<OptionName, readonly string[]>>> = {
  json: ['up', 'status', 'scale', 'move-slots', 'rebalance'],
  volumes: ['down'],
  node: ['run'],
  yes: ['run'],
  shards: ['up', 'scale'],
  replicas: ['up', 'scale'],
  to: ['move-slots'],
  by: ['rebalance'],
  method: ['scale', 'move-slots', 'rebalance'],
  'dry-run': ['scale', 'move-slots', 'rebalance'],
  'remove-volumes': ['scale'],
  appendfsync: LOCAL_COMMANDS,
};
const URL_FLAGS: ReadonlySet<OptionName> = new Set<OptionName>(['tls-ca', 'tls-cert', 'tls-key', 'tls-server-name', 'tls-insecure', 'map', 'read-only']);

export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** What the CLI refuses before doing anything: one sentence, exit 2. */
export class UsageError extends Error {}

export type CommandLine =
  | { readonly kind: 'help' }
  /** No command at all: the usage is the answer. */
  | { readonly kind: 'usage' }
  | {
    readonly kind: 'command';
    readonly command: string;
    readonly rest: readonly string[];
    readonly values: Values;
    /** --shards and --replicas as numbers, when given. */
    readonly shards?: number;
    readonly replicas?: number;
  };

export interface Limits {
  /** Nodes the cluster network has addresses for: no shape can have more. */
  readonly maxNodes: number;
}

const NOTHING_CHANGED = 'nothing was changed';

function refuse(sentence: string): never {
  throw new UsageError(`${sentence}; ${NOTHING_CHANGED}.`);
}

/** The values each flag that takes one accepts, as said in a refusal. */
function validValues(name: OptionName, limits: Limits): string {
  switch (name) {
    case 'shards':
      return `a whole number from 1 to ${limits.maxNodes}`;
    case 'replicas':
      return `a whole number from 0 to ${MAX_REPLICAS_PER_SHARD}`;
    case 'by':
      return '"slots" or "keys"';
    case 'method':
      return '"atomic" or "keys"';
    case 'to':
      return 'a primary (its name or id) or a shard number';
    case 'url':
      return 'valkey[s]://host:port[,host:port...]';
    case 'map':
      return 'ANNOUNCED=HOST:PORT';
    case 'project':
      return `a compose project name (${PROJECT_NAME_RULE})`;
    case 'node':
      return 'a node name (e.g. valkey-node-3) or host:port';
    case 'tls-server-name':
      return 'a host name';
    default:
      return name.endsWith('-dir') ? 'a folder' : 'a file';
  }
}

/** "a, b and c" / "a, b or c". */
function list(words: readonly string[], last: 'and' | 'or'): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

function checkedCount(name: 'shards' | 'replicas', value: string, limits: Limits): number {
  const [low, high] = name === 'shards' ? [1, limits.maxNodes] : [0, MAX_REPLICAS_PER_SHARD];
  const count = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= low && count <= high)) refuse(`--${name} ${JSON.stringify(value)} is not valid: use ${validValues(name, limits)}`);
  return count;
}

function checkChoice(name: 'by' | 'method', value: string | undefined, limits: Limits): void {
  const allowed = name === 'by' ? ['slots', 'keys'] : ['atomic', 'keys'];
  if (value !== undefined && !allowed.includes(value)) refuse(`--${name} ${JSON.stringify(value)} is not valid: use ${validValues(name, limits)}`);
}

/** Unknown flags, flags without their value and values given to switches, each named with what it takes. */
function checkOptions(tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>, limits: Limits): void {
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'password') refuse(`${token.rawName} is not an option of valkey-cluster: the password comes from VALKEY_PASSWORD or --password-file, never from a flag`);
    if (!Object.hasOwn(OPTIONS, token.name)) {
      refuse(`${token.rawName} is not an option of valkey-cluster: valkey-cluster --help lists them, and an argument of a command that starts with "-" goes after --`);
    }
    const name = token.name as OptionName;
    if (OPTIONS[name].type === 'boolean' && token.value !== undefined) refuse(`${token.rawName} takes no value (write ${token.rawName} alone, not ${token.rawName}=${token.value})`);
    if (OPTIONS[name].type === 'string' && (token.value === undefined || token.value === '')) refuse(`${token.rawName} needs a value: ${validValues(name, limits)}`);
  }
}

function checkCommand(command: string, rest: readonly string[], values: Values): void {
  const viaUrl = values.url !== undefined;
  if (viaUrl && !CONNECTION_COMMANDS.includes(command) && LOCAL_COMMANDS.includes(command)) {
    refuse(`${command} manages the cluster the CLI runs in Docker: with --url only ${list(CONNECTION_COMMANDS, 'and')} apply`);
  }
  const commands: readonly string[] = viaUrl ? CONNECTION_COMMANDS : LOCAL_COMMANDS;
  if (!commands.includes(command)) refuse(`"${command}" is not a command of valkey-cluster: use ${list(commands, 'or')} (valkey-cluster --help says what each does)`);
  if (command === 'run' && rest.length === 0) refuse('run needs the command to run, e.g. valkey-cluster run SET greeting hello');
  if (command === 'move-slots' && rest.length !== 1) {
    refuse(rest.length === 0 ? 'move-slots needs the slot ranges to move, e.g. valkey-cluster move-slots 0-99,200-299 --to 2'
      : `move-slots takes one list of slot ranges, not ${rest.length} (${rest.join(' ')}): write them as one, e.g. 0-99,200-299`);
  }
  if (!TAKES_ARGUMENTS.has(command) && rest.length > 0) refuse(`${command} takes no arguments, but was given ${rest.map((argument) => JSON.stringify(argument)).join(' ')}`);
}

/** A flag given to a command it is not for would be ignored: it is refused instead, saying what it is for. */
function checkFlagsFit(tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>, command: string, viaUrl: boolean): void {
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const name = token.name as OptionName;
    const commands = FLAG_COMMANDS[name];
    if (commands && !commands.includes(command)) refuse(`${token.rawName} does not apply to ${command}: it is for ${list(commands, 'and')}`);
    if (URL_FLAGS.has(name) && !viaUrl) refuse(`${token.rawName} goes with --url, for a cluster the CLI did not start`);
  }
}

/** The command line, checked; throws UsageError with the one sentence to print. */
export function readCommandLine(args: readonly string[], limits: Limits): CommandLine {
  const parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  checkOptions(parsed.tokens, limits);
  // Every option is known and has a value of its type (checked above), so these are the values a strict parse gives.
  const values = parsed.values as Values;
  if (values.help) return { kind: 'help' };
  const [command, ...rest] = parsed.positionals;
  if (command === undefined) return { kind: 'usage' };
  checkCommand(command, rest, values);
  checkFlagsFit(parsed.tokens, command, values.url !== undefined);
  const shards = values.shards === undefined ? undefined : checkedCount('shards', values.shards, limits);
  const replicas = values.replicas === undefined ? undefined : checkedCount('replicas', values.replicas, limits);
  if (values.project !== undefined && !isProjectName(values.project)) refuse(`--project ${JSON.stringify(values.project)} is not valid: ${PROJECT_NAME_RULE}`);
  checkChoice('by', values.by, limits);
  checkChoice('method', values.method, limits);
  if (command === 'move-slots') {
    if (!values.to) refuse(`move-slots needs --to: ${validValues('to', limits)} that gets the slots`);
    checkSlotRanges(rest[0]);
  }
  return { kind: 'command', command, rest, values, shards, replicas };
}

function checkSlotRanges(text: string): void {
  try {
    parseSlotRanges(text);
  } catch (error) {
    if (!isUserError(error)) throw error;
    // "The slot range 99999-1 goes beyond … (0-16383)" + "Write slot ranges as start-end, e.g. …": one sentence.
    const how = error.hint === undefined ? '' : word(error.hint, PLAIN_WORDS);
    refuse([describeProblem(error), how].filter(Boolean).map((part, index) => withoutStop(index === 0 ? part : lowerFirst(part))).join(': '));
  }
}

function withoutStop(text: string): string {
  return text.replace(/\.$/, '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
