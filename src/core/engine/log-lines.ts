// A followed container log, as Docker writes it with timestamps on: "2024-05-01T12:34:56.123456789Z text\n".
// The timestamps let a reattach ask from the last line shown on (`since`) and drop what it already showed; the
// text goes to a terminal with its control characters escaped, so a log line cannot drive the terminal.
import { toTerminal } from '../console/terminal-safe';

const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z ?/;

/** A Docker timestamp as "YYYY-MM-DDTHH:MM:SS.nnnnnnnnn": ordered as text, whatever digits Docker trimmed. */
function comparable(seconds: string, fraction = ''): string {
  return `${seconds}.${fraction.padEnd(9, '0')}`;
}

/** The same instant as Docker's `since` takes it: Unix seconds with nanoseconds. */
export function unixSince(stamp: string): string {
  const [seconds, fraction] = stamp.split('.');
  return `${Math.floor(Date.parse(`${seconds}Z`) / 1000)}.${fraction}`;
}

export class TimestampedLines {
  private partial = '';
  private last: string | undefined;
  /** After a reattach: lines up to here were shown already. */
  private shownUpTo: string | undefined;

  constructor(private readonly emit: (terminalText: string) => void) {}

  /** The last line's time as Docker's `since` takes it; undefined before any line. */
  get since(): string | undefined {
    return this.last === undefined ? undefined : unixSince(this.last);
  }

  /** A new stream follows from `since` on: what it repeats up to the last line shown is dropped. */
  reattach(): void {
    this.partial = '';
    this.shownUpTo = this.last;
  }

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    const shown = lines.map((line) => this.accept(line)).filter((line): line is string => line !== undefined);
    if (shown.length > 0) this.emit(toTerminal(`${shown.join('\n')}\n`));
  }

  /** The end of a stream: a last line without its newline is shown too. */
  flush(): void {
    const rest = this.partial;
    this.partial = '';
    const line = rest === '' ? undefined : this.accept(rest);
    if (line !== undefined) this.emit(toTerminal(`${line}\n`));
  }

  /** The line's text, or undefined when it is not newer than the last one shown. */
  private accept(line: string): string | undefined {
    const match = STAMPED.exec(line);
    if (!match) return line;
    const stamp = comparable(match[1], match[2]);
    if (this.shownUpTo !== undefined && stamp <= this.shownUpTo) return undefined;
    this.shownUpTo = undefined;
    this.last = stamp;
    return line.slice(match[0].length);
  }
}
