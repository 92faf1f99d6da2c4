// A cluster the views, the console and the node actions work on: the local one the extension runs in Docker, or a
// connection to one someone else runs. Each has its own snapshot loop; lifecycle commands exist only for the local one.
import type { Reach } from '../../core/client/reach';
import type { ConsoleNode } from '../../core/console/nodes';
import type { SnapshotService } from '../snapshot-service';

/** What dialling the target's nodes needs, opened (SSH forwards, TLS files read). */
export interface TargetAccess {
  readonly reach: Reach;
  /** The nodes a console may name, as the latest snapshot knows them. */
  readonly nodes: () => readonly ConsoleNode[];
  readonly readOnly: boolean;
  /** A standalone server: every command runs on its one node. */
  readonly standalone: boolean;
}

export interface Target {
  readonly id: string;
  readonly kind: 'local' | 'connection';
  readonly label: string;
  readonly snapshots: SnapshotService;
  access(): Promise<TargetAccess>;
  /** Settings or secrets changed: rebuild from them on next use. */
  invalidate(): void;
  /** Refreshes ask for per-slot load too (CLUSTER SLOT-STATS), while a view shows it. */
  setSlotStats(on: boolean): void;
  dispose(): void;
}
