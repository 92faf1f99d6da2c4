// One bounded conversation with one server of a connection: connect, AUTH, the caller's commands, disconnect.
// Every failure comes out as a UserError that says what to fix (errors.ts), with the password scrubbed.
import type Valkey from 'iovalkey';
import { connectNode } from '../client/connect';
import { formatAddress, type NodeAddress, type Reach } from '../client/reach';
import { withDeadline } from '../deadline';
import { isUserError, type UserError } from '../errors';
import { explainFailure, failureKind, type FailureKind, withoutSecret } from './errors';
import { diagnosePort } from './protocol-probe';

/** Runs one command; failures name it ("CLUSTER NODES"). */
export type Call = (...args: string[]) => Promise<unknown>;

export interface DialFailure extends UserError {
  /** What happened underneath, for callers that weigh failures (a refusal says more than a timeout). */
  readonly kind: FailureKind;
}

const CONTAINER_COMMANDS = new Set(['CLUSTER', 'CONFIG', 'ACL', 'CLIENT', 'COMMAND', 'MEMORY', 'OBJECT']);

function commandLabel(args: readonly string[]): string {
  const name = (args[0] ?? '').toUpperCase();
  return CONTAINER_COMMANDS.has(name) && args[1] !== undefined ? `${name} ${args[1].toUpperCase()}` : name;
}

/** iovalkey reports why a connection failed as an 'error' event, then rejects with "Connection is closed.". */
function realCause(thrown: unknown, firstEvent: Error | undefined): unknown {
  const replied = thrown instanceof Error && thrown.name === 'ReplyError';
  return replied || firstEvent === undefined ? thrown : firstEvent;
}

/** Failures that hide their reason: a look at the port itself may find it. */
function needsDiagnosis(kind: FailureKind): boolean {
  return kind === 'timeout' || kind === 'reset' || kind === 'closed' || kind === 'tlsHandshake';
}

/** Connects to `address` with the reach's credentials and TLS, runs `work`, always disconnects. Connecting and
 * each command are bounded by `timeoutMs` (a deadline's timeout error is explained like a socket's). */
export async function withServer<T>(address: NodeAddress, reach: Reach, timeoutMs: number, work: (call: Call, node: Valkey) => Promise<T>): Promise<T> {
  const node = connectNode(address, reach, timeoutMs);
  let firstEvent: Error | undefined;
  node.on('error', (error: Error) => (firstEvent ??= error));
  let command: string | undefined;
  const call: Call = (...args) => {
    command = commandLabel(args);
    return withDeadline(node.call(args[0], ...args.slice(1)), timeoutMs, command);
  };
  try {
    // Connect covers TCP, TLS, AUTH and iovalkey's ready check: a few round trips, each within timeoutMs.
    await withDeadline(node.connect(), timeoutMs * 3, formatAddress(address));
    return await work(call, node);
  } catch (thrown) {
    const observed = realCause(thrown, firstEvent);
    const diagnosis = command === undefined && needsDiagnosis(failureKind(observed)) ? await diagnosePort(address, reach.tls, timeoutMs) : {};
    const cause = diagnosis.tlsError ?? observed;
    const kind = failureKind(cause);
    const tls = reach.tls !== undefined;
    const explained = explainFailure(cause, {
      address: formatAddress(address), username: reach.credentials.username, tls, command, timeoutMs, portSpeaks: diagnosis.portSpeaks,
    });
    throw Object.assign(withoutSecret(explained, reach.credentials.password), { kind }) as DialFailure;
  } finally {
    node.disconnect();
  }
}

export function isDialFailure(error: unknown): error is DialFailure {
  return isUserError(error) && typeof (error as Partial<DialFailure>).kind === 'string';
}
