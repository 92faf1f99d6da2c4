// Follows the container events of one compose project on its Docker engine through dockerode (so a remote engine,
// over SSH or TCP, works the same): each start, stop, death, removal, pause or health change of one of its containers
// is reported. Docker ends the stream when the engine restarts or the connection drops; it is opened again after a
// pause that doubles up to a ceiling, and the reopening is reported too, since what happened meanwhile was not seen.
import type Docker from 'dockerode';
import type { Disposable } from '../emitter';
import { LABEL } from '../compose/plan';
import { pause } from '../deadline';

export interface ContainerEvent {
  /** Docker's action: "die", "start", "health_status: healthy"… */
  readonly action: string;
  /** The container's name. */
  readonly container: string;
}

export interface ContainerEventsOptions {
  /** Only getEvents is used: a unit test passes an object that hands out streams of its own. */
  readonly docker: Pick<Docker, 'getEvents'>;
  readonly project: string;
  readonly onEvent: (event: ContainerEvent) => void;
  /** The stream was opened again after it ended or could not be opened: events may have been missed. */
  readonly onResumed: () => void;
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
}

/** What changes a snapshot. Health checks run an exec every few seconds (exec_* events): those are left out. */
export const WATCHED_ACTIONS = ['start', 'die', 'stop', 'destroy', 'pause', 'unpause', 'health_status'];

export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 30_000;

/** Follows until disposed. */
export function followContainerEvents(options: ContainerEventsOptions): Disposable {
  const abort = new AbortController();
  void follow(options, abort.signal);
  return { dispose: () => abort.abort() };
}

async function follow(options: ContainerEventsOptions, signal: AbortSignal): Promise<void> {
  const firstRetryMs = options.firstRetryMs ?? FIRST_RETRY_MS;
  let retryMs = firstRetryMs;
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      // The typings leave out abortSignal, which docker-modem honours (it ends the request).
      const stream = await options.docker.getEvents({
        filters: { type: ['container'], label: [`${LABEL.project}=${options.project}`], event: WATCHED_ACTIONS },
        abortSignal: signal,
      } as Docker.GetEventsOptions);
      if (signal.aborted) return;
      if (attempt > 0) options.onResumed();
      await drain(stream, signal, (event) => {
        retryMs = firstRetryMs; // events arrive: the stream works, so the next loss is retried soon
        options.onEvent(event);
      });
    } catch {
      // The engine does not answer (stopped, restarting, unreachable): try again after the pause.
    }
    if (signal.aborted) return;
    await pause(retryMs, signal);
    retryMs = Math.min(retryMs * 2, options.maxRetryMs ?? MAX_RETRY_MS);
  }
}

/** Reports each event of the stream (one JSON object a line) until it ends, fails or `signal` aborts. */
function drain(stream: NodeJS.ReadableStream, signal: AbortSignal, onEvent: (event: ContainerEvent) => void): Promise<void> {
  return new Promise((resolve) => {
    let pending = '';
    const done = () => {
      signal.removeEventListener('abort', done);
      (stream as Partial<NodeJS.ReadableStream & { destroy(): void }>).destroy?.();
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    stream.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const event = parseEvent(line);
        if (event) onEvent(event);
      }
    });
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/** One line of Docker's event stream, or undefined for a blank or unreadable one. */
export function parseEvent(line: string): ContainerEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const event = JSON.parse(line) as { Action?: unknown; status?: unknown; Actor?: { Attributes?: { name?: unknown } } };
    const action = typeof event.Action === 'string' ? event.Action : event.status;
    const name = event.Actor?.Attributes?.name;
    return typeof action === 'string' ? { action, container: typeof name === 'string' ? name : '' } : undefined;
  } catch {
    return undefined;
  }
}
