import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History, mayCarrySecret } from '../../src/core/console/history';

test('add stores lines in order and skips blank lines and consecutive duplicates', () => {
  const history = new History();
  assert.equal(history.add('GET a'), true);
  assert.equal(history.add(''), false);
  assert.equal(history.add('   '), false);
  assert.equal(history.add('GET a'), false);
  assert.equal(history.add('SET a 1'), true);
  assert.equal(history.add('GET a'), true); // a repeat further back is a new entry
  assert.deepEqual(history.entries(), ['GET a', 'SET a 1', 'GET a']);
});

test('the oldest entries are dropped beyond the limit', () => {
  const history = new History([], 3);
  for (const line of ['one', 'two', 'three', 'four', 'five']) history.add(line);
  assert.deepEqual(history.entries(), ['three', 'four', 'five']);
});

test('persisted entries are filtered and bounded like new ones', () => {
  const history = new History(['PING', 'PING', '', 'AUTH hunter2', 'GET a', 'DBSIZE'], 2);
  assert.deepEqual(history.entries(), ['GET a', 'DBSIZE']);
});

test('entries() is a copy the caller cannot use to change the history', () => {
  const history = new History(['PING']);
  (history.entries() as string[]).push('GET a');
  assert.deepEqual(history.entries(), ['PING']);
});

test('lines that may carry a password are refused', () => {
  const secretLines = [
    'AUTH hunter2',
    'auth default hunter2',
    '  Auth   hunter2  ',
    '"AUTH" hunter2',
    'HELLO 3 AUTH default hunter2',
    'hello 3 setname me auth default hunter2',
    'CONFIG SET requirepass hunter2',
    'config set masterauth hunter2',
    'CONFIG SET maxmemory 1mb requirepass hunter2',
    'ACL SETUSER bob on >hunter2 ~* +@all',
    'acl setuser bob',
    'MIGRATE 10.0.0.2 6379 key 0 5000 AUTH hunter2',
    'migrate 10.0.0.2 6379 "" 0 5000 auth2 bob hunter2 KEYS a b',
  ];
  for (const line of secretLines) {
    assert.equal(mayCarrySecret(line), true, line);
    const history = new History();
    assert.equal(history.add(line), false, line);
    assert.deepEqual(history.entries(), [], line);
  }
});

test('ordinary lines that merely mention those words are kept', () => {
  const ordinaryLines = [
    'GET auth',
    'SET requirepass x',
    'CONFIG GET requirepass',
    'CONFIG SET maxmemory 1mb',
    'HELLO 3',
    'ACL LIST',
    'ACL WHOAMI',
    'MIGRATE 10.0.0.2 6379 key 0 5000',
    'CLUSTER INFO',
  ];
  for (const line of ordinaryLines) assert.equal(mayCarrySecret(line), false, line);
  const history = new History();
  for (const line of ordinaryLines) history.add(line);
  assert.deepEqual(history.entries(), ordinaryLines);
});

test('walking back keeps the draft and walking forward past the newest entry returns it', () => {
  const history = new History(['one', 'two']);
  assert.equal(history.next(), undefined); // not walking yet
  assert.equal(history.previous('my draft'), 'two');
  assert.equal(history.previous('two (edited)'), 'one'); // only the line the walk started from is the draft
  assert.equal(history.previous('one'), undefined);
  assert.equal(history.next(), 'two');
  assert.equal(history.next(), 'my draft');
  assert.equal(history.next(), undefined);
  assert.equal(history.previous('second draft'), 'two');
  assert.equal(history.next(), 'second draft');
});

test('previous on an empty history has nothing to give', () => {
  const history = new History();
  assert.equal(history.previous('draft'), undefined);
  assert.equal(history.next(), undefined);
});

test('add and reset end a walk: the next step back starts from the newest entry', () => {
  const history = new History(['one', 'two', 'three']);
  history.previous('');
  history.previous('');
  history.add('four');
  assert.equal(history.previous('x'), 'four');
  assert.equal(history.previous('x'), 'three');
  history.reset();
  assert.equal(history.next(), undefined);
  assert.equal(history.previous('y'), 'four');
  assert.equal(history.next(), 'y');
});

test('a node prefix does not hide a secret-carrying command', () => {
  const history = new History();
  assert.equal(history.add('@valkey-node-3 AUTH hunter2'), false);
  assert.equal(history.add('@valkey-node-3 config set requirepass x'), false);
  assert.equal(history.add('@valkey-node-3 GET k'), true);
  assert.deepEqual(history.entries(), ['@valkey-node-3 GET k']);
});
