// Brings the planned cluster up and down on a Docker engine through dockerode, the way `docker compose` would,
// and knows when it is really ready.
import type Docker from 'dockerode';
import { connectWhenAnswering } from '../client/connect-when-answering';
import type { Reach } from '../client/reach';
import type { ConnectionHub } from '../target/hub';
import { formBlankCluster } from '../cluster/form';
import { reintroduceMovedNodes } from '../cluster/peer-addresses';
import { planExpectation, type Readiness, type ReadinessExpectation, readinessOf, waitForCluster, type WaitOptions } from '../cluster/readiness';
import { withDeadline } from '../deadline';
import { LABEL, type NodeEndpoint, type Plan, type PlannedContainer, planMembers, type ServiceRole } from '../compose/plan';
import { type ClusterShape, type Members, nodeIndex, nodeService, shapeMembers } from '../compose/shape';
import type { ClusterSnapshot, ContainerState } from '../../shared/snapshot';
import { UserError, throwIfAborted } from '../errors';
import { action, type ActionId, type Phrase, phrase, setting, type Term } from '../wording';
import { containerLogs, execShell } from './docker-logs';
import { copyIntoContainer, withoutBindMounts } from './container-files';
import { type DockerTarget, assertEngineReachable } from './docker-connection';
import { LogFollower } from './log-follower';
import { NodeShell, type ShellHandlers, type TerminalSize, VALKEY_CLI_SCRIPT } from './node-shell';
import { isPortConflict, isPortFree } from './ports';
import { readRoster, sameMembers, writeRoster } from './roster';
import { shapeWarning } from './shape-warning';

export type Progress = (message: string) => void;

export interface OperationOptions {
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
}

export interface EngineOptions {
  readonly target: DockerTarget;
  /** The plan for a set of member nodes. */
  readonly planFor: (members: Members) => Plan;
  /** The shape of a new cluster (the settings'). */
  readonly shape: ClusterShape;
  /** Why node `index` cannot be added (its address or ports do not fit), or undefined when it can. */
  readonly nodeProblem: (index: number) => Phrase | undefined;
  readonly reach: Reach;
  /** The target's connections (the views use the same ones). */
  readonly hub: ConnectionHub;
  /** A snapshot from the target's one collector: what Start and Init wait on, as the views see it. */
  readonly observe: () => Promise<ClusterSnapshot>;
  /** Opens what dialling the published ports needs (SSH forwards for a remote engine). */
  readonly openAccess: () => Promise<void>;
  /** The engine sees this machine's files and ports: bind mounts and a port pre-check work. */
  readonly engineOnThisMachine: boolean;
  readonly readyTimeoutMs: number;
  readonly enableExporter: boolean;
  /** (Re)writes the secret files the containers mount; called before anything starts, so a deleted file is restored. */
  readonly writeSecrets: () => void;
}

export interface ContainerStatus {
  readonly service: string;
  readonly role: ServiceRole;
  readonly containerName: string;
  readonly state: ContainerState;
  readonly health?: string;
  readonly id?: string;
  /** The compose config hash it was created with: another one means the settings changed since. */
  readonly configHash?: string;
}

export interface UpResult {
  readonly alreadyRunning: boolean;
  /** How the cluster came together: it existed, it was formed by direct commands, or the init container repaired it. */
  readonly formed: 'existing' | 'direct' | 'init';
  readonly readiness: Readiness;
  readonly warnings: readonly Phrase[];
}

const KNOWN_STATES: ReadonlySet<string> = new Set(['running', 'exited', 'paused', 'restarting', 'created', 'dead']);

export class ClusterEngine {
  private busyWith: ActionId | undefined;
  /** The plan of the current members: the settings' shape until the engine's roster (roster.ts) says otherwise. */
  private current: Plan;

