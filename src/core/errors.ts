// Errors meant for a person: what went wrong, and what to do about it. Everything the core throws on purpose is
// a UserError; anything else is a bug and is shown with a hint to look at the log.

export type ErrorCode =
  | 'engineUnreachable'
  | 'portInUse'
  | 'imageMissing'
  | 'initFailed'
  | 'notReady'
  | 'containerMissing'
  | 'invalidSettings'
  | 'composeUnsupported'
  | 'secretMissing'
  | 'wrongPassword'
  | 'invalidConnection'
  | 'noPermission'
  | 'tlsFailed'
  | 'unreachable'
  | 'notCluster'
  | 'busy'
  | 'cancelled';

export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the person can do about it, one sentence. */
    readonly action?: string,
    /** Longer material such as a container log, shown on request. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Structural, not instanceof: the extension and its lazily loaded core bundle each have their own copy of the class. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError' && typeof (error as UserError).code === 'string';
}

export function isCancelled(error: unknown): boolean {
  return isUserError(error) && error.code === 'cancelled';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new UserError('cancelled', 'Cancelled.');
}

/** One line for a notification: the message, then the action. */
export function describeError(error: unknown): string {
  if (isUserError(error)) return error.action ? `${error.message} ${error.action}` : error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message}. See the "Valkey Cluster" output for details.`;
}
