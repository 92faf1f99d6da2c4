// The page's side of a webview (media/shared/page-channel.ts), alone and wired to the host's side: `ready` first,
// each request resolved by the reply with its number, pushes handed over, anything else ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeError } from '../../src/core/errors';
import { isHostMessage, parseWebviewMessage, type TopologyNotice, type TopologyPush, type TopologyRequest, type TopologyResult } from '../../src/shared/topology-protocol';
import type { WebviewEndpoint } from '../../src/vscode/webview-host';
import { WebviewHost } from '../../src/vscode/webview-host';
import { PageChannel } from '../../media/shared/page-channel';

type TopologyChannel = PageChannel<TopologyRequest, TopologyResult, TopologyNotice, TopologyPush>;

test('the page says ready, numbers its requests, and resolves each with the reply that carries its number', async () => {
  const sent: unknown[] = [];
  const pushes: TopologyPush[] = [];
  const channel: TopologyChannel = new PageChannel((message) => sent.push(message), isHostMessage, (message) => pushes.push(message));
  channel.start();
  const first = channel.request({ op: 'clusterAction', action: 'rebalance' });
  const second = channel.request({ op: 'clusterAction', action: 'addShard' });
  channel.notify({ type: 'setHeatMode', mode: 'cpu' });
  assert.deepEqual(sent, [
    { type: 'ready' },
    { type: 'request', seq: 1, request: { op: 'clusterAction', action: 'rebalance' } },
    { type: 'request', seq: 2, request: { op: 'clusterAction', action: 'addShard' } },
    { type: 'setHeatMode', mode: 'cpu' },
  ]);
  channel.receive({ type: 'reply', seq: 2, ok: false, error: 'Cancelled: nothing was changed.' });
  channel.receive({ type: 'reply', seq: 2, ok: true, result: 'a second answer is ignored' });
  channel.receive({ type: 'reply', seq: 99, ok: true, result: 'nobody asked' });
  channel.receive({ type: 'reply', seq: 1, ok: 'yes', result: 'not a reply' });
  channel.receive({ type: 'select', node: 'valkey-node-1' });
  channel.receive({ type: 'unknown' });
  channel.receive({ type: 'reply', seq: 1, ok: true, result: 'Balanced.' });
  assert.deepEqual(await second, { ok: false, error: 'Cancelled: nothing was changed.' });
  assert.deepEqual(await first, { ok: true, result: 'Balanced.' });
  assert.deepEqual(pushes, [{ type: 'select', node: 'valkey-node-1' }]);
});

test('page and host wired together: the page\'s action gets the host\'s answer; the host hears the notice', async () => {
  let deliverToHost: (message: unknown) => unknown = () => undefined;
  const notices: TopologyNotice[] = [];
  const handled: TopologyRequest[] = [];
  const host = new WebviewHost<TopologyRequest, TopologyResult, TopologyNotice, TopologyPush>({
    name: 'Topology page',
    parse: parseWebviewMessage,
    handle: async (request) => {
      handled.push(request);
      return 'Moved 101 slots.';
    },
    notice: (notice) => notices.push(notice),
    initial: () => [],
    describeError: (error) => describeError(error),
    refused: 'refused',
    log: () => undefined,
  });
  const endpoint: WebviewEndpoint = {
    postMessage: async (message) => {
      // Across the webview boundary messages are copies.
      channel.receive(structuredClone(message));
      return true;
    },
    onDidReceiveMessage: (listener) => {
      deliverToHost = listener;
      return { dispose: () => undefined };
    },
  };
  host.attach(endpoint);
  const channel: TopologyChannel = new PageChannel((message) => deliverToHost(structuredClone(message)), isHostMessage, () => undefined);
  channel.start();
  host.post({ type: 'select', node: 'valkey-node-0' });
  const answer = await channel.request({ op: 'moveSlots', ranges: [{ start: 0, end: 100 }], target: 'valkey-node-1' });
  channel.notify({ type: 'selectNode', node: 'valkey-node-1' });
  assert.deepEqual(answer, { ok: true, result: 'Moved 101 slots.' });
  assert.deepEqual(handled, [{ op: 'moveSlots', ranges: [{ start: 0, end: 100 }], target: 'valkey-node-1' }]);
  assert.deepEqual(notices, [{ type: 'selectNode', node: 'valkey-node-1' }]);
});
