// The console behind a terminal, free of VS Code: keystrokes go to the line editor, submitted lines to the session,
// and everything written back is made terminal-safe. Lines are pulled with readLine(), so the prompt, a yes/no
// question and lines typed ahead all work the same way. While a command runs, what is typed is kept, not shown;
// a line typed ahead is shown (prompt + line) when its turn comes, before its reply, as in a terminal.
import type { History } from './history';
import { ENABLE_BRACKETED_PASTE, type EditorOutput, LineEditor } from './line-editor';
import type { Completion } from './line-editor';
import type { ConsoleIO } from './session';
import { toTerminal } from './terminal-safe';

/** What the driver needs of a ConsoleSession. */
export interface ConsoleBackend {
  prompt(): string;
  run(line: string, io: ConsoleIO): Promise<void>;
  runBatch(lines: readonly string[], io: ConsoleIO): Promise<void>;
  /** Ctrl+C while a command runs; false when there was nothing to stop. */
  cancel(): boolean;
  /** Ctrl+C at the prompt; what to tell the user, if anything. */
  discardTransaction(): string | undefined;
  complete(line: string, cursor: number): Completion;
  preload(): void;
  dispose(): void;
}

export interface TerminalDriverOptions {
  readonly session: ConsoleBackend;
  readonly history: History;
  /** The first lines shown. */
  readonly banner: string;
  /** Raw output for the terminal. */
  readonly write: (data: string) => void;
  /** The user ended the console (Ctrl+D on an empty line). */
  readonly end: () => void;
  /** The history after each line has run, for the front end to keep. */
  readonly saveHistory?: (entries: readonly string[]) => void;
}

const CONFIRMATION_PROMPT = '(yes/no) ';

export class TerminalDriver {
  private readonly session: ConsoleBackend;
  private readonly editor: LineEditor;
  /** Lines submitted while nobody was reading, not shown yet. */
  private readonly typedAhead: string[] = [];
  /** The pending readLine(), if any: while there is one, typing is shown as it happens. */
  private reader: ((line: string | undefined) => void) | undefined;
  private prompt: () => string;
  private closed = false;

  constructor(private readonly options: TerminalDriverOptions) {
    this.session = options.session;
    this.prompt = () => this.session.prompt();
    this.editor = new LineEditor({
      prompt: () => this.prompt(),
      history: options.history,
      complete: (line, cursor) => this.session.complete(line, cursor),
    });
  }

  /** Shows the banner, then reads and runs lines until closed. `columns`: the terminal's width, if known. */
  open(columns?: number): void {
    if (columns !== undefined) this.editor.setColumns(columns);
    this.options.write(ENABLE_BRACKETED_PASTE);
    this.print(this.options.banner);
    this.session.preload();
    this.loop().catch((error: unknown) => this.print(`(error) The console stopped: ${(error as Error)?.message ?? String(error)}`));
  }

  close(): void {
    this.closed = true;
    this.deliver(undefined);
    this.session.dispose();
  }

  handleInput(data: string): void {
    let redrawDue = false;
    for (const output of this.editor.handleInput(data)) {
      // A write after a hand-off starts with a full redraw of its own; otherwise the prompt is drawn once at the end.
      if (output.kind === 'write') redrawDue = false;
      else if (output.kind === 'candidates' || output.kind === 'clear') redrawDue = this.reader !== undefined;
      this.apply(output);
    }
    if (redrawDue && this.reader) this.options.write(this.editor.redraw());
  }

  /** The terminal is now `columns` wide. */
  resize(columns: number): void {
    const redraw = this.editor.setColumns(columns);
    if (this.reader) this.options.write(redraw);
  }

  /**
   * The next line the user submits, shown after `prompt`; undefined for Ctrl+C (or when the console closes). A
   * line typed ahead is taken first, and shown then.
   */
  readLine(prompt: () => string): Promise<string | undefined> {
    if (this.reader) return Promise.reject(new Error('readLine() is already waiting for a line'));
    this.prompt = prompt;
    const typed = this.typedAhead.shift();
    if (typed !== undefined) {
      this.print(prompt() + typed);
      return Promise.resolve(typed);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.reader = resolve;
      this.options.write(this.editor.redraw());
    });
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      const line = await this.readLine(() => this.session.prompt());
      if (this.closed) return;
      if (line === undefined) {
        const note = this.session.discardTransaction();
        if (note) this.print(note);
        continue;
      }
      // Lines submitted together with this one (a paste) run as one pipelined batch; each is shown when it runs.
      const lines = [line, ...this.typedAhead.splice(0)];
      const io: ConsoleIO = {
        write: (text) => this.print(text),
        confirm: (question) => this.confirm(question),
        lineStarts: (index, prompt) => {
          if (index > 0) this.print(prompt + lines[index]);
        },
      };
      if (lines.length === 1) await this.session.run(line, io);
      else await this.session.runBatch(lines, io);
      this.options.saveHistory?.(this.options.history.entries());
    }
  }

  private async confirm(question: string): Promise<boolean> {
    this.print(question);
    const answer = await this.readLine(() => CONFIRMATION_PROMPT);
    return answer !== undefined && /^y(es)?$/i.test(answer.trim());
  }

  private apply(output: EditorOutput): void {
    switch (output.kind) {
      case 'write':
        if (this.reader) this.options.write(output.text);
        break;
      case 'submit':
        if (this.reader) this.deliver(output.line);
        else this.typedAhead.push(output.line);
        break;
      case 'interrupt':
        if (this.reader) this.deliver(undefined);
        else if (!this.session.cancel()) this.typedAhead.length = 0; // nothing to stop: drop what was typed ahead
        break;
      case 'eof':
        this.options.end();
        break;
      case 'clear':
        this.options.write('\x1b[2J\x1b[H');
        break;
      case 'candidates':
        if (this.reader) this.print(output.items.join('  '));
        break;
    }
  }

  private deliver(line: string | undefined): void {
    const reader = this.reader;
    this.reader = undefined;
    reader?.(line);
  }

  /** Output for the user: escaped so that no byte in a value can drive the terminal. */
  private print(text: string): void {
    this.options.write(`\r\x1b[K${toTerminal(text)}\r\n`);
  }
}
