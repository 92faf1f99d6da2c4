// The console as a VS Code pseudoterminal: keystrokes go to the line editor, submitted lines to the core's
// ConsoleSession, and everything written back is made terminal-safe first.
import * as vscode from 'vscode';
import { History } from '../core/console/history';
import { ENABLE_BRACKETED_PASTE, EditorOutput, LineEditor } from '../core/console/line-editor';
import type { ConsoleSession } from '../core/console/session';
import { toTerminal } from '../core/console/terminal-safe';

const HISTORY_KEY = 'valkeyCluster.consoleHistory';

export class ConsoleTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.written.event;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;
  private readonly editor: LineEditor;
  private readonly history: History;
  private readonly queue: string[] = [];
  private running = false;
  private answer: ((line: string) => void) | undefined;

  /** `initialLine`: typed at the prompt when the terminal opens, for the person to edit or run (never run by itself). */
  constructor(private readonly session: ConsoleSession, private readonly state: vscode.Memento, private readonly banner: string, private readonly initialLine = '') {
    this.history = new History(state.get<string[]>(HISTORY_KEY, []));
    this.editor = new LineEditor({
      prompt: () => (this.answer ? '(yes/no) ' : this.session.prompt()),
      history: this.history,
      complete: (line, cursor) => this.session.complete(line, cursor),
    });
  }

  open(): void {
    this.write(ENABLE_BRACKETED_PASTE);
    this.print(this.banner);
    this.session.preload();
    this.write(this.editor.redraw());
    // Control characters are dropped: the line must not submit itself or reach the terminal raw.
    const initial = this.initialLine.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
    if (initial) this.handleInput(initial);
  }

  close(): void {
    this.session.dispose();
  }

  private write(raw: string): void {
    this.written.fire(raw);
  }

  /** Output from the cluster: escaped so that no byte in a value can drive the terminal. */
  private print(text: string): void {
    this.write(`\r\x1b[K${toTerminal(text)}\r\n`);
  }

  handleInput(data: string): void {
    for (const output of this.editor.handleInput(data)) this.apply(output);
  }

  private apply(output: EditorOutput): void {
    switch (output.kind) {
      case 'write':
        if (!this.running || this.answer) this.write(output.text);
        break;
      case 'submit':
        if (this.answer) {
          const answer = this.answer;
          this.answer = undefined;
          answer(output.line);
        } else {
          this.queue.push(output.line);
          void this.drain();
        }
        break;
      case 'interrupt':
        if (this.answer) {
          const answer = this.answer;
          this.answer = undefined;
          answer('no');
        } else if (!this.session.cancel()) {
          this.queue.length = 0;
          this.write(this.editor.redraw());
        }
        break;
      case 'eof':
        this.closed.fire();
        break;
      case 'clear':
        this.write(`\x1b[2J\x1b[H${this.editor.redraw()}`);
        break;
      case 'candidates':
        this.print(output.items.join('  '));
        this.write(this.editor.redraw());
        break;
    }
  }

  /** Runs queued lines in order; several queued at once (a paste) go as one pipelined batch. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const lines = this.queue.splice(0, this.queue.length);
        const io = { write: (text: string) => this.print(text), confirm: (question: string) => this.confirm(question) };
        if (lines.length === 1) await this.session.run(lines[0], io);
        else await this.session.runBatch(lines, io);
        void this.state.update(HISTORY_KEY, this.history.entries());
      }
    } finally {
      this.running = false;
      this.write(this.editor.redraw());
    }
  }

  private confirm(question: string): Promise<boolean> {
    this.print(question);
    return new Promise((resolve) => {
      this.answer = (line) => resolve(/^y(es)?$/i.test(line.trim()));
      this.write(this.editor.redraw());
    });
  }
}
