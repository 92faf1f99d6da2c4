// Headless front end on the same core as the extension: for CI pipelines, benchmarks and people without VS Code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSecretsDirectory, settingsFromEnvironment } from './settings';
import { CLI_WORDS } from './wording';
import { profileFromFlags } from './connection-flags';
import { runOneCommand } from './run-command';
import { type CommandLine, readCommandLine, UsageError, type Values } from './command-line';
import { type OperationFlags, runOperation } from './scale-command';
import { statusJson, statusText } from './status-output';
import { observedShape } from '../core/cluster/shape-of';
import { topologyOf } from '../core/scale/topology';
import type { OperationRequest } from '../core/scale/operations';
import { type ClusterSetup, createClusterSetup, nodeRoom } from '../core/cluster-setup';
import type { SnapshotCollector } from '../core/cluster/collect';
import type { ConsoleNode } from '../core/console/nodes';
import type { ScaleTarget } from '../core/scale/execute';
import type { ConnectionHub } from '../core/target/hub';
import { connectionTarget } from '../core/connection/target';
import { UserError, describeError, isCancelled, isUserError } from '../core/errors';
import { generatePassword, passwordProblem, secretFilePaths } from '../core/secrets';
import { word } from '../core/wording';
import type { ClusterSnapshot } from '../shared/snapshot';

const USAGE = `usage: valkey-cluster <up|stop|down|init|status|run|scale|move-slots|rebalance> [options]
  up          create and start the cluster, form it if needed, wait until ready
  stop        stop the containers (data is written to disk and kept)
  down        remove containers and network (add --volumes to delete the data too)
  init        run the cluster init container again (safe on a formed cluster)
  status      show the cluster state (--json for machines)
  run CMD...  run one command like valkey-cli -c would (e.g. run SET greeting hello); exit 1 on an error reply
  scale --shards N --replicas R
              change the running cluster to N shards of R replicas each (nodes added or removed, slots moved)
  move-slots FROM-TO[,FROM-TO...] --to NODE|SHARD
              move slot ranges (and their keys) to the shard of a primary (its name, id, or shard number)
  rebalance [--by slots|keys]
              even out slots (by count, or by the keys in them) across the shards
options:
  --json                 machine-readable output (status, up, scale, move-slots, rebalance)
  --shards N, --replicas R
                         with up: the shape of a new cluster (default $VALKEY_SHARDS, $VALKEY_REPLICAS, else 3 and 1);
                         with scale: the shape to change to (one may be left out: it stays as it is)
  --dry-run              with scale, move-slots, rebalance: print the plan, change nothing
  --remove-volumes       with scale: also delete the data volumes of removed nodes
  --method atomic|keys   with move-slots, rebalance, scale: CLUSTER MIGRATESLOTS (default when every node has it)
                         or key by key (SETSLOT/MIGRATE, as valkey-cli --cluster reshard does)
  --volumes              with down: also remove the data volumes
  --appendfsync everysec|always
                         when nodes fsync their AOF (default $VALKEY_APPENDFSYNC, else everysec): everysec can lose about
                         the last second of acknowledged writes if the machine dies (confirm a write with WAITAOF to be
                         sure of it); always fsyncs before every reply: nothing acknowledged is lost, writes are slower.
                         A change applies from the next start (stop, then up: each node is recreated, its data kept)
  --project NAME         compose project name (default $COMPOSE_PROJECT_NAME or valkey-cluster)
  --password-file FILE   read the password from FILE (default $VALKEY_PASSWORD, else the saved one)
  --secrets-dir DIR      where the secret files live (default $XDG_STATE_HOME/valkey-cluster/<project>)
  --node NAME            with run: run on this node (e.g. valkey-node-3, or host:port of a connection)
  --yes                  with run: run a command the console would ask about first (FLUSHALL, ...)
a cluster the CLI did not start (status, run, move-slots and rebalance; the password comes from $VALKEY_PASSWORD or --password-file,
never from a flag or the URL):
  --url valkey[s]://[user@]host:port[,host:port...]   seeds; valkeys:// for TLS
  --tls-ca FILE --tls-cert FILE --tls-key FILE --tls-server-name NAME --tls-insecure
  --map ANNOUNCED=HOST:PORT   dial a node the cluster announces at ANNOUNCED at HOST:PORT (repeatable)
  --read-only                 refuse commands that write
environment: VALKEY_BIND, VALKEY0_PORT (node N uses VALKEY0_PORT+N), VALKEY_EXPORTER_HOST_PORT, VALKEY_IMAGE,
  VALKEY_INIT_IMAGE, VALKEY_EXPORTER_IMAGE, VALKEY_ENABLE_EXPORTER=0, VALKEY_READY_TIMEOUT, VALKEY_SHARDS, VALKEY_REPLICAS,
  VALKEY_ANNOUNCE_HOST_ADDRESS=1 (nodes tell clients VALKEY_BIND and their host port: no address map needed on this machine),
  VALKEY_APPENDFSYNC (see --appendfsync);
  the Docker engine as the docker CLI finds it: DOCKER_HOST (+ DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), DOCKER_CONTEXT,
  the current context of DOCKER_CONFIG (default ~/.docker), else the platform default (Podman's socket when nothing is there)
a bad command, flag or value is named with what it takes, nothing is changed, and the exit code is 2`;

