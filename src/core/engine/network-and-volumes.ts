// The project's network and data volumes, made before its containers when they are missing. A subnet another
// Docker network already holds is refused with the name of that network.
import type Docker from 'dockerode';
import type { Plan } from '../compose/plan';
import { UserError } from '../errors';
import { ofProject } from './project-resources';

export async function ensureNetwork(docker: Docker, network: Plan['network']): Promise<void> {
  const existing = await docker.listNetworks({ filters: { name: [network.name] } });
  if (existing.some((entry) => entry.Name === network.name)) return;
  try {
    await docker.createNetwork(network.createOptions);
  } catch (error) {
    if (!/overlap/i.test((error as Error).message)) throw error;
    const subnet = network.createOptions.IPAM?.Config?.[0]?.Subnet;
    const all = await docker.listNetworks();
    const holder = all.find((entry) => entry.IPAM?.Config?.some((config) => config.Subnet === subnet));
    throw new UserError('invalidSettings', `The subnet ${subnet} is already used by the Docker network "${holder?.Name ?? 'unknown'}".`,
      `Remove that network (docker network rm ${holder?.Name ?? '<name>'}) if nothing uses it, then start again.`);
  }
}

/** Creates the data volumes that are missing; true when none existed (so the nodes will start blank). */
export async function ensureVolumes(docker: Docker, plan: Plan): Promise<boolean> {
  const { Volumes } = await docker.listVolumes({ filters: ofProject(plan.project) });
  const present = new Set((Volumes ?? []).map((volume) => volume.Name));
  const missing = plan.volumes.filter((volume) => !present.has(volume.name));
  await Promise.all(missing.map((volume) => docker.createVolume({ Name: volume.name, Labels: volume.labels })));
  return missing.length === plan.volumes.length;
}
