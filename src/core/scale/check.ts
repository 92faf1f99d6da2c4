// The check after every operation, what `valkey-cli --cluster check` looks at, asked of every member directly:
// each sees the cluster ok with all 16384 slots assigned and ok, no slot is open (MIGRATING/IMPORTING), no atomic
// migration is still running, and all agree on which node serves which slots. Gossip needs a moment after a change,
// so it is asked again until it holds or the deadline passes.
import { sleep } from '../deadline';
import { parseClusterInfo, parseClusterNodes } from '../cluster/parse';
import { FINISHED_STATES, parseSlotMigrations } from '../cluster/parse-migrations';
import { formatSlotRanges } from '../../shared/present';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import type { NodeAt, NodeCalls } from './node-calls';

export interface ClusterCheck {
  readonly ok: boolean;
  /** One sentence each; empty when ok. */
  readonly problems: readonly string[];
}

async function nodeProblems(calls: NodeCalls, node: NodeAt): Promise<{ problems: string[]; slotMap?: string }> {
  const replies = await calls.pipeline(node, [['CLUSTER', 'INFO'], ['CLUSTER', 'NODES'], ['CLUSTER', 'GETSLOTMIGRATIONS']]);
  const [[infoError, info], [nodesError, nodes], [, migrations]] = replies;
  if (infoError || nodesError) return { problems: [`${node.name} did not answer CLUSTER INFO / NODES (${(infoError ?? nodesError)!.message}).`] };
  const problems: string[] = [];
  const cluster = parseClusterInfo(String(info));
  if (cluster.state !== 'ok' || cluster.slotsAssigned !== TOTAL_SLOTS || cluster.slotsOk !== TOTAL_SLOTS) {
    problems.push(`${node.name} sees the cluster ${cluster.state} with ${cluster.slotsAssigned} slots assigned and ${cluster.slotsOk} ok.`);
  }
  const text = String(nodes);
  const self = text.split('\n').find((line) => line.includes('myself'));
  const open = self?.split(/\s+/).filter((token) => token.startsWith('['));
  if (open && open.length > 0) problems.push(`${node.name} has open slots: ${open.slice(0, 5).join(' ')}${open.length > 5 ? ' …' : ''}.`);
  const running = parseSlotMigrations(migrations).filter((job) => !FINISHED_STATES.has(job.state));
  if (running.length > 0) problems.push(`${node.name} still runs a slot migration (${running.map((job) => `${job.operation} ${formatSlotRanges(job.ranges, 3)}: ${job.state}`).join('; ')}).`);
  const lines = parseClusterNodes(text).filter((line) => line.role === 'primary' && line.slots.length > 0);
  const slotMap = lines.map((line) => `${line.id}:${formatSlotRanges(line.slots)}`).sort().join('|');
  return { problems, slotMap };
}

async function checkOnce(calls: NodeCalls, members: readonly NodeAt[]): Promise<ClusterCheck> {
  const results = await Promise.all(members.map((node) => nodeProblems(calls, node).catch((error: unknown) => ({ problems: [`${node.name} does not answer (${(error as Error).message}).`], slotMap: undefined }))));
  const problems = results.flatMap((result) => result.problems);
  const maps = new Set(results.map((result) => result.slotMap).filter((map): map is string => map !== undefined));
  if (maps.size > 1) problems.push('The nodes do not yet agree on which node serves which slots.');
  return { ok: problems.length === 0, problems };
}

/** Asks until the cluster passes or `timeoutMs` is over; the last answer either way. */
export async function checkCluster(calls: NodeCalls, members: readonly NodeAt[], timeoutMs = 30_000): Promise<ClusterCheck> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const check = await checkOnce(calls, members);
    if (check.ok || Date.now() > deadline) return check;
    await sleep(200);
  }
}
