// The cluster's lifecycle on the Docker engine, the way `docker compose` would run it: Start (images, network,
// volumes, containers, forming, waiting until really ready), Init, Stop and Remove, one at a time.
import type Docker from 'dockerode';
import { formBlankCluster } from '../cluster/form';
import { reintroduceMovedNodes } from '../cluster/peer-addresses';
import { planExpectation, type Readiness, type ReadinessExpectation, readinessOf, waitForCluster, type WaitOptions } from '../cluster/readiness';
import type { PlannedContainer } from '../compose/plan';
import { UserError, throwIfAborted } from '../errors';
import { action, type Phrase, phrase } from '../wording';
import { checkCapacity } from './capacity';
import type { ContainerStarter } from './container-start';
import { ignoreNotFound, ignoreNotModified } from './docker-replies';
import type { EngineOptions, OperationOptions, Progress } from './engine-options';
import { ensureImages } from './images';
import { initContainerOf, runInit } from './init-container';
import type { ClusterMembers } from './members';
import { ensureNetwork, ensureVolumes } from './network-and-volumes';
import type { OperationLock } from './operation-lock';
import { checkPortsFree } from './ports';
import { listProjectContainers, ofProject } from './project-resources';
import { shapeWarning } from './shape-warning';

export interface UpResult {
  readonly alreadyRunning: boolean;
  /** How the cluster came together: it existed, it was formed by direct commands, or the init container repaired it. */
  readonly formed: 'existing' | 'direct' | 'init';
  readonly readiness: Readiness;
  readonly warnings: readonly Phrase[];
}

export class ClusterLifecycle {
  constructor(private readonly options: EngineOptions, private readonly members: ClusterMembers,
    private readonly starter: ContainerStarter, private readonly lock: OperationLock) {}

  private get docker(): Docker {
    return this.options.target.docker;
  }

  private get expectation(): ReadinessExpectation {
    return planExpectation(this.members.plan);
  }

  private waitFor(options: Omit<WaitOptions, 'timeoutMs'>): Promise<Readiness> {
    return waitForCluster(() => this.options.observe(), this.expectation, { timeoutMs: this.options.readyTimeoutMs, ...options });
  }

  up(options: OperationOptions = {}): Promise<UpResult> {
    return this.lock.run('start', () => this.bringUp(options));
  }

  private wanted(): PlannedContainer[] {
    return this.members.plan.containers.filter((container) => container.role === 'node' || (container.role === 'exporter' && this.options.enableExporter));
  }

  private async bringUp({ progress = () => undefined, signal }: OperationOptions): Promise<UpResult> {
    const before = await this.members.status();
    await this.options.openAccess();
    const wanted = this.wanted();
    const existing = (service: string) => before.find((entry) => entry.service === service && entry.state !== 'missing');
    if (wanted.every((container) => existing(container.service)?.state === 'running')) {
      const readiness = readinessOf(await this.options.observe(), this.expectation);
      if (readiness.ready) {
        await this.members.record();
        return { alreadyRunning: true, formed: 'existing', readiness, warnings: [] };
      }
    }
    const warnings: Phrase[] = [];
    await checkCapacity(this.docker, this.members.plan, this.members.plan.nodes.length);
    this.options.writeSecrets();
    progress('Preparing images, network and volumes');
    const plan = this.members.plan;
    const [startable, , freshVolumes] = await Promise.all([
      ensureImages(this.docker, wanted, plan, warnings, progress), ensureNetwork(this.docker, plan.network), ensureVolumes(this.docker, plan)]);
    if (this.options.engineOnThisMachine) await checkPortsFree(startable.filter((container) => existing(container.service)?.state !== 'running'));
    throwIfAborted(signal);
    progress('Starting containers');
    await Promise.all(startable.map((container) => this.starter.ensureStarted(container, existing(container.service), this.members.plan.project)));
    const formed = await this.form(freshVolumes, progress, signal);
    progress('Waiting for all slots and replicas');
    const readiness = await this.waitFor({ signal });
    await this.members.record();
    // A cluster formed just now has the planned shape; right after forming, a node's view may still lack a replica
    // that gossip has not told it of yet, so only a cluster that existed before is compared with the settings.
    const mismatch = formed === 'existing' ? shapeWarning(await this.options.observe(), this.options.shape) : undefined;
    if (mismatch) warnings.push(mismatch);
    return { alreadyRunning: false, formed, readiness, warnings };
  }

