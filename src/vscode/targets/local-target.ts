// The cluster the extension runs in Docker, as a target: its snapshots and access come from the controller, which
// also runs its lifecycle.
import { type ClusterController, localClusterLabel } from '../cluster-controller';
import { SnapshotService } from '../snapshot-service';
import type { Target, TargetAccess } from './target';

export const LOCAL_ID = 'local';

export class LocalTarget implements Target {
  readonly id = LOCAL_ID;
  readonly kind = 'local';
  readonly label = localClusterLabel();
  readonly snapshots: SnapshotService;

  constructor(readonly controller: ClusterController, intervalMs: number) {
    this.snapshots = new SnapshotService(() => controller.collect(), intervalMs);
  }

  async access(): Promise<TargetAccess> {
    const setup = await this.controller.setup();
    return { reach: setup.reach, nodes: () => setup.plan.nodes, readOnly: false, standalone: false };
  }

  invalidate(): void {
    this.controller.invalidate();
  }

  setSlotStats(on: boolean): void {
    this.controller.setSlotStats(on);
  }

  dispose(): void {
    this.snapshots.dispose();
  }
}
