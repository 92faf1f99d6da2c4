// Why a connection to a server someone else runs failed, as a UserError that names what to fix. The raw errors
// come from iovalkey, Node's TLS and the server itself; the wording below was checked against a real Valkey 9.
import { UserError } from '../errors';

export interface FailureContext {
  /** "host:port" that was dialled. */
  readonly address: string;
  /** ACL user; undefined: the default user. */
  readonly username?: string;
  readonly tls: boolean;
  /** The command that failed, as a person types it ("CLUSTER NODES"); undefined while connecting. */
  readonly command?: string;
  readonly timeoutMs: number;
  /** What a second look at the same port saw (protocol-probe.ts): it speaks plain Valkey, or TLS. */
  readonly portSpeaks?: 'plain' | 'tls';
}

export type FailureKind =
  | 'wrongPassword' | 'noPassword' | 'noPermission' | 'notCluster'
  | 'tlsUntrusted' | 'tlsExpired' | 'tlsNotYetValid' | 'tlsHostname' | 'tlsClientCertificateRequired' | 'tlsClientCertificateRejected'
  | 'tlsHandshake' | 'refused' | 'timeout' | 'reset' | 'closed' | 'unknownHost' | 'noRoute' | 'other';

const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED',
]);

function codeOf(error: unknown): string {
  return String((error as { code?: unknown } | undefined)?.code ?? '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function failureKind(error: unknown): FailureKind {
  const code = codeOf(error);
  const message = messageOf(error);
  if (/^WRONGPASS\b/.test(message)) return 'wrongPassword';
  if (/^NOAUTH\b/.test(message)) return 'noPassword';
  if (/^NOPERM\b/.test(message)) return 'noPermission';
  if (/cluster support disabled/i.test(message)) return 'notCluster';
  if (UNTRUSTED_CERTIFICATE.has(code)) return 'tlsUntrusted';
  if (code === 'CERT_HAS_EXPIRED') return 'tlsExpired';
  if (code === 'CERT_NOT_YET_VALID') return 'tlsNotYetValid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'tlsHostname';
  if (/CERTIFICATE_REQUIRED/.test(code)) return 'tlsClientCertificateRequired';
  if (/ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE)/.test(code)) return 'tlsClientCertificateRejected';
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO') return 'tlsHandshake';
  if (code === 'ECONNREFUSED') return 'refused';
  // 'timeout': a deadline (deadline.ts) expired; ETIMEDOUT: the socket's own.
  if (code === 'ETIMEDOUT' || code === 'timeout' || /timed? ?out/i.test(message)) return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknownHost';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'noRoute';
  if (/Connection is closed/.test(message)) return 'closed';
  return 'other';
}

/** Failures where nothing usable answered at that address; anything else is an answer (a refusal is one). */
export function isNetworkFailure(kind: FailureKind): boolean {
  return kind === 'refused' || kind === 'timeout' || kind === 'unknownHost' || kind === 'noRoute' || kind === 'closed' || kind === 'reset';
}

function who(context: FailureContext): string {
  return context.username === undefined ? 'the default user' : `user "${context.username}"`;
}

/** "NOPERM User x has no permissions to run the 'cluster|nodes' command" → "cluster|nodes". */
function deniedCommand(message: string): string | undefined {
  return /run the '([^']+)' command/.exec(message)?.[1];
}

function commandName(token: string): string {
  return token.replace('|', ' ').toUpperCase();
}

function bare(message: string): string {
  return message.replace(/\s+$/, '').replace(/\.$/, '');
}

