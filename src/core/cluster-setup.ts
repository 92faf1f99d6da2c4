// Builds the core objects from settings and a password: the one place the compose file, the plan, the secret
// files and the engine are wired together (used by the extension, the CLI and the tests alike).
import { join } from 'node:path';
import type { Reach } from './client/reach';
import { type Member, type MemberSource, SnapshotCollector } from './cluster/collect';
import { ConnectionHub } from './target/hub';
import { planExpectation, type Readiness, waitForCluster, type WaitOptions } from './cluster/readiness';
import type { TargetSummary } from '../shared/snapshot';
import { loadCompose } from './compose/load';
import { exportCompose } from './compose/export';
import { createPlan, type Plan, planMembers } from './compose/plan';
import { type AddressPlan, addressPlan, type ClusterShape, composeForMembers, type Members, nodeCount } from './compose/shape';
import { dockerTarget } from './engine/docker-connection';
import { ClusterEngine } from './engine/cluster-engine';
import { followContainerEvents } from './engine/container-events';
import type { ChangeSource } from './target/refresh-manager';
import { engineIsLocal, type PublishedAccess, publishedAccess } from './engine/published-access';
import type { ScaleTarget } from './scale/execute';
import { describeError, isUserError, UserError } from './errors';
import { action, joinPhrases, type Phrase, phrase, PLAIN_WORDS, setting, type Vocabulary } from './wording';
import { secretFilePaths, writeSecretFiles } from './secrets';
import type { ClusterSettings } from './cluster-settings';
import { composeVariables, dialAddress, settingsShape, validateSettings } from './settings';

/** The local cluster as a target: what every front end reaches it through (its hub and its one collector), plus its
 * containers, the plan and the engine that runs them. */
export interface ClusterSetup {
  readonly settings: ClusterSettings;
  /** The plan of the cluster's current members (it follows the cluster as it grows and shrinks). */
  readonly plan: Plan;
  /** The plan the same settings give any set of members (for a shape to export, or nodes to add). */
  planFor(members: Members): Plan;
  /** Why node `index` cannot exist (address or ports), or undefined. */
  nodeProblem(index: number): Phrase | undefined;
  readonly engine: ClusterEngine;
  readonly reach: Reach;
  /** The connections to the nodes, shared by the snapshots, Start's readiness, operations, consoles and keys. */
  readonly hub: ConnectionHub;
  /** The one collector: Start's readiness, the views and the operations read the cluster through it. */
  readonly collector: SnapshotCollector;
  /** What the views show this cluster as. */
  readonly target: TargetSummary;
  /** The plan's nodes with their container state, for the snapshot collector. */
  readonly members: MemberSource;
  /** Opens what dialling the nodes needs (SSH forwards to a remote engine); callers await it before dialling. */
  open(): Promise<void>;
  /** Follows the Docker events of the cluster's containers (a RefreshManager's source). */
  readonly containerChanges: ChangeSource;
  /** Closes what open() opened, and the hub unless the caller gave it. */
  dispose(): void;
  /** Observes the cluster (containers included) until it is ready, or the options' condition holds. */
  waitUntilReady(options?: Partial<WaitOptions>): Promise<Readiness>;
  /** The cluster as shape and slot operations work on it (its node containers included). */
  scaleTarget(): ScaleTarget;
  /** Writes a compose folder for the current members to `destination`; returns the compose file's path. */
  exportCompose(destination: string, shapeText: string): string;
}

export interface SetupOptions {
  readonly settings: ClusterSettings;
  readonly password: string;
  /** Folder holding the bundled docker-compose.yml. */
  readonly clusterDirectory: string;
  /** Private folder for the secret files (created 0700). */
  readonly secretsDirectory: string;
  readonly environment?: NodeJS.ProcessEnv;
  /** How snapshots word the problems they carry (settings and actions named as the front end names them). */
  readonly vocabulary?: Vocabulary;
  /** Connections kept across setups of the same cluster (a front end's target outlives a change of settings):
   * pointed at this setup's reach. Without it the setup makes its own and closes it on dispose. */
  readonly hub?: ConnectionHub;
}

export const LOCAL_TARGET_ID = 'local';

/** The plan's nodes with their container state, or why the engine (or the way to its ports) cannot be reached. */
async function localMembers(engine: ClusterEngine, access: PublishedAccess, vocabulary: Vocabulary): Promise<readonly Member[] | { readonly unreachable: string }> {
  try {
    await access.open();
    const statuses = await engine.status();
    return statuses.filter((status) => status.role === 'node').map((status) => ({
      name: status.service,
      announcedAddress: engine.plan.nodes.find((node) => node.name === status.service)?.announcedAddress ?? '',
      containerState: status.state,
    }));
  } catch (error) {
    return { unreachable: describeError(isUserError(error) ? error : await engine.whyUnreachable(error), vocabulary) };
  }
}

export function composeFilePath(clusterDirectory: string): string {
  return join(clusterDirectory, 'docker-compose.yml');
}

/** How many nodes the bundled cluster's network has addresses for: no shape can have more. */
export function nodeRoom(clusterDirectory: string): number {
  return addressPlan(loadCompose(composeFilePath(clusterDirectory), {})).maxNodes;
}

