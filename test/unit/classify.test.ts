import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, type LineSituation } from '../../src/core/console/classify';
import { keySlot } from '../../src/core/cluster/slots';

const free: LineSituation = { targeted: false, inTransaction: false };
const kind = (line: string, situation: LineSituation = free) => classify(line.split(' '), situation).kind;

test('keyed commands are routed by the slot of their first key', () => {
  const plan = classify(['MGET', '{u}:a', '{u}:b'], free);
  assert.equal(plan.kind, 'routed');
  assert.deepEqual(plan.keys, ['{u}:a', '{u}:b']);
  assert.equal(plan.slot, keySlot('u'));
  assert.equal(plan.danger, undefined);
});

test('keyless and node-wide commands run on one node; the dataset-wide ones on every primary', () => {
  assert.equal(kind('PING'), 'onNode');
  assert.equal(kind('CLUSTER INFO'), 'onNode');
  assert.equal(kind('CONFIG GET maxmemory'), 'onNode');
  for (const line of ['DBSIZE', 'KEYS *', 'SCAN 0', 'INFO', 'FLUSHALL', 'RANDOMKEY']) assert.equal(kind(line), 'allPrimaries', line);
});

test('a line naming a node runs there, blocking and streaming commands aside', () => {
  const targeted = { ...free, targeted: true };
  assert.equal(kind('GET a', targeted), 'onNode');
  assert.equal(kind('DBSIZE', targeted), 'onNode');
  assert.equal(kind('BLPOP a 0', targeted), 'blocking');
  assert.equal(kind('SUBSCRIBE news', targeted), 'streaming');
});

test('blocking and streaming commands get a connection of their own, placed by their key when they have one', () => {
  assert.equal(kind('BLPOP a 0'), 'blocking');
  assert.equal(classify(['BLPOP', 'a', '0'], free).slot, keySlot('a'));
  assert.equal(kind('XREAD BLOCK 0 STREAMS s $'), 'blocking');
  assert.equal(kind('XREAD STREAMS s 0'), 'routed');
  assert.equal(kind('MONITOR'), 'streaming');
  assert.equal(classify(['SSUBSCRIBE', 'ch'], free).slot, keySlot('ch'));
  assert.equal(classify(['SUBSCRIBE', 'ch'], free).slot, undefined);
});

test('MULTI and WATCH open a transaction, inside which everything is part of it; EXEC alone goes to the server', () => {
  assert.equal(kind('MULTI'), 'transaction');
  assert.equal(kind('WATCH a b'), 'transaction');
  assert.equal(kind('EXEC'), 'onNode');
  assert.equal(kind('DISCARD'), 'onNode');
  const inTransaction = { ...free, inTransaction: true };
  for (const line of ['SET a 1', 'EXEC', 'DISCARD', 'PING', 'BLPOP a 0', 'DBSIZE']) assert.equal(kind(line, inTransaction), 'transaction', line);
  const subscribe = classify(['SUBSCRIBE', 'x'], inTransaction);
  assert.equal(subscribe.kind, 'refused');
  assert.match(subscribe.kind === 'refused' ? subscribe.reason : '', /cannot run inside a transaction/);
});

test('help, refusals and dangerous commands', () => {
  assert.equal(kind('help'), 'help');
  assert.equal(kind('HELP SET'), 'help');
  for (const line of ['SELECT 1', 'AUTH x', 'HELLO 3', 'QUIT']) assert.equal(kind(line), 'refused', line);
  assert.equal(kind('SELECT 0'), 'onNode');
  assert.match(classify(['FLUSHALL'], free).danger ?? '', /deletes every key/);
  assert.match(classify(['config', 'set', 'maxmemory', '1'], free).danger ?? '', /configuration/);
  assert.match(classify(['CLUSTER', 'FAILOVER'], free).danger ?? '', /primary/);
  assert.equal(classify(['CONFIG', 'GET', 'x'], free).danger, undefined);
});

test('read-only: writes, scripts that may write and dangerous commands are refused; reads are not', () => {
  const readOnly = (line: string, writes: boolean) => {
    const plan = classify(line.split(' '), { ...free, writes });
    return plan.kind === 'refused' ? plan.reason : plan.kind;
  };
  assert.equal(readOnly('SET a 1', true), 'Read-only console: SET writes to the cluster, so it was not sent.');
  assert.equal(readOnly('XGROUP CREATE s g $', true), 'Read-only console: XGROUP writes to the cluster, so it was not sent.');
  assert.match(readOnly('EVAL return 0', false), /EVAL may write, so it was not sent\. EVAL_RO runs the same read-only/);
  assert.match(readOnly('FCALL f 0', false), /FCALL_RO/);
  assert.match(readOnly('CONFIG SET maxmemory 1', false), /^Read-only console: CONFIG SET changes the running node's configuration/);
  assert.match(readOnly('SHUTDOWN', false), /stops the node/);
  assert.equal(readOnly('GET a', false), 'routed');
  assert.equal(readOnly('CONFIG GET maxmemory', false), 'onNode');
  assert.equal(readOnly('MULTI', false), 'transaction');
  // Within a transaction, too.
  assert.equal(classify(['SET', 'a', '1'], { targeted: false, inTransaction: true, writes: true }).kind, 'refused');
});
