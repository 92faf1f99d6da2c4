// Follows a container's log the way `docker logs -f` does, and keeps following across restarts: when the container
// stops, it says so and waits (Docker events, with a periodic look as a fallback) for it to start again, then asks
// for the log from the last line it showed on. Everything goes through dockerode, so remote engines work alike.
// Each Docker call has a deadline; the wait for a restart lasts until the follower is disposed.
import type Docker from 'dockerode';
import { pause, withDeadline } from '../deadline';
import { UserError } from '../errors';
import { toTerminal } from '../console/terminal-safe';
import { action, phrase } from '../wording';
import { demuxed } from './docker-logs';
import { statusCodeOf } from './docker-replies';
import { TimestampedLines } from './log-lines';

export interface LogFollowerOptions {
  readonly docker: Docker;
  readonly containerName: string;
  /** Lines of history shown first. */
  readonly tail: number;
  /** Receives text ready for a terminal (control characters escaped, CRLF line ends). */
  readonly write: (terminalText: string) => void;
  /** Deadline of one Docker call (inspect, opening the log). */
  readonly callTimeoutMs?: number;
  /** While waiting for a restart, how often the container is also looked at (in case an event was missed). */
  readonly pollMs?: number;
}

const RETRY_MS = 5000;

export class LogFollower {
  private readonly abort = new AbortController();
  private readonly lines: TimestampedLines;
  private readonly callTimeoutMs: number;
  private readonly pollMs: number;

  constructor(private readonly options: LogFollowerOptions) {
    this.lines = new TimestampedLines(options.write);
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
    this.pollMs = options.pollMs ?? 10_000;
  }

  private get name(): string {
    return this.options.containerName;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /** Attaches to the log (rejects when the container does not exist or the engine does not answer), then follows
   * it until dispose(); `done` settles when following ends. */
  async start(): Promise<{ readonly done: Promise<void> }> {
    const first = await this.attach(this.options.tail);
    return { done: this.follow(first) };
  }

  dispose(): void {
    this.abort.abort();
  }

  private note(text: string): void {
    if (!this.stopped) this.options.write(`\x1b[2m── ${toTerminal(text)} ──\x1b[0m\r\n`);
  }

  private call<T>(work: Promise<T>, what: string): Promise<T> {
    return withDeadline(work, this.callTimeoutMs, `The Docker engine (${what})`);
  }

  private async inspect(): Promise<Docker.ContainerInspectInfo | undefined> {
    try {
      return await this.call(this.options.docker.getContainer(this.name).inspect(), `inspecting ${this.name}`);
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Opens the log: its last `tail` lines the first time, then from the last line shown on. */
  private async attach(tail?: number): Promise<NodeJS.ReadableStream> {
    const info = await this.inspect();
    if (!info) {
      throw new UserError('containerMissing', `${this.name} has no container (it was never started or was removed).`,
        phrase`Start the cluster to create it (${action('start')}).`);
    }
    const since = this.lines.since;
    // Docker takes `since` as "seconds.nanoseconds" text; the typings only know whole seconds.
    const from = tail !== undefined ? { tail } : since ? { since: since as unknown as number } : {};
    const options = { follow: true as const, stdout: true, stderr: true, timestamps: true, ...from, abortSignal: this.abort.signal };
    const stream = await this.call(this.options.docker.getContainer(info.Id).logs(options), `opening the log of ${this.name}`);
    return stream;
  }

  private async follow(first: NodeJS.ReadableStream): Promise<void> {
    let stream: NodeJS.ReadableStream | undefined = first;
    while (!this.stopped) {
      if (stream) {
        const endedAt = Date.now();
        await this.drain(stream);
        this.lines.flush();
        stream = undefined;
        if (this.stopped) return;
        // A log that ends while the container still runs (the engine restarted its end of it): ask again, not at once.
        if (await this.waitForStart(endedAt).catch(() => false)) await this.pause(1000);
      }
      if (this.stopped) return;
      try {
        this.lines.reattach();
        stream = await this.attach();
        this.note(`${this.name} is running again: reattached to its log`);
      } catch (error) {
        if (this.stopped) return;
        this.note(`${(error as Error).message} Trying again in ${RETRY_MS / 1000} s.`);
        await this.pause(RETRY_MS);
      }
    }
  }

  /** Shows a stream's lines until it ends (the container stopped, or the engine went away) or the follower is disposed. */
  private drain(stream: NodeJS.ReadableStream): Promise<void> {
    return new Promise((resolve) => {
      const text = demuxed(this.options.docker, stream);
      text.setEncoding('utf8');
      text.on('data', (chunk: string) => this.lines.push(chunk));
      text.on('end', resolve);
      text.on('close', resolve);
      text.on('error', resolve);
    });
  }

  /** Resolves once the container runs again (true when it never stopped); says why it waits. */
  private async waitForStart(since: number): Promise<boolean> {
    const info = await this.inspect().catch(() => 'unreachable' as const);
    if (info === 'unreachable') {
      this.note(`The Docker engine does not answer; trying again in ${RETRY_MS / 1000} s`);
      await this.pause(RETRY_MS);
      return false;
    }
    if (info?.State.Running) return true;
    this.note(info
      ? `${this.name} stopped (exit code ${info.State.ExitCode}); waiting for it to start again`
      : `${this.name} was removed; waiting for a new one to start`);
    const waiting = new AbortController();
    const cancel = () => waiting.abort();
    this.abort.signal.addEventListener('abort', cancel, { once: true });
    try {
      await Promise.race([this.startEvent(since, waiting.signal), this.pollUntilRunning(waiting.signal)]);
      return false;
    } finally {
      waiting.abort();
      this.abort.signal.removeEventListener('abort', cancel);
    }
  }

  /** The next `start` of a container of this name (since `since`, so one that happened meanwhile counts). Never
   * settles when the event stream fails: the poll covers that. */
  private async startEvent(since: number, signal: AbortSignal): Promise<void> {
    const events = await this.call(this.options.docker.getEvents({
      since: Math.floor(since / 1000),
      filters: { type: ['container'], container: [this.name], event: ['start'] },
      abortSignal: signal,
    } as Docker.GetEventsOptions), 'listening for container events').catch(() => undefined);
    if (!events) return new Promise(() => undefined);
    return new Promise((resolve) => {
      let pending = '';
      events.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        if (lines.some((line) => /"(status|Action)":"start"/.test(line))) resolve();
      });
      events.on('error', () => undefined);
    });
  }

  private async pollUntilRunning(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.pause(this.pollMs, signal);
      const info = await this.inspect().catch(() => undefined);
      if (info?.State.Running) return;
    }
  }

  private pause(ms: number, signal: AbortSignal = this.abort.signal): Promise<void> {
    return pause(ms, signal);
  }
}
