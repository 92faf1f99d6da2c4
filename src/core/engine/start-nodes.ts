// Creates the plan's network, volumes and node containers and starts every node at once, with no init container
// and no exporter: blank nodes for direct formation (formCluster) and the benchmark's floor. The caller writes the
// secret files first, as the engine does before it starts anything.
import type Docker from 'dockerode';
import type { Plan } from '../compose/plan';

export async function startBlankNodes(docker: Docker, plan: Plan): Promise<void> {
  const networks = await docker.listNetworks({ filters: { name: [plan.network.name] } });
  if (!networks.some((network) => network.Name === plan.network.name)) await docker.createNetwork(plan.network.createOptions);
  await Promise.all(plan.volumes.map((volume) => docker.createVolume({ Name: volume.name, Labels: volume.labels })));
  const nodes = plan.containers.filter((container) => container.role === 'node');
  await Promise.all(nodes.map(async (node) => {
    await (await docker.createContainer(node.createOptions)).start();
  }));
}
