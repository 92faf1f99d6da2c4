// A manual, coordinated failover: the replica asks its primary to hand over (CLUSTER FAILOVER), then we wait
// until it reports itself as primary. Over the target's hub, like every other question to a node.
import { UserError } from '../errors';
import type { ConnectionHub } from '../target/hub';
import { infoString, parseInfo } from './parse';

export async function failoverTo(replica: { readonly name: string; readonly announcedAddress: string }, hub: ConnectionHub, timeoutMs = 15_000): Promise<void> {
  const address = hub.reach.map(replica.announcedAddress);
  const role = async () => infoString(parseInfo(await hub.run(address, (node) => node.info('replication'))), 'replication', 'role');
  if ((await role()) !== 'slave') throw new UserError('notReady', `${replica.name} is not a replica, so it cannot take over.`);
  await hub.run(address, (node) => node.cluster('FAILOVER'));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await role()) === 'master') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new UserError('notReady', `${replica.name} did not become primary within ${timeoutMs / 1000} s.`,
    'Its primary may be down: check the node logs, or wait for the automatic failover.');
}
