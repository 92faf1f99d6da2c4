// Every wait ends: a promise raced against a timer, so a peer that accepts a connection and never answers
// cannot hold a probe, a refresh or an operation beyond its deadline.
import { UserError } from './errors';

/** Settles as `work` does, or rejects with a UserError coded 'timeout' after `ms` (calling `onTimeout` to release
 * resources): the one deadline of the core, so every expired wait is the same error. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new UserError('timeout', `${what} did not answer within ${formatSeconds(ms)}.`));
    }, ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(new UserError('cancelled', 'Cancelled.'));
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** Resolves after `ms`, or at once (without an error) when the signal aborts: a wait between retries that a stop cuts short. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
