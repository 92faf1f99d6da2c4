// A cluster the views, the console and the node actions work on: the local one the extension runs in Docker, or a
// connection to one someone else runs. Each has its own snapshot loop; lifecycle commands exist only for the local one.
import * as vscode from 'vscode';
import type { ConsoleNode } from '../../core/console/nodes';
import type { ScaleTarget } from '../../core/scale/execute';
import type { ConnectionHub } from '../../core/target/hub';
import type { RefreshManager } from '../../core/target/refresh-manager';
import type { SnapshotStream } from '../../core/target/snapshot-stream';

/** What dialling the target's nodes needs, opened (SSH forwards, TLS files read). */
export interface TargetAccess {
  /** The target's one set of connections (its reach says how its nodes are dialled). */
  readonly hub: ConnectionHub;
  /** The nodes a console may name, as the latest snapshot knows them. */
  readonly nodes: () => readonly ConsoleNode[];
  /** Nothing may be changed through it: the connection says so, or the workspace is not trusted (readOnlyAtEdge). */
  readonly readOnly: boolean;
  /** A standalone server: every command runs on its one node. */
  readonly standalone: boolean;
}

export interface Target {
  readonly id: string;
  readonly kind: 'local' | 'connection';
  readonly label: string;
  readonly snapshots: SnapshotStream;
  /** Where a change of the cluster asks for a refresh (events, the end of an operation, settings). */
  readonly refreshes: RefreshManager;
  access(): Promise<TargetAccess>;
  /** The target as shape and slot operations see it (node containers only for the local cluster). */
  scaleTarget(): Promise<ScaleTarget>;
  /** Settings or secrets changed: rebuild from them on next use. */
  invalidate(): void;
  /** Refreshes ask for per-slot load too (CLUSTER SLOT-STATS), while a view shows it. */
  setSlotStats(on: boolean): void;
  dispose(): void;
}

/** Whether a target may be changed from here, decided once for every front end of the extension: a read-only
 * connection, or any target while the workspace is in Restricted Mode (keys browsed, consoles read, nothing written). */
export function readOnlyAtEdge(targetReadOnly: boolean): boolean {
  return targetReadOnly || !vscode.workspace.isTrusted;
}
