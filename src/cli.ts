// Headless front end on the same core as the extension: for CI pipelines, benchmarks and people without VS Code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSecretsDirectory, settingsFromEnvironment } from './cli-settings';
import { ClusterSetup, createClusterSetup } from './core/cluster-setup';
import { SnapshotCollector } from './core/cluster/collect';
import { formatSlotRange, formatSlotRanges, stateWord } from './shared/present';
import { TOTAL_SLOTS } from './shared/snapshot';
import type { ClusterSnapshot } from './shared/snapshot';
import { UserError, describeError, isCancelled, isUserError } from './core/errors';
import { word } from './core/wording';
import { CLI_WORDS } from './cli-wording';
import { generatePassword, passwordProblem, secretFilePaths } from './core/secrets';

const USAGE = `usage: valkey-cluster <up|stop|down|init|status> [options]
  up        create and start the cluster, form it if needed, wait until ready
  stop      stop the containers (data is written to disk and kept)
  down      remove containers and network (add --volumes to delete the data too)
  init      run the cluster init container again (safe on a formed cluster)
  status    show the cluster state (--json for machines)
options:
  --json                 machine-readable output (status, up)
  --volumes              with down: also remove the data volumes
  --project NAME         compose project name (default $COMPOSE_PROJECT_NAME or valkey-cluster)
  --password-file FILE   read the password from FILE (default $VALKEY_PASSWORD, else the saved one)
  --secrets-dir DIR      where the secret files live (default $XDG_STATE_HOME/valkey-cluster/<project>)
environment: VALKEY_BIND, VALKEY0_PORT (node N uses VALKEY0_PORT+N), VALKEY_EXPORTER_HOST_PORT, VALKEY_IMAGE,
  VALKEY_INIT_IMAGE, VALKEY_EXPORTER_IMAGE, VALKEY_ENABLE_EXPORTER=0, VALKEY_READY_TIMEOUT;
  the Docker engine as the docker CLI finds it: DOCKER_HOST (+ DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), DOCKER_CONTEXT,
  the current context of DOCKER_CONFIG (default ~/.docker)`;

const COMMANDS = new Set(['up', 'stop', 'down', 'init', 'status']);

function readPassword(command: string, passwordFile: string | undefined, secretsDirectory: string): string {
  if (process.env.VALKEY_PASSWORD) return process.env.VALKEY_PASSWORD;
  if (passwordFile) {
    if (!existsSync(passwordFile)) throw new UserError('secretMissing', `The password file ${passwordFile} does not exist.`);
    return readFileSync(passwordFile, 'utf8').trim();
  }
  const saved = secretFilePaths(secretsDirectory).passwordFile;
  if (existsSync(saved)) return readFileSync(saved, 'utf8').trim();
  if (command === 'up') return generatePassword();
  throw new UserError('secretMissing', 'No password is known for this cluster.', 'Set VALKEY_PASSWORD or pass --password-file.');
}

function statusJson(snapshot: ClusterSnapshot): unknown {
  const nameOf = (id?: string) => snapshot.nodes.find((node) => node.id === id)?.name;
  return {
    target: snapshot.target,
    state: snapshot.state,
    slotsOk: snapshot.slotsOk,
    slotsAssigned: snapshot.slotsAssigned,
    nodes: snapshot.nodes.map((node) => ({
      name: node.name,
      id: node.id,
      role: node.role,
      address: node.address,
      hostPort: Number(node.address.slice(node.address.lastIndexOf(':') + 1)),
      health: node.health,
      container: node.containerState,
      slots: node.slots.map(formatSlotRange),
      primary: node.role === 'replica' ? nameOf(node.primaryId) ?? null : null,
    })),
    problems: snapshot.problems,
  };
}

function statusText(snapshot: ClusterSnapshot): string {
  const lines = [`cluster ${stateWord(snapshot.state)}: ${snapshot.slotsOk}/${TOTAL_SLOTS} slots ok, ${snapshot.nodes.length} nodes (${snapshot.target.label} on ${snapshot.target.where})`];
  for (const node of snapshot.nodes) {
    const slots = node.slots.length > 0 ? ` slots ${formatSlotRanges(node.slots, 4)}` : '';
    lines.push(`  ${node.name.padEnd(14)} ${node.role.padEnd(8)} ${node.health.padEnd(8)} ${node.address}${slots}`);
  }
  return [...lines, ...snapshot.problems.map((problem) => `  ! ${problem}`)].join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      volumes: { type: 'boolean', default: false },
      project: { type: 'string' },
      'password-file': { type: 'string' },
      'secrets-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command || !COMMANDS.has(command) || positionals.length > 1) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const settings = settingsFromEnvironment(process.env, values.project);
  const secretsDirectory = values['secrets-dir'] ?? process.env.VALKEY_SECRETS_DIR ?? defaultSecretsDirectory(process.env, settings.projectName);
  const setup = createClusterSetup({
    settings,
    password: readPassword(command, values['password-file'], secretsDirectory),
    clusterDirectory: join(__dirname, '..', 'resources', 'cluster'),
    secretsDirectory,
    environment: process.env,
  });
  const problem = passwordProblem(setup.reach.credentials.password);
  if (problem) throw new UserError('secretMissing', problem);
  try {
    return await runCommand(command, setup, values.json, values.volumes);
  } finally {
    setup.dispose();
  }
}

async function runCommand(command: string, setup: ClusterSetup, json: boolean, volumes: boolean): Promise<number> {
  const progress = (message: string) => console.error(`… ${message}`);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const options = { progress, signal: controller.signal };
  switch (command) {
    case 'up': {
      const started = Date.now();
      const result = await setup.engine.up(options);
      const warnings = result.warnings.map((warning) => word(warning, CLI_WORDS));
      for (const warning of warnings) console.error(`warning: ${warning}`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(json ? JSON.stringify({ ...result, warnings, seconds: Number(seconds) })
        : result.alreadyRunning ? 'The cluster is already running and ready; nothing to do.'
        : `Cluster ready in ${seconds} s${result.initRan ? ' (formed by init)' : ''}.`);
      return 0;
    }
    case 'stop':
      await setup.engine.stop(options);
      console.log('Cluster stopped; data kept.');
      return 0;
    case 'down':
      await setup.engine.down({ ...options, removeVolumes: volumes });
      console.log(volumes ? 'Cluster and data removed.' : 'Cluster removed; data volumes kept.');
      return 0;
    case 'init':
      console.log(await setup.engine.init(options));
      return 0;
    default: {
      const collector = new SnapshotCollector(setup.target, setup.members, setup.reach);
      try {
        const snapshot = await collector.collect();
        console.log(json ? JSON.stringify(statusJson(snapshot), null, 2) : statusText(snapshot));
        return snapshot.state === 'ok' ? 0 : 1;
      } finally {
        collector.dispose();
      }
    }
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`error: ${describeError(error, CLI_WORDS)}`);
  if (isUserError(error) && error.detail) console.error(error.detail);
  process.exit(isCancelled(error) ? 130 : 1);
});
