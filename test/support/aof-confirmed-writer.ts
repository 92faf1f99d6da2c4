// A writer for hard-kill tests that tells apart what the cluster acknowledged and what it confirmed to be on disk.
// Each lane sends a batch of SETs on one slot and, behind them in the same pipeline (so on the same connection to
// the same primary), WAITAOF: each SET's time of acknowledgement is noted as its reply arrives, and the batch counts
// as confirmed once WAITAOF says the primary and a replica have fsynced it. Nothing is asked when `confirm` is off.
// The cluster client has one connection per primary, which a waiting WAITAOF blocks: batches to a primary take turns.
import type { Cluster } from 'iovalkey';

export interface TrackedWrite {
  readonly key: string;
  readonly acknowledgedAt: number;
  confirmedAt?: number;
}

export interface AofWriterOptions {
  readonly prefix: string;
  /** Ask WAITAOF 1 1 0 after each batch (off: acknowledged writes only). */
  readonly confirm: boolean;
  readonly lanes?: number;
  readonly batch?: number;
}

export class AofConfirmedWriter {
  readonly writes: TrackedWrite[] = [];
  private running: Promise<void> | undefined;
  private stopping = false;
  private next = 0;

  constructor(private readonly client: Cluster, private readonly options: AofWriterOptions) {}

  private async writeBatch(): Promise<void> {
    const tag = `${this.options.prefix}${this.next++}`;
    const pipeline = this.client.pipeline();
    const acknowledged: TrackedWrite[] = [];
    for (let index = 0; index < (this.options.batch ?? 20); index++) {
      const key = `{${tag}}:${index}`;
      pipeline.set(key, '1', (error) => {
        if (error) return;
        const write = { key, acknowledgedAt: Date.now() };
        acknowledged.push(write);
        this.writes.push(write);
      });
    }
    // numlocal 1, numreplicas 1, no timeout: the batch is on the disk of its primary and of a replica, so it
    // survives whichever of the two leads the shard after a restart (see cluster-replica-validity-factor).
    if (this.options.confirm) {
      pipeline.call('WAITAOF', '1', '1', '0', (error, reply) => {
        const [local, replicas] = Array.isArray(reply) ? reply as number[] : [0, 0];
        if (error || local < 1 || replicas < 1) return;
        const confirmedAt = Date.now();
        for (const write of acknowledged) write.confirmedAt = confirmedAt;
      });
    }
    const results = await pipeline.exec().catch(() => undefined);
    // A refused batch (nodes gone) must not spin: the lanes yield to the event loop.
    if (!results || results.some(([error]) => error)) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  start(): void {
    this.stopping = false;
    const lanes = Array.from({ length: this.options.lanes ?? 32 }, async () => {
      while (!this.stopping) await this.writeBatch();
    });
    this.running = Promise.all(lanes).then(() => undefined);
  }

  /** Stops writing; resolves once the batches in flight have ended (disconnect the client first if nodes are gone). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}
