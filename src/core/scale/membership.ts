// Nodes joining and leaving a running cluster: CLUSTER MEET a new node in, CLUSTER REPLICATE a new replica to its
// primary, CLUSTER FORGET a removed node on every node that stays (within the 60 s the forget lasts, so gossip does
// not bring it back) and CLUSTER RESET it, so that whatever is left of it (a kept volume) is a blank node.
import { sleep } from '../deadline';
import { UserError } from '../errors';
import { infoString, parseClusterNodes, parseInfo } from '../cluster/parse';
import type { NodeAt, NodeCalls } from './node-calls';

export interface Deadline {
  /** Date.now() after which the step gives up and says what is missing. */
  readonly deadline: number;
  readonly signal?: AbortSignal;
}

const POLL_MS = 100;

async function until(what: string, missing: () => Promise<string | undefined>, wait: Deadline): Promise<void> {
  for (;;) {
    const gap = await missing().catch((error: unknown) => (error as Error).message);
    if (gap === undefined) return;
    if (Date.now() > wait.deadline) throw new UserError('operationFailed', `${what} did not happen in time: ${gap}`);
    await sleep(POLL_MS, wait.signal);
  }
}

/** Ids this node knows with a finished handshake (itself included). */
async function knownIds(calls: NodeCalls, node: NodeAt): Promise<Set<string>> {
  const lines = parseClusterNodes(String(await calls.call(node, 'CLUSTER', 'NODES')));
  return new Set(lines.filter((line) => !line.flags.includes('handshake') && !line.flags.includes('noaddr')).map((line) => line.id));
}

export async function nodeId(calls: NodeCalls, node: NodeAt): Promise<string> {
  return String(await calls.expect(node, 'CLUSTER', 'MYID'));
}

/** Meets each new node (blank) from a member; done when every node, old and new, knows every other. */
export async function joinNodes(calls: NodeCalls, members: readonly NodeAt[], added: readonly NodeAt[], wait: Deadline): Promise<void> {
  const introducer = members[0];
  const ids = new Map<NodeAt, string>();
  for (const node of [...members, ...added]) ids.set(node, await nodeId(calls, node));
  for (const node of added) {
    const self = parseClusterNodes(String(await calls.expect(node, 'CLUSTER', 'NODES'))).find((line) => line.myself);
    const colon = node.announcedAddress.lastIndexOf(':');
    const port = Number(node.announcedAddress.slice(colon + 1));
    await calls.expect(introducer, 'CLUSTER', 'MEET', node.announcedAddress.slice(0, colon), port, self?.busPort || port + 10000);
  }
  const everyone = [...members, ...added];
  await until(`Joining ${added.map((node) => node.name).join(', ')}`, async () => {
    for (const node of everyone) {
      const known = await knownIds(calls, node);
      const unknown = everyone.filter((other) => !known.has(ids.get(other)!));
      if (unknown.length > 0) return `${node.name} does not know ${unknown.map((other) => other.name).join(', ')} yet.`;
    }
    return undefined;
  }, wait);
}

/** Makes `replica` follow the primary with id `primaryId`; done when its replication link is up. */
export async function replicate(calls: NodeCalls, replica: NodeAt, primary: NodeAt & { readonly id: string }, wait: Deadline): Promise<void> {
  await until(`${replica.name} learning about ${primary.name}`, async () => ((await knownIds(calls, replica)).has(primary.id) ? undefined : `${replica.name} does not know ${primary.name}.`), wait);
  await calls.expect(replica, 'CLUSTER', 'REPLICATE', primary.id);
  await until(`${replica.name} replicating ${primary.name}`, async () => {
    const info = parseInfo(String(await calls.call(replica, 'INFO', 'replication')));
    return infoString(info, 'replication', 'master_link_status') === 'up' ? undefined : `its link to ${primary.name} is ${infoString(info, 'replication', 'master_link_status') ?? 'not set up'}.`;
  }, wait);
}

/** Every node that stays forgets the leaving ones; then each leaving node is reset (it forgets the cluster). */
export async function forgetNodes(calls: NodeCalls, staying: readonly NodeAt[], leaving: readonly (NodeAt & { readonly id: string })[], wait: Deadline): Promise<void> {
  const forget = () => Promise.all(staying.map(async (node) => {
    for (const gone of leaving) {
      await calls.call(node, 'CLUSTER', 'FORGET', gone.id).catch((error: unknown) => {
        if (!/unknown node/i.test((error as Error).message)) throw new UserError('operationFailed', `${node.name} refused to forget ${gone.name}: ${(error as Error).message}`);
      });
    }
  }));
  await forget();
  await Promise.all(leaving.map((node) => calls.call(node, 'CLUSTER', 'RESET', 'HARD').catch(() => undefined)));
  await until(`Forgetting ${leaving.map((node) => node.name).join(', ')}`, async () => {
    for (const node of staying) {
      const known = await knownIds(calls, node);
      const still = leaving.filter((gone) => known.has(gone.id));
      if (still.length > 0) {
        await forget();
        return `${node.name} still lists ${still.map((gone) => gone.name).join(', ')}.`;
      }
    }
    return undefined;
  }, wait);
}
