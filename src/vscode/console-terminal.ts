// The console as a VS Code pseudoterminal: a thin shell around the core's TerminalDriver, which holds the line
// editor, the typed-ahead queue and the session. History persists in the workspace state.
import * as vscode from 'vscode';
import { History } from '../core/console/history';
import type { ConsoleSession } from '../core/console/session';
import { TerminalDriver } from '../core/console/terminal-driver';

const HISTORY_KEY = 'valkeyCluster.consoleHistory';

export class ConsoleTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.written.event;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;
  private readonly ran = new vscode.EventEmitter<void>();
  /** A command was run and its reply printed. */
  readonly onDidRunCommand = this.ran.event;
  private readonly driver: TerminalDriver;

  /** `initialLine`: typed at the prompt when the terminal opens, for the person to edit or run (never run by itself). */
  constructor(session: ConsoleSession, state: vscode.Memento, banner: string, private readonly initialLine = '') {
    this.driver = new TerminalDriver({
      session,
      history: new History(state.get<string[]>(HISTORY_KEY, [])),
      banner,
      write: (data) => this.written.fire(data),
      end: () => this.closed.fire(),
      // The driver saves the history after each command has run.
      saveHistory: (entries) => {
        void state.update(HISTORY_KEY, entries);
        this.ran.fire();
      },
    });
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    this.driver.open(dimensions?.columns);
    // Control characters are dropped: the line must not submit itself or reach the terminal raw.
    const initial = this.initialLine.replace(/[\x00-\x1f\x7f-\x9f]/g, '');
    if (initial) this.driver.handleInput(initial);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.driver.resize(dimensions.columns);
  }

  handleInput(data: string): void {
    this.driver.handleInput(data);
  }

  close(): void {
    this.driver.close();
  }
}
