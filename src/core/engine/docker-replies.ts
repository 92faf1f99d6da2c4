// What the status code of a failed Docker API call says, for the calls where an answer other than success is
// fine: 304 "already in that state" (start, stop) and 404 "no such object" (remove, inspect).
export function statusCodeOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** Docker's "already in that state": nothing to do. */
export function ignoreNotModified(error: unknown): void {
  if (statusCodeOf(error) !== 304) throw error as Error;
}

export function ignoreNotFound(error: unknown): void {
  if (statusCodeOf(error) !== 404) throw error as Error;
}
