// The host's side of a webview page: nothing is posted before `ready`; what waited is the newest of each kind;
// every request is answered once, by its sequence number, to the page load that asked, within its deadline; what is
// not in the page's protocol is dropped and logged by its type only. Driven through the real topology and key
// editor protocols; the webview is an in-memory stand-in (VS Code is not running here).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSnapshot } from '../../../src/core/cluster/build-snapshot';
import { describeError, UserError } from '../../../src/core/errors';
import { parseKeyEditorMessage } from '../../../src/shared/keys-protocol';
import type { ClusterSnapshot } from '../../../src/shared/snapshot';
import { parseWebviewMessage, type TopologyNotice, type TopologyPush, type TopologyRequest, type TopologyResult } from '../../../src/shared/topology-protocol';
import { type PageProtocol, type WebviewEndpoint, WebviewHost } from '../../../src/vscode/webview-host';
import { fixtureInput } from '../generate-topology';

const healthy = buildSnapshot(fixtureInput('healthy'));
const later = { ...buildSnapshot(fixtureInput('primary-down')), takenAt: healthy.takenAt + 1000 };

/** The page's end of a webview: what the host posted, and a way to send as the page. */
class FakeWebview implements WebviewEndpoint {
  readonly posted: unknown[] = [];
  private listener: ((message: unknown) => unknown) | undefined;
  private waiting: (() => void) | undefined;

  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(message);
    this.waiting?.();
    return Promise.resolve(true);
  }

  onDidReceiveMessage(listener: (message: unknown) => unknown) {
    this.listener = listener;
    return { dispose: () => void (this.listener = undefined) };
  }

  send(message: unknown): void {
    this.listener?.(message);
  }

  /** Resolves at the host's next post. */
  nextPost(): Promise<void> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  types(): unknown[] {
    return this.posted.map((message) => (message as { type: unknown }).type);
  }
}

type Protocol = PageProtocol<TopologyRequest, TopologyResult, TopologyNotice, TopologyPush>;

function topologyHost(overrides: Partial<Protocol> = {}, latest: () => ClusterSnapshot | undefined = () => undefined) {
  const webview = new FakeWebview();
  const notices: TopologyNotice[] = [];
  const logged: string[] = [];
  const host = new WebviewHost<TopologyRequest, TopologyResult, TopologyNotice, TopologyPush>({
    name: 'Topology page',
    parse: parseWebviewMessage,
    handle: async (request) => (request.op === 'clusterAction' ? `${request.action} done` : ''),
    notice: (notice) => notices.push(notice),
    initial: () => {
      const snapshot = latest();
      return snapshot ? [{ type: 'snapshot', snapshot, changes: [] }] : [];
    },
    describeError: (error) => describeError(error),
    refused: 'refused',
    log: (line) => logged.push(line),
    ...overrides,
  });
  host.attach(webview);
  return { host, webview, notices, logged };
}

const request = (seq: number, action: 'addShard' | 'rebalance' = 'rebalance') => ({ type: 'request', seq, request: { op: 'clusterAction', action } });

test('nothing is posted before ready; then what the page needs first, and what waited, newest of each kind', () => {
  const { host, webview } = topologyHost({}, () => healthy);
  host.post({ type: 'select', node: 'valkey-node-1' });
  host.post({ type: 'snapshot', snapshot: healthy, changes: [] });
  host.post({ type: 'snapshot', snapshot: later, changes: [{ kind: 'stateChanged', from: 'ok', to: 'fail' }] });
  host.post({ type: 'select', node: 'valkey-node-2' });
  assert.deepEqual(webview.posted, []);
  webview.send({ type: 'ready' });
  // The queued snapshot stands for the initial one and keeps its changes; the order is the order the kinds came in.
  assert.deepEqual(webview.posted, [
    { type: 'select', node: 'valkey-node-2' },
    { type: 'snapshot', snapshot: later, changes: [{ kind: 'stateChanged', from: 'ok', to: 'fail' }] },
  ]);
});

test('a page that loads with nothing queued starts from what it needs first', () => {
  const { webview } = topologyHost({}, () => later);
  webview.send({ type: 'ready' });
  assert.deepEqual(webview.posted, [{ type: 'snapshot', snapshot: later, changes: [] }]);
});

test('after ready messages go straight through; a reload holds them again and the new page starts afresh', () => {
  const { host, webview } = topologyHost({}, () => healthy);
  webview.send({ type: 'ready' });
  host.post({ type: 'select', node: 'valkey-node-2' });
  assert.deepEqual(webview.types(), ['snapshot', 'select']);
  host.reload();
  host.post({ type: 'select', node: 'valkey-node-3' });
  assert.equal(webview.posted.length, 2);
  webview.send({ type: 'ready' });
  assert.deepEqual(webview.posted.slice(2), [{ type: 'snapshot', snapshot: healthy, changes: [] }, { type: 'select', node: 'valkey-node-3' }]);
});

