// A target's one snapshot stream: the tree, the topology, the status bar and the key browser read it. Snapshots are taken on a
// timer while a view is visible (slowly otherwise, for the status bar) and at once after the extension's own actions;
// concurrent requests share one round of queries.
import { diffSnapshots, type ClusterChange } from '../../shared/snapshot-diff';
import type { ClusterSnapshot } from '../../shared/snapshot';
import { Emitter } from '../emitter';

export interface SnapshotEvent {
  readonly snapshot: ClusterSnapshot;
  readonly changes: readonly ClusterChange[];
}

export type Collect = () => Promise<ClusterSnapshot | undefined>;

export const BACKGROUND_INTERVAL_MS = 30_000;

export class SnapshotStream {
  private readonly changed = new Emitter<SnapshotEvent>();
  readonly onDidChange = this.changed.event;
  private latestSnapshot: ClusterSnapshot | undefined;
  private inFlight: Promise<ClusterSnapshot | undefined> | undefined;
  private next: Promise<ClusterSnapshot | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly visibleViews = new Set<string>();
  private disposed = false;

  constructor(private readonly collect: Collect, private intervalMs: number) {}

  get latest(): ClusterSnapshot | undefined {
    return this.latestSnapshot;
  }

  /** A view says whether it is on screen; the timer runs fast only while one is. */
  setVisible(view: string, visible: boolean): void {
    const before = this.visibleViews.size > 0;
    if (visible) this.visibleViews.add(view);
    else this.visibleViews.delete(view);
    if (this.visibleViews.size > 0 && !before) void this.refresh();
    this.schedule();
  }

  setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.disposed) return;
    const delay = this.visibleViews.size > 0 ? this.intervalMs : BACKGROUND_INTERVAL_MS;
    this.timer = setTimeout(() => void this.refresh().finally(() => this.schedule()), delay);
  }

  refresh(): Promise<ClusterSnapshot | undefined> {
    this.inFlight ??= this.collect()
      .then((snapshot) => {
        if (snapshot && !this.disposed) {
          const changes = this.latestSnapshot ? diffSnapshots(this.latestSnapshot, snapshot) : [];
          this.latestSnapshot = snapshot;
          this.changed.fire({ snapshot, changes });
        }
        return snapshot;
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** A round that starts after this call, so that it sees a change that just happened: the round in flight may have
   * read the cluster before it. Callers meanwhile share that next round. */
  refreshAfterChange(): Promise<ClusterSnapshot | undefined> {
    if (!this.inFlight) return this.refresh();
    this.next ??= this.inFlight.then(() => undefined, () => undefined).then(() => {
      this.next = undefined;
      return this.refresh();
    });
    return this.next;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
