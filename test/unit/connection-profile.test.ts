import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type UserError } from '../../src/core/errors';
import { asProfile, type ConnectionProfile, parseConnectionUrl, profileProblems } from '../../src/core/connection/profile';

const good: ConnectionProfile = {
  id: 'c1', label: 'Staging', seeds: ['10.0.0.5:6379', 'valkey.internal:6380', '[fd00::1]:6379'], username: 'ops',
  tls: { enabled: true, ca: '/etc/valkey/ca.crt', cert: '/etc/valkey/client.crt', key: '/etc/valkey/client.key', serverName: 'valkey.internal' },
  addressMap: { '172.19.0.2:6379': '127.0.0.1:7000' }, readOnly: true,
};

test('a complete profile, a minimal one and one with TLS off and no TLS fields have no problems', () => {
  assert.deepEqual(profileProblems(good), []);
  assert.deepEqual(profileProblems({ id: 'c2', label: 'Local', seeds: ['127.0.0.1:6379'], addressMap: {}, readOnly: false }), []);
  assert.deepEqual(profileProblems({ ...good, tls: { enabled: false } }), []);
  assert.equal(asProfile(good), good);
});

test('each problem is its own sentence, every one of them reported', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['no seeds', { seeds: [] }, ['Give at least one seed address (host:port) to start from.']],
    ['bad addresses', { seeds: ['10.0.0.5', 'host:0', 'host:70000', 'a b:1', '::1:6379'] }, [
      'Seed "10.0.0.5" is not an address of the form host:port (for example 10.0.0.5:6379 or [::1]:6379).',
      'Seed "host:0" is not an address of the form host:port (for example 10.0.0.5:6379 or [::1]:6379).',
      'Seed "host:70000" is not an address of the form host:port (for example 10.0.0.5:6379 or [::1]:6379).',
      'Seed "a b:1" is not an address of the form host:port (for example 10.0.0.5:6379 or [::1]:6379).',
      'Seed "::1:6379" is not an address of the form host:port (for example 10.0.0.5:6379 or [::1]:6379).',
    ]],
    ['a duplicate seed, whatever its case', { seeds: ['Valkey.internal:6379', 'valkey.internal:6379'] }, ['Seed valkey.internal:6379 is listed more than once.']],
    ['no name, no id', { id: '', label: ' ' }, ['The connection has no id.', 'Give the connection a name.']],
    ['an empty user name', { username: '' }, ['The user name must not be empty or contain spaces; leave it out to use the default user.']],
    ['a certificate without its key', { tls: { enabled: true, cert: '/c.crt' } }, ['A client certificate needs its key: give the client key file too.']],
    ['a key without its certificate', { tls: { enabled: true, key: '/c.key' } }, ['A client key needs its certificate: give the client certificate file too.']],
    ['a relative path', { tls: { enabled: true, ca: 'certs/ca.crt' } }, ['The CA certificate file must be an absolute path, not "certs/ca.crt".']],
    ['skip verification without TLS', { tls: { enabled: false, skipVerify: true } }, ['TLS is off, yet skip certificate verification is set: turn TLS on or clear it.']],
    ['files without TLS', { tls: { enabled: false, ca: '/ca.crt', serverName: 'x' } }, ['TLS is off, yet CA certificate, server name are set: turn TLS on or clear them.']],
    ['TLS on or off not said', { tls: { ca: '/ca.crt' } }, ['Say whether TLS is on (enabled: true or false).']],
    ['a server name that is not a host name', { tls: { enabled: true, serverName: 'a b' } }, ['The TLS server name "a b" is not a host name.']],
    ['a bad map entry', { addressMap: { '10.0.0.1': '127.0.0.1:1', '10.0.0.2:6379': 'nowhere' } }, [
      'Address map entry "10.0.0.1" is not an announced address of the form ip:port.',
      'Address map entry 10.0.0.2:6379 → "nowhere": the target is not an address of the form host:port.',
    ]],
    ['two nodes mapped to one address', { addressMap: { '10.0.0.1:6379': '127.0.0.1:7000', '10.0.0.2:6379': '127.0.0.1:7000' } }, [
      'Address map entries 10.0.0.1:6379 and 10.0.0.2:6379 both lead to 127.0.0.1:7000: each node needs its own address.',
    ]],
    ['read-only missing', { readOnly: undefined }, ['Read-only must be true or false.']],
  ];
  for (const [what, overrides, expected] of cases) {
    assert.deepEqual(profileProblems({ ...good, ...overrides }), expected, what);
  }
  assert.deepEqual(profileProblems('c1'), ['A connection must be an object.']);
});

