// The console's engine, free of VS Code: takes typed lines, routes them through the cluster like `valkey-cli -c`
// (with its redirect trace), and writes valkey-cli-formatted replies. The terminal adapter only moves text.
import { exists as knownCommand, getKeyIndexes } from '@iovalkey/commands';
import type Valkey from 'iovalkey';
import type { Cluster } from 'iovalkey';
import { connectCluster, connectNode } from '../client/connect';
import { NodeConnectionPool } from '../client/node-pool';
import { formatAddress, NodeAddress, Reach } from '../client/reach';
import type { NodeEndpoint } from '../compose/plan';
import { keySlot } from '../cluster/slots';
import { CommandDoc, completionCandidates, helpText, parseCommandDocs } from './command-docs';
import { dangerOf, isBlocking, isNodeWide, isStreaming, refusal, runsOnAllPrimaries, upper } from './command-kinds';
import { formatReply, formatReplyWithLimit } from './format';
import { tokenize } from './tokenize';
import type { Completion } from './line-editor';
import { RoutedCommand } from './routed-command';

export interface ConsoleIO {
  /** Text to show; "\n" separates lines. The adapter makes it terminal-safe. */
  write(text: string): void;
  /** Asks a yes/no question; resolves false on anything but yes. */
  confirm(question: string): Promise<boolean>;
}

export interface SessionOptions {
  readonly nodes: readonly NodeEndpoint[];
  readonly reach: Reach;
  /** Opened on one node: commands run there unless a line names another with @node. */
  readonly pinnedNode?: string;
  /** Replies longer than this many lines are cut, with a note. */
  readonly maxReplyLines?: number;
}

interface ParsedLine {
  readonly target?: NodeEndpoint;
  readonly args: string[];
  readonly buffers: Buffer[];
}

const CONNECTION_TROUBLE = /Connection is closed|ECONNREFUSED|ECONNRESET|Failed to refresh slots cache|None of startup nodes is available|Too many Cluster redirections|CLUSTERDOWN|timed out|Stream isn't writeable|enableOfflineQueue/i;

export class ConsoleSession {
  private cluster: Cluster;
  private readonly pool: NodeConnectionPool;
  private current: NodeEndpoint;
  private readonly pinned?: NodeEndpoint;
  private docs: Map<string, CommandDoc> | undefined;
  private docsLoading: Promise<void> | undefined;
  private cancelRunning: (() => void) | undefined;
  private wasDown = false;

  constructor(private readonly options: SessionOptions) {
    this.cluster = this.newCluster();
    this.pool = new NodeConnectionPool(options.reach);
    this.pinned = options.pinnedNode ? this.nodeNamed(options.pinnedNode) : undefined;
    this.current = this.pinned ?? options.nodes[0];
  }

  private newCluster(): Cluster {
    const cluster = connectCluster(this.options.reach);
    cluster.on('error', () => undefined); // reported per command
    return cluster;
  }

  /** e.g. "valkey-node-2:6381> " — where the last command ran (its port as dialled). */
  prompt(): string {
    return `${this.current.name}:${this.addressOf(this.current).port}> `;
  }

  private addressOf(node: NodeEndpoint): NodeAddress {
    return this.options.reach.map(node.announcedAddress);
  }

  get isBusy(): boolean {
    return this.cancelRunning !== undefined;
  }

  /** Ctrl+C: abandons a blocking or streaming command (its connection is closed; the console stays). */
  cancel(): boolean {
    const cancel = this.cancelRunning;
    cancel?.();
    return cancel !== undefined;
  }

  private nodeNamed(name: string): NodeEndpoint | undefined {
    return this.options.nodes.find((node) => node.name === name || node.name === `valkey-node-${name}` || String(this.addressOf(node).port) === name);
  }

  /** The node that serves a slot, from the cluster client's slot table (keys are mapped "host:port"). */
  private ownerOf(slot: number): NodeEndpoint | undefined {
    const owner = this.cluster.slots[slot]?.[0];
    return owner === undefined ? undefined : this.nodeDialledAt(owner);
  }

  private nodeDialledAt(address: string): NodeEndpoint | undefined {
    return this.options.nodes.find((node) => formatAddress(this.addressOf(node)) === address);
  }

  private parse(line: string, io: ConsoleIO): ParsedLine | undefined {
    const tokens = tokenize(line);
    if (!tokens.ok) {
      io.write(`(error) ${tokens.error}`);
      return undefined;
    }
    let buffers = tokens.args;
    let target: NodeEndpoint | undefined = this.pinned;
    const first = buffers[0]?.toString('utf8');
    if (first?.startsWith('@')) {
      target = this.nodeNamed(first.slice(1));
      if (!target) {
        io.write(`(error) No node "${first.slice(1)}". Known: ${this.options.nodes.map((node) => `@${node.name}`).join(', ')}`);
        return undefined;
      }
      buffers = buffers.slice(1);
    }
    if (buffers.length === 0) return undefined;
    return { target, args: buffers.map((buffer) => buffer.toString('utf8')), buffers };
  }

