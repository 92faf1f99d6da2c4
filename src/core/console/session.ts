// The console's engine, free of VS Code: takes typed lines, runs each the way classify() decides (routed through
// the cluster like `valkey-cli -c`, with its redirect trace; on one node; on every primary; on a dedicated
// connection), and writes valkey-cli-formatted replies. The terminal adapter only moves text.
import { formatAddress } from '../client/reach';
import type { ConnectionHub } from '../target/hub';
import { classify, type LinePlan } from './classify';
import { ClusterRouter } from './cluster-router';
import { CommandHelp } from './command-help';
import { upper } from './command-kinds';
import { type Dedicated, openDedicated } from './dedicated';
import type { FormatOptions } from './format';
import type { Completion } from './line-editor';
import { runBlocking, runStreaming } from './long-running';
import { NodeCommands } from './node-commands';
import { type ConsoleNode, ConsoleNodes } from './nodes';
import { type ParsedLine, parseArguments, parseLine } from './parse-line';
import { ConsolePointer } from './pointer';
import { explainCrossSlot, isCrossSlot, ReplyPrinter } from './reply-printer';
import { TransactionRunner } from './transaction-runner';
import { WriteFlags } from './write-flags';

export interface ConsoleIO {
  /** Text to show; "\n" separates lines. The adapter makes it terminal-safe. */
  write(text: string): void;
  /** Asks a yes/no question; resolves false on anything but yes. */
  confirm(question: string): Promise<boolean>;
  /** Before anything the line at `index` of a batch prints, with the prompt it would have been typed at: lets a
   * terminal show lines that were queued unseen. */
  lineStarts?(index: number, prompt: string): void;
}

export interface SessionOptions {
  /** The nodes the console may name and dial, asked for when needed (the list may change). */
  readonly nodes: () => readonly ConsoleNode[];
  /** The target's connections; blocking commands, subscriptions and transactions open their own from its reach. */
  readonly hub: ConnectionHub;
  /** Opened on one node: commands run there unless a line names another with @node. */
  readonly pinnedNode?: string;
  /** Replies longer than this many lines are cut, with a note. */
  readonly maxReplyLines?: number;
  /** Refuse what the server flags as writing, scripts that may write and the commands that ask first. */
  readonly readOnly?: boolean;
}

/** A routed command on its way: the redirect trace to print before its reply, if it moved the console. */
interface Sent {
  readonly trace?: string;
  readonly reply: Promise<unknown>;
}

export class ConsoleSession {
  private readonly nodes: ConsoleNodes;
  private readonly router: ClusterRouter;
  private readonly nodeCommands: NodeCommands;
  private readonly printer: ReplyPrinter;
  private readonly commandHelp: CommandHelp;
  /** Only in read-only mode. */
  private readonly writeFlags: WriteFlags | undefined;
  private readonly pinned: ConsoleNode | undefined;
  private readonly pointer: ConsolePointer;
  private readonly transactions: TransactionRunner;
  /** A blocking or streaming command in progress, which Ctrl+C ends. */
  private running: Dedicated | undefined;

  constructor(private readonly options: SessionOptions) {
    this.nodes = new ConsoleNodes(options.nodes, options.hub);
    this.router = new ClusterRouter(options.hub, this.nodes);
    this.nodeCommands = new NodeCommands(this.nodes, options.hub);
    this.printer = new ReplyPrinter(options.maxReplyLines ?? 1000);
    this.commandHelp = new CommandHelp(() => this.onNode(this.pointer.current, ['COMMAND', 'DOCS']));
    this.writeFlags = options.readOnly ? new WriteFlags((name) => this.onNode(this.pointer.current, ['COMMAND', 'INFO', name])) : undefined;
    this.pinned = options.pinnedNode ? this.nodes.named(options.pinnedNode) : undefined;
    const first = this.pinned ?? this.nodes.all()[0];
    if (!first) throw new Error('The console has no node to talk to.');
    this.pointer = new ConsolePointer(first, this.nodes);
    this.transactions = new TransactionRunner({
      router: this.router,
      pointer: this.pointer,
      printer: this.printer,
      open: (node) => openDedicated(node, this.nodes, options.hub.reach, false),
    });
  }

