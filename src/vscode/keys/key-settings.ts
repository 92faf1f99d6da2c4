// The Keys view's settings (valkeyCluster.keys.*), read where they are used.
import * as vscode from 'vscode';
import { SECTION } from '../settings';

export interface KeyViewSettings {
  /** Keys read per page. */
  readonly pageSize: number;
  /** What separates the levels of a key name when keys are shown as a tree. */
  readonly delimiter: string;
}

export function readKeyViewSettings(): KeyViewSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const pageSize = config.get<number>('keys.pageSize', 100);
  return {
    pageSize: Number.isInteger(pageSize) ? Math.min(1000, Math.max(10, pageSize)) : 100,
    delimiter: config.get<string>('keys.groupDelimiter', ':') || ':',
  };
}
