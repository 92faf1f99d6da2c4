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
  private readonly driver: TerminalDriver;

  constructor(session: ConsoleSession, state: vscode.Memento, banner: string) {
    this.driver = new TerminalDriver({
      session,
      history: new History(state.get<string[]>(HISTORY_KEY, [])),
      banner,
      write: (data) => this.written.fire(data),
      end: () => this.closed.fire(),
      saveHistory: (entries) => void state.update(HISTORY_KEY, entries),
    });
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    this.driver.open(dimensions?.columns);
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