  /** e.g. "valkey-node-2:6381> " — where the last command ran (its port as dialled); "(TX)" inside MULTI. */
  prompt(): string {
    return `${this.nodes.label(this.pointer.current)}${this.transactions.inMulti ? '(TX)' : ''}> `;
  }

  get isBusy(): boolean {
    return this.running !== undefined;
  }

  /** Ctrl+C while a command runs: abandons a blocking or streaming one (its connection is closed; the console stays). */
  cancel(): boolean {
    const running = this.running;
    running?.cancel();
    return running !== undefined;
  }

  /** Ctrl+C at the prompt: ends an open transaction (MULTI or WATCH). Returns what to tell the user, if anything. */
  discardTransaction(): string | undefined {
    return this.transactions.discard();
  }

  /** Runs one line: everything it prints goes through io.write. */
  async run(line: string, io: ConsoleIO): Promise<void> {
    const parsed = this.parse(line);
    if (parsed !== undefined) await this.runParsed(parsed, io);
  }

  /** Runs a command given as arguments, each sent byte for byte as it is (no quoting or splitting). */
  async runArguments(args: readonly Buffer[], io: ConsoleIO): Promise<void> {
    const parsed = parseArguments(args, this.nodes, this.pinned);
    if (parsed !== undefined) await this.runParsed(parsed, io);
  }

  /** Several lines at once (a paste): routed commands are sent without waiting for each reply, printed in order. */
  async runBatch(lines: readonly string[], io: ConsoleIO): Promise<void> {
    let pending: { index: number; prompt: string; parsed: ParsedLine; plan: LinePlan; sent: Sent }[] = [];
    const flush = async () => {
      for (const { index, prompt, parsed, plan, sent } of pending) {
        io.lineStarts?.(index, prompt);
        if (sent.trace) io.write(sent.trace);
        this.printRouted(parsed, plan, await sent.reply, io);
      }
      pending = [];
    };
    for (const [index, line] of lines.entries()) {
      const parsed = this.parse(line);
      const plan = parsed === undefined || typeof parsed === 'string' ? undefined : await this.plan(parsed).catch(() => undefined);
      if (parsed !== undefined && typeof parsed !== 'string' && plan?.kind === 'routed' && !plan.danger) {
        const prompt = this.prompt();
        const sent = await this.sendRouted(parsed, plan).catch((error: unknown): Sent => ({ reply: Promise.resolve(error) }));
        pending.push({ index, prompt, parsed, plan, sent });
      } else {
        await flush();
        io.lineStarts?.(index, this.prompt());
        if (parsed !== undefined) await this.runParsed(parsed, io);
      }
    }
    await flush();
  }

  /** Starts fetching COMMAND DOCS so that Tab has something to offer. */
  preload(): void {
    this.commandHelp.preload();
  }

  complete(line: string, cursor: number): Completion {
    return this.commandHelp.complete(line, cursor);
  }

  dispose(): void {
    this.cancel();
    this.transactions.discard();
  }

  private parse(line: string): ParsedLine | string | undefined {
    return parseLine(line, this.nodes, this.pinned);
  }

  private async plan(parsed: ParsedLine): Promise<LinePlan> {
    return classify(parsed.args, {
      targeted: parsed.target !== undefined,
      inTransaction: this.transactions.active,
      writes: this.writeFlags ? await this.writeFlags.writes(parsed.args) : undefined,
    });
  }

  private async runParsed(parsed: ParsedLine | string, io: ConsoleIO): Promise<void> {
    if (typeof parsed === 'string') return io.write(`(error) ${parsed}`);
    try {
      await this.execute(parsed, await this.plan(parsed), io);
    } catch (error) {
      io.write(this.printer.failure(error));
    }
  }