  /** Brings the started nodes together: blank ones formed directly (at once when their volumes are new: slots
   * assigned within a primary's first 2 s spare it a node-timeout wait), a half-formed cluster repaired by the init
   * container, nodes back on other addresses met again. */
  private async form(freshVolumes: boolean, progress: Progress, signal?: AbortSignal): Promise<UpResult['formed']> {
    const formDirectly = async () => {
      progress('Forming the cluster');
      await formBlankCluster(this.members.plan.nodes, this.options.reach, this.members.plan.replicasPerShard, { deadline: Date.now() + this.options.readyTimeoutMs, signal });
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
      const moved = await reintroduceMovedNodes(this.members.plan.nodes, this.options.hub);
      if (moved.length > 0) progress(`Telling every node the new address of ${moved.join(', ')}`);
    }
    return 'existing';
  }

  private runInit(signal?: AbortSignal): Promise<string> {
    return runInit(this.docker, this.starter, this.members.plan, this.options.readyTimeoutMs, signal);
  }

  init(options: OperationOptions = {}): Promise<string> {
    return this.lock.run('init', async () => {
      const nodes = await this.members.status();
      const down = nodes.filter((node) => node.role === 'node' && node.state !== 'running');
      if (down.length > 0) {
        throw new UserError('notReady', `Init needs every node running; ${down.map((node) => node.service).join(', ')} ${down.length === 1 ? 'is' : 'are'} not.`,
          phrase`Start the cluster first (${action('start')}).`);
      }
      this.options.writeSecrets();
      await this.options.openAccess();
      options.progress?.(`Running ${initContainerOf(this.members.plan).service}`);
      const log = await this.runInit(options.signal);
      options.progress?.('Waiting for all slots and replicas');
      await this.waitFor({ signal: options.signal });
      return log;
    });
  }

  stop(options: OperationOptions = {}): Promise<void> {
    return this.lock.run('stop', async () => {
      const containers = (await this.members.status()).filter((container) => container.state === 'running' || container.state === 'restarting');
      options.progress?.(`Stopping ${containers.length} containers (nodes write their data to disk first)`);
      await Promise.all(containers.map((container) =>
        this.docker.getContainer(container.containerName).stop({ t: this.members.planned(container.service).stopTimeoutSeconds }).catch(ignoreNotModified)));
    });
  }

  /** Removes the containers and the network; the data volumes only when asked. */
  down(options: OperationOptions & { removeVolumes?: boolean } = {}): Promise<void> {
    return this.lock.run('remove', async () => {
      const project = this.members.plan.project;
      const containers = await listProjectContainers(this.docker, project);
      options.progress?.(`Removing ${containers.length} containers`);
      await Promise.all(containers.map((container) => this.docker.getContainer(container.Id).remove({ force: true }).catch(ignoreNotFound)));
      const networks = await this.docker.listNetworks({ filters: ofProject(project) });
      await Promise.all(networks.map((network) => this.docker.getNetwork(network.Id).remove().catch(ignoreNotFound)));
      if (options.removeVolumes) {
        options.progress?.('Removing data volumes');
        const { Volumes } = await this.docker.listVolumes({ filters: ofProject(project) });
        await Promise.all((Volumes ?? []).map((volume) => this.docker.getVolume(volume.Name).remove().catch(ignoreNotFound)));
      }
    });
  }
}
