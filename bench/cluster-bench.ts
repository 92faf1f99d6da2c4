// Cold start, stop and warm start on the same compose file, images, project, ports and password, three ways:
//   extension: `node dist/cli.js up|stop` (whatever the CLI does: today the init container, later formCluster);
//   compose:   the bundled file as shipped, `docker compose up -d` + the init container exiting 0, `stop`, `start`;
//   floor:     the plan's node containers created and started at once through dockerode (same image, limits,
//              config, secret, network), formed by formCluster; `docker stop`/`start` of them all at once.
// "Ready" is one condition for all, checked by the shared readiness probe (src/core/cluster/readiness.ts), started
// at the same moment as the command and polling every 50 ms; a figure is when both the command is done and the
// probe said ready. After a warm-up, the sides take turns in alternating order; medians and min–max are reported.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import type { ClusterSetup } from '../src/core/cluster-setup';
import { formBlankCluster } from '../src/core/cluster/form';
import { dockerTarget } from '../src/core/engine/docker-connection';
import { startBlankNodes } from '../src/core/engine/start-nodes';
import { secretFilePaths, writeSecretFiles } from '../src/core/secrets';
import { composeVariables } from '../src/core/settings';
import { type Table, median, ratio, summary } from './stats';

const run = promisify(execFile);
const READY_TIMEOUT_MS = 180_000;
const PROBE_MS = 50;

type BenchSetup = ClusterSetup & { readonly secretsDirectory: string };
type Operation = 'cold start to ready' | 'stop' | 'warm start to ready';
const OPERATIONS: readonly Operation[] = ['cold start to ready', 'stop', 'warm start to ready'];

/** One timed operation: its total and where the time went, in order. */
interface Sample {
  readonly total: number;
  readonly phases: readonly (readonly [string, number])[];
}

interface Side {
  readonly name: 'extension' | 'compose' | 'floor';
  cold(t0: number): Promise<Sample>;
  stop(t0: number): Promise<Sample>;
  warm(t0: number): Promise<Sample>;
}

const since = (t0: number) => Date.now() - t0;
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

/** Phases from timestamped marks: each mark's label lasts until the next mark. */
function phasesFrom(marks: readonly (readonly [string, number])[], end: number): [string, number][] {
  return marks.map(([label, at], index) => [label, (marks[index + 1]?.[1] ?? end) - at]);
}

/** The command and the shared probe, started together; done when both are. */
async function untilReady(setup: BenchSetup, t0: number, command: () => Promise<readonly (readonly [string, number])[]>): Promise<Sample> {
  const controller = new AbortController();
  const probe = setup.waitUntilReady({ timeoutMs: READY_TIMEOUT_MS, pollMs: PROBE_MS, signal: controller.signal })
    .then(() => since(t0));
  probe.catch(() => undefined);
  try {
    const marks = await command();
    const done = since(t0);
    const ready = await probe;
    const total = Math.max(done, ready);
    return { total, phases: [...phasesFrom(marks, done), ['command done → probe says ready', total - done]] };
  } finally {
    controller.abort();
  }
}

function extensionSide(setup: BenchSetup, root: string): Side {
  const { passwordFile } = secretFilePaths(setup.secretsDirectory);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COMPOSE_PROJECT_NAME: setup.plan.project,
    VALKEY0_PORT: String(setup.settings.basePort),
    VALKEY_EXPORTER_HOST_PORT: String(setup.settings.exporterPort),
    VALKEY_IMAGE: setup.settings.image,
    VALKEY_INIT_IMAGE: setup.settings.initImage,
    VALKEY_EXPORTER_IMAGE: setup.settings.exporterImage,
  };
  delete env.VALKEY_PASSWORD;
  /** Runs the CLI; its progress lines ("… step"), stamped on arrival, are the phases. */
  const cli = (command: string, t0: number) => new Promise<[string, number][]>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), command, '--password-file', passwordFile, '--secrets-dir', setup.secretsDirectory],
      { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const marks: [string, number][] = [['node starts, loads the CLI, asks Docker for the state', 0]];
    let stderr = '';
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('… ')) marks.push([line.slice(2).replace(/^Stopping \d+ containers/, 'Stopping the containers'), since(t0)]);
    });
    const timer = setTimeout(() => child.kill(), READY_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(marks);
      else reject(new Error(`valkey-cluster ${command} exited with ${code}: ${stderr}`));
    });
  });
  return {
    name: 'extension',
    cold: (t0) => untilReady(setup, t0, () => cli('up', t0)),
    stop: async (t0) => stopSample(await cli('stop', t0), t0),
    warm: (t0) => untilReady(setup, t0, () => cli('up', t0)),
  };
}

