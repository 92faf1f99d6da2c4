// The cluster the extension runs in Docker, as a target: its snapshots and access come from the controller, which
// also runs its lifecycle.
import { type ClusterController, localClusterLabel } from '../cluster-controller';
import { SnapshotStream } from '../../core/target/snapshot-stream';
import { RefreshManager } from '../../core/target/refresh-manager';
import type { ScaleTarget } from '../../core/scale/execute';
import { readOnlyAtEdge, type Target, type TargetAccess } from './target';

export const LOCAL_ID = 'local';

export class LocalTarget implements Target {
  readonly id = LOCAL_ID;
  readonly kind = 'local';
  readonly label = localClusterLabel();
  readonly snapshots: SnapshotStream;
  readonly refreshes: RefreshManager;

  constructor(readonly controller: ClusterController, intervalMs: number) {
    this.snapshots = new SnapshotStream(() => controller.collect(), intervalMs);
    this.refreshes = new RefreshManager(this.snapshots);
  }

  async access(): Promise<TargetAccess> {
    const setup = await this.controller.setup();
    return { hub: setup.hub, nodes: () => setup.plan.nodes, readOnly: readOnlyAtEdge(false), standalone: false };
  }

  async scaleTarget(): Promise<ScaleTarget> {
    return (await this.controller.setup()).scaleTarget();
  }

  invalidate(): void {
    this.controller.invalidate();
  }

  setSlotStats(on: boolean): void {
    this.controller.setSlotStats(on);
  }

  dispose(): void {
    this.refreshes.dispose();
    this.snapshots.dispose();
  }
}
