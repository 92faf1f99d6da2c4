// Turns a ComposeFile into what Docker is asked to create, labelled the way `docker compose` labels its own
// objects so that `docker compose -p <project> ps/stop/down` sees and manages them.
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { UserError } from '../errors';
import type { ComposeFile, ComposeService } from './model';
import { type Members, nodeIndex } from './shape';

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  version: 'com.docker.compose.version',
  configHash: 'com.docker.compose.config-hash',
} as const;

/** The Compose version whose label layout this follows. */
const COMPOSE_VERSION = '2.40.3';

export type ServiceRole = 'node' | 'init' | 'exporter';

export interface NodeEndpoint {
  /** Service and container name, e.g. "valkey-node-0". */
  readonly name: string;
  readonly containerName: string;
  readonly hostPort: number;
  /** The address the node announces to the cluster (container network address). */
  readonly announcedAddress: string;
  /** In host-announce mode, what the node tells its clients instead (the bind address and its host port): what
   * CLUSTER NODES/SLOTS/SHARDS and MOVED show to every IPv4 client. */
  readonly clientAddress?: string;
}

export interface PlannedContainer {
  readonly service: string;
  readonly role: ServiceRole;
  readonly containerName: string;
  readonly image: string;
  readonly dependsOn: ComposeService['dependsOn'];
  readonly stopTimeoutSeconds: number;
  readonly hostPorts: readonly { readonly hostIp: string; readonly hostPort: number }[];
  readonly createOptions: Docker.ContainerCreateOptions;
}

export interface Plan {
  readonly project: string;
  readonly network: { readonly key: string; readonly name: string; readonly createOptions: Docker.NetworkCreateOptions };
  readonly volumes: readonly { readonly key: string; readonly name: string; readonly labels: Record<string, string> }[];
  readonly containers: readonly PlannedContainer[];
  readonly nodes: readonly NodeEndpoint[];
  /** Replicas per primary, as the init service is told (VALKEY_CLUSTER_REPLICAS). */
  readonly replicasPerShard: number;
}

/** The member nodes a plan is made of. */
export function planMembers(plan: Plan): Members {
  return { nodes: plan.nodes.map((node) => nodeIndex(node.name) ?? -1), replicasPerShard: plan.replicasPerShard };
}

function roleOf(service: string): ServiceRole {
  if (/^valkey-node-\d+$/.test(service)) return 'node';
  if (service === 'valkey-cluster-init') return 'init';
  if (service === 'valkey-exporter') return 'exporter';
  throw new UserError('composeUnsupported', `The compose file has the service "${service}", which the extension does not know.`,
    'Keep the services valkey-node-N, valkey-cluster-init and valkey-exporter.');
}

function projectLabels(project: string, compose: ComposeFile): Record<string, string> {
  return { [LABEL.project]: project, [LABEL.workingDir]: compose.directory, [LABEL.configFiles]: compose.path, [LABEL.version]: COMPOSE_VERSION };
}

