// The page's side of a webview (the envelope is src/shared/webview-protocol.ts; the host's side is
// src/vscode/webview-host.ts), shared by the topology and key editor pages: says `ready` once the page can take
// messages, sends requests and resolves each with the host's reply by its sequence number, and hands everything
// else the host pushes to the page. No DOM here: main.ts wires it to acquireVsCodeApi() and the window's messages.
import type { PageMessage, Reply } from '../../src/shared/webview-protocol';

/** A request's answer: its result, or the host's sentence saying why there is none. */
export type Answer<Result> = { readonly ok: true; readonly result: Result } | { readonly ok: false; readonly error: string };

export class PageChannel<Request, Result, Notice, Push> {
  private nextSequence = 1;
  private readonly pending = new Map<number, (answer: Answer<Result>) => void>();

  constructor(
    private readonly post: (message: PageMessage<Request, Notice>) => void,
    /** The page's shape check of what the host sends (replies included). */
    private readonly isHostMessage: (value: unknown) => value is Push | Reply<Result>,
    private readonly onPush: (message: Push) => void,
  ) {}

  /** The page is built and listening: the host may post now. */
  start(): void {
    this.post({ type: 'ready' });
  }

  request(request: Request): Promise<Answer<Result>> {
    const seq = this.nextSequence++;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.post({ type: 'request', seq, request });
    });
  }

  notify(notice: Notice): void {
    this.post(notice);
  }

  /** A message from the window: a reply settles its request; anything else of the protocol is a push. */
  receive(data: unknown): void {
    if (!this.isHostMessage(data)) return;
    const message = data as { type: unknown };
    if (message.type !== 'reply') {
      this.onPush(data as Push);
      return;
    }
    const reply = data as Reply<Result>;
    const resolve = this.pending.get(reply.seq);
    this.pending.delete(reply.seq);
    resolve?.(reply.ok ? { ok: true, result: reply.result } : { ok: false, error: reply.error });
  }
}