test('a closed panel forgets what waited and hears nothing more from its page', () => {
  const { host, webview, notices } = topologyHost();
  host.post({ type: 'select', node: 'valkey-node-2' });
  host.close();
  webview.send({ type: 'ready' });
  webview.send({ type: 'selectNode', node: 'valkey-node-1' });
  assert.deepEqual(webview.posted, []);
  assert.deepEqual(notices, []);
});

test('each request gets one reply with its sequence number, in the order the answers come, failures worded', async () => {
  const answers = new Map<string, (result: string) => void>();
  const { webview } = topologyHost({
    handle: (asked) => {
      if (asked.op === 'nodeAction') return Promise.reject(new UserError('invalidRequest', 'valkey-node-9 is not a node of this cluster.'));
      return new Promise((resolve) => answers.set(asked.op === 'clusterAction' ? asked.action : asked.op, resolve));
    },
  });
  webview.send({ type: 'ready' });
  webview.send(request(7, 'addShard'));
  webview.send(request(8, 'rebalance'));
  webview.send({ type: 'request', seq: 9, request: { op: 'nodeAction', action: 'stopNode', node: 'valkey-node-9' } });
  answers.get('rebalance')!('balanced');
  answers.get('addShard')!('added');
  await new Promise(setImmediate);
  assert.deepEqual(webview.posted.filter((message) => (message as { type: string }).type === 'reply'), [
    { type: 'reply', seq: 9, ok: false, error: 'valkey-node-9 is not a node of this cluster.' },
    { type: 'reply', seq: 8, ok: true, result: 'balanced' },
    { type: 'reply', seq: 7, ok: true, result: 'added' },
  ]);
});

test('an answer for a page that was reloaded meanwhile is dropped, not given to the new page under the same number', async () => {
  let finish: (result: string) => void = () => undefined;
  const { host, webview, logged } = topologyHost({ handle: () => new Promise((resolve) => (finish = resolve)) });
  webview.send({ type: 'ready' });
  webview.send(request(1));
  host.reload();
  webview.send({ type: 'ready' });
  finish('late');
  await new Promise(setImmediate);
  assert.deepEqual(webview.types().filter((type) => type === 'reply'), []);
  assert.match(logged.join('\n'), /request 1 was reloaded or closed/);
});

test('a request past its deadline is answered with a timeout; one without a deadline waits for its answer', async () => {
  const { webview } = topologyHost({
    handle: () => new Promise<string>(() => undefined),
    deadlineMs: (asked) => (asked.op === 'clusterAction' && asked.action === 'addShard' ? 5 : undefined),
  });
  webview.send({ type: 'ready' });
  const posted = webview.nextPost();
  webview.send(request(1, 'rebalance'));
  webview.send(request(2, 'addShard'));
  await posted;
  assert.equal(webview.posted.length, 1);
  const reply = webview.posted[0] as { seq: number; ok: boolean; error: string };
  assert.deepEqual([reply.seq, reply.ok], [2, false]);
  assert.match(reply.error, /^Topology page did not answer within /);
});

test('messages that are not in the protocol are dropped, logged by type only; a malformed request is still answered', () => {
  const { webview, notices, logged } = topologyHost();
  webview.send({ type: 'ready' });
  const secret = 'hunter2-password';
  webview.send({ type: 'selectNode', node: 'valkey-node-1', password: secret });
  webview.send({ type: 'nodeAction', action: 'stopNode', node: 'valkey-node-1' }); // the old, unnumbered form
  webview.send({ type: 'request', seq: 4, request: { op: 'flushall', value: secret } });
  webview.send({ type: `<${secret}>` });
  webview.send(secret);
  webview.send({ type: 'setHeatMode', mode: 'keys' });
  assert.deepEqual(notices, [{ type: 'setHeatMode', mode: 'keys' }]);
  assert.deepEqual(webview.posted, [{ type: 'reply', seq: 4, ok: false, error: 'refused' }]);
  assert.equal(logged.length, 5);
  assert.ok(logged.every((line) => !line.includes(secret)), logged.join('\n'));
  assert.match(logged[1], /type "nodeAction"/);
});

test('the key editor protocol goes through the same host: its requests are checked and answered by number', async () => {
  const webview = new FakeWebview();
  const host = new WebviewHost({
    name: 'Key editor',
    parse: parseKeyEditorMessage,
    handle: async () => ({ kind: 'done', message: 'Key name copied.' }),
    notice: () => undefined,
    initial: () => [{ type: 'gone', message: 'The key k was deleted.' }],
    describeError: (error) => describeError(error),
    refused: 'refused',
    log: () => undefined,
  });
  host.attach(webview);
  webview.send({ type: 'ready' });
  webview.send({ type: 'request', seq: 3, request: { op: 'command', command: 'copyName' } });
  webview.send({ type: 'request', seq: 4, request: { op: 'command', command: 'eval' } });
  await new Promise(setImmediate);
  assert.deepEqual(webview.posted, [
    { type: 'gone', message: 'The key k was deleted.' },
    { type: 'reply', seq: 4, ok: false, error: 'refused' },
    { type: 'reply', seq: 3, ok: true, result: { kind: 'done', message: 'Key name copied.' } },
  ]);
});
