// Whether a cluster of a given size fits the engine's machine: each node has a memory limit, and nodes that together
// ask for more than the machine has would be killed under load, so Start and a grow are refused up front instead.
import type Docker from 'dockerode';
import type { Plan } from '../compose/plan';
import { UserError } from '../errors';
import { phrase, setting } from '../wording';

/** Refuses a cluster of `nodes` nodes whose memory limits add up to more than the engine's machine has. */
export async function checkCapacity(docker: Docker, plan: Plan, nodes: number): Promise<void> {
  const limit = plan.containers.find((container) => container.role === 'node')?.createOptions.HostConfig?.Memory ?? 0;
  if (limit <= 0) return;
  const { MemTotal } = await docker.info() as { MemTotal?: number };
  if (!MemTotal || nodes * limit <= MemTotal) return;
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  throw new UserError('invalidSettings',
    phrase`${nodes} nodes of ${mib(limit)} MiB each need ${mib(nodes * limit)} MiB, but the Docker engine has ${mib(MemTotal)} MiB: at most ${Math.floor(MemTotal / limit)} nodes fit.`,
    phrase`Use fewer shards or replicas (${setting('shards')}, ${setting('replicasPerShard')}).`);
}
