// The envelope every webview page of the extension shares with the host (see src/vscode/webview-host.ts and
// media/shared/page-channel.ts): the page says `ready` after each load; it asks with a request carrying a sequence
// number, and the host answers each request exactly once with a reply carrying the same number. Each page's own
// protocol (topology-protocol.ts, keys-protocol.ts) fills in its requests, results, notices and pushes, and builds
// its parser from the checks below. Imported by both sides, so it uses no VS Code or Node API.

export type Json = Record<string, unknown>;

export interface ReadyMessage {
  readonly type: 'ready';
}

export interface RequestMessage<Request> {
  readonly type: 'request';
  readonly seq: number;
  readonly request: Request;
}

/** What a page sends: the handshake, requests to answer, and one-way notices (a `type` other than these two). */
export type PageMessage<Request, Notice> = ReadyMessage | RequestMessage<Request> | Notice;

export type Reply<Result> =
  | { readonly type: 'reply'; readonly seq: number; readonly ok: true; readonly result: Result }
  | { readonly type: 'reply'; readonly seq: number; readonly ok: false; readonly error: string };

export function asRecord(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Own keys must be exactly `keys` (`optional` ones may be missing): a message with other fields is not one we sent. */
export function hasKeys(record: Json, keys: readonly string[], optional: readonly string[] = []): boolean {
  const required = keys.filter((key) => !optional.includes(key));
  return Object.keys(record).every((key) => keys.includes(key)) && required.every((key) => Object.prototype.hasOwnProperty.call(record, key));
}

export function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** A sequence number or row index: a whole number from 0 to 2^31 - 1. */
export function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 0x7fffffff;
}

/** The sequence number of something shaped like a request, valid or not, so a refusal can be answered. */
export function requestSequence(value: unknown): number | undefined {
  const record = asRecord(value);
  return record?.type === 'request' && isIndex(record.seq) ? record.seq : undefined;
}

/** A fresh, well-formed page message built from `value`, or undefined for anything else: `parseRequest` checks the
 * request inside the envelope, `parseNotice` any message that is neither `ready` nor a request. */
export function parsePageMessage<Request, Notice>(value: unknown, parseRequest: (request: unknown) => Request | undefined,
  parseNotice: (record: Json) => Notice | undefined): PageMessage<Request, Notice> | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  if (record.type === 'ready') return hasKeys(record, ['type']) ? { type: 'ready' } : undefined;
  if (record.type !== 'request') return parseNotice(record);
  if (!hasKeys(record, ['type', 'seq', 'request']) || !isIndex(record.seq)) return undefined;
  const request = parseRequest(record.request);
  return request === undefined ? undefined : { type: 'request', seq: record.seq, request };
}

/** Shape check of a reply on the page's side (the host is trusted: this only drops messages that are not ours). */
export function isReply(value: unknown): value is Reply<unknown> {
  const record = asRecord(value);
  return record?.type === 'reply' && isIndex(record.seq)
    && (record.ok === true ? 'result' in record : record.ok === false && typeof record.error === 'string');
}
