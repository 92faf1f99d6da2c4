// Cluster shapes beyond the seed's 3 primaries × 1 replica. The bundled compose file stays the seed; any other set of
// nodes is the seed extended from its node template (valkey-node-0: same config, scripts, secret, limits, labels):
// node K keeps the seed's own service when the seed has one, otherwise it is the template with port basePort + K
// (bus + 10000), volume valkey-data-K and the next address after the highest one the seed uses (.67, the exporter).
// The init service lists the members (VALKEY_NODES) and the replicas per primary (VALKEY_CLUSTER_REPLICAS).
import type { ComposeFile, ComposeService } from './model';

export interface ClusterShape {
  readonly shards: number;
  readonly replicasPerShard: number;
}

/** Which nodes make up the cluster (node indices, ascending) and the replicas per primary formation aims for. */
export interface Members {
  readonly nodes: readonly number[];
  readonly replicasPerShard: number;
}

export const NODE_SERVICE = /^valkey-node-(\d+)$/;
const DATA_VOLUME = /^valkey-data-(\d+)$/;
const TEMPLATE = 'valkey-node-0';
/** Last host number of the address block the seed's addresses are in. */
const LAST_HOST = 254;

export function nodeCount(shape: ClusterShape): number {
  return shape.shards * (1 + shape.replicasPerShard);
}

/** Nodes 0 … n-1 of a shape: what a new cluster of that shape is made of. */
export function shapeMembers(shape: ClusterShape): Members {
  return { nodes: Array.from({ length: nodeCount(shape) }, (_, index) => index), replicasPerShard: shape.replicasPerShard };
}

export function nodeService(index: number): string {
  return `valkey-node-${index}`;
}

/** Node index of a compose service name, or undefined for other services. */
export function nodeIndex(service: string): number | undefined {
  const match = NODE_SERVICE.exec(service);
  return match ? Number(match[1]) : undefined;
}

function ipv4(service: ComposeService): string {
  const address = service.networks[0]?.ipv4Address;
  if (!address || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) throw new Error(`${service.name} has no static IPv4 address`);
  return address;
}

/** Where nodes live on the compose network: the seed's nodes at their own addresses, more nodes after the highest
 * address any seed service takes, up to .254 of the same /24 block. */
export interface AddressPlan {
  /** Node indices the plan has addresses for: 0 … maxNodes-1. */
  readonly maxNodes: number;
  address(index: number): string;
}

export function addressPlan(seed: ComposeFile): AddressPlan {
  const seedNodes = new Map(seed.services.flatMap((service) => {
    const index = nodeIndex(service.name);
    return index === undefined ? [] : [[index, ipv4(service)] as const];
  }));
  const template = seedNodes.get(0);
  if (!template) throw new Error(`the compose file has no ${TEMPLATE}`);
  const prefix = template.slice(0, template.lastIndexOf('.') + 1);
  const taken = seed.services.flatMap((service) => service.networks.map((network) => network.ipv4Address))
    .filter((address): address is string => address !== undefined && address.startsWith(prefix))
    .map((address) => Number(address.slice(prefix.length)));
  const firstExtra = Math.max(...taken) + 1;
  const seedCount = seedNodes.size;
  return {
    maxNodes: seedCount + Math.max(0, LAST_HOST - firstExtra + 1),
    address: (index) => {
      const own = seedNodes.get(index);
      if (own) return own;
      if (index < seedCount || index >= seedCount + LAST_HOST - firstExtra + 1) throw new Error(`node ${index} has no address in the plan`);
      return `${prefix}${firstExtra + index - seedCount}`;
    },
  };
}

/** The template node service turned into node `index`. */
function nodeFromTemplate(template: ComposeService, index: number, address: string, port: number): ComposeService {
  const name = nodeService(index);
  const rename = (text: string | undefined) => (text === TEMPLATE ? name : text);
  return {
    ...template,
    name,
    containerName: rename(template.containerName),
    hostname: rename(template.hostname),
    environment: { ...template.environment, VALKEY_PORT: String(port), VALKEY_ANNOUNCE_IP: address,
      ...('VALKEY_ANNOUNCE_CLIENT_PORT' in template.environment ? { VALKEY_ANNOUNCE_CLIENT_PORT: String(port) } : {}) },
    ports: template.ports.map((mapping) => ({ ...mapping, hostPort: port, containerPort: port })),
    networks: template.networks.map((network) => ({ ...network, ipv4Address: address })),
    mounts: template.mounts.map((mount) => (mount.kind === 'volume' && DATA_VOLUME.test(mount.source) ? { ...mount, source: `valkey-data-${index}` } : mount)),
  };
}

function announced(service: ComposeService): string {
  return `${ipv4(service)}:${service.environment.VALKEY_PORT}`;
}

/** The seed extended (or cut down) to `members`; basePort is node 0's port. With the seed's own members it returns
 * the seed unchanged, so existing containers keep their configuration. */
export function composeForMembers(seed: ComposeFile, members: Members, basePort: number): ComposeFile {
  const plan = addressPlan(seed);
  const template = seed.services.find((service) => service.name === TEMPLATE);
  if (!template) throw new Error(`the compose file has no ${TEMPLATE}`);
  const nodes = [...members.nodes].sort((a, b) => a - b).map((index) =>
    seed.services.find((service) => service.name === nodeService(index)) ?? nodeFromTemplate(template, index, plan.address(index), basePort + index));
  const first = nodes[0];
  const others = seed.services.filter((service) => nodeIndex(service.name) === undefined).map((service): ComposeService => {
    if (service.name === 'valkey-cluster-init') {
      return {
        ...service,
        environment: { ...service.environment, VALKEY_NODES: nodes.map(announced).join(' '), VALKEY_CLUSTER_REPLICAS: String(members.replicasPerShard) },
        dependsOn: [...service.dependsOn.filter((dependency) => nodeIndex(dependency.service) === undefined),
          ...nodes.map((node) => ({ service: node.name, condition: 'service_healthy' as const }))],
      };
    }
    const withoutNodes = service.dependsOn.filter((dependency) => {
      const index = nodeIndex(dependency.service);
      return index === undefined || members.nodes.includes(index);
    });
    // The exporter follows the first member when the seed's node 0 is not one any more.
    const dependsOn = withoutNodes.length === service.dependsOn.length || !first ? withoutNodes : [...withoutNodes, { service: first.name, condition: 'service_healthy' as const }];
    const command = service.command?.map((argument) => (argument.startsWith('--redis.addr=') && first && !members.nodes.includes(0) ? `--redis.addr=redis://${announced(first)}` : argument));
    return { ...service, dependsOn, ...(command ? { command } : {}) };
  });
  const dataVolumes = nodes.flatMap((node) => node.mounts.filter((mount) => mount.kind === 'volume' && DATA_VOLUME.test(mount.source)).map((mount) => mount.source));
  return {
    ...seed,
    services: [...nodes, ...others],
    volumes: [...seed.volumes.filter((volume) => !DATA_VOLUME.test(volume)), ...dataVolumes],
  };
}