test('asProfile lists every problem in one UserError', () => {
  assert.throws(() => asProfile({ ...good, seeds: [], readOnly: 'yes' }), (error: UserError) => {
    assert.equal(error.code, 'invalidConnection');
    assert.equal(error.message, 'This connection cannot be used: Give at least one seed address (host:port) to start from. Read-only must be true or false.');
    return true;
  });
});

test('connection URLs: schemes, users, several seeds, IPv6, default port', () => {
  const cases: [string, ReturnType<typeof parseConnectionUrl>][] = [
    ['valkey://10.0.0.5:6379', { seeds: ['10.0.0.5:6379'] }],
    ['redis://10.0.0.5', { seeds: ['10.0.0.5:6379'] }],
    ['valkeys://ops@valkey.internal:6380', { seeds: ['valkey.internal:6380'], username: 'ops', tls: { enabled: true } }],
    ['rediss://a:1,b:2,[::1]:3/0', { seeds: ['a:1', 'b:2', '[::1]:3'], tls: { enabled: true } }],
    ['VALKEY://us%40er@h:1/', { seeds: ['h:1'], username: 'us@er' }],
  ];
  for (const [url, expected] of cases) assert.deepEqual(parseConnectionUrl(url), expected, url);
});

test('a URL with a password is refused without repeating the password, saying where the password goes', () => {
  const password = 'hunter2-very-secret';
  assert.throws(() => parseConnectionUrl(`valkeys://ops:${password}@h:6379`), (error: UserError) => {
    assert.equal(error.code, 'invalidConnection');
    assert.equal(error.message, "The URL contains a password. A password is never kept in a connection URL or in the connection's settings.");
    assert.equal(error.action, 'Remove ":" and the password after the user name, and give the password on its own.');
    assert.ok(!`${error.message} ${error.action} ${error.stack}`.includes(password));
    return true;
  });
  // A password with no user name is the same mistake.
  assert.throws(() => parseConnectionUrl(`redis://:${password}@h:6379`), /The URL contains a password/);
});

test('each malformed URL says what is wrong', () => {
  const cases: [string, string][] = [
    ['http://h:1', 'A connection URL starts with valkey://, valkeys://, redis:// or rediss://, not http://.'],
    ['10.0.0.5:6379', 'This is not a connection URL.'],
    ['valkey://', 'The URL names no host, or has an empty entry between commas.'],
    ['valkey://a:1,,b:2', 'The URL names no host, or has an empty entry between commas.'],
    ['valkey://a:99999', '"a:99999" is not a host with an optional port (1-65535).'],
    ['valkey://a:1,A:1', 'Seed a:1 is listed more than once.'],
    ['valkey://a:1/3', '"/3" selects a database; a cluster has only database 0.'],
    ['valkey://a:1?tls=true', 'A connection URL takes no "?" options or "#" part.'],
    ['valkey://@a:1', 'The user name before "@" is empty: leave out "@" to use the default user.'],
    ['valkey://%E0%A4%A@a:1', 'The user name "%E0%A4%A" has a broken %-escape.'],
  ];
  for (const [url, message] of cases) {
    assert.throws(() => parseConnectionUrl(url), (error: UserError) => {
      assert.equal(error.code, 'invalidConnection', url);
      assert.equal(error.message, message, url);
      assert.equal(error.action, 'Write it as valkey://[user@]host:port[,host:port…] (valkeys:// for TLS).');
      return true;
    });
  }
});
