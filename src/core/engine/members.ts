// Which nodes the cluster is made of, and the plan for them: the settings' shape until the roster the engine keeps
// (roster.ts) or the node containers on it say otherwise. Adding and removing nodes changes the members, and the
// roster records them for every front end.
import type Docker from 'dockerode';
import { connectWhenAnswering } from '../client/connect-when-answering';
import { LABEL, type NodeEndpoint, type Plan, type PlannedContainer, planMembers } from '../compose/plan';
import { type Members, nodeIndex, nodeService, shapeMembers } from '../compose/shape';
import { UserError } from '../errors';
import type { Phrase } from '../wording';
import type { ContainerStarter } from './container-start';
import { ignoreNotFound } from './docker-replies';
import type { EngineOptions } from './engine-options';
import { ensureImages } from './images';
import { checkPortsFree } from './ports';
import { type ContainerStatus, containerStatuses, listProjectContainers } from './project-resources';
import { readRoster, sameMembers, writeRoster } from './roster';

export class ClusterMembers {
  /** The plan of the current members: the settings' shape until the engine's roster says otherwise. */
  private current: Plan;

  constructor(private readonly options: EngineOptions, private readonly starter: ContainerStarter) {
    this.current = options.planFor(shapeMembers(options.shape));
  }

  get plan(): Plan {
    return this.current;
  }

  private get docker(): Docker {
    return this.options.target.docker;
  }

  planned(service: string): PlannedContainer {
    const container = this.plan.containers.find((entry) => entry.service === service);
    if (!container) throw new UserError('containerMissing', `There is no service "${service}" in the cluster.`);
    return container;
  }

  /** Every planned container's state, after taking the members as the roster and the containers say. */
  async status(): Promise<ContainerStatus[]> {
    const [existing, recorded] = await Promise.all([listProjectContainers(this.docker, this.plan.project), readRoster(this.docker, this.plan.project)]);
    this.follow(recorded, existing);
    return containerStatuses(this.plan, existing);
  }

  /** Records the members (by default the current ones) for every front end (no-op when recorded already). A refresh
   * running meanwhile may adopt the older record for a moment; what is written is what the caller says. */
  async record(members = planMembers(this.plan)): Promise<void> {
    if (sameMembers(await readRoster(this.docker, this.plan.project), members)) return;
    const labels = this.plan.network.createOptions.Labels ?? {};
    await writeRoster(this.docker, this.plan.project, Object.fromEntries(Object.entries(labels).filter(([key]) => key !== LABEL.network)), members);
  }

  /** The lowest node numbers that neither a member nor any container of the project has. */
  async freeIndices(count: number): Promise<number[]> {
    const statuses = await this.status();
    const used = new Set([...planMembers(this.plan).nodes, ...statuses.flatMap((status) => nodeIndex(status.service) ?? [])]);
    const free: number[] = [];
    for (let index = 0; free.length < count; index++) if (!used.has(index)) free.push(index);
    return free;
  }

  /** New member nodes on fresh data volumes (a volume left by a node removed earlier is replaced), started and
   * recorded as members once they answer. Runs inside an operation that holds the engine's lock. */
  async add(indices: readonly number[], replicasPerShard: number, wait: { readonly deadline: number; readonly signal?: AbortSignal }): Promise<NodeEndpoint[]> {
    const members = planMembers(this.plan);
    const next = this.options.planFor({ nodes: [...members.nodes, ...indices].sort((a, b) => a - b), replicasPerShard });
    const services = new Set(indices.map(nodeService));
    const containers = next.containers.filter((container) => services.has(container.service));
    const volumes = next.volumes.filter((volume) => indices.some((index) => volume.key === `valkey-data-${index}`));
    const warnings: Phrase[] = [];
    await ensureImages(this.docker, containers, this.plan, warnings, () => undefined);
    await Promise.all(volumes.map(async (volume) => {
      await this.docker.getVolume(volume.name).remove().catch(ignoreNotFound);
      await this.docker.createVolume({ Name: volume.name, Labels: volume.labels });
    }));
    if (this.options.engineOnThisMachine) await checkPortsFree(containers);
    this.current = next;
    this.options.writeSecrets();
    await Promise.all(containers.map((container) => this.starter.ensureStarted(container, undefined, this.plan.project)));
    await this.options.openAccess();
    const endpoints = next.nodes.filter((node) => services.has(node.name));
    const clients = await Promise.all(endpoints.map((endpoint) => connectWhenAnswering(endpoint.name, this.options.reach.map(endpoint.announcedAddress), this.options.reach, wait)));
    for (const client of clients) client.disconnect();
    this.current = next;
    await this.record(planMembers(next));
    return endpoints;
  }

  /** Takes nodes out of the members, then removes their containers (and their data volumes when asked). */
  async remove(names: readonly string[], removeVolumes: boolean, replicasPerShard: number): Promise<void> {
    const members = planMembers(this.plan);
    const leaving = names.map((name) => nodeIndex(name)).filter((index): index is number => index !== undefined);
    const gone = this.plan.containers.filter((container) => names.includes(container.service));
    const volumes = this.plan.volumes.filter((volume) => leaving.some((index) => volume.key === `valkey-data-${index}`));
    const after = this.options.planFor({ nodes: members.nodes.filter((index) => !leaving.includes(index)), replicasPerShard });
    this.current = after;
    await this.record(planMembers(after));
    this.options.writeSecrets();
    await Promise.all(gone.map((container) => this.docker.getContainer(container.containerName).remove({ force: true }).catch(ignoreNotFound)));
    if (removeVolumes) await Promise.all(volumes.map((volume) => this.docker.getVolume(volume.name).remove().catch(ignoreNotFound)));
  }

  /** Takes `members` as the cluster's nodes from now on. */
  private adopt(members: Members): void {
    if (!sameMembers(members, planMembers(this.current))) this.current = this.options.planFor(members);
  }

  /** The recorded members (or the current ones when none are recorded) and any node container of the project beyond
   * them, so that every node that exists is seen. */
  private follow(recorded: Members | undefined, containers: readonly Docker.ContainerInfo[]): void {
    const base = recorded ?? planMembers(this.current);
    const extra = containers.map((info) => nodeIndex(info.Labels[LABEL.service] ?? '')).filter((index): index is number => index !== undefined && !base.nodes.includes(index));
    this.adopt(extra.length === 0 ? base : { ...base, nodes: [...base.nodes, ...extra].sort((a, b) => a - b) });
  }
}
