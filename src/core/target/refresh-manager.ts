// Decides when a target's snapshot stream takes a round beyond its timer: when something says the cluster changed —
// a Docker event of one of the local cluster's containers, the end of an operation, a change of settings or
// secrets. Requests within DEBOUNCE_MS of the first make one round (a node stopping sends die then stop; Stop sends
// a pair per node), which starts after the change (refreshAfterChange).
// What Docker cannot tell — a failover, slots moving, a node failing inside a running container, any change to a
// connection's cluster — stays on the stream's polling while a view is visible (SnapshotStream).
import type { Disposable } from '../emitter';
import type { SnapshotStream } from './snapshot-stream';

export const DEBOUNCE_MS = 250;

/** Calls `changed` at each change it sees, until disposed (followContainerEvents, bound to an engine and project). */
export type ChangeSource = (changed: () => void) => Disposable;

export class RefreshManager implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private source: Disposable | undefined;
  private disposed = false;

  constructor(private readonly stream: Pick<SnapshotStream, 'refreshAfterChange'>, private readonly debounceMs = DEBOUNCE_MS) {}

  /** The cluster changed: one round within the debounce, however many ask meanwhile. */
  request(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.stream.refreshAfterChange();
    }, this.debounceMs);
  }

  /** Follows `source` from now on, instead of the one followed before (the engine or project changed). */
  follow(source: ChangeSource): void {
    this.source?.dispose();
    this.source = this.disposed ? undefined : source(() => this.request());
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.source?.dispose();
    this.source = undefined;
  }
}