function containerOptions(project: string, compose: ComposeFile, service: ComposeService, networkName: string): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of service.ports) {
    const key = `${port.containerPort}/tcp`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp, HostPort: String(port.hostPort) });
  }
  const secretMounts = service.secrets.map((name) => {
    const secret = compose.secrets.find((entry) => entry.name === name);
    return { Type: 'bind' as const, Source: secret?.file ?? '', Target: `/run/secrets/${name}`, ReadOnly: true };
  });
  const mounts = service.mounts.map((mount) => ({
    Type: mount.kind,
    Source: mount.kind === 'volume' ? `${project}_${mount.source}` : mount.source,
    Target: mount.target,
    ReadOnly: mount.readOnly,
  }));
  const network = service.networks[0];
  const options: Docker.ContainerCreateOptions = {
    name: service.containerName ?? `${project}-${service.name}-1`,
    Image: service.image,
    Hostname: service.hostname,
    Entrypoint: service.entrypoint ? [...service.entrypoint] : undefined,
    Cmd: service.command ? [...service.command] : undefined,
    Env: Object.entries(service.environment).map(([key, value]) => `${key}=${value}`),
    Labels: {
      ...service.labels,
      ...projectLabels(project, compose),
      [LABEL.service]: service.name,
      [LABEL.number]: '1',
      [LABEL.oneoff]: 'False',
      [LABEL.image]: service.image,
      [LABEL.dependsOn]: service.dependsOn.map((dependency) => `${dependency.service}:${dependency.condition}:false`).join(','),
    },
    ExposedPorts: exposed,
    StopTimeout: service.stopGracePeriodSeconds,
    Healthcheck: service.healthcheck && {
      Test: [...service.healthcheck.test],
      Interval: service.healthcheck.intervalNs,
      Timeout: service.healthcheck.timeoutNs,
      Retries: service.healthcheck.retries,
      StartPeriod: service.healthcheck.startPeriodNs,
    },
    HostConfig: {
      PortBindings: bindings,
      Mounts: [...mounts, ...secretMounts],
      NanoCpus: service.nanoCpus,
      Memory: service.memoryBytes,
      RestartPolicy: { Name: service.restart === 'no' ? '' : service.restart },
      NetworkMode: networkName,
    },
    NetworkingConfig: network && {
      EndpointsConfig: {
        [networkName]: {
          IPAMConfig: network.ipv4Address ? { IPv4Address: network.ipv4Address } : undefined,
          Aliases: [service.name],
        },
      },
    },
  };
  // `docker compose ps/down` only list containers that carry a config hash; ours is of what we create.
  options.Labels![LABEL.configHash] = createHash('sha256').update(JSON.stringify(options)).digest('hex');
  return options;
}

function nodeEndpoint(service: ComposeService, containerName: string): NodeEndpoint {
  const port = service.ports[0];
  const address = service.networks[0]?.ipv4Address;
  const internalPort = Number(service.environment.VALKEY_PORT);
  if (!port || !address || !internalPort) {
    throw new UserError('composeUnsupported', `services.${service.name} needs a published port, a static ipv4_address and VALKEY_PORT.`);
  }
  const endpoint = { name: service.name, containerName, hostPort: port.hostPort, announcedAddress: `${address}:${internalPort}` };
  const clientIp = service.environment.VALKEY_ANNOUNCE_CLIENT_IP;
  return clientIp ? { ...endpoint, clientAddress: `${clientIp}:${service.environment.VALKEY_ANNOUNCE_CLIENT_PORT || internalPort}` } : endpoint;
}

export function createPlan(compose: ComposeFile, project: string): Plan {
  if (compose.networks.length !== 1) throw new UserError('composeUnsupported', 'The compose file must declare exactly one network.');
  const [network] = compose.networks;
  const networkName = `${project}_${network.name}`;
  const containers = compose.services.map((service): PlannedContainer => {
    const createOptions = containerOptions(project, compose, service, networkName);
    return {
      service: service.name,
      role: roleOf(service.name),
      containerName: createOptions.name ?? service.name,
      image: service.image,
      dependsOn: service.dependsOn,
      stopTimeoutSeconds: service.stopGracePeriodSeconds ?? 10,
      hostPorts: service.ports.map(({ hostIp, hostPort }) => ({ hostIp, hostPort })),
      createOptions,
    };
  });
  const nodes = containers
    .filter((container) => container.role === 'node')
    .map((container) => nodeEndpoint(compose.services.find((service) => service.name === container.service)!, container.containerName))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const replicas = compose.services.find((service) => roleOf(service.name) === 'init')?.environment.VALKEY_CLUSTER_REPLICAS ?? '1';
  const replicasPerShard = Number(replicas);
  if (!Number.isInteger(replicasPerShard) || replicasPerShard < 0) {
    throw new UserError('composeUnsupported', `VALKEY_CLUSTER_REPLICAS is "${replicas}"; it must be a whole number (replicas per primary).`);
  }
  return {
    project,
    replicasPerShard,
    network: {
      key: network.name,
      name: networkName,
      createOptions: {
        Name: networkName,
        Driver: network.driver,
        CheckDuplicate: true,
        IPAM: network.subnet ? { Driver: 'default', Config: [{ Subnet: network.subnet }] } : undefined,
        Labels: { ...projectLabels(project, compose), [LABEL.network]: network.name },
      },
    },
    volumes: compose.volumes.map((key) => ({ key, name: `${project}_${key}`, labels: { ...projectLabels(project, compose), [LABEL.volume]: key } })),
    containers,
    nodes,
  };
}
