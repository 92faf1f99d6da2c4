// A node connection opened as soon as the node answers: for a node that is still starting, retried at a short
// interval until a deadline.
import type Valkey from 'iovalkey';
import { UserError, throwIfAborted } from '../errors';
import { connectNode, isAuthError } from './connect';
import { formatAddress, type NodeAddress, type Reach } from './reach';

export interface AnswerWait {
  /** Date.now() after which it gives up. */
  readonly deadline: number;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

/** Resolves with a connected, authenticated client that answered PING; `name` is for messages. */
export async function connectWhenAnswering(name: string, address: NodeAddress, reach: Reach, wait: AnswerWait): Promise<Valkey> {
  for (;;) {
    throwIfAborted(wait.signal);
    const client = connectNode(address, reach);
    let lastError: Error | undefined;
    client.on('error', (error: Error) => (lastError ??= error));
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return client;
    } catch (error) {
      lastError ??= error as Error;
    }
    client.disconnect();
    if (isAuthError(lastError)) {
      throw new UserError('wrongPassword', `${name} refuses the password: it runs with a different one.`,
        'Restart the cluster (Stop, then Start) to apply the stored password, or set the password it runs with.');
    }
    if (Date.now() > wait.deadline) {
      throw new UserError('notReady', `${name} did not answer at ${formatAddress(address)} in time (${lastError?.message ?? 'no reply'}).`,
        'Check its log; it may still be loading its data or failed to start.');
    }
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs ?? 25));
  }
}
