// Commands that hold their dedicated connection until a reply, or until Ctrl+C: blocking pops and reads, and the
// streams of SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE / MONITOR, printed the way valkey-cli prints them.
import { upper } from './command-kinds';
import type { Dedicated } from './dedicated';
import { formatReply } from './format';

const CANCELLED = Symbol('cancelled');

/** Waits for the reply; `print` gets it, or nothing when Ctrl+C came first ("(interrupted)" is written then). */
export async function runBlocking(link: Dedicated, buffers: readonly Buffer[], write: (text: string) => void, print: (reply: unknown) => void): Promise<void> {
  const [command, ...rest] = buffers;
  const reply = await Promise.race([
    link.connection.callBuffer(command.toString('utf8'), ...rest).catch((error: Error) => error),
    link.cancelled.then(() => CANCELLED),
  ]);
  if (reply === CANCELLED) write('(interrupted)');
  else print(reply);
}

/** Subscribes (or starts MONITOR) and writes every message until Ctrl+C. */
export async function runStreaming(link: Dedicated, args: readonly string[], write: (text: string) => void): Promise<void> {
  const { connection } = link;
  const show = (items: unknown[]) => write(formatReply(items, { args: ['SUBSCRIBE'] }));
  const name = upper(args[0]);
  write('Reading messages... (press Ctrl-C to quit)');
  if (name === 'MONITOR') {
    const monitor = await connection.monitor();
    monitor.on('monitor', (time: string, commandArgs: string[], source: string, database: string) =>
      write(`${time} [${database} ${source}] ${commandArgs.map((arg) => JSON.stringify(arg)).join(' ')}`));
    await link.cancelled;
    monitor.disconnect();
  } else {
    const kind = name.toLowerCase().replace('subscribe', '');
    connection.on('messageBuffer', (channel: Buffer, message: Buffer) => show([Buffer.from('message'), channel, message]));
    connection.on('pmessageBuffer', (pattern: Buffer, channel: Buffer, message: Buffer) => show([Buffer.from('pmessage'), pattern, channel, message]));
    connection.on('smessageBuffer', (channel: Buffer, message: Buffer) => show([Buffer.from('smessage'), channel, message]));
    for (const [index, channel] of args.slice(1).entries()) {
      if (kind === 'p') await connection.psubscribe(channel);
      else if (kind === 's') await connection.ssubscribe(channel);
      else await connection.subscribe(channel);
      show([Buffer.from(`${kind}subscribe`), Buffer.from(channel), index + 1]);
    }
    await link.cancelled;
  }
  write('(stopped)');
}
