// The host's side of a webview page (the envelope is src/shared/webview-protocol.ts; the page's side is
// media/shared/page-channel.ts), shared by the topology panel and the key editor. The page says `ready` after every
// (re)load; until then what the host posts waits here. Every message from the page is checked against the page's
// typed protocol and dropped (and logged) when it is not in it. Each request is answered exactly once, by its
// sequence number, and only to the page load that asked. Free of the vscode module, so it runs in unit tests.
import { withDeadline } from '../core/deadline';
import type { Disposable } from '../core/emitter';
import { type PageMessage, type Reply, requestSequence } from '../shared/webview-protocol';

/** The part of a vscode.Webview this uses. */
export interface WebviewEndpoint {
  postMessage(message: unknown): PromiseLike<boolean>;
  onDidReceiveMessage(listener: (message: unknown) => unknown): Disposable;
}

export interface PageProtocol<Request, Result, Notice, Push extends { readonly type: string }> {
  /** The page's name in the log. */
  readonly name: string;
  /** The page's typed protocol: a fresh, valid message, or undefined for anything else. */
  parse(raw: unknown): PageMessage<Request, Notice> | undefined;
  /** Answers a request; what it throws is the reply's error (worded by `describeError`). */
  handle(request: Request): Promise<Result>;
  notice(notice: Notice): void;
  /** What a freshly loaded page needs first, unless a queued message of the same type stands for it. */
  initial(): Push[];
  describeError(error: unknown): string;
  /** How long a request may take before it is answered with a timeout; undefined: as long as it takes (it waits for
   * the user, or shows its own progress with a Cancel button). */
  deadlineMs?(request: Request): number | undefined;
  /** The reply to a request that is not in the protocol (too large, malformed): nothing was done. */
  readonly refused: string;
  log(line: string): void;
}

export class WebviewHost<Request, Result, Notice, Push extends { readonly type: string }> {
  private endpoint: WebviewEndpoint | undefined;
  private subscription: Disposable | undefined;
  private ready = false;
  /** Which page load is current: it changes when the page reloads, so a reply never reaches a page that did not ask. */
  private load = 0;
  /** The newest message of each type posted while the page was not ready, in the order the types first came. */
  private readonly queue = new Map<string, Push>();

  constructor(private readonly protocol: PageProtocol<Request, Result, Notice, Push>) {}

  /** A page is loading into `endpoint` (a new or revived panel): nothing is posted until it says ready. */
  attach(endpoint: WebviewEndpoint): void {
    this.subscription?.dispose();
    this.endpoint = endpoint;
    this.subscription = endpoint.onDidReceiveMessage((raw) => this.receive(raw));
    this.reload();
  }

  /** The page is being rebuilt (a hidden panel's page is destroyed and loads again when shown): hold messages. */
  reload(): void {
    this.ready = false;
    this.load++;
  }

  post(message: Push): void {
    if (this.ready) this.send(message);
    else this.queue.set(message.type, message);
  }

  /** The panel is gone: forget what waits; a later attach starts afresh. */
  close(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.endpoint = undefined;
    this.queue.clear();
    this.reload();
  }

  /** The one place a message leaves for the page. */
  private send(message: Push | Reply<Result>): void {
    void this.endpoint?.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = this.protocol.parse(raw);
    if (!message) {
      this.refuse(raw);
      return;
    }
    const { type } = message as { type: unknown };
    if (type === 'ready') this.onReady();
    else if (type === 'request') void this.answer(message as { seq: number; request: Request });
    else this.protocol.notice(message as Notice);
  }

  /** A page (re)loaded: what it needs first, then what waited for it. */
  private onReady(): void {
    this.ready = true;
    this.load++;
    const initial = this.protocol.initial().filter((message) => !this.queue.has(message.type));
    const queued = [...this.queue.values()];
    this.queue.clear();
    for (const message of [...initial, ...queued]) this.send(message);
  }

  private async answer({ seq, request }: { seq: number; request: Request }): Promise<void> {
    const load = this.load;
    const ms = this.protocol.deadlineMs?.(request);
    const work = this.protocol.handle(request);
    const reply: Reply<Result> = await (ms === undefined ? work : withDeadline(work, ms, this.protocol.name)).then(
      (result) => ({ type: 'reply', seq, ok: true, result }),
      (error: unknown) => ({ type: 'reply', seq, ok: false, error: this.protocol.describeError(error) }));
    if (this.ready && load === this.load) this.send(reply);
    else this.protocol.log(`${this.protocol.name}: the page that sent request ${seq} was reloaded or closed before the answer; it was dropped.`);
  }

  /** Logs what was dropped by its type only (it may carry anything); a malformed request still gets its answer. */
  private refuse(raw: unknown): void {
    const type = (raw as { type?: unknown } | null | undefined)?.type;
    const shown = typeof type === 'string' && /^[A-Za-z]{1,32}$/.test(type) ? `type "${type}"` : typeof raw;
    this.protocol.log(`${this.protocol.name}: dropped a message that is not in its protocol (${shown}).`);
    const seq = requestSequence(raw);
    if (seq !== undefined && this.ready) this.send({ type: 'reply', seq, ok: false, error: this.protocol.refused });
  }
}