  constructor(private readonly options: EngineOptions) {
    this.current = options.planFor(shapeMembers(options.shape));
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

  /** Records the members (by default the current ones) for every front end (no-op when recorded already). A refresh
   * running meanwhile may adopt the older record for a moment; what is written is what the caller says. */
  private async record(members = planMembers(this.plan)): Promise<void> {
    if (sameMembers(await readRoster(this.docker, this.plan.project), members)) return;
    const labels = this.plan.network.createOptions.Labels ?? {};
    await writeRoster(this.docker, this.plan.project, Object.fromEntries(Object.entries(labels).filter(([key]) => key !== LABEL.network)), members);
  }

  private get expectation(): ReadinessExpectation {
    return planExpectation(this.plan);
  }

  private observe(): Promise<ClusterSnapshot> {
    return this.options.observe();
  }

  private waitFor(options: Omit<WaitOptions, 'timeoutMs'>): Promise<Readiness> {
    return waitForCluster(() => this.observe(), this.expectation, { timeoutMs: this.options.readyTimeoutMs, ...options });
  }

  get plan(): Plan {
    return this.current;
  }

  private get docker(): Docker {
    return this.options.target.docker;
  }

  /** One operation at a time (Start, Stop, a shape change…): a second one while one runs is refused instead of racing it. */
  async exclusive<T>(name: ActionId, work: () => Promise<T>): Promise<T> {
    if (this.busyWith) throw new UserError('busy', phrase`${action(this.busyWith)} is still in progress.`, 'Wait for it to finish, or cancel it.');
    this.busyWith = name;
    try {
      await assertEngineReachable(this.options.target);
      return await work();
    } finally {
      this.busyWith = undefined;
    }
  }

  private wanted(): PlannedContainer[] {
    return this.plan.containers.filter((container) => container.role === 'node' || (container.role === 'exporter' && this.options.enableExporter));
  }

  /** The plan's one-off init service (forms and repairs clusters). */
  private get initContainer(): PlannedContainer {
    const init = this.plan.containers.find((container) => container.role === 'init');
    if (!init) throw new UserError('composeUnsupported', 'The compose file has no valkey-cluster-init service.', 'Restore it from the bundled folder.');
    return init;
  }

  private planned(service: string): PlannedContainer {
    const container = this.plan.containers.find((entry) => entry.service === service);
    if (!container) throw new UserError('containerMissing', `There is no service "${service}" in the cluster.`);
    return container;
  }

  private async listContainers(): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${this.plan.project}`] } });
  }

  async status(): Promise<ContainerStatus[]> {
    const [existing, recorded] = await Promise.all([this.listContainers(), readRoster(this.docker, this.plan.project)]);
    this.follow(recorded, existing);
    return this.plan.containers.map((container) => {
      const info = existing.find((entry) => entry.Labels[LABEL.service] === container.service);
      const health = info && /\((healthy|unhealthy|health: starting)\)/.exec(info.Status)?.[1];
      return {
        service: container.service,
        role: container.role,
        containerName: container.containerName,
        state: !info ? 'missing' : KNOWN_STATES.has(info.State) ? (info.State as ContainerState) : 'dead',
        health: health ?? undefined,
        id: info?.Id,
        configHash: info?.Labels[LABEL.configHash],
      };
    });
  }

  /** Why a Docker call failed, in words for a person: the engine's own explanation when it does not answer. */
  async whyUnreachable(error: unknown): Promise<unknown> {
    try {
      await assertEngineReachable(this.options.target);
      return error;
    } catch (explained) {
      return explained;
    }
  }

  async readiness(): Promise<Readiness> {
    await this.options.openAccess();
    return readinessOf(await this.observe(), this.expectation);
  }

  up(options: OperationOptions = {}): Promise<UpResult> {
    return this.exclusive('start', () => this.bringUp(options));
  }

  private async bringUp({ progress = () => undefined, signal }: OperationOptions): Promise<UpResult> {
    const before = await this.status();
    await this.options.openAccess();
    const wanted = this.wanted();
    const existing = (service: string) => before.find((entry) => entry.service === service && entry.state !== 'missing');
    if (wanted.every((container) => existing(container.service)?.state === 'running')) {
      const readiness = readinessOf(await this.observe(), this.expectation);
      if (readiness.ready) {
        await this.record();
        return { alreadyRunning: true, formed: 'existing', readiness, warnings: [] };
      }
    }
    const warnings: Phrase[] = [];
    await this.checkCapacity(this.plan.nodes.length);
    this.options.writeSecrets();
    progress('Preparing images, network and volumes');
    const [startable, , freshVolumes] = await Promise.all([this.ensureImages(wanted, warnings, progress), this.ensureNetwork(), this.ensureVolumes()]);
    if (this.options.engineOnThisMachine) await this.checkPorts(startable.filter((container) => existing(container.service)?.state !== 'running'));
    throwIfAborted(signal);
    progress('Starting containers');
    await Promise.all(startable.map((container) => this.startContainer(container, existing(container.service))));
    const formed = await this.form(freshVolumes, progress, signal);
    progress('Waiting for all slots and replicas');
    const readiness = await this.waitFor({ signal });
    await this.record();
    // A cluster formed just now has the planned shape; right after forming, a node's view may still lack a replica
    // that gossip has not told it of yet, so only a cluster that existed before is compared with the settings.
    const mismatch = formed === 'existing' ? shapeWarning(await this.observe(), this.options.shape) : undefined;
    if (mismatch) warnings.push(mismatch);
    return { alreadyRunning: false, formed, readiness, warnings };
  }

  /** Refuses a cluster of `nodes` nodes whose memory limits add up to more than the engine's machine has. */
  async checkCapacity(nodes: number): Promise<void> {
    const limit = this.plan.containers.find((container) => container.role === 'node')?.createOptions.HostConfig?.Memory ?? 0;
    if (limit <= 0) return;
    const { MemTotal } = await this.docker.info() as { MemTotal?: number };
    if (!MemTotal || nodes * limit <= MemTotal) return;
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    throw new UserError('invalidSettings',
      phrase`${nodes} nodes of ${mib(limit)} MiB each need ${mib(nodes * limit)} MiB, but the Docker engine has ${mib(MemTotal)} MiB: at most ${Math.floor(MemTotal / limit)} nodes fit.`,
      phrase`Use fewer shards or replicas (${setting('shards')}, ${setting('replicasPerShard')}).`);
  }

  /** Brings the started nodes together: blank ones formed directly (at once when their volumes are new: slots
   * assigned within a primary's first 2 s spare it a node-timeout wait), a half-formed cluster repaired by the init
   * container, nodes back on other addresses met again. */
  private async form(freshVolumes: boolean, progress: Progress, signal?: AbortSignal): Promise<UpResult['formed']> {
    const formDirectly = async () => {
      progress('Forming the cluster');
      await formBlankCluster(this.plan.nodes, this.options.reach, this.plan.replicasPerShard, { deadline: Date.now() + this.options.readyTimeoutMs, signal });
      return 'direct' as const;
    };
    if (freshVolumes) return formDirectly();
    progress('Waiting for the nodes to answer');
    const answering = await this.waitFor({ signal, until: (readiness) => readiness.answering });
    if (answering.blank) return formDirectly();
    if (!answering.formed) {
      progress('Repairing the cluster (init)');
      await this.runInit(signal);
      return 'init';
    }
    if (!answering.ready) {
      const moved = await reintroduceMovedNodes(this.plan.nodes, this.options.hub);
      if (moved.length > 0) progress(`Telling every node the new address of ${moved.join(', ')}`);
    }
    return 'existing';
  }

  /** Creates the data volumes that are missing; true when none existed (so the nodes will start blank). */
  private async ensureVolumes(): Promise<boolean> {
    const { Volumes } = await this.docker.listVolumes({ filters: { label: [`${LABEL.project}=${this.plan.project}`] } });
    const present = new Set((Volumes ?? []).map((volume) => volume.Name));
    const missing = this.plan.volumes.filter((volume) => !present.has(volume.name));
    await Promise.all(missing.map((volume) => this.docker.createVolume({ Name: volume.name, Labels: volume.labels })));
    return missing.length === this.plan.volumes.length;
  }

  /** Images that are present (pulling missing ones); a missing node image stops everything, a missing exporter image only the exporter. */
  private async ensureImages(containers: PlannedContainer[], warnings: Phrase[], progress: Progress): Promise<PlannedContainer[]> {
    const needed = [...new Set([...containers, this.initContainer].map((container) => container.image))];
    const reasons = await Promise.all(needed.map((image) => this.ensureImage(image, progress)));
    const unavailable = new Map(needed.flatMap((image, index) => (reasons[index] ? [[image, reasons[index]] as const] : [])));
    const essential = new Set([...containers.filter((container) => container.role !== 'exporter'), this.initContainer].map((container) => container.image));
    const blocking = [...unavailable].filter(([image]) => essential.has(image));
    if (blocking.length > 0) {
      const [image, reason] = blocking[0];
      throw new UserError('imageMissing', `The image "${image}" is not on this machine and could not be pulled (${reason}).`,
        phrase`Pull or build it yourself (docker pull / docker build), or set ${setting('image')} / ${setting('initImage')} to an image you have.`);
    }
    return containers.filter((container) => {
      if (!unavailable.has(container.image)) return true;
      warnings.push(phrase`The exporter image "${container.image}" is not available (${unavailable.get(container.image) ?? ''}); the cluster runs without metrics. Set ${setting('exporterImage')} or turn off ${setting('enableExporter')}.`);
      return false;
    });
  }

  /** Returns why the image is unavailable, or undefined when it is present (after a pull if needed). */
  private async ensureImage(image: string, progress: Progress): Promise<string | undefined> {
    try {
      await this.docker.getImage(image).inspect();
      return undefined;
    } catch {
      // not present: pull it
    }
    progress(`Pulling ${image}`);
    try {
      const stream = await this.docker.pull(image);
      await new Promise<void>((resolve, reject) => {
        this.docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()),
          (event: { status?: string; progress?: string }) => progress(`Pulling ${image}: ${event.status ?? ''} ${event.progress ?? ''}`.trim()));
      });
      return undefined;
    } catch (error) {
      return (error as Error).message.split('\n')[0];
    }
  }

  private async ensureNetwork(): Promise<void> {
    const { network } = this.plan;
    const existing = await this.docker.listNetworks({ filters: { name: [network.name] } });
    if (existing.some((entry) => entry.Name === network.name)) return;
    try {
      await this.docker.createNetwork(network.createOptions);
    } catch (error) {
      if (!/overlap/i.test((error as Error).message)) throw error;
      const subnet = network.createOptions.IPAM?.Config?.[0]?.Subnet;
      const all = await this.docker.listNetworks();
      const holder = all.find((entry) => entry.IPAM?.Config?.some((config) => config.Subnet === subnet));
      throw new UserError('invalidSettings', `The subnet ${subnet} is already used by the Docker network "${holder?.Name ?? 'unknown'}".`,
        `Remove that network (docker network rm ${holder?.Name ?? '<name>'}) if nothing uses it, then start again.`);
    }
  }

  private portSetting(container: PlannedContainer): Term {
    return setting(container.role === 'exporter' ? 'exporterPort' : 'basePort');
  }

  private async checkPorts(containers: PlannedContainer[]): Promise<void> {
    for (const container of containers) {
      for (const { hostIp, hostPort } of container.hostPorts) {
        if (!(await isPortFree(hostPort, hostIp))) throw this.portInUse(container, hostPort, hostIp);
      }
    }
  }

  private portInUse(container: PlannedContainer, port: number, host: string): UserError {
    return new UserError('portInUse', `Port ${port} on ${host} (for ${container.service}) is already in use by another program.`,
      phrase`Stop that program, or change ${this.portSetting(container)} to a free port.`);
  }

  private async findContainer(container: PlannedContainer): Promise<Docker.ContainerInspectInfo | undefined> {
    try {
      return await this.docker.getContainer(container.containerName).inspect();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Creates the container when missing or out of date, then starts it if it is not running. */
  /** Creates the container when missing or out of date, then starts it if it is not running. `existing` is what the
   * listing at the start of the operation said, so no container is inspected on the way. */
  private async startContainer(container: PlannedContainer, existing: ContainerStatus | undefined): Promise<void> {
    let current = existing;
    // Settings changed since it was created (image, ports, secret location...): recreate it; data lives in volumes.
    if (current?.id && current.configHash !== container.createOptions.Labels?.[LABEL.configHash]) {
      await this.docker.getContainer(current.id).remove({ force: true });
      current = undefined;
    }
    if (current?.state === 'running') return;
    const handle = current?.id ? this.docker.getContainer(current.id) : await this.create(container);
    try {
      await this.start(handle, container);
    } catch (error) {
      if (isPortConflict(error)) throw this.portInUse(container, container.hostPorts[0]?.hostPort ?? 0, container.hostPorts[0]?.hostIp ?? '');
      if ((error as { statusCode?: number }).statusCode === 304) return; // already started
      throw error;
    }
  }

  private async create(container: PlannedContainer): Promise<Docker.Container> {
    try {
      return await this.docker.createContainer(this.createOptions(container));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 409) throw error;
      // The name is taken by a container of no project of ours (ours would have been listed).
      throw new UserError('invalidSettings', `A container named "${container.containerName}" exists but is not part of the "${this.plan.project}" cluster.`,
        `Remove it (docker rm -f ${container.containerName}) or stop the other cluster, then start again.`);
    }
  }

  /** Bind mounts for an engine on this machine; for another machine's engine the same files are copied in. */
  private createOptions(container: PlannedContainer): Docker.ContainerCreateOptions {
    return this.options.engineOnThisMachine ? container.createOptions : withoutBindMounts(container.createOptions).options;
  }

  /** Starts a container, copying its files in first when the engine cannot mount them (they may have changed). */
  private async start(handle: Docker.Container, container: PlannedContainer): Promise<void> {
    if (!this.options.engineOnThisMachine) await copyIntoContainer(handle, withoutBindMounts(container.createOptions).files);
    await handle.start();
  }

  init(options: OperationOptions = {}): Promise<string> {
    return this.exclusive('init', async () => {
      const nodes = await this.status();
      const down = nodes.filter((node) => node.role === 'node' && node.state !== 'running');
      if (down.length > 0) {
        throw new UserError('notReady', `Init needs every node running; ${down.map((node) => node.service).join(', ')} ${down.length === 1 ? 'is' : 'are'} not.`,
          phrase`Start the cluster first (${action('start')}).`);
      }
      this.options.writeSecrets();
      await this.options.openAccess();
      options.progress?.(`Running ${this.initContainer.service}`);
      const log = await this.runInit(options.signal);
      options.progress?.('Waiting for all slots and replicas');
      await this.waitFor({ signal: options.signal });
      return log;
    });
  }

  /** Runs the one-off init container to completion; its log is the result, or the detail of the error. */
  private async runInit(signal?: AbortSignal): Promise<string> {
    const init = this.initContainer;
    const existing = await this.findContainer(init);
    if (existing) await this.docker.getContainer(existing.Id).remove({ force: true });
    const container = await this.docker.createContainer(this.createOptions(init));
    await this.start(container, init);
    const abort = () => void container.kill().catch(() => undefined);
    signal?.addEventListener('abort', abort);
    try {
      // The script has its own timeout; this one holds even if the container never exits.
      const waited = container.wait() as Promise<{ StatusCode: number }>;
      const { StatusCode } = await withDeadline(waited, this.options.readyTimeoutMs + 30_000, init.containerName, abort);
      throwIfAborted(signal);
      const log = await containerLogs(this.docker, container, 500);
      if (StatusCode !== 0) {
        const lastLine = log.trim().split('\n').filter(Boolean).pop() ?? 'no output';
        throw new UserError('initFailed', `Cluster init failed (exit code ${StatusCode}): ${lastLine}`,
          phrase`Read the init log (${action('showLogs', init.containerName)}); ${action('remove')} starts over from scratch.`, log);
      }
      return log;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  stop(options: OperationOptions = {}): Promise<void> {
    return this.exclusive('stop', async () => {
      const containers = (await this.status()).filter((container) => container.state === 'running' || container.state === 'restarting');
      options.progress?.(`Stopping ${containers.length} containers (nodes write their data to disk first)`);
      await Promise.all(containers.map((container) =>
        this.docker.getContainer(container.containerName).stop({ t: this.planned(container.service).stopTimeoutSeconds }).catch(ignoreNotModified)));
    });
  }

  /** Removes the containers and the network; the data volumes only when asked. */
  down(options: OperationOptions & { removeVolumes?: boolean } = {}): Promise<void> {
    return this.exclusive('remove', async () => {
      const containers = await this.listContainers();
      options.progress?.(`Removing ${containers.length} containers`);
      await Promise.all(containers.map((container) => this.docker.getContainer(container.Id).remove({ force: true }).catch(ignoreNotFound)));
      const networks = await this.docker.listNetworks({ filters: { label: [`${LABEL.project}=${this.plan.project}`] } });
      await Promise.all(networks.map((network) => this.docker.getNetwork(network.Id).remove().catch(ignoreNotFound)));
      if (options.removeVolumes) {
        options.progress?.('Removing data volumes');
        const { Volumes } = await this.docker.listVolumes({ filters: { label: [`${LABEL.project}=${this.plan.project}`] } });
        await Promise.all((Volumes ?? []).map((volume) => this.docker.getVolume(volume.Name).remove().catch(ignoreNotFound)));
      }
    });
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
   * recorded as members once they answer. Runs inside an operation that holds exclusive(). */
  async addNodes(indices: readonly number[], replicasPerShard: number, wait: { readonly deadline: number; readonly signal?: AbortSignal }): Promise<NodeEndpoint[]> {
    const members = planMembers(this.plan);
    const next = this.options.planFor({ nodes: [...members.nodes, ...indices].sort((a, b) => a - b), replicasPerShard });
    const services = new Set(indices.map(nodeService));
    const containers = next.containers.filter((container) => services.has(container.service));
    const volumes = next.volumes.filter((volume) => indices.some((index) => volume.key === `valkey-data-${index}`));
    const warnings: Phrase[] = [];
    await this.ensureImages(containers, warnings, () => undefined);
    await Promise.all(volumes.map(async (volume) => {
      await this.docker.getVolume(volume.name).remove().catch(ignoreNotFound);
      await this.docker.createVolume({ Name: volume.name, Labels: volume.labels });
    }));
    if (this.options.engineOnThisMachine) await this.checkPorts(containers);
    this.current = next;
    this.options.writeSecrets();
    await Promise.all(containers.map((container) => this.startContainer(container, undefined)));
    await this.options.openAccess();
    const endpoints = next.nodes.filter((node) => services.has(node.name));
    const clients = await Promise.all(endpoints.map((endpoint) => connectWhenAnswering(endpoint.name, this.options.reach.map(endpoint.announcedAddress), this.options.reach, wait)));
    for (const client of clients) client.disconnect();
    this.current = next;
    await this.record(planMembers(next));
    return endpoints;
  }

  /** Takes nodes out of the members, then removes their containers (and their data volumes when asked). */
  async removeNodes(names: readonly string[], removeVolumes: boolean, replicasPerShard: number): Promise<void> {
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

  async logs(service: string, tail = 300): Promise<string> {
    await assertEngineReachable(this.options.target);
    const container = this.planned(service);
    if (!(await this.findContainer(container))) {
      throw new UserError('containerMissing', `${service} has no container (it was never started or was removed).`, phrase`Start the cluster to create it (${action('start')}).`);
    }
    return containerLogs(this.docker, this.docker.getContainer(container.containerName), tail);
  }

  /** Follows a container's log (its last `tail` lines first) across restarts, until the follower is disposed. */
  async followLogs(service: string, tail: number, write: (terminalText: string) => void): Promise<{ readonly follower: LogFollower; readonly done: Promise<void> }> {
    await assertEngineReachable(this.options.target);
    const follower = new LogFollower({ docker: this.docker, containerName: this.planned(service).containerName, tail, write });
    const { done } = await follower.start();
    return { follower, done };
  }

  /** valkey-cli inside a running node's container, authenticated from the node's own secret file. */
  async openShell(service: string, size: TerminalSize, handlers: ShellHandlers): Promise<NodeShell> {
    if (this.planned(service).role !== 'node') throw new UserError('containerMissing', `${service} is not a Valkey node: only nodes have valkey-cli.`);
    const container = await this.nodeContainer(service);
    const info = await container.inspect();
    if (!info.State.Running) {
      throw new UserError('notReady', `${service} is not running (its container is ${info.State.Status}), so there is no valkey-cli to open in it.`,
        phrase`Start it (${action('startNode', service)}) or start the cluster (${action('start')}), then try again.`);
    }
    return NodeShell.open(container, VALKEY_CLI_SCRIPT, size, handlers);
  }

  private async nodeContainer(service: string): Promise<Docker.Container> {
    await assertEngineReachable(this.options.target);
    const container = this.planned(service);
    if (!(await this.findContainer(container))) {
      throw new UserError('containerMissing', `${service} has no container: it was removed outside the extension.`, phrase`Start the cluster to recreate it (${action('start')}).`);
    }
    return this.docker.getContainer(container.containerName);
  }

  async stopNode(service: string): Promise<void> {
    await (await this.nodeContainer(service)).stop({ t: this.planned(service).stopTimeoutSeconds }).catch(ignoreNotModified);
  }

  async startNode(service: string): Promise<void> {
    await this.start(await this.nodeContainer(service), this.planned(service)).catch(ignoreNotModified);
  }

  async killNode(service: string): Promise<void> {
    await (await this.nodeContainer(service)).kill();
  }

  /** Runs a shell script inside a node container (which reads the password from its own secret file). */
  async execInNode(service: string, script: string): Promise<{ exitCode: number; output: string }> {
    return execShell(this.docker, await this.nodeContainer(service), script);
  }
}

function statusCodeOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** Docker's "already in that state": nothing to do. */
function ignoreNotModified(error: unknown): void {
  if (statusCodeOf(error) !== 304) throw error as Error;
}

function ignoreNotFound(error: unknown): void {
  if (statusCodeOf(error) !== 404) throw error as Error;
}
