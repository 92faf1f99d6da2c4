// The Docker daemon restarted mid-session: operations during the outage fail with the engine message (no hang,
// no stack trace), and once it is back Start brings the cluster and its data back. Runs last (it restarts the
// engine), and only where this process may restart it: as root, with the dockerd scripts/setup-docker.sh started.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectCluster } from '../../src/core/client/connect';
import { UserError, describeError } from '../../src/core/errors';
import { REPO_ROOT, testSetup } from './harness';

/** The dockerd scripts/setup-docker.sh started (it records the pid): the only one this test may stop. */
function startedDockerd(): number | undefined {
  const file = join(process.env.VALKEY_VSC_CACHE ?? join(homedir(), '.cache', 'valkey-cluster-vscode'), 'dockerd.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return alive(pid) && readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'dockerd' ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const dockerdPid = startedDockerd();
const canRestart = process.getuid?.() === 0 && dockerdPid !== undefined;
const setup = testSetup({ projectName: 'valkey-resilience', basePort: 8079, exporterPort: 9921, enableExporter: false });
const { engine, reach } = setup;

function engineAnswers(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
}

before(async () => {
  if (canRestart) await engine.up();
});
after(async () => {
  if (canRestart && engineAnswers()) await engine.down({ removeVolumes: true });
});

test('a Docker daemon restart: clear errors while it is down, cluster and data back after Start', { skip: !canRestart && 'needs root and a dockerd started by scripts/setup-docker.sh (its pid file)' }, async () => {
  const cluster = connectCluster(reach);
  await cluster.connect();
  await cluster.set('daemon:restart', 'survived');
  cluster.disconnect();
  process.kill(dockerdPid!, 'SIGTERM');
  // dockerd stops its containers before it exits; a new one can only start after that.
  const dockerdRunning = () => alive(dockerdPid!);
  const deadline = Date.now() + 90_000;
  while (dockerdRunning() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(dockerdRunning(), false, 'dockerd stopped');
  assert.equal(engineAnswers(), false);
  await assert.rejects(engine.up(), (error: unknown) => error instanceof UserError && error.code === 'engineUnreachable' && /Start Docker/.test(describeError(error)));
  const collector = setup.collector;
  assert.equal((await collector.collect()).state, 'noEngine');
  execFileSync('bash', [join(REPO_ROOT, 'scripts', 'setup-docker.sh')], { stdio: 'ignore' });
  const result = await engine.up();
  assert.equal(result.readiness.ready, true, result.readiness.missing.join(' '));
  const reader = connectCluster(reach);
  try {
    await reader.connect();
    assert.equal(await reader.get('daemon:restart'), 'survived');
  } finally {
    reader.disconnect();
  }
});
