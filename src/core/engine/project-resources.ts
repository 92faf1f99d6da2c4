// The project's objects as the engine has them: found by the compose project label (so `docker compose` and the
// engine see the same project) or a container by its name, and each planned container's state as Docker reports it.
import type Docker from 'dockerode';
import { LABEL, type Plan, type PlannedContainer, type ServiceRole } from '../compose/plan';
import type { ContainerState } from '../../shared/snapshot';
import { statusCodeOf } from './docker-replies';

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

const KNOWN_STATES: ReadonlySet<string> = new Set(['running', 'exited', 'paused', 'restarting', 'created', 'dead']);

/** The list filter for the project's containers, networks or volumes. */
export function ofProject(project: string): { label: string[] } {
  return { label: [`${LABEL.project}=${project}`] };
}

export function listProjectContainers(docker: Docker, project: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: ofProject(project) });
}

/** Every planned container with what the listing says of it ('missing' when it has no container). */
export function containerStatuses(plan: Plan, existing: readonly Docker.ContainerInfo[]): ContainerStatus[] {
  return plan.containers.map((container) => {
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

/** The container's details, or undefined when no container has its name. */
export async function inspectContainer(docker: Docker, container: PlannedContainer): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(container.containerName).inspect();
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw error;
  }
}
