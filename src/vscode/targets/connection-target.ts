// A connection to a cluster (or a standalone server) someone else runs, as a target: snapshots through the core's
// connection target, rebuilt when the profile or the password changes.
import type { ConnectionTarget as CoreConnectionTarget } from '../../core/connection/target';
import type { ConnectionProfile } from '../../core/connection/profile';
import type { SnapshotCollector } from '../../core/cluster/collect';
import { describeError } from '../../core/errors';
import type { ClusterSnapshot } from '../../shared/snapshot';
import { core } from '../core-loader';
import { SnapshotService } from '../snapshot-service';
import { EXTENSION_WORDS } from '../wording';
import type { ConnectionStore } from './connection-store';
import type { ScaleTarget } from '../../core/scale/execute';
import type { Target, TargetAccess } from './target';

interface Built {
  readonly target: CoreConnectionTarget;
  readonly collector: SnapshotCollector;
}

export class ConnectionTarget implements Target {
  readonly kind = 'connection';
  readonly snapshots: SnapshotService;
  private built: Promise<Built> | undefined;
  private slotStats = false;

  constructor(readonly profile: ConnectionProfile, private readonly store: ConnectionStore, intervalMs: number) {
    this.snapshots = new SnapshotService(() => this.collect(), intervalMs);
  }

  get id(): string {
    return this.profile.id;
  }

  get label(): string {
    return this.profile.label;
  }

  private build(): Promise<Built> {
    const building = (this.built ??= this.store.password(this.id).then((password) => {
      const { connectionTarget, SnapshotCollector } = core();
      const target = connectionTarget(this.profile, password);
      const collector = new SnapshotCollector(target.summary, target.members, target.reach, target.pool);
      collector.slotStats = this.slotStats;
      return { target, collector };
    }));
    building.catch(() => this.built === building && (this.built = undefined));
    return building;
  }

  /** Never throws: a profile that cannot be used (a certificate file gone) shows as a problem of the snapshot. */
  private async collect(): Promise<ClusterSnapshot> {
    try {
      return await (await this.build()).collector.collect();
    } catch (error) {
      const target = { id: this.id, kind: 'connection' as const, label: this.label, where: this.profile.seeds.join(', '), readOnly: this.profile.readOnly };
      return { target, mode: 'cluster', state: 'misconfigured', slotsOk: 0, slotsAssigned: 0, shards: [], nodes: [], takenAt: Date.now(), problems: [describeError(error, EXTENSION_WORDS)] };
    }
  }

  async access(): Promise<TargetAccess> {
    const { target } = await this.build();
    const known = () => (this.snapshots.latest?.nodes ?? []).filter((node) => node.announcedAddress !== '');
    const found = await target.members();
    const first = 'unreachable' in found ? [] : found;
    // The nodes as the latest refresh knows them, so a console follows a cluster that changes.
    return { reach: target.reach, nodes: () => (known().length > 0 ? known() : first), readOnly: this.profile.readOnly, standalone: target.isStandalone() };
  }

  setSlotStats(on: boolean): void {
    this.slotStats = on;
    void this.built?.then((built) => void (built.collector.slotStats = on), () => undefined);
  }

  /** The connection as slot operations see it (Move Slots, Rebalance). */
  async scaleTarget(): Promise<ScaleTarget> {
    return core().connectionScaleTarget((await this.build()).target);
  }

  invalidate(): void {
    void this.built?.then(({ target, collector }) => {
      collector.dispose();
      target.dispose();
    }, () => undefined);
    this.built = undefined;
  }

  dispose(): void {
    this.invalidate();
    this.snapshots.dispose();
  }
}