const FORMED_NOTES = { existing: '', direct: ' (formed)', init: ' (repaired by init)' } as const;

function readPasswordFile(path: string): string {
  if (!existsSync(path)) throw new UserError('secretMissing', `The password file ${path} does not exist.`);
  return readFileSync(path, 'utf8').trim();
}

function localPassword(command: string, passwordFile: string | undefined, secretsDirectory: string): string {
  if (process.env.VALKEY_PASSWORD) return process.env.VALKEY_PASSWORD;
  if (passwordFile) return readPasswordFile(passwordFile);
  const saved = secretFilePaths(secretsDirectory).passwordFile;
  if (existsSync(saved)) return readFileSync(saved, 'utf8').trim();
  if (command === 'up') return generatePassword();
  throw new UserError('secretMissing', 'No password is known for this cluster.', 'Set VALKEY_PASSWORD or pass --password-file.');
}

function printStatus(snapshot: ClusterSnapshot, json: boolean): number {
  console.log(json ? JSON.stringify(statusJson(snapshot), null, 2) : statusText(snapshot));
  return snapshot.state === 'ok' ? 0 : 1;
}

function runOptions(values: Values) {
  return {
    yes: values.yes,
    write: (text: string) => console.log(text),
    ask: (question: string) => console.error(question),
  };
}

const CLUSTER_DIRECTORY = join(__dirname, '..', 'resources', 'cluster');

