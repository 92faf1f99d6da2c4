// Errors meant for a person: what went wrong, and what to do about it. Everything the core throws on purpose is
// a UserError; anything else is a bug and is shown with a hint to look at the log. Settings and actions inside
// the sentences are terms (see wording.ts), worded by each front end in its own language.
import { type Phrase, PLAIN_WORDS, type Vocabulary, word } from './wording';

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
  | 'timeout'
  | 'invalidConnection'
  | 'noPermission'
  | 'tlsFailed'
  | 'unreachable'
  | 'notCluster'
  | 'busy'
  | 'cancelled'
  // Keys: bad input, a key that changed or vanished, an edit the data or the cluster does not allow.
  | 'invalidInput'
  | 'keyGone'
  | 'wrongType'
  | 'tooLarge'
  | 'crossSlot'
  | 'readOnly'
  | 'changed'
  /** An operation asked for something that cannot be done (slots to their own shard, a range out of bounds…). */
  | 'invalidRequest'
  /** A step of a shape or slot operation failed on the server. */
  | 'operationFailed';

export class UserError extends Error {
  readonly what: Phrase | string;
  /** What the person can do about it, one sentence. */
  readonly hint?: Phrase | string;

  constructor(
    readonly code: ErrorCode,
    what: Phrase | string,
    hint?: Phrase | string,
    /** Longer material such as a container log, shown on request. */
    readonly detail?: string,
  ) {
    super(word(what, PLAIN_WORDS));
    this.name = 'UserError';
    this.what = what;
    this.hint = hint;
  }

  /** The hint in the core's own words (logs); front ends use describeError with their vocabulary. */
  get action(): string | undefined {
    return this.hint === undefined ? undefined : word(this.hint, PLAIN_WORDS);
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

/** The message alone, in a front end's words. */
export function describeProblem(error: UserError, vocabulary: Vocabulary = PLAIN_WORDS): string {
  return word(error.what, vocabulary);
}

/** One line for a notification or a terminal: the message, then the action, in a front end's words. */
export function describeError(error: unknown, vocabulary: Vocabulary = PLAIN_WORDS): string {
  if (isUserError(error)) {
    const hint = error.hint === undefined ? undefined : word(error.hint, vocabulary);
    const what = describeProblem(error, vocabulary);
    return hint ? `${what} ${hint}` : what;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Unexpected error: ${message}. See the log for details.`;
}