  /** Runs one line: everything it prints goes through io.write. */
  async run(line: string, io: ConsoleIO): Promise<void> {
    const parsed = this.parse(line, io);
    if (!parsed) return;
    const { args } = parsed;
    if (upper(args[0]) === 'HELP') return this.help(args.slice(1), io);
    const refused = refusal(args);
    if (refused) return io.write(`(error) ${refused}`);
    const danger = dangerOf(args);
    if (danger) {
      const where = parsed.target ? parsed.target.name : runsOnAllPrimaries(args) ? 'every primary' : this.current.name;
      if (!(await io.confirm(`${args.slice(0, 2).join(' ').toUpperCase()} ${danger} on ${where}. Run it?`))) return io.write('(cancelled)');
    }
    try {
      if (isStreaming(args)) return await this.stream(parsed, io);
      if (isBlocking(args)) return await this.block(parsed, io);
      if (parsed.target) return this.print(args, await this.onNode(parsed.target, parsed.buffers), io);
      if (isNodeWide(args) && runsOnAllPrimaries(args)) return await this.onAllPrimaries(parsed, io);
      if (isNodeWide(args) || this.keysOf(args).length === 0) return this.print(args, await this.onNode(this.current, parsed.buffers), io);
      const reply = await this.sendRouted(parsed, io);
      return await this.printRouted(parsed, reply, io);
    } catch (error) {
      io.write(this.describeFailure(error));
    }
  }

  /** Several lines at once (a paste): sent without waiting for each reply, printed in order. */
  async runBatch(lines: readonly string[], io: ConsoleIO): Promise<void> {
    let pending: { parsed: ParsedLine; reply: Promise<unknown> }[] = [];
    const flush = async () => {
      for (const { parsed, reply } of pending) {
        try {
          await this.printRouted(parsed, await reply, io);
        } catch (error) {
          io.write(this.describeFailure(error));
        }
      }
      pending = [];
    };
    for (const line of lines) {
      const silent: ConsoleIO = { write: () => undefined, confirm: io.confirm };
      const parsed = this.parse(line, silent);
      const simple = parsed && !parsed.target && !refusal(parsed.args) && !dangerOf(parsed.args) && !isStreaming(parsed.args)
        && !isBlocking(parsed.args) && !isNodeWide(parsed.args) && upper(parsed.args[0]) !== 'HELP' && this.keysOf(parsed.args).length > 0;
      if (simple) {
        const reply = this.sendRouted(parsed, io);
        reply.catch(() => undefined); // awaited in order by flush
        pending.push({ parsed, reply });
      } else {
        await flush();
        await this.run(line, io);
      }
    }
    await flush();
  }

  private keysOf(args: readonly string[]): string[] {
    const name = args[0].toLowerCase();
    if (!knownCommand(name)) return [];
    try {
      return getKeyIndexes(name, args.slice(1)).map((index) => args[index + 1]).filter((key) => key !== undefined);
    } catch {
      return [];
    }
  }

  private async readyCluster(): Promise<Cluster> {
    if (this.cluster.status === 'end' || this.cluster.status === 'close') {
      this.cluster.disconnect();
      this.cluster = this.newCluster();
    }
    if (this.cluster.status === 'wait') await this.cluster.connect();
    return this.cluster;
  }

  /** Sends through the cluster client, tracing a move to another node the way valkey-cli -c does. */
  private async sendRouted(parsed: ParsedLine, io: ConsoleIO): Promise<unknown> {
    const cluster = await this.readyCluster();
    const slot = keySlot(this.keysOf(parsed.args)[0]);
    const node = this.ownerOf(slot);
    if (node && node !== this.current) {
      io.write(`-> Redirected to slot [${slot}] located at ${formatAddress(this.addressOf(node))}`);
      this.current = node;
    }
    const [command, ...rest] = parsed.buffers;
    // Routed by our slot, so pipelined commands go straight to their node in order (no MOVED detours).
    // Error replies are values to print, like valkey-cli prints them.
    const routed = new RoutedCommand(command.toString('utf8'), rest, slot);
    return (cluster.sendCommand(routed) as Promise<unknown>).catch((error: Error) => error);
  }