async function main(): Promise<number> {
  let line: CommandLine;
  try {
    line = readCommandLine(process.argv.slice(2), { maxNodes: nodeRoom(CLUSTER_DIRECTORY) });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}`);
    return 2;
  }
  if (line.kind !== 'command') {
    (line.kind === 'help' ? console.log : console.error)(USAGE);
    return line.kind === 'help' ? 0 : 2;
  }
  return line.values.url === undefined ? onLocalCluster(line) : onConnection(line.command, line.rest, line.values);
}

/** What the commands every cluster answers need of it, local or named with --url. */
interface CliTarget {
  readonly collector: SnapshotCollector;
  readonly hub: ConnectionHub;
  readonly readOnly: boolean;
  scaleTarget(): ScaleTarget;
  /** The nodes `run` may name, and the node everything runs on when there is only one to run on. */
  consoleNodes(): Promise<{ readonly nodes: readonly ConsoleNode[]; readonly pinned?: string }>;
}

/** status, run, move-slots and rebalance: the same code whichever cluster the target is. */
async function onTarget(command: string, rest: readonly string[], values: Values, target: CliTarget): Promise<number> {
  switch (command) {
    case 'move-slots':
    case 'rebalance':
      return runOperation(target.scaleTarget(), operationRequest(command, rest, values), operationFlags(values));
    case 'run': {
      const { nodes, pinned } = await target.consoleNodes();
      const ok = await runOneCommand(rest, { ...runOptions(values), nodes, hub: target.hub, readOnly: target.readOnly, node: values.node ?? pinned });
      return ok ? 0 : 1;
    }
    default:
      return printStatus(await target.collector.collect(), values.json);
  }
}

async function onConnection(command: string, rest: readonly string[], values: Values): Promise<number> {
  const profile = profileFromFlags({ ...values, url: values.url! });
  const password = process.env.VALKEY_PASSWORD ?? (values['password-file'] ? readPasswordFile(values['password-file']) : '');
  const target = connectionTarget(profile, password);
  try {
    return await onTarget(command, rest, values, {
      collector: target.collector,
      hub: target.hub,
      readOnly: profile.readOnly,
      scaleTarget: () => target.scaleTarget(),
      consoleNodes: async () => {
        const members = await target.members();
        if ('unreachable' in members) throw new UserError('unreachable', members.unreachable);
        // A standalone server has no slots to route by: everything runs on it.
        return { nodes: members, pinned: target.isStandalone() ? members[0].name : undefined };
      },
    });
  } finally {
    target.dispose();
  }
}

/** move-slots or rebalance, from a command line readCommandLine has checked (--to given, --by one of its words). */
function operationRequest(command: string, rest: readonly string[], values: Values): OperationRequest {
  if (command === 'move-slots') return { kind: 'moveSlots', ranges: rest[0], to: values.to ?? '' };
  if (command === 'rebalance') return { kind: 'rebalance', by: values.by === 'keys' ? 'keys' : 'slots' };
  throw new Error(`no operation for ${command}`);
}

function operationFlags(values: Values): OperationFlags {
  const method = values.method === 'atomic' || values.method === 'keys' ? values.method : undefined;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return { json: values.json, dryRun: values['dry-run'], ...(method ? { method } : {}), signal: controller.signal, progress: (message) => console.error(`… ${message}`) };
}

/** The shape `scale` asks for: flags, else VALKEY_SHARDS / VALKEY_REPLICAS; what neither gives stays as the cluster has
 * it, which needs a cluster that is up (topologyOf refuses one that is not, before anything changes). */
async function scaleRequest(setup: ClusterSetup, wanted: { shards?: number; replicas?: number }, values: Values): Promise<OperationRequest> {
  const { shards, replicas } = wanted;
  const snapshot = await setup.collector.collect();
  topologyOf(snapshot);
  const observed = observedShape(snapshot);
  return { kind: 'scale', shape: { shards: shards ?? observed.shards, replicasPerShard: replicas ?? Math.min(...observed.replicas) }, removeVolumes: values['remove-volumes'] };
}

async function onLocalCluster(line: Extract<CommandLine, { kind: 'command' }>): Promise<number> {
  const { command, rest, values } = line;
  // --appendfsync counts for every command, like its variable: nodes that scale adds get what the others have.
  const environment = values.appendfsync ? { ...process.env, VALKEY_APPENDFSYNC: values.appendfsync } : process.env;
  const fromEnvironment = settingsFromEnvironment(environment, values.project);
  // For up, --shards/--replicas are the new cluster's shape; for scale they are the target (read in scaleRequest).
  const settings = command === 'up' ? {
    ...fromEnvironment,
    shards: line.shards ?? fromEnvironment.shards,
    replicasPerShard: line.replicas ?? fromEnvironment.replicasPerShard,
  } : fromEnvironment;
  const wanted = {
    shards: line.shards ?? (process.env.VALKEY_SHARDS ? fromEnvironment.shards : undefined),
    replicas: line.replicas ?? (process.env.VALKEY_REPLICAS ? fromEnvironment.replicasPerShard : undefined),
  };
  if (command === 'scale' && wanted.shards === undefined && wanted.replicas === undefined) {
    throw new UsageError('scale needs --shards N and/or --replicas R (or VALKEY_SHARDS / VALKEY_REPLICAS): the shape to change to; nothing was changed.');
  }
  const secretsDirectory = values['secrets-dir'] ?? process.env.VALKEY_SECRETS_DIR ?? defaultSecretsDirectory(process.env, settings.projectName);
  const setup = createClusterSetup({
    settings,
    password: localPassword(command, values['password-file'], secretsDirectory),
    clusterDirectory: CLUSTER_DIRECTORY,
    secretsDirectory,
    environment: process.env,
    vocabulary: CLI_WORDS,
  });
  const problem = passwordProblem(setup.reach.credentials.password);
  if (problem) throw new UserError('secretMissing', problem);
  try {
    return await runLocal(command, rest, setup, values, wanted);
  } finally {
    setup.dispose();
  }
}

async function runLocal(command: string, rest: readonly string[], setup: ClusterSetup, values: Values, wanted: { shards?: number; replicas?: number }): Promise<number> {
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
      console.log(values.json ? JSON.stringify({ ...result, warnings, seconds: Number(seconds) })
        : result.alreadyRunning ? 'The cluster is already running and ready; nothing to do.'
        : `Cluster ready in ${seconds} s${FORMED_NOTES[result.formed]}.`);
      return 0;
    }
    case 'stop':
      await setup.engine.stop(options);
      console.log('Cluster stopped; data kept.');
      return 0;
    case 'down':
      await setup.engine.down({ ...options, removeVolumes: values.volumes });
      console.log(values.volumes ? 'Cluster and data removed.' : 'Cluster removed; data volumes kept.');
      return 0;
    case 'init':
      console.log(await setup.engine.init(options));
      return 0;
    case 'scale':
      await setup.open();
      return runOperation(setup.scaleTarget(), await scaleRequest(setup, wanted, values), operationFlags(values));
    case 'move-slots':
    case 'rebalance':
    case 'run':
      await setup.open();
      return onTarget(command, rest, values, localTarget(setup));
    default:
      return onTarget(command, rest, values, localTarget(setup));
  }
}

function localTarget(setup: ClusterSetup): CliTarget {
  return {
    collector: setup.collector,
    hub: setup.hub,
    readOnly: false,
    scaleTarget: () => setup.scaleTarget(),
    consoleNodes: async () => {
      await setup.engine.status(); // the members as recorded: a scaled cluster's nodes can be named with --node
      return { nodes: setup.plan.nodes };
    },
  };
}

main().then((code) => process.exit(code), (error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}`);
    process.exit(2);
  }
  console.error(`error: ${describeError(error, CLI_WORDS)}`);
  if (isUserError(error) && error.detail) console.error(error.detail);
  process.exit(isCancelled(error) ? 130 : 1);
});
