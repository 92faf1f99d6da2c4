// Cold start, warm start and stop: the extension's engine vs `docker compose` on the same compose file and the
// same local images, alternating, 5 runs after a warm-up, medians. "Ready" is one condition for both (every node
// answers PING with the password, 16384 slots ok, every primary's replica linked), probed the same way.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ClusterSetup } from '../src/core/cluster-setup';
import { SnapshotCollector } from '../src/core/cluster/collect';
import { waitForCluster } from '../src/core/cluster/readiness';
import { Row, median, ms, ratio, timed } from './stats';

export interface ComposeBaseline {
  up(): void;
  stop(): void;
  down(): void;
}

export function composeBaseline(setup: ClusterSetup & { secretsDirectory: string }, root: string): ComposeBaseline {
  const file = join(root, 'resources', 'cluster', 'docker-compose.yml');
  const env = {
    ...process.env,
    VALKEY_IMAGE: setup.settings.image, VALKEY_INIT_IMAGE: setup.settings.initImage, VALKEY_EXPORTER_IMAGE: setup.settings.exporterImage,
    VALKEY_PASSWORD_FILE: join(setup.secretsDirectory, 'valkey_password'),
    VALKEY_EXPORTER_AUTH_FILE: join(setup.secretsDirectory, 'valkey_exporter_auth.json'),
    VALKEY_EXPORTER_PORT: String(setup.settings.exporterPort), VALKEY_EXPORTER_HOST_PORT: String(setup.settings.exporterPort),
    ...Object.fromEntries(setup.plan.nodes.map((node, index) => [`VALKEY${index}_PORT`, String(node.hostPort)])),
  };
  const compose = (...args: string[]) => execFileSync('docker', ['compose', '-p', setup.plan.project, '-f', file, ...args], { env, stdio: 'pipe' });
  return {
    up: () => {
      compose('up', '-d', '--wait');
      execFileSync('docker', ['wait', 'valkey-cluster-init'], { stdio: 'pipe' });
    },
    stop: () => compose('stop'),
    down: () => compose('down', '-v', '--remove-orphans'),
  };
}

async function ready(setup: ClusterSetup): Promise<void> {
  const collector = new SnapshotCollector(setup.target, setup.members, setup.reach);
  try {
    await waitForCluster(() => collector.collect(), { members: setup.plan.nodes.map((node) => node.name), replicasPerShard: setup.plan.replicasPerShard }, { timeoutMs: 180_000, pollMs: 50 });
  } finally {
    collector.dispose();
  }
}

export async function benchStartStop(setup: ClusterSetup & { secretsDirectory: string }, root: string, runs: number): Promise<Row[]> {
  const compose = composeBaseline(setup, root);
  const { engine } = setup;
  const samples = { coldOurs: [] as number[], coldCompose: [] as number[], warmOurs: [] as number[], warmCompose: [] as number[], stopOurs: [] as number[], stopCompose: [] as number[] };
  const cleanAll = async () => {
    await engine.down({ removeVolumes: true });
    try { compose.down(); } catch { /* nothing to remove */ }
  };
  await cleanAll();
  for (let run = 0; run <= runs; run++) {
    const record = run > 0; // run 0 is the warm-up
    // ours
    const coldOurs = await timed(async () => { await engine.up(); await ready(setup); });
    const stopOurs = await timed(() => engine.stop());
    const warmOurs = await timed(async () => { await engine.up(); await ready(setup); });
    await cleanAll();
    // compose
    const coldCompose = await timed(async () => { compose.up(); await ready(setup); });
    const stopCompose = await timed(async () => compose.stop());
    const warmCompose = await timed(async () => { compose.up(); await ready(setup); });
    await cleanAll();
    if (record) {
      samples.coldOurs.push(coldOurs); samples.coldCompose.push(coldCompose);
      samples.warmOurs.push(warmOurs); samples.warmCompose.push(warmCompose);
      samples.stopOurs.push(stopOurs); samples.stopCompose.push(stopCompose);
    }
    console.error(`run ${run}${record ? '' : ' (warm-up)'}: cold ${ms(coldOurs)} vs ${ms(coldCompose)}, warm ${ms(warmOurs)} vs ${ms(warmCompose)}, stop ${ms(stopOurs)} vs ${ms(stopCompose)}`);
  }
  const row = (measure: string, ours: number[], baseline: number[], note: string): Row =>
    ({ measure, ours: ms(median(ours)), baseline: ms(median(baseline)), ratio: ratio(median(ours), median(baseline)), note });
  return [
    row('cold start to ready', samples.coldOurs, samples.coldCompose, 'no containers, images present; baseline: compose up --wait + init exit'),
    row('warm start to ready', samples.warmOurs, samples.warmCompose, 'containers stopped, data present'),
    row('stop', samples.stopOurs, samples.stopCompose, 'graceful; baseline: docker compose stop'),
  ];
}