  private async printRouted(parsed: ParsedLine, reply: unknown, io: ConsoleIO): Promise<void> {
    if (reply instanceof Error && reply.message.startsWith('CROSSSLOT')) return io.write(await this.explainCrossSlot(parsed));
    this.print(parsed.args, reply, io);
  }

  private async onNode(node: NodeEndpoint, buffers: Buffer[]): Promise<unknown> {
    const connection = await this.pool.get(this.addressOf(node)).catch((error: Error) => {
      throw new Error(`${node.name} does not answer (${error.message})`);
    });
    this.current = node;
    const [command, ...rest] = buffers;
    return connection.callBuffer(command.toString('utf8'), ...rest).catch((error: Error) => error);
  }

  private async onAllPrimaries(parsed: ParsedLine, io: ConsoleIO): Promise<void> {
    const cluster = await this.readyCluster();
    const primaries = cluster.nodes('master')
      .map((connection) => this.nodeDialledAt(formatAddress({ host: connection.options.host ?? '', port: Number(connection.options.port) })))
      .filter((node): node is NodeEndpoint => node !== undefined)
      .sort((a, b) => this.addressOf(a).port - this.addressOf(b).port);
    if (primaries.length === 0) throw new Error('no primary is known yet');
    const replies = await Promise.all(primaries.map((node) => this.onNode(node, parsed.buffers).catch((error: Error) => error)));
    primaries.forEach((node, index) => {
      io.write(`${node.name} (${formatAddress(this.addressOf(node))}):`);
      this.print(parsed.args, replies[index], io);
    });
    const counts = replies.filter((reply): reply is number => typeof reply === 'number');
    if (upper(parsed.args[0]) === 'DBSIZE' && counts.length === replies.length) io.write(`total: (integer) ${counts.reduce((a, b) => a + b, 0)}`);
  }

  private print(args: readonly string[], reply: unknown, io: ConsoleIO): void {
    if (reply instanceof Error && CONNECTION_TROUBLE.test(reply.message)) return io.write(this.describeFailure(reply));
    if (this.wasDown) {
      this.wasDown = false;
      io.write('(the cluster answers again)');
    }
    const limit = this.options.maxReplyLines ?? 1000;
    const formatted = formatReplyWithLimit(reply, { args, maxLines: limit });
    io.write(formatted.text);
    if (formatted.truncated) io.write(`(… ${formatted.totalLines - limit} more lines not shown; narrow the command, e.g. SCAN with MATCH and COUNT)`);
  }

  private async explainCrossSlot(parsed: ParsedLine): Promise<string> {
    const keys = this.keysOf(parsed.args);
    const describe = (key: string) => {
      const slot = keySlot(key);
      const node = this.ownerOf(slot);
      return `${key} → slot ${slot}${node ? ` (${node.name})` : ''}`;
    };
    return [
      `(error) CROSSSLOT Keys in request don't hash to the same slot`,
      `   ${keys.map(describe).join(', ')}`,
      `   In a cluster, one command can only touch keys of one slot. Put the shared part in braces so they hash alike,`,
      `   e.g. {user:1}:name and {user:1}:email.`,
    ].join('\n');
  }

  private describeFailure(error: unknown): string {
    const message = (error as Error)?.message ?? String(error);
    if (CONNECTION_TROUBLE.test(message)) {
      this.wasDown = true;
      return `(error) The cluster does not answer (${message}). It may be stopped or failing over; the console keeps trying and works again once it is back.`;
    }
    return `(error) ${message}`;
  }

  private async help(args: string[], io: ConsoleIO): Promise<void> {
    if (args.length === 0) {
      return io.write([
        'Type a command as in valkey-cli; it runs where its key lives (Tab completes, Up/Down walk history).',
        '  help <command>        syntax and summary from the server (e.g. help set, help cluster info)',
        '  @valkey-node-3 <cmd>  run on one node',
        '  DBSIZE, KEYS, SCAN, INFO, FLUSHALL ... run on every primary, one result each',
        '  Ctrl+C stops a blocking command (BLPOP, SUBSCRIBE, MONITOR); a paste runs every line in order.',
      ].join('\n'));
    }
    const docs = await this.commandDocs();
    const command = docs.get(args[0].toUpperCase());
    const doc = args[1] ? command?.subcommands.get(args[1].toUpperCase()) ?? command : command;
    io.write(doc ? helpText(doc) : `(error) No help for "${args.join(' ')}": not a command this server knows.`);
  }

  private async commandDocs(): Promise<Map<string, CommandDoc>> {
    if (!this.docs) {
      const reply = await this.onNode(this.current, [Buffer.from('COMMAND'), Buffer.from('DOCS')]);
      if (reply instanceof Error) throw reply;
      this.docs = parseCommandDocs(this.stringify(reply));
    }
    return this.docs;
  }

