// Direct formation on a real engine: blank nodes formed by formCluster are ready by the same definition as
// readiness.ts, in exactly the layout the init container gives a fresh cluster (compared by node name), and the
// init container's own direct path falls back to valkey-cli --cluster create when a step fails.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { formBlankCluster } from '../../src/core/cluster/form';
import { layout } from '../../src/core/cluster/layout';
import { dockerTarget } from '../../src/core/engine/docker-connection';
import { startBlankNodes } from '../../src/core/engine/start-nodes';
import { UserError } from '../../src/core/errors';
import { writeSecretFiles } from '../../src/core/secrets';
import { type NamedLayout, cliInNode, namedLayout, observedLayout, testSetup } from './harness';

const setup = testSetup({ projectName: 'valkey-formation', basePort: 7979, exporterPort: 9821, enableExporter: false });
const { engine, plan, reach } = setup;
const docker = dockerTarget(setup.settings.dockerHost).docker;
const TIMEOUT_MS = 90_000;

/** Fresh node containers with empty volumes and no init container, every node answering and blank. */
async function blankNodes(): Promise<void> {
  await engine.down({ removeVolumes: true });
  writeSecretFiles(setup.secretsDirectory, reach.credentials.password, plan.nodes);
  await startBlankNodes(docker, plan);
  const answering = await setup.waitUntilReady({ timeoutMs: TIMEOUT_MS, until: (readiness) => readiness.answering });
  assert.equal(answering.blank, true, answering.missing.join(' '));
}

before(() => engine.down({ removeVolumes: true }));
after(() => engine.down({ removeVolumes: true }));

let formed: NamedLayout | undefined;

test('formCluster forms blank nodes into a ready cluster laid out as valkey-cli would', async () => {
  await blankNodes();
  await formBlankCluster(plan.nodes, reach, 1, { deadline: Date.now() + TIMEOUT_MS });
  const readiness = await setup.waitUntilReady({ timeoutMs: TIMEOUT_MS });
  assert.equal(readiness.ready, true, readiness.missing.join(' '));
  const collector = setup.collector;
  const snapshot = await collector.collect();
  assert.equal(snapshot.nodes.length, 6);
  for (const node of snapshot.nodes) {
    assert.equal(node.health, 'online', `${node.name}: ${node.error}`);
    assert.equal(node.view?.state, 'ok', node.name);
    assert.equal(node.view?.slotsOk, 16384, node.name);
    assert.equal(node.view?.knownNodes, 6, node.name);
    if (node.role === 'replica') assert.equal(node.linkUp, true, `${node.name} master_link_status`);
    else assert.equal(node.connectedReplicas, 1, `${node.name} online replicas`);
  }
  formed = await observedLayout(plan.nodes, reach);
  assert.deepEqual(formed, namedLayout(layout(plan.nodes.map((node) => node.name), 1)));
});

test('formCluster refuses nodes that already form a cluster, naming one, and stops when cancelled', async () => {
  await assert.rejects(formBlankCluster(plan.nodes, reach, 1, { deadline: Date.now() + TIMEOUT_MS }), (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.code, 'initFailed');
    assert.match(error.message, /^valkey-node-\d is not blank: it knows 6 node\(s\) and 16384 slot\(s\) are assigned\.$/);
    return true;
  });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(formBlankCluster(plan.nodes, reach, 1, { deadline: Date.now() + TIMEOUT_MS, signal: controller.signal }),
    (error: unknown) => error instanceof UserError && error.code === 'cancelled');
});

test('the init container forms a fresh cluster directly, into the same layout by node name', async () => {
  assert.ok(formed, 'the formCluster test ran first');
  await blankNodes();
  await engine.init();
  assert.equal((await setup.waitUntilReady({ timeoutMs: TIMEOUT_MS })).ready, true);
  const log = await engine.logs('valkey-cluster-init');
  assert.match(log, /init: creating the cluster: 6 nodes, 1 replica\(s\) per primary/);
  assert.doesNotMatch(log, /letting valkey-cli create the cluster/, log);
  assert.match(log, /init: cluster ready/);
  assert.deepEqual(await observedLayout(plan.nodes, reach), formed);
});

test('init falls back to valkey-cli --cluster create when a direct step fails, with the same layout', async () => {
  assert.ok(formed, 'the formCluster test ran first');
  await blankNodes();
  // A config epoch of its own makes the direct CLUSTER SET-CONFIG-EPOCH fail on this node, which stays blank.
  const victim = plan.nodes[3];
  const bumped = await engine.execInNode(victim.name, cliInNode(victim.hostPort, 'cluster bumpepoch'));
  assert.match(bumped.output, /BUMPED 1/);
  const log = await engine.init();
  assert.match(log, /a direct step failed; resetting the nodes and letting valkey-cli create the cluster/, log);
  assert.match(log, />>> Sending CLUSTER MEET messages to join the cluster/, log);
  assert.match(log, /init: cluster ready/);
  assert.equal((await setup.waitUntilReady({ timeoutMs: TIMEOUT_MS })).ready, true);
  assert.deepEqual(await observedLayout(plan.nodes, reach), formed);
});