function stopSample(marks: readonly (readonly [string, number])[], t0: number): Sample {
  const total = since(t0);
  return { total, phases: phasesFrom(marks, total) };
}

/** Inspect timestamps (RFC 3339, nanoseconds) as Date.now() milliseconds; undefined for Docker's zero time. */
function stamp(value: string | undefined): number | undefined {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

function composeSide(setup: BenchSetup, root: string, docker: Docker): Side {
  const file = join(root, 'resources', 'cluster', 'docker-compose.yml');
  const env = { ...process.env, ...composeVariables(setup.settings, secretFilePaths(setup.secretsDirectory)) };
  const compose = async (...args: string[]) => {
    await run('docker', ['compose', '-p', setup.plan.project, '-f', file, ...args], { env, timeout: READY_TIMEOUT_MS });
  };
  const inspect = (name: string) => docker.getContainer(name).inspect();
  const initName = setup.plan.containers.find((container) => container.role === 'init')!.containerName;
  const nodeNames = setup.plan.nodes.map((node) => node.containerName);
  /** Waits (bounded) until the init container exited 0. */
  const initExited = async (t0: number) => {
    for (;;) {
      const { State } = await inspect(initName).catch(() => ({ State: undefined }));
      if (State && !State.Running && State.Status === 'exited') {
        if (State.ExitCode !== 0) throw new Error(`the init container exited with ${State.ExitCode}`);
        return;
      }
      if (since(t0) > READY_TIMEOUT_MS) throw new Error('the init container did not finish in time');
      await sleep(PROBE_MS);
    }
  };
  return {
    name: 'compose',
    cold: (t0) => untilReady(setup, t0, async () => {
      await compose('up', '-d');
      await initExited(t0);
      // Where the time went, from Docker's own timestamps (same host clock).
      const started = await Promise.all(nodeNames.map(async (name) => stamp((await inspect(name)).State.StartedAt)!));
      const init = (await inspect(initName)).State;
      return [
        ['create network, volumes, containers; start the 6 nodes', 0],
        ['nodes started → healthchecks pass → init started', Math.max(...started) - t0],
        ['init runs', stamp(init.StartedAt)! - t0],
        ['init exited → the bench notices (50 ms poll)', stamp(init.FinishedAt)! - t0],
      ];
    }),
    stop: async (t0) => {
      await compose('stop');
      return stopSample([['docker compose stop', 0]], t0);
    },
    warm: (t0) => untilReady(setup, t0, async () => {
      await compose('start');
      return [['docker compose start', 0]];
    }),
  };
}

function floorSide(setup: BenchSetup, docker: Docker): Side {
  const nodes = setup.plan.containers.filter((container) => container.role === 'node');
  return {
    name: 'floor',
    cold: (t0) => untilReady(setup, t0, async () => {
      writeSecretFiles(setup.secretsDirectory, setup.reach.credentials.password, setup.plan.nodes);
      await startBlankNodes(docker, setup.plan);
      const started = since(t0);
      await formBlankCluster(setup.plan.nodes, setup.reach, 1, { deadline: t0 + READY_TIMEOUT_MS });
      return [['create network, volumes, 6 node containers and start them at once', 0], ['connect to each node as it answers + formCluster', started]];
    }),
    stop: async (t0) => {
      await Promise.all(nodes.map((node) => docker.getContainer(node.containerName).stop({ t: node.stopTimeoutSeconds })));
      return stopSample([['docker stop of the 6 nodes at once', 0]], t0);
    },
    warm: (t0) => untilReady(setup, t0, async () => {
      await Promise.all(nodes.map((node) => docker.getContainer(node.containerName).start()));
      return [['docker start of the 6 nodes at once', 0]];
    }),
  };
}

export interface StartStopResult {
  readonly tables: Table[];
}

export async function benchStartStop(setup: BenchSetup, root: string, runs: number, log: (line: string) => void): Promise<StartStopResult> {
  const docker = dockerTarget(setup.settings.dockerHost).docker;
  const sides = [extensionSide(setup, root), composeSide(setup, root, docker), floorSide(setup, docker)];
  const samples = new Map(sides.map((side) => [side.name, new Map(OPERATIONS.map((operation) => [operation, [] as Sample[]]))]));
  const clean = () => setup.engine.down({ removeVolumes: true });
  await clean();
  // The CLI reads the password from this file; every side uses the same one.
  writeSecretFiles(setup.secretsDirectory, setup.reach.credentials.password, setup.plan.nodes);
  for (let round = 0; round <= runs; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const results: Sample[] = [];
      for (const operation of OPERATIONS) {
        const t0 = Date.now();
        results.push(operation === 'cold start to ready' ? await side.cold(t0) : operation === 'stop' ? await side.stop(t0) : await side.warm(t0));
      }
      await clean();
      log(`round ${round}${round === 0 ? ' (warm-up)' : ''} ${side.name}: ${results.map((sample, index) => `${OPERATIONS[index]} ${Math.round(sample.total)} ms`).join(', ')}`);
      if (round > 0) results.forEach((sample, index) => samples.get(side.name)!.get(OPERATIONS[index])!.push(sample));
    }
  }
  const totals = (side: Side['name'], operation: Operation) => samples.get(side)!.get(operation)!.map((sample) => sample.total);
  const main: Table = {
    title: `Start and stop, ${runs} runs after a warm-up (median, min–max)`,
    headers: ['measure', 'extension (CLI)', 'docker compose', 'ratio', 'floor', 'extension − floor'],
    rows: OPERATIONS.map((operation) => {
      const ours = totals('extension', operation);
      const floor = totals('floor', operation);
      return [operation, summary(ours), summary(totals('compose', operation)), ratio(median(ours), median(totals('compose', operation))), summary(floor),
        `${Math.round(median(ours) - median(floor))} ms`];
    }),
    notes: [
      'Ready: every node answers PING with the password, cluster_state ok with 16384 slots ok on every node, every replica linked',
      `(the shared probe, polling every ${PROBE_MS} ms from the moment the command starts). Cold: no containers, volumes or network; images present.`,
      'The CLI and compose also start the exporter (7 containers + init); the floor starts the 6 nodes only.',
      'Once formed, what is left is Valkey\'s own: a primary reports the cluster ok no sooner than 2 s after it started, and',
      'one node timeout (3 s) after it got its slots if it had none when those 2 s ended.',
    ],
  };
  const phaseTables = sides.flatMap((side) => OPERATIONS.map((operation): Table => {
    const runsOf = samples.get(side.name)!.get(operation)!;
    const labels = [...new Set(runsOf.flatMap((sample) => sample.phases.map(([label]) => label)))];
    return {
      title: `Where the time goes: ${side.name}, ${operation}`,
      headers: ['phase', 'median (min–max)', 'runs'],
      rows: [
        ...labels.map((label) => {
          const durations = runsOf.flatMap((sample) => sample.phases.filter(([name]) => name === label).map(([, duration]) => duration));
          return [label, summary(durations), String(durations.length)];
        }),
        ['total', summary(runsOf.map((sample) => sample.total)), String(runsOf.length)],
      ],
    };
  }));
  return { tables: [main, ...phaseTables] };
}
