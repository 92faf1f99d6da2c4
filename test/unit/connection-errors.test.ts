// The classification of raw failures. The inputs are the codes and messages a real Valkey 9.1.2 and Node's TLS
// produced (see test/integration/connections.test.ts, which checks the same messages end to end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDeadline } from '../../src/core/deadline';
import { isUserError, UserError } from '../../src/core/errors';
import { explainFailure, type FailureContext, failureKind, type SeedFailure, seedsFailed, withoutSecret } from '../../src/core/connection/errors';

function raw(message: string, code?: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code }, extra);
}

const context: FailureContext = { address: '10.0.0.5:6379', username: 'ops', tls: true, timeoutMs: 1500 };

test('raw failures are told apart by server reply or error code', () => {
  const cases: [Error, ReturnType<typeof failureKind>][] = [
    [raw('WRONGPASS invalid username-password pair or user is disabled.'), 'wrongPassword'],
    [raw('NOAUTH Authentication required.'), 'noPassword'],
    [raw("NOPERM User ops has no permissions to run the 'info' command"), 'noPermission'],
    [raw('ERR This instance has cluster support disabled'), 'notCluster'],
    [raw('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'), 'tlsUntrusted'],
    [raw('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tlsUntrusted'],
    [raw('certificate has expired', 'CERT_HAS_EXPIRED'), 'tlsExpired'],
    [raw("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), 'tlsHostname'],
    [raw('tlsv13 alert certificate required', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 'tlsClientCertificateRequired'],
    [raw('tlsv1 alert unknown ca', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'), 'tlsClientCertificateRejected'],
    [raw('wrong version number', 'ERR_SSL_WRONG_VERSION_NUMBER'), 'tlsHandshake'],
    [raw('connect ECONNREFUSED 127.0.0.1:7908', 'ECONNREFUSED'), 'refused'],
    [raw('connect ETIMEDOUT', 'ETIMEDOUT'), 'timeout'],
    [raw('read ECONNRESET', 'ECONNRESET'), 'reset'],
    [raw('getaddrinfo ENOTFOUND nowhere.invalid', 'ENOTFOUND'), 'unknownHost'],
    [raw('Connection is closed.'), 'closed'],
    [raw('something else'), 'other'],
  ];
  for (const [error, kind] of cases) assert.equal(failureKind(error), kind, error.message);
});

test('each failure names what to fix', () => {
  const explain = (error: Error, over: Partial<FailureContext> = {}) => {
    const explained = explainFailure(error, { ...context, ...over });
    return [explained.code, explained.message];
  };
  assert.deepEqual(explain(raw('WRONGPASS invalid username-password pair or user is disabled.'), { username: undefined }),
    ['wrongPassword', '10.0.0.5:6379 refused the user name or password (the default user): the user does not exist, is disabled, or the password is wrong; Valkey does not say which.']);
  assert.deepEqual(explain(raw("NOPERM User ops has no permissions to run the 'cluster|shards' command")),
    ['noPermission', 'User "ops" may not run CLUSTER SHARDS on 10.0.0.5:6379, and the connection needs it.']);
  assert.deepEqual(explain(raw('ERR This instance has cluster support disabled'), { command: 'CLUSTER NODES' }),
    ['notCluster', '10.0.0.5:6379 is a standalone server (cluster mode is off), so CLUSTER NODES does not apply to it.']);
  assert.deepEqual(explain(raw('x', 'ERR_TLS_CERT_ALTNAME_INVALID', { reason: "Host: a.example. is not in the cert's altnames: DNS:b.example" })),
    ['tlsFailed', "The TLS certificate of 10.0.0.5:6379 is for other names: Host: a.example. is not in the cert's altnames: DNS:b.example."]);
  assert.deepEqual(explain(raw('connect ETIMEDOUT', 'ETIMEDOUT'), { tls: false }),
    ['unreachable', '10.0.0.5:6379 did not answer within 1500 ms.']);
  assert.deepEqual(explain(raw('CLUSTER NODES timed out after 1500 ms', 'ETIMEDOUT'), { tls: false, command: 'CLUSTER NODES' }),
    ['unreachable', 'CLUSTER NODES on 10.0.0.5:6379 did not answer within 1500 ms.']);
  assert.deepEqual(explain(raw('connect ETIMEDOUT', 'ETIMEDOUT'), { portSpeaks: 'plain' }),
    ['tlsFailed', '10.0.0.5:6379 did not answer the TLS handshake: it speaks plain (unencrypted) Valkey on that port.']);
  assert.deepEqual(explain(raw('read ECONNRESET', 'ECONNRESET'), { tls: false, portSpeaks: 'tls' }),
    ['tlsFailed', '10.0.0.5:6379 closed the connection when it received a plain-text command: it expects TLS on that port.']);
  assert.deepEqual(explain(raw('read ECONNRESET', 'ECONNRESET'), { tls: false }),
    ['unreachable', '10.0.0.5:6379 closed the connection before it answered.']);
  assert.deepEqual(explain(raw('getaddrinfo ENOTFOUND nowhere.invalid', 'ENOTFOUND'), { address: 'nowhere.invalid:6379' }),
    ['unreachable', 'The host name of nowhere.invalid:6379 cannot be resolved.']);
});

test('with no seed usable, a refusal says more than the seeds nobody answered at', () => {
  const failure = (seed: string, error: Error, tls = false): SeedFailure => {
    const explained = explainFailure(error, { ...context, address: seed, tls });
    return { seed, error: explained, kind: failureKind(error) };
  };
  const refused = failure('a:1', raw('connect ECONNREFUSED', 'ECONNREFUSED'));
  const silent = failure('b:2', raw('connect ETIMEDOUT', 'ETIMEDOUT'));
  const wrong = failure('c:3', raw('WRONGPASS invalid username-password pair or user is disabled.'));
  assert.equal(seedsFailed([refused, wrong, silent]), wrong.error);
  const none = seedsFailed([refused, silent]);
  assert.equal(none.code, 'unreachable');
  assert.equal(none.message, 'No seed answered (2 tried): nothing accepts connections at a:1 (connection refused); b:2 did not answer within 1500 ms.');
});

test('a secret is scrubbed from every part of an error', () => {
  const error = withoutSecret(new UserError('unreachable', 'sent s3cr3t-pw', 'do not echo s3cr3t-pw', 'detail s3cr3t-pw'), 's3cr3t-pw');
  assert.deepEqual([error.message, error.action, error.detail], ['sent ***', 'do not echo ***', 'detail ***']);
  assert.ok(!String(error.stack).includes('s3cr3t-pw'));
});

test("the core's one deadline error is a timeout to the connection's explanations", async () => {
  let released = false;
  const expired = await withDeadline(new Promise<never>(() => undefined), 1, 'CLUSTER NODES', () => (released = true)).catch((error: unknown) => error);
  assert.ok(isUserError(expired) && expired.code === 'timeout', String(expired));
  assert.ok(released, 'onTimeout ran');
  assert.equal(failureKind(expired), 'timeout');
  assert.deepEqual([explainFailure(expired, { ...context, tls: false, command: 'CLUSTER NODES' }).message],
    ['CLUSTER NODES on 10.0.0.5:6379 did not answer within 1500 ms.']);
});
