// A connection to a cluster (or a standalone server) someone else runs, as a target: snapshots through the core's
// connection target, rebuilt when the profile or the password changes.
import type { ConnectionTarget as CoreConnectionTarget } from '../../core/connection/target';
import type { ConnectionProfile } from '../../core/connection/profile';
import { describeError } from '../../core/errors';
import type { ClusterSnapshot } from '../../shared/snapshot';
import { core } from '../core-loader';
import { SnapshotStream } from '../../core/target/snapshot-stream';
import { RefreshManager } from '../../core/target/refresh-manager';
import { EXTENSION_WORDS } from '../wording';
import type { ConnectionStore } from './connection-store';
import type { ScaleTarget } from '../../core/scale/execute';
import type { ConnectionHub } from '../../core/target/hub';
import { readOnlyAtEdge, type Target, type TargetAccess } from './target';

export class ConnectionTarget implements Target {
  readonly kind = 'connection';
  readonly snapshots: SnapshotStream;
  readonly refreshes: RefreshManager;
  private built: Promise<CoreConnectionTarget> | undefined;
  /** Kept across rebuilds (a new password): consoles and the key browser keep using it. */
  private hub: ConnectionHub | undefined;
  private slotStats = false;

  constructor(readonly profile: ConnectionProfile, private readonly store: ConnectionStore, intervalMs: number) {
    this.snapshots = new SnapshotStream(() => this.collect(), intervalMs);
    this.refreshes = new RefreshManager(this.snapshots);
  }

  get id(): string {
    return this.profile.id;
  }

  get label(): string {
    return this.profile.label;
  }

  private build(): Promise<CoreConnectionTarget> {
    const building = (this.built ??= this.store.password(this.id).then((password) => {
      const { connectionTarget, ConnectionHub } = core();
      const target = connectionTarget(this.profile, password, (this.hub ??= new ConnectionHub()));
      target.collector.slotStats = this.slotStats;
      return target;
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
    const target = await this.build();
    const known = () => (this.snapshots.latest?.nodes ?? []).filter((node) => node.announcedAddress !== '');
    const found = await target.members();
    const first = 'unreachable' in found ? [] : found;
    // The nodes as the latest refresh knows them, so a console follows a cluster that changes.
    return { hub: target.hub, nodes: () => (known().length > 0 ? known() : first), readOnly: readOnlyAtEdge(this.profile.readOnly), standalone: target.isStandalone() };
  }

  setSlotStats(on: boolean): void {
    this.slotStats = on;
    void this.built?.then((target) => void (target.collector.slotStats = on), () => undefined);
  }

  /** The connection as slot operations see it (Move Slots, Rebalance). */
  async scaleTarget(): Promise<ScaleTarget> {
    return (await this.build()).scaleTarget();
  }

  invalidate(): void {
    this.built = undefined;
  }

  dispose(): void {
    this.invalidate();
    this.hub?.dispose();
    this.refreshes.dispose();
    this.snapshots.dispose();
  }
}
