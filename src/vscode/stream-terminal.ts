// A pseudoterminal in front of something that streams text and may take keystrokes: a followed container log, a
// program running in a container. What arrives before VS Code opens the terminal is kept and written on open;
// closing the terminal ends the stream; the stream ending closes the terminal.
import * as vscode from 'vscode';

export interface TerminalStream {
  /** Raw keystrokes (absent: typing does nothing). */
  input?(data: string): void;
  resize?(size: { readonly columns: number; readonly rows: number }): void;
  /** The terminal was closed. */
  close(): void;
}

export class StreamTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.written.event;
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidClose = this.closed.event;
  private pending: string[] | undefined = [];
  private size: vscode.TerminalDimensions | undefined;
  private stream: TerminalStream | undefined;
  private ended = false;

  /** Text for the terminal; kept until it opens. */
  readonly write = (text: string): void => {
    if (this.pending) this.pending.push(text);
    else this.written.fire(text);
  };

  /** Connects what the terminal's keys, size and closing go to. */
  attach(stream: TerminalStream): void {
    this.stream = stream;
    if (this.size) stream.resize?.(this.size);
  }

  /** The stream is over: the terminal closes (with the program's exit code, when there is one). */
  end(code?: number): void {
    if (this.ended) return;
    this.ended = true;
    this.closed.fire(code);
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const text of pending) this.written.fire(text);
    if (dimensions) this.setDimensions(dimensions);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = dimensions;
    this.stream?.resize?.(dimensions);
  }

  handleInput(data: string): void {
    this.stream?.input?.(data);
  }

  close(): void {
    this.ended = true;
    this.stream?.close();
    this.written.dispose();
    this.closed.dispose();
  }
}