  private async execute(parsed: ParsedLine, plan: LinePlan, io: ConsoleIO): Promise<void> {
    const { args, buffers } = parsed;
    const write = (text: string) => io.write(text);
    const print = (reply: unknown, format: FormatOptions = { args }) => this.printer.print(reply, format, write);
    if (plan.kind === 'help') return write(await this.commandHelp.help(args.slice(1)));
    if (plan.kind === 'refused') return write(`(error) ${plan.reason}`);
    if (plan.danger && !(await io.confirm(`${args.slice(0, 2).join(' ').toUpperCase()} ${plan.danger} on ${this.whereRuns(parsed, plan)}. Run it?`))) {
      return write('(cancelled)');
    }
    switch (plan.kind) {
      case 'transaction':
        return this.transactions.run(parsed, plan, write);
      case 'streaming':
        return this.holdDedicated(await this.nodeFor(parsed, plan), (link) => runStreaming(link, args, write));
      case 'blocking':
        return this.holdDedicated(await this.nodeFor(parsed, plan), (link) => runBlocking(link, buffers, write, (reply) => print(reply)));
      case 'allPrimaries':
        return this.onAllPrimaries(parsed, io);
      case 'onNode':
        return print(await this.onNode(parsed.target ?? this.pointer.current, buffers));
      case 'routed': {
        const sent = await this.sendRouted(parsed, plan);
        if (sent.trace) write(sent.trace);
        return this.printRouted(parsed, plan, await sent.reply, io);
      }
    }
  }

  private whereRuns(parsed: ParsedLine, plan: LinePlan): string {
    const transactionNode = plan.kind === 'transaction' ? this.transactions.node : undefined;
    if (transactionNode) return transactionNode.name;
    if (parsed.target) return parsed.target.name;
    return plan.kind === 'allPrimaries' ? 'every primary' : this.pointer.current.name;
  }

  /** The named node, else the owner of the first key (once the cluster client knows the slots), else the current one. */
  private async nodeFor(parsed: ParsedLine, plan: LinePlan): Promise<ConsoleNode> {
    if (parsed.target) return parsed.target;
    return (plan.slot === undefined ? undefined : await this.router.ownerOf(plan.slot)) ?? this.pointer.current;
  }

  /** Routes by the first key's slot: the console follows it to its owner; the reply is awaited by the caller. */
  private async sendRouted(parsed: ParsedLine, plan: LinePlan): Promise<Sent> {
    const slot = plan.slot as number; // routed commands have keys
    const trace = this.pointer.follow(slot, await this.router.ownerOf(slot));
    return { trace, reply: this.router.send(parsed.buffers, slot) };
  }

  private printRouted(parsed: ParsedLine, plan: LinePlan, reply: unknown, io: ConsoleIO): void {
    if (isCrossSlot(reply)) return io.write(explainCrossSlot(plan.keys, (slot) => this.router.knownOwner(slot)));
    this.printer.print(reply, { args: parsed.args }, (text) => io.write(text));
  }

  /** On `node`, which the console then points at. */
  private async onNode(node: ConsoleNode, command: readonly (string | Buffer)[]): Promise<unknown> {
    const reply = await this.nodeCommands.call(node, command);
    this.pointer.pointAt(node);
    return reply;
  }

  private async onAllPrimaries(parsed: ParsedLine, io: ConsoleIO): Promise<void> {
    const primaries = await this.router.primaries();
    if (primaries.length === 0) throw new Error('no primary is known yet');
    const replies = await Promise.all(primaries.map((node) => this.onNode(node, parsed.buffers).catch((error: Error) => error)));
    primaries.forEach((node, index) => {
      io.write(`${node.name} (${formatAddress(this.nodes.addressOf(node))}):`);
      this.printer.print(replies[index], { args: parsed.args }, (text) => io.write(text));
    });
    const counts = replies.filter((reply): reply is number => typeof reply === 'number');
    if (upper(parsed.args[0]) === 'DBSIZE' && counts.length === replies.length) io.write(`total: (integer) ${counts.reduce((a, b) => a + b, 0)}`);
  }

  /** Runs `work` on a connection of its own to `node`, which Ctrl+C can close. */
  private async holdDedicated(node: ConsoleNode, work: (link: Dedicated) => Promise<void>): Promise<void> {
    const link = await openDedicated(node, this.nodes, this.options.hub.reach, true);
    this.pointer.pointAt(node);
    this.running = link;
    try {
      await work(link);
    } finally {
      this.running = undefined;
      link.close();
    }
  }
}
