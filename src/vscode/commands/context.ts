// What command handlers work with.
import type * as vscode from 'vscode';
import type { ClusterController } from '../cluster-controller';
import type { Log } from '../log';
import type { PasswordStore } from '../password-store';
import type { TargetRegistry } from '../targets/target-registry';
import type { TopologyPanels } from '../topology-panels';

export interface ConsoleOutput {
  readonly terminal: vscode.Terminal;
  readonly data: string;
}

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly controller: ClusterController;
  readonly targets: TargetRegistry;
  readonly passwords: PasswordStore;
  readonly topology: TopologyPanels;
  readonly log: Log;
  /** Fired with everything a terminal of the extension writes (consoles, logs, shells). */
  readonly consoleOutput: vscode.EventEmitter<ConsoleOutput>;
  /** Fired after a console ran a command (the walkthrough's console step). */
  readonly consoleCommandRan: vscode.EventEmitter<void>;
}

export type Handler = (...args: never[]) => unknown;

/** The icon in front of a routine success in the status bar; passed as a placeholder so translations keep it intact. */
export const CHECK = '$(check)';
