// Creates and starts one planned container as compose would: recreated when its settings changed since it was made
// (its data lives in volumes), with bind mounts on an engine of this machine and the same files copied in on
// another machine's engine.
import type Docker from 'dockerode';
import { LABEL, type PlannedContainer } from '../compose/plan';
import { UserError } from '../errors';
import { copyIntoContainer, withoutBindMounts } from './container-files';
import { statusCodeOf } from './docker-replies';
import { isPortConflict, portInUse } from './ports';
import type { ContainerStatus } from './project-resources';

export class ContainerStarter {
  constructor(private readonly docker: Docker, private readonly engineOnThisMachine: boolean) {}

  /** Creates the container when missing or out of date, then starts it if it is not running. `existing` is what the
   * listing at the start of the operation said, so no container is inspected on the way. */
  async ensureStarted(container: PlannedContainer, existing: ContainerStatus | undefined, project: string): Promise<void> {
    let current = existing;
    // Settings changed since it was created (image, ports, secret location...): recreate it; data lives in volumes.
    if (current?.id && current.configHash !== container.createOptions.Labels?.[LABEL.configHash]) {
      await this.docker.getContainer(current.id).remove({ force: true });
      current = undefined;
    }
    if (current?.state === 'running') return;
    const handle = current?.id ? this.docker.getContainer(current.id) : await this.create(container, project);
    try {
      await this.start(handle, container);
    } catch (error) {
      if (isPortConflict(error)) throw portInUse(container, container.hostPorts[0]?.hostPort ?? 0, container.hostPorts[0]?.hostIp ?? '');
      if (statusCodeOf(error) === 304) return; // already started
      throw error;
    }
  }

  /** Bind mounts for an engine on this machine; for another machine's engine the same files are copied in. */
  createOptions(container: PlannedContainer): Docker.ContainerCreateOptions {
    return this.engineOnThisMachine ? container.createOptions : withoutBindMounts(container.createOptions).options;
  }

  /** Starts a container, copying its files in first when the engine cannot mount them (they may have changed). */
  async start(handle: Docker.Container, container: PlannedContainer): Promise<void> {
    if (!this.engineOnThisMachine) await copyIntoContainer(handle, withoutBindMounts(container.createOptions).files);
    await handle.start();
  }

  private async create(container: PlannedContainer, project: string): Promise<Docker.Container> {
    try {
      return await this.docker.createContainer(this.createOptions(container));
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
      // The name is taken by a container of no project of ours (ours would have been listed).
      throw new UserError('invalidSettings', `A container named "${container.containerName}" exists but is not part of the "${project}" cluster.`,
        `Remove it (docker rm -f ${container.containerName}) or stop the other cluster, then start again.`);
    }
  }
}
