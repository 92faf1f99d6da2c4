// The server's own command documentation (COMMAND DOCS), for `help <command>` and Tab completion.

export interface ArgumentDoc {
  readonly name: string;
  readonly type: string;
  readonly token?: string;
  readonly optional: boolean;
  readonly multiple: boolean;
  readonly arguments: readonly ArgumentDoc[];
}

export interface CommandDoc {
  readonly name: string;
  readonly summary: string;
  readonly since: string;
  readonly group: string;
  readonly complexity?: string;
  readonly arguments: readonly ArgumentDoc[];
  readonly subcommands: ReadonlyMap<string, CommandDoc>;
}

/** RESP2 maps arrive as flat [key, value, key, value...] arrays. */
function pairs(value: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(value)) return map;
  for (let index = 0; index + 1 < value.length; index += 2) map.set(String(value[index]), value[index + 1]);
  return map;
}

function parseArgument(value: unknown): ArgumentDoc {
  const fields = pairs(value);
  const flags = Array.isArray(fields.get('flags')) ? (fields.get('flags') as unknown[]).map(String) : [];
  return {
    name: String(fields.get('name') ?? ''),
    type: String(fields.get('type') ?? 'string'),
    token: fields.has('token') ? String(fields.get('token')) : undefined,
    optional: flags.includes('optional'),
    multiple: flags.includes('multiple'),
    arguments: Array.isArray(fields.get('arguments')) ? (fields.get('arguments') as unknown[]).map(parseArgument) : [],
  };
}

function parseCommand(name: string, value: unknown): CommandDoc {
  const fields = pairs(value);
  const subcommands = new Map<string, CommandDoc>();
  for (const [subName, subValue] of pairs(fields.get('subcommands'))) {
    const short = subName.includes('|') ? subName.slice(subName.indexOf('|') + 1) : subName;
    subcommands.set(short.toUpperCase(), parseCommand(subName.replace('|', ' ').toUpperCase(), subValue));
  }
  return {
    name: name.toUpperCase(),
    summary: String(fields.get('summary') ?? ''),
    since: String(fields.get('since') ?? ''),
    group: String(fields.get('group') ?? ''),
    complexity: fields.has('complexity') ? String(fields.get('complexity')) : undefined,
    arguments: Array.isArray(fields.get('arguments')) ? (fields.get('arguments') as unknown[]).map(parseArgument) : [],
    subcommands,
  };
}

export function parseCommandDocs(reply: unknown): Map<string, CommandDoc> {
  const docs = new Map<string, CommandDoc>();
  for (const [name, value] of pairs(reply)) docs.set(name.toUpperCase(), parseCommand(name, value));
  return docs;
}

function argumentSyntax(argument: ArgumentDoc): string {
  let text: string;
  if (argument.type === 'pure-token') text = argument.token ?? argument.name;
  else if (argument.type === 'oneof') text = argument.arguments.map(argumentSyntax).join(' | ');
  else if (argument.type === 'block') text = argument.arguments.map(argumentSyntax).join(' ');
  else text = argument.token ? `${argument.token} ${argument.name}` : argument.name;
  if (argument.multiple) text = `${text} [${text} ...]`;
  if (argument.optional) return `[${text}]`;
  return argument.type === 'oneof' && !argument.optional ? `<${text}>` : text;
}

export function syntaxOf(doc: CommandDoc): string {
  return [doc.name, ...doc.arguments.map(argumentSyntax)].join(' ');
}

/** valkey-cli's help layout: syntax, summary, since, group. */
export function helpText(doc: CommandDoc): string {
  const lines = [`  ${syntaxOf(doc)}`, `  summary: ${doc.summary}`, `  since: ${doc.since}`, `  group: ${doc.group}`];
  if (doc.complexity) lines.push(`  complexity: ${doc.complexity}`);
  if (doc.subcommands.size > 0) lines.push(`  subcommands: ${[...doc.subcommands.keys()].sort().join(', ')}`);
  return lines.join('\n');
}

function tokensOf(argumentsList: readonly ArgumentDoc[], into: Set<string>): Set<string> {
  for (const argument of argumentsList) {
    if (argument.token) into.add(argument.token);
    tokensOf(argument.arguments, into);
  }
  return into;
}

/** Candidates for the word being typed, in the case the person types in. */
export function completionCandidates(docs: ReadonlyMap<string, CommandDoc>, words: readonly string[], partial: string): string[] {
  let pool: Iterable<string>;
  if (words.length === 0) pool = [...docs.keys(), 'HELP'];
  else {
    const command = docs.get(words[0].toUpperCase());
    if (words[0].toUpperCase() === 'HELP' && words.length === 1) pool = docs.keys();
    else if (!command) pool = [];
    else if (command.subcommands.size > 0 && words.length === 1) pool = command.subcommands.keys();
    else {
      const doc = command.subcommands.get((words[1] ?? '').toUpperCase()) ?? command;
      pool = tokensOf(doc.arguments, new Set());
    }
  }
  const lower = partial !== '' && partial === partial.toLowerCase();
  const prefix = partial.toUpperCase();
  return [...new Set(pool)].filter((name) => name.startsWith(prefix)).sort().map((name) => (lower ? name.toLowerCase() : name));
}
