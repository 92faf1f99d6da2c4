// A manual, coordinated failover: the replica asks its primary to hand over (CLUSTER FAILOVER), then we wait
// until it reports itself as primary.
import { withNode } from '../client/connect';
import type { Reach } from '../client/reach';
import { UserError } from '../errors';
import { infoString, parseInfo } from './parse';

export async function failoverTo(replica: { readonly name: string; readonly announcedAddress: string }, reach: Reach, timeoutMs = 15_000): Promise<void> {
  await withNode(reach.map(replica.announcedAddress), reach, async (node) => {
    const role = async () => infoString(parseInfo(await node.info('replication')), 'replication', 'role');
    if ((await role()) !== 'slave') throw new UserError('notReady', `${replica.name} is not a replica, so it cannot take over.`);
    await node.cluster('FAILOVER');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await role()) === 'master') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new UserError('notReady', `${replica.name} did not become primary within ${timeoutMs / 1000} s.`,
      'Its primary may be down: check the node logs, or wait for the automatic failover.');
  });
}
