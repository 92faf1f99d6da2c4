import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type UserError } from '../../src/core/errors';
import type { ConnectionProfile } from '../../src/core/connection/profile';
import { connectionReach, dialableAddress, parseAnnounced, tlsOptions } from '../../src/core/connection/profile-reach';

const profile: ConnectionProfile = {
  id: 'c', label: 'c', seeds: ['203.0.113.7:6379', '203.0.113.7:6380'], username: 'ops',
  addressMap: { '10.1.0.2:6379': '127.0.0.1:7002', '[fd00::3]:6379': '127.0.0.1:7003' }, readOnly: false,
};

test('the reach carries the seeds, the user and the password, and no TLS when TLS is off', () => {
  const reach = connectionReach(profile, 'pw');
  assert.deepEqual(reach.seeds, [{ host: '203.0.113.7', port: 6379 }, { host: '203.0.113.7', port: 6380 }]);
  assert.deepEqual(reach.credentials, { username: 'ops', password: 'pw' });
  assert.equal(reach.tls, undefined);
  assert.deepEqual(connectionReach({ ...profile, username: undefined, tls: { enabled: false, ca: undefined } }, '').credentials, { password: '' });
});

test('the address map applies the profile\'s entries, else the announced address as it is', () => {
  const { map } = connectionReach(profile, 'pw');
  assert.deepEqual(map('10.1.0.2:6379'), { host: '127.0.0.1', port: 7002 });
  assert.deepEqual(map('fd00::3:6379'), { host: '127.0.0.1', port: 7003 }, 'CLUSTER NODES writes IPv6 without brackets');
  assert.deepEqual(map('10.1.0.9:6379'), { host: '10.1.0.9', port: 6379 });
  assert.throws(() => map('garbage'), (error: UserError) => error.code === 'invalidConnection' && /"garbage"/.test(error.message));
});

test('an announced address is dialled only when the map covers it or the profile vouches for it', () => {
  assert.deepEqual(dialableAddress(profile, '10.1.0.2:6379'), { host: '127.0.0.1', port: 7002 });
  assert.equal(dialableAddress(profile, '10.255.255.1:6379'), undefined, 'unmapped, not loopback, not a seed host');
  assert.deepEqual(dialableAddress(profile, '203.0.113.7:6390'), { host: '203.0.113.7', port: 6390 }, 'a seed host');
  assert.deepEqual(dialableAddress(profile, '127.0.0.5:6390'), { host: '127.0.0.5', port: 6390 }, 'loopback');
  assert.deepEqual(dialableAddress(profile, '::1:6390'), { host: '::1', port: 6390 }, 'IPv6 loopback');
  assert.deepEqual(dialableAddress({ ...profile, dialAnnounced: true }, '10.255.255.1:6379'), { host: '10.255.255.1', port: 6379 });
});

test('announced addresses parse with or without IPv6 brackets', () => {
  assert.deepEqual(parseAnnounced('10.0.0.1:6379'), { host: '10.0.0.1', port: 6379 });
  assert.deepEqual(parseAnnounced('fe80::1:6379'), { host: 'fe80::1', port: 6379 });
  assert.deepEqual(parseAnnounced('[fe80::1]:6379'), { host: 'fe80::1', port: 6379 });
  assert.equal(parseAnnounced('10.0.0.1'), undefined);
  assert.equal(parseAnnounced('10.0.0.1:0'), undefined);
});

test('TLS options: the server name is the profile\'s, else the seeds\' one host name, never an IP address', () => {
  const ip = [{ host: '203.0.113.7', port: 6379 }];
  const named = [{ host: 'Valkey.Internal', port: 6379 }, { host: 'valkey.internal', port: 6380 }];
  const mixed = [{ host: 'a.internal', port: 6379 }, { host: 'b.internal', port: 6379 }];
  assert.equal(tlsOptions(undefined, ip), undefined);
  assert.equal(tlsOptions({ enabled: false }, ip), undefined);
  assert.deepEqual(tlsOptions({ enabled: true }, ip), {});
  assert.deepEqual(tlsOptions({ enabled: true }, named), { servername: 'valkey.internal' });
  assert.deepEqual(tlsOptions({ enabled: true }, mixed), {});
  assert.deepEqual(tlsOptions({ enabled: true, serverName: 'cluster.example' }, ip), { servername: 'cluster.example' });
  assert.deepEqual(tlsOptions({ enabled: true, skipVerify: true }, ip), { rejectUnauthorized: false });
});

test('a profile with problems gives no reach', () => {
  assert.throws(() => connectionReach({ ...profile, seeds: ['nowhere'] }, 'pw'), (error: UserError) => error.code === 'invalidConnection');
});
