// Builds the core objects from settings and a password: the one place the compose file, the plan, the secret
// files and the engine are wired together (used by the extension, the CLI and the tests alike).
import { join } from 'node:path';
import type { Reach } from './client/reach';
import { type Member, type MemberSource, SnapshotCollector } from './cluster/collect';
import { planExpectation, type Readiness, waitForCluster, type WaitOptions } from './cluster/readiness';
import type { TargetSummary } from '../shared/snapshot';
import { loadCompose } from './compose/load';
import { createPlan, type Plan } from './compose/plan';
import { dockerTarget } from './engine/docker-connection';
import { ClusterEngine } from './engine/cluster-engine';
import { engineIsLocal, type PublishedAccess, publishedAccess } from './engine/published-access';
import { describeError, isUserError, UserError } from './errors';
import { action, joinPhrases, phrase, PLAIN_WORDS, type Vocabulary } from './wording';
import { secretFilePaths, writeSecretFiles } from './secrets';
import { type ClusterSettings, composeVariables, dialAddress, validateSettings } from './settings';

export interface ClusterSetup {
  readonly settings: ClusterSettings;
  readonly plan: Plan;
  readonly engine: ClusterEngine;
  readonly reach: Reach;
  /** What the views show this cluster as. */
  readonly target: TargetSummary;
  /** The plan's nodes with their container state, for the snapshot collector. */
  readonly members: MemberSource;
  /** Opens what dialling the nodes needs (SSH forwards to a remote engine); callers await it before dialling. */
  open(): Promise<void>;
  /** Closes what open() opened. */
  dispose(): void;
  /** Observes the cluster (containers included) until it is ready, or the options' condition holds. */
  waitUntilReady(options?: Partial<WaitOptions>): Promise<Readiness>;
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

export function createClusterSetup(options: SetupOptions): ClusterSetup {
  const problems = validateSettings(options.settings);
  if (problems.length > 0) throw new UserError('invalidSettings', joinPhrases(problems), phrase`Fix it in ${action('openSettings')}.`);
  const settings = options.settings;
  const files = secretFilePaths(options.secretsDirectory);
  // Compose variables come from the settings; the process environment only fills what settings do not set.
  const variables = { ...(options.environment ?? {}), ...composeVariables(settings, files) };
  const plan = createPlan(loadCompose(composeFilePath(options.clusterDirectory), variables), settings.projectName);
  const docker = dockerTarget(settings.dockerHost, options.environment);
  const access = publishedAccess(plan.nodes, docker, settings.bindAddress, dialAddress(settings), { password: options.password });
  const { reach } = access;
  const target: TargetSummary = { id: LOCAL_TARGET_ID, kind: 'local', label: `Local cluster (${settings.projectName})`, where: `${docker.engine.description}; ${access.description}`, readOnly: false };
  const engine = new ClusterEngine({
    target: docker,
    summary: target,
    plan,
    reach,
    openAccess: () => access.open(),
    engineOnThisMachine: engineIsLocal(docker),
    readyTimeoutMs: settings.readyTimeoutSeconds * 1000,
    enableExporter: settings.enableExporter,
    writeSecrets: () => writeSecretFiles(options.secretsDirectory, options.password, plan.nodes),
  });
  const members = () => localMembers(engine, access, options.vocabulary ?? PLAIN_WORDS);
  const waitUntilReady = async (wait: Partial<WaitOptions> = {}): Promise<Readiness> => {
    const collector = new SnapshotCollector(target, members, reach);
    try {
      return await waitForCluster(() => collector.collect(), planExpectation(plan), { timeoutMs: settings.readyTimeoutSeconds * 1000, ...wait });
    } finally {
      collector.dispose();
    }
  };
  return { settings, plan, engine, reach, target, members, open: () => access.open(), dispose: () => access.dispose(), waitUntilReady };
}
