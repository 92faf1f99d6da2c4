// A client that keeps writing while an operation runs and remembers every write the cluster acknowledged, so a test
// can check afterwards that each is there with its value. Keys spread over all slots; with `confirmByReplica`, a
// write counts only once WAIT says a replica has it too (what survives the loss of its primary). The writes that
// failed are counted too, by reason, so a test can report how available the cluster stayed.
import { Cluster } from 'iovalkey';
import type { Reach } from '../../src/core/client/reach';

export interface WriterOptions {
  readonly prefix: string;
  /** Writes in flight at once. */
  readonly concurrency?: number;
  /** Pause of each lane between its writes (ms): a steady load that leaves the shared CPUs to the cluster. */
  readonly pauseMs?: number;
  readonly confirmByReplica?: boolean;
}

/** The writes that did not succeed while the writer ran: availability during an operation. */
export interface FailedWrites {
  readonly attempted: number;
  /** Refused or broken off, by the first word of the error (TRYAGAIN, CLUSTERDOWN, "Connection is closed."...). */
  readonly refused: ReadonlyMap<string, number>;
  /** Written, but WAIT saw no replica take it within its timeout (only with `confirmByReplica`). */
  readonly unconfirmed: number;
  /** Milliseconds from the writer's start to its first and last failed write. */
  readonly span?: { readonly firstMs: number; readonly lastMs: number };
}

export interface Verification {
  readonly acknowledged: number;
  readonly missing: readonly string[];
  readonly wrong: readonly string[];
}

export function clusterClient(reach: Reach): Cluster {
  const cluster = new Cluster([...reach.seeds], {
    natMap: reach.map,
    redisOptions: { password: reach.credentials.password, username: reach.credentials.username, connectTimeout: 2000, tls: reach.tls },
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    maxRedirections: 32,
  });
  cluster.on('error', () => undefined);
  return cluster;
}

export class AcknowledgedWriter {
  private readonly client: Cluster;
  private readonly acknowledged = new Map<string, string>();
  private running: Promise<void> | undefined;
  private stopping = false;
  private next = 0;
  private startedAt = 0;
  private readonly refused = new Map<string, number>();
  private unconfirmed = 0;
  private firstFailureAt: number | undefined;
  private lastFailureAt: number | undefined;

  constructor(reach: Reach, private readonly options: WriterOptions) {
    this.client = clusterClient(reach);
  }

  get count(): number {
    return this.acknowledged.size;
  }

  private async writeOne(): Promise<void> {
    const index = this.next++;
    // The hash tag spreads keys over the slots; the value names the write.
    const key = `{${this.options.prefix}${index % 4096}}:${index}`;
    const value = `${this.options.prefix}-${index}`;
    try {
      if (this.options.confirmByReplica) {
        const replies = await this.client.pipeline().set(key, value).call('WAIT', '1', '500').exec();
        if (replies?.[0][0]) throw replies[0][0];
        if (replies && typeof replies[1][1] === 'number' && replies[1][1] >= 1) this.acknowledged.set(key, value);
        else this.failed(() => this.unconfirmed++);
      } else if ((await this.client.set(key, value)) === 'OK') {
        this.acknowledged.set(key, value);
      }
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split(' ')[0];
      this.failed(() => this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1));
      // A write refused at once (a disconnected client) must not spin: the lanes yield to the event loop.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private failed(count: () => void): void {
    count();
    this.lastFailureAt = Date.now();
    this.firstFailureAt ??= this.lastFailureAt;
  }

  get failures(): FailedWrites {
    const span = this.firstFailureAt === undefined || this.lastFailureAt === undefined ? undefined
      : { firstMs: this.firstFailureAt - this.startedAt, lastMs: this.lastFailureAt - this.startedAt };
    return { attempted: this.next, refused: new Map(this.refused), unconfirmed: this.unconfirmed, span };
  }

  start(): void {
    this.stopping = false;
    this.startedAt = Date.now();
    const lanes = Array.from({ length: this.options.concurrency ?? 16 }, async () => {
      while (!this.stopping) {
        await this.writeOne();
        if (this.options.pauseMs) await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs));
      }
    });
    this.running = Promise.all(lanes).then(() => undefined);
  }

  /** Stops writing; resolves once the writes in flight have ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Reads back every acknowledged key. */
  async verify(): Promise<Verification> {
    const missing: string[] = [];
    const wrong: string[] = [];
    const entries = [...this.acknowledged];
    for (let start = 0; start < entries.length; start += 2000) {
      const chunk = entries.slice(start, start + 2000);
      const values = await Promise.all(chunk.map(([key]) => this.client.get(key)));
      chunk.forEach(([key, value], index) => {
        if (values[index] === null) missing.push(key);
        else if (values[index] !== value) wrong.push(key);
      });
    }
    return { acknowledged: entries.length, missing, wrong };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.start();
    try {
      // A moment of writing before the operation starts, so there is something in flight when it does.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return await work();
    } finally {
      await this.stop();
    }
  }

  /** Stops the lanes (without waiting for them) and closes the client. */
  disconnect(): void {
    this.stopping = true;
    this.client.disconnect();
  }
}

/** One line for a test's output: how many writes failed, why, and when. */
export function describeFailures(failures: FailedWrites): string {
  const refused = [...failures.refused.values()].reduce((sum, count) => sum + count, 0);
  if (refused + failures.unconfirmed === 0) return `none of ${failures.attempted} writes failed`;
  const reasons = [...failures.refused].map(([reason, count]) => `${reason} ${count}`).join(', ');
  const when = failures.span ? `, from ${failures.span.firstMs} to ${failures.span.lastMs} ms after the writer started` : '';
  return `${refused} of ${failures.attempted} writes refused${reasons ? ` (${reasons})` : ''}, ${failures.unconfirmed} not confirmed by a replica${when}`;
}
