// "Ready" means the same thing everywhere (engine, CLI, benchmarks): every node answers PING with the password,
// all 16384 slots are ok, and every primary has a replica whose link is up.
import type { NodeEndpoint } from '../compose/plan';
import { isAuthError, withNode } from '../client/connect';
import type { Reach } from '../client/reach';
import { infoString, parseClusterInfo, parseInfo } from '../cluster/parse';
import { UserError, throwIfAborted } from '../errors';
import { action, phrase, setting } from '../wording';

export interface NodeReadiness {
  readonly name: string;
  readonly answers: boolean;
  readonly error?: string;
  readonly clusterState?: string;
  readonly slotsOk?: number;
  readonly slotsAssigned?: number;
  readonly knownNodes?: number;
  readonly role?: 'master' | 'slave';
  /** Primary: replicas whose state is online. Replica: 1 when its link to the primary is up. */
  readonly linkedReplicas?: number;
  readonly linkUp?: boolean;
}

export interface Readiness {
  readonly ready: boolean;
  /** The cluster exists (nodes know each other, slots assigned), whether or not it is ready yet. */
  readonly formed: boolean;
  /** Every node is blank: never joined a cluster. */
  readonly blank: boolean;
  readonly nodes: readonly NodeReadiness[];
  /** What keeps it from being ready, one sentence each. */
  readonly missing: readonly string[];
}

async function probeNode(node: NodeEndpoint, reach: Reach): Promise<NodeReadiness> {
  try {
    return await withNode(reach.map(node.announcedAddress), reach, async (client) => {
      const [[, pong], [, cluster], [, replication]] = (await client.pipeline().ping().cluster('INFO').info('replication').exec()) as [unknown, string][];
      if (pong !== 'PONG') return { name: node.name, answers: false, error: String(pong) };
      const info = parseInfo(replication);
      const clusterInfo = parseClusterInfo(cluster);
      const role = infoString(info, 'replication', 'role') === 'master' ? 'master' : 'slave';
      const onlineReplicas = Object.entries(info.replication ?? {}).filter(([key, value]) => /^slave\d+$/.test(key) && /state=online/.test(value)).length;
      return {
        name: node.name,
        answers: true,
        clusterState: clusterInfo.state,
        slotsOk: clusterInfo.slotsOk,
        slotsAssigned: clusterInfo.slotsAssigned,
        knownNodes: clusterInfo.knownNodes,
        role,
        linkedReplicas: role === 'master' ? onlineReplicas : undefined,
        linkUp: role === 'slave' ? infoString(info, 'replication', 'master_link_status') === 'up' : undefined,
      };
    });
  } catch (error) {
    return { name: node.name, answers: false, error: (error as Error).message };
  }
}

export async function probeReadiness(nodes: readonly NodeEndpoint[], reach: Reach): Promise<Readiness> {
  const results = await Promise.all(nodes.map((node) => probeNode(node, reach)));
  const missing: string[] = [];
  for (const result of results) {
    if (!result.answers) missing.push(`${result.name} does not answer (${result.error ?? 'no reply'}).`);
    else if (result.clusterState !== 'ok' || result.slotsOk !== 16384) missing.push(`${result.name} sees the cluster as ${result.clusterState} with ${result.slotsOk ?? 0}/16384 slots ok.`);
    else if (result.role === 'master' && !result.linkedReplicas && (result.slotsAssigned ?? 0) > 0) missing.push(`${result.name} (primary) has no replica linked yet.`);
    else if (result.role === 'slave' && !result.linkUp) missing.push(`${result.name} (replica) is not linked to its primary yet.`);
  }
  const answering = results.filter((result) => result.answers);
  const blank = answering.length === results.length && answering.every((result) => result.knownNodes === 1 && result.slotsAssigned === 0);
  const formed = answering.length > 0 && answering.every((result) => result.knownNodes === nodes.length && (result.slotsAssigned ?? 0) > 0);
  return { ready: missing.length === 0, formed, blank, nodes: results, missing };
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly until?: (readiness: Readiness) => boolean;
  readonly pollMs?: number;
  readonly onProgress?: (readiness: Readiness) => void;
}

/** Polls until the condition holds (default: ready); on timeout throws what is still missing. */
export async function waitForReadiness(nodes: readonly NodeEndpoint[], reach: Reach, options: WaitOptions): Promise<Readiness> {
  const until = options.until ?? ((readiness: Readiness) => readiness.ready);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    throwIfAborted(options.signal);
    const readiness = await probeReadiness(nodes, reach);
    if (until(readiness)) return readiness;
    const refused = readiness.nodes.find((node) => isAuthError(node.error));
    if (refused) {
      throw new UserError('wrongPassword', `${refused.name} refuses the password: it runs with a different one.`,
        phrase`Restart the cluster (Stop, then Start) to apply the stored password, or set ${setting('password')} to the one it runs with.`);
    }
    options.onProgress?.(readiness);
    if (Date.now() > deadline) {
      throw new UserError('notReady', `The cluster was not ready after ${Math.round(options.timeoutMs / 1000)} s: ${readiness.missing.join(' ')}`,
        phrase`Check the node logs (${action('showLogs')}), run ${action('init')}, or raise ${setting('readyTimeoutSeconds')}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}
