// The host's side of the topology page's handshake: the page says `ready` after every (re)load; until then
// messages would be lost, so the newest snapshot and the last selection wait here. Free of the vscode module.
import type { ClusterSnapshot } from '../shared/snapshot';
import type { HostMessage } from '../shared/topology-protocol';

type SnapshotMessage = Extract<HostMessage, { type: 'snapshot' }>;

export class WebviewChannel {
  private ready = false;
  private pendingSnapshot: SnapshotMessage | undefined;
  private pendingSelection: string | undefined;
  /** Answers to the page's requests: each is kept until the page can take it. */
  private pendingResults: HostMessage[] = [];

  constructor(
    private readonly post: (message: HostMessage) => void,
    private readonly latestSnapshot: () => ClusterSnapshot | undefined,
  ) {}

  /** The page is (re)loading or gone: hold messages until it says ready. */
  reset(): void {
    this.ready = false;
  }

  /** The page is gone for good: forget what waits. */
  close(): void {
    this.ready = false;
    this.pendingSnapshot = undefined;
    this.pendingSelection = undefined;
    this.pendingResults = [];
  }

  send(message: HostMessage): void {
    if (this.ready) this.post(message);
    else if (message.type === 'snapshot') this.pendingSnapshot = message;
    else if (message.type === 'select') this.pendingSelection = message.node;
    else this.pendingResults.push(message);
  }

  /** The page said ready: it gets the newest snapshot, then the selection. */
  onReady(): void {
    this.ready = true;
    const snapshot = this.newestSnapshotMessage();
    const selection = this.pendingSelection;
    this.pendingSnapshot = undefined;
    this.pendingSelection = undefined;
    if (snapshot) this.post(snapshot);
    if (selection !== undefined) this.post({ type: 'select', node: selection });
    const results = this.pendingResults;
    this.pendingResults = [];
    for (const result of results) this.post(result);
  }

  /** The queued update (it carries the changes to highlight) unless a newer snapshot was taken since. */
  private newestSnapshotMessage(): SnapshotMessage | undefined {
    const pending = this.pendingSnapshot;
    const latest = this.latestSnapshot();
    if (!latest) return pending;
    if (pending && pending.snapshot.takenAt >= latest.takenAt) return pending;
    return { type: 'snapshot', snapshot: latest, changes: [] };
  }
}