/** Refuses a shape the compose network's address plan has no room for. */
function checkShapeFits(shape: ClusterShape, addresses: AddressPlan): void {
  const nodes = nodeCount(shape);
  if (nodes <= addresses.maxNodes) return;
  throw new UserError('invalidSettings',
    phrase`${setting('shards')} ${shape.shards} with ${setting('replicasPerShard')} ${shape.replicasPerShard} makes ${nodes} nodes, but the address plan of the cluster network has room for ${addresses.maxNodes} (172.19.0.60-65 and .68-.254).`,
    phrase`Use fewer shards or replicas (at most ${addresses.maxNodes} nodes in all).`);
}

/** Why node `index` cannot exist: no address left, or its port or bus port out of range or on the exporter's port. */
function nodeProblemFor(settings: ClusterSettings, addresses: AddressPlan): (index: number) => Phrase | undefined {
  return (index) => {
    const port = settings.basePort + index;
    if (index >= addresses.maxNodes) return phrase`valkey-node-${index} would have no address: the address plan of the cluster network has room for ${addresses.maxNodes} nodes.`;
    if (port + 10000 > 65535) return phrase`valkey-node-${index} would listen on port ${port}, whose bus port ${port + 10000} is above 65535; lower ${setting('basePort')}.`;
    if (settings.enableExporter && port === settings.exporterPort) return phrase`valkey-node-${index} would listen on port ${port}, which ${setting('exporterPort')} takes.`;
    return undefined;
  };
}

export function createClusterSetup(options: SetupOptions): ClusterSetup {
  const problems = validateSettings(options.settings);
  if (problems.length > 0) throw new UserError('invalidSettings', joinPhrases(problems), phrase`Fix it in ${action('openSettings')}.`);
  const settings = options.settings;
  const files = secretFilePaths(options.secretsDirectory);
  // Compose variables come from the settings; the process environment only fills what settings do not set.
  const variables = { ...(options.environment ?? {}), ...composeVariables(settings, files) };
  const seed = loadCompose(composeFilePath(options.clusterDirectory), variables);
  const addresses = addressPlan(seed);
  checkShapeFits(settingsShape(settings), addresses);
  const planFor = (members: Members): Plan => createPlan(composeForMembers(seed, members, settings.basePort), settings.projectName);
  const docker = dockerTarget(settings.dockerHost, options.environment);
  // The engine owns the current plan; the access and the secret files follow it.
  // eslint-disable-next-line prefer-const -- declared first: nodes() and the access read it once it exists
  let engine: ClusterEngine | undefined;
  // Made once the engine exists (its members come from the engine); the engine observes through it.
  // eslint-disable-next-line prefer-const -- declared first: the engine's observe() reads it once it exists
  let collector: SnapshotCollector;
  const nodes = () => engine?.plan.nodes ?? [];
  const access = publishedAccess(nodes, docker, settings.bindAddress, dialAddress(settings), { password: options.password });
  const { reach } = access;
  const hub = options.hub ?? new ConnectionHub();
  hub.use(reach);
  const target: TargetSummary = { id: LOCAL_TARGET_ID, kind: 'local', label: `Local cluster (${settings.projectName})`, where: `${docker.engine.description}; ${access.description}`, readOnly: false };
  engine = new ClusterEngine({
    target: docker,
    planFor,
    shape: settingsShape(settings),
    nodeProblem: nodeProblemFor(settings, addresses),
    reach,
    hub,
    observe: () => collector.collect(),
    openAccess: () => access.open(),
    engineOnThisMachine: engineIsLocal(docker),
    readyTimeoutMs: settings.readyTimeoutSeconds * 1000,
    enableExporter: settings.enableExporter,
    writeSecrets: () => writeSecretFiles(options.secretsDirectory, options.password, nodes()),
  });
  const started = engine;
  const members = () => localMembers(started, access, options.vocabulary ?? PLAIN_WORDS);
  collector = new SnapshotCollector(target, members, hub);
  const waitUntilReady = (wait: Partial<WaitOptions> = {}): Promise<Readiness> =>
    waitForCluster(() => collector.collect(), planExpectation(started.plan), { timeoutMs: settings.readyTimeoutSeconds * 1000, ...wait });
  const scaleTarget = (): ScaleTarget => {
    return {
      summary: target,
      hub,
      observe: () => collector.collect(),
      containers: {
        freeIndices: (count) => started.freeIndices(count),
        nodeProblem: nodeProblemFor(settings, addresses),
        checkCapacity: (count) => started.checkCapacity(count),
        memberCount: () => started.plan.nodes.length,
        createNodes: (indices, replicas, wait) => started.addNodes(indices, replicas, wait),
        removeNodes: (names, removeVolumes, replicas) => started.removeNodes(names, removeVolumes, replicas),
        exclusive: (name, work) => started.exclusive(name, work),
      },
    };
  };
  return {
    settings,
    scaleTarget,
    exportCompose: (destination, shapeText) =>
      exportCompose({ clusterDirectory: options.clusterDirectory, seed, members: planMembers(started.plan), settings, destination, shapeText }),
    get plan() {
      return started.plan;
    },
    planFor,
    nodeProblem: nodeProblemFor(settings, addresses),
    engine: started,
    reach,
    hub,
    collector,
    target,
    members,
    open: () => access.open(),
    containerChanges: (changed) => followContainerEvents({ docker: docker.docker, project: settings.projectName, onEvent: changed, onResumed: changed }),
    dispose: () => {
      access.dispose();
      if (!options.hub) hub.dispose();
    },
    waitUntilReady,
  };
}