/** The one sentence (and action) for a failure at one address. */
export function explainFailure(error: unknown, context: FailureContext): UserError {
  const { address } = context;
  const message = messageOf(error);
  switch (failureKind(error)) {
    case 'wrongPassword':
      return new UserError('wrongPassword',
        `${address} refused the user name or password (${who(context)}): the user does not exist, is disabled, or the password is wrong; Valkey does not say which.`,
        'Check the user name and enter the password again.');
    case 'noPassword':
      return new UserError('wrongPassword', `${address} requires a password, and this connection has none.`,
        'Enter the password, and the user name if the server uses ACL users.');
    case 'noPermission': {
      const token = deniedCommand(message);
      const command = token ? commandName(token) : context.command ?? 'a command';
      return new UserError('noPermission',
        `${context.username === undefined ? 'The default user' : `User "${context.username}"`} may not run ${command} on ${address}, and the connection needs it.`,
        `Connect as a user that may, or have the server's administrator grant it${token ? ` (ACL SETUSER ${context.username ?? 'default'} +${token})` : ''}.`);
    }
    case 'notCluster':
      return notClusterError(address, context.command);
    case 'tlsUntrusted':
      return new UserError('tlsFailed',
        `The TLS certificate of ${address} is not signed by a CA this connection trusts (${bare(message)}).`,
        "Set the connection's CA certificate to the CA that signed the server's certificate.");
    case 'tlsExpired':
      return new UserError('tlsFailed', `The TLS certificate of ${address} has expired.`,
        "The server's certificate must be renewed by whoever runs it; until then the connection is refused.");
    case 'tlsNotYetValid':
      return new UserError('tlsFailed', `The TLS certificate of ${address} is not valid yet.`,
        "Check this machine's clock, or wait until the certificate's start date.");
    case 'tlsHostname': {
      const reason = (error as { reason?: string }).reason ?? bare(message);
      return new UserError('tlsFailed', `The TLS certificate of ${address} is for other names: ${bare(reason)}.`,
        "Set the connection's TLS server name to one of the certificate's names.");
    }
    case 'tlsClientCertificateRequired':
      return new UserError('tlsFailed', `${address} requires a TLS client certificate, and this connection sent none.`,
        "Give the connection a client certificate and its key, signed by a CA the server trusts.");
    case 'tlsClientCertificateRejected':
      return new UserError('tlsFailed', `${address} rejected this connection's TLS client certificate (${bare(message)}).`,
        'Use a client certificate signed by a CA the server trusts.');
    default:
      return networkFailure(error, context);
  }
}

function networkFailure(error: unknown, context: FailureContext): UserError {
  const { address } = context;
  const kind = failureKind(error);
  if (context.tls && context.portSpeaks === 'plain' && (kind === 'timeout' || kind === 'tlsHandshake' || kind === 'reset' || kind === 'closed')) {
    return new UserError('tlsFailed',
      `${address} did not answer the TLS handshake: it speaks plain (unencrypted) Valkey on that port.`,
      "Turn TLS off for this connection, or use the server's TLS port.");
  }
  if (!context.tls && context.portSpeaks === 'tls' && (kind === 'reset' || kind === 'closed' || kind === 'timeout')) {
    return new UserError('tlsFailed',
      `${address} closed the connection when it received a plain-text command: it expects TLS on that port.`,
      'Turn TLS on for this connection (a valkeys:// URL).');
  }
  const what = `${context.command ? `${context.command} on ` : ''}${address}`;
  switch (kind) {
    case 'refused':
      return new UserError('unreachable', `Nothing accepts connections at ${address} (connection refused).`,
        'Check the address and that the server runs and listens there.');
    case 'timeout':
      return new UserError('unreachable', `${what} did not answer within ${context.timeoutMs} ms.`,
        'Check the address, and that a firewall lets this machine reach it.');
    case 'unknownHost':
      return new UserError('unreachable', `The host name of ${address} cannot be resolved.`, 'Check the host name.');
    case 'noRoute':
      return new UserError('unreachable', `There is no network route from this machine to ${address}.`, 'Check the address and your network.');
    case 'tlsHandshake':
      return new UserError('tlsFailed', `The TLS handshake with ${address} failed (${bare(messageOf(error))}).`,
        'Check that the port serves TLS and that the TLS settings of the connection match the server.');
    case 'reset':
    case 'closed':
      return new UserError('unreachable', `${address} closed the connection before it answered.`,
        'Check that this is a Valkey port and whether the server expects TLS.');
    default:
      return new UserError('unreachable', `${what} failed: ${bare(messageOf(error))}.`);
  }
}

export function notClusterError(address: string, command?: string): UserError {
  return new UserError('notCluster',
    `${address} is a standalone server (cluster mode is off)${command ? `, so ${command} does not apply to it` : ''}.`,
    'Use it as a single server, or connect to a node of a cluster.');
}

export interface SeedFailure {
  readonly seed: string;
  readonly error: UserError;
  readonly kind: FailureKind;
}

/** Why no seed could be used: the first seed that answered and refused (a password, a permission, TLS) says
 * the most; when none answered at all, every seed and what happened to it. */
export function seedsFailed(failures: readonly SeedFailure[]): UserError {
  const refusal = failures.find((failure) => !isNetworkFailure(failure.kind) || failure.error.code === 'tlsFailed');
  if (refusal) return refusal.error;
  const tried = failures.map(({ error }) => error.message.charAt(0).toLowerCase() + error.message.slice(1).replace(/\.$/, '')).join('; ');
  return new UserError('unreachable', `No seed answered (${failures.length} tried): ${tried}.`,
    'Check the seed addresses, that the servers run, and that this machine can reach them.');
}

/** The same error without any trace of the secret: a server or a library could echo what it was sent. */
export function withoutSecret(error: UserError, secret: string): UserError {
  if (secret === '') return error;
  const scrub = (text: string | undefined) => text?.split(secret).join('***');
  return new UserError(error.code, scrub(error.message) ?? '', scrub(error.action), scrub(error.detail));
}
