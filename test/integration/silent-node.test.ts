// A node that accepts connections and never answers (its process frozen with SIGSTOP, so the kernel still accepts)
// must not hold anything: a refresh ends and says which node, Start fails naming it, and the views recover when
// the node does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { UserError, describeError } from '../../src/core/errors';
import { testSetup } from './harness';

const setup = testSetup({ projectName: 'valkey-silent', basePort: 8479, exporterPort: 9821, enableExporter: false, readyTimeoutSeconds: 15 });
const { engine, plan } = setup;
const victim = plan.nodes[2];
let frozenPid: number | undefined;

function serverPid(): number {
  return Number(execFileSync('docker', ['inspect', '-f', '{{.State.Pid}}', victim.containerName], { encoding: 'utf8' }).trim());
}

function signal(pid: number, name: 'SIGSTOP' | 'SIGCONT'): void {
  process.kill(pid, name);
}

before(async () => {
  await engine.down({ removeVolumes: true });
  await engine.up();
});

after(async () => {
  if (frozenPid !== undefined) signal(frozenPid, 'SIGCONT');
  await engine.down({ removeVolumes: true });
});

test('a refresh ends while a node is silent, and names it', { timeout: 120_000 }, async () => {
  frozenPid = serverPid();
  signal(frozenPid, 'SIGSTOP');
  const collector = setup.collector;
  const snapshot = await collector.collect();
  const node = snapshot.nodes.find((entry) => entry.name === victim.name);
  assert.equal(node?.health, 'failed');
  assert.match(node?.error ?? '', /did not answer within/);
  assert.ok(snapshot.problems.some((problem) => problem.startsWith(`${victim.name} does not answer`)), snapshot.problems.join('\n'));
  const others = snapshot.nodes.filter((entry) => entry.name !== victim.name);
  assert.ok(others.every((entry) => entry.view !== undefined), 'every other node still answered in the same refresh');
});

test('Start fails within its deadline and names the silent node', { timeout: 120_000 }, async () => {
  await assert.rejects(engine.up(), (error: unknown) => {
    assert.ok(error instanceof UserError, String(error));
    assert.equal(error.code, 'notReady', describeError(error));
    assert.match(error.message, new RegExp(`${victim.name} does not answer \\(.*did not answer within`));
    return true;
  });
});

test('the views recover when the node answers again', { timeout: 180_000 }, async () => {
  signal(frozenPid!, 'SIGCONT');
  frozenPid = undefined;
  const collector = setup.collector;
  for (;;) {
    const snapshot = await collector.collect();
    const node = snapshot.nodes.find((entry) => entry.name === victim.name);
    if (snapshot.state === 'ok' && node?.health === 'online' && snapshot.nodes.every((entry) => entry.health === 'online')) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const result = await engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
});