  /** Starts fetching COMMAND DOCS so that Tab has something to offer. */
  preload(): void {
    this.docsLoading ??= this.commandDocs().then(() => undefined, () => { this.docsLoading = undefined; });
  }

  private stringify(reply: unknown): unknown {
    if (Buffer.isBuffer(reply)) return reply.toString('utf8');
    if (Array.isArray(reply)) return reply.map((item) => this.stringify(item));
    return reply;
  }

  complete(line: string, cursor: number): Completion {
    const before = line.slice(0, cursor);
    const partialStart = before.search(/\S*$/);
    const words = before.slice(0, partialStart).trim().split(/\s+/).filter(Boolean).filter((word, index) => !(index === 0 && word.startsWith('@')));
    if (!this.docs) {
      this.preload();
      return { replacementStart: partialStart, candidates: [] };
    }
    return { replacementStart: partialStart, candidates: completionCandidates(this.docs, words, before.slice(partialStart)) };
  }

  /** The node that serves the first key, else the current one. */
  private targetFor(parsed: ParsedLine): NodeEndpoint {
    if (parsed.target) return parsed.target;
    const key = this.keysOf(parsed.args)[0] ?? (upper(parsed.args[0]) === 'SSUBSCRIBE' ? parsed.args[1] : undefined);
    return (key === undefined ? undefined : this.ownerOf(keySlot(key))) ?? this.current;
  }

  /** A dedicated connection that Ctrl+C can close without touching the shared ones. */
  private async dedicated(node: NodeEndpoint): Promise<{ connection: Valkey; cancelled: Promise<void> }> {
    await this.readyCluster();
    const connection = connectNode(this.addressOf(node), this.options.reach);
    connection.on('error', () => undefined);
    await connection.connect();
    let cancel!: () => void;
    const cancelled = new Promise<void>((resolve) => (cancel = resolve));
    this.cancelRunning = () => {
      connection.disconnect();
      cancel();
    };
    return { connection, cancelled };
  }

  private async block(parsed: ParsedLine, io: ConsoleIO): Promise<void> {
    const node = this.targetFor(parsed);
    const { connection, cancelled } = await this.dedicated(node);
    this.current = node;
    connection.options.commandTimeout = undefined; // blocking on purpose
    try {
      const [command, ...rest] = parsed.buffers;
      const reply = await Promise.race([connection.callBuffer(command.toString('utf8'), ...rest).catch((error: Error) => error), cancelled.then(() => 'cancelled' as const)]);
      if (reply === 'cancelled') io.write('(interrupted)');
      else this.print(parsed.args, reply, io);
    } finally {
      this.cancelRunning = undefined;
      connection.disconnect();
    }
  }

  private async stream(parsed: ParsedLine, io: ConsoleIO): Promise<void> {
    const node = this.targetFor(parsed);
    const { connection, cancelled } = await this.dedicated(node);
    this.current = node;
    connection.options.commandTimeout = undefined;
    const show = (items: unknown[]) => io.write(formatReply(items, { args: ['SUBSCRIBE'] }));
    try {
      const name = upper(parsed.args[0]);
      const channels = parsed.args.slice(1);
      io.write('Reading messages... (press Ctrl-C to quit)');
      if (name === 'MONITOR') {
        const monitor = await connection.monitor();
        monitor.on('monitor', (time: string, args: string[], source: string, database: string) =>
          io.write(`${time} [${database} ${source}] ${args.map((arg) => JSON.stringify(arg)).join(' ')}`));
        await cancelled;
        monitor.disconnect();
      } else {
        const kind = name.toLowerCase().replace('subscribe', '');
        connection.on('messageBuffer', (channel: Buffer, message: Buffer) => show([Buffer.from('message'), channel, message]));
        connection.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, message: Buffer) => show([Buffer.from('pmessage'), pattern, channel, message]));
        connection.on('smessageBuffer', (channel: Buffer, message: Buffer) => show([Buffer.from('smessage'), channel, message]));
        for (const [index, channel] of channels.entries()) {
          if (kind === 'p') await connection.psubscribe(channel);
          else if (kind === 's') await connection.ssubscribe(channel);
          else await connection.subscribe(channel);
          show([Buffer.from(`${kind}subscribe`), Buffer.from(channel), index + 1]);
        }
        await cancelled;
      }
      io.write('(stopped)');
    } finally {
      this.cancelRunning = undefined;
      connection.disconnect();
    }
  }

  dispose(): void {
    this.cancel();
    this.pool.dispose();
    this.cluster.disconnect();
  }
}
