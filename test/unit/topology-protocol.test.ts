import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostMessage, parseWebviewMessage } from '../../src/shared/topology-protocol';

test('well-formed webview messages parse to equal, fresh objects', () => {
  const inputs = [
    { type: 'ready' },
    { type: 'selectNode', node: 'valkey-node-3' },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'openConsole', node: 'valkey-node-0' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'showLogs', node: 'node_1.a' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'stopNode', node: 'n' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'startNode', node: 'N'.repeat(64) } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'failover', node: 'valkey-node-4' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'copyAddress', node: 'valkey-node-5' } },
    { type: 'selectNode', node: '10.0.0.5:6379' },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'openConsole', node: '[::1]:7000' } },
  ];
  for (const input of inputs) {
    const parsed = parseWebviewMessage(input);
    assert.deepEqual(parsed, input);
    assert.notEqual(parsed, input);
  }
});

test('malformed or hostile webview messages are refused', () => {
  const refused: unknown[] = [
    undefined,
    null,
    'ready',
    42,
    ['ready'],
    {},
    { type: 'Ready' },
    { type: 'unknown' },
    { type: 'ready', extra: true },
    { type: 'selectNode' },
    { type: 'selectNode', node: 7 },
    { type: 'selectNode', node: '' },
    { type: 'selectNode', node: 'N'.repeat(65) },
    { type: 'selectNode', node: 'valkey node' },
    { type: 'selectNode', node: '../etc/passwd' },
    { type: 'selectNode', node: 'node;rm -rf' },
    { type: 'selectNode', node: 'valkey-node-1\n' },
    { type: 'selectNode', node: 'valkey-node-1', action: 'stopNode' },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'removeCluster', node: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'toString', node: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: ['stopNode'], node: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', node: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'stopNode', node: '<img src=x>' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'stopNode', node: 'valkey-node-1', command: 'FLUSHALL' } },
  ];
  for (const value of refused) assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
});

test('fields inherited from a prototype do not count as message fields', () => {
  const inherited = Object.create({ node: 'valkey-node-1' }) as Record<string, unknown>;
  inherited.type = 'selectNode';
  assert.equal(parseWebviewMessage(inherited), undefined);
});

test('isHostMessage accepts the two host messages and refuses other shapes', () => {
  const snapshot = { state: 'ok', slotsOk: 0, slotsAssigned: 0, shards: [], nodes: [], takenAt: 0, problems: [] };
  assert.equal(isHostMessage({ type: 'snapshot', snapshot, changes: [] }), true);
  assert.equal(isHostMessage({ type: 'select', node: 'valkey-node-1' }), true);
  assert.equal(isHostMessage({ type: 'snapshot', snapshot, changes: undefined }), false);
  assert.equal(isHostMessage({ type: 'snapshot', snapshot: { ...snapshot, shards: undefined }, changes: [] }), false);
  assert.equal(isHostMessage({ type: 'select', node: 1 }), false);
  assert.equal(isHostMessage({ type: 'ready' }), false);
  assert.equal(isHostMessage(null), false);
});

test('slot moves, heat mode and cluster actions from the page: typed, bounded, refused when malformed', () => {
  const accepted = [
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: [{ start: 0, end: 100 }], target: 'valkey-node-1' } },
    { type: 'request', seq: 0, request: { op: 'moveSlots', ranges: [{ start: 16383, end: 16383 }, { start: 5, end: 2 }], target: '10.0.0.5:6379' } },
    { type: 'setHeatMode', mode: 'keys' },
    { type: 'setHeatMode', mode: 'off' },
    { type: 'request', seq: 2, request: { op: 'clusterAction', action: 'rebalance' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'moveSlotsHere', node: 'valkey-node-0' } },
    { type: 'request', seq: 1, request: { op: 'nodeAction', action: 'removeReplica', node: 'valkey-node-4' } },
  ];
  for (const input of accepted) assert.deepEqual(parseWebviewMessage(input), input);
  const refused: unknown[] = [
    { type: 'request', seq: -1, request: { op: 'moveSlots', ranges: [{ start: 0, end: 1 }], target: 'valkey-node-1' } },
    { type: 'request', seq: 1.5, request: { op: 'moveSlots', ranges: [{ start: 0, end: 1 }], target: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: [], target: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: [{ start: 0, end: 16384 }], target: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: [{ start: '0', end: 1 }], target: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: [{ start: 0, end: 1, extra: 1 }], target: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: Array.from({ length: 65 }, () => ({ start: 0, end: 1 })), target: 'valkey-node-1' } },
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: [{ start: 0, end: 1 }], target: 'valkey node' } },
    { type: 'request', seq: 1, request: { op: 'moveSlots', ranges: [{ start: 0, end: 1 }] } },
    { type: 'setHeatMode', mode: 'memory' },
    { type: 'request', seq: 2, request: { op: 'clusterAction', action: 'removeCluster' } },
    { type: 'request', seq: 2, request: { op: 'clusterAction', action: 'addShard', node: 'x' } },
    { type: 'request', seq: 2, request: { op: 'clusterAction', action: 'addShard' }, extra: true },
    { type: 'request', seq: 2 },
    // The unnumbered forms of the protocol before requests had an envelope.
    { type: 'nodeAction', action: 'stopNode', node: 'valkey-node-1' },
    { type: 'clusterAction', action: 'rebalance' },
    { type: 'moveSlots', seq: 1, ranges: [{ start: 0, end: 1 }], target: 'valkey-node-1' },
  ];
  for (const value of refused) assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
  assert.equal(isHostMessage({ type: 'reply', seq: 3, ok: false, error: 'valkey-node-0\'s shard already serves 0-100' }), true);
  assert.equal(isHostMessage({ type: 'reply', seq: 3, ok: true, result: 'Moved 101 slots.' }), true);
  assert.equal(isHostMessage({ type: 'reply', seq: '3', ok: false, error: '' }), false);
  assert.equal(isHostMessage({ type: 'reply', seq: 3, ok: true, result: 7 }), false);
  assert.equal(isHostMessage({ type: 'requestResult', seq: 3, ok: false, message: '' }), false);
});
