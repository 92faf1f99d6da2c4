// The logs of the cluster's containers (nodes, init, exporter): the last lines at once, or followed live across
// restarts for a terminal (log-follower.ts).
import type Docker from 'dockerode';
import { UserError } from '../errors';
import { action, phrase } from '../wording';
import { containerLogs } from './docker-logs';
import { type DockerTarget, assertEngineReachable } from './docker-connection';
import { LogFollower } from './log-follower';
import type { ClusterMembers } from './members';
import { inspectContainer } from './project-resources';

export class ServiceLogs {
  constructor(private readonly target: DockerTarget, private readonly members: ClusterMembers) {}

  private get docker(): Docker {
    return this.target.docker;
  }

  async tail(service: string, tail = 300): Promise<string> {
    await assertEngineReachable(this.target);
    const container = this.members.planned(service);
    if (!(await inspectContainer(this.docker, container))) {
      throw new UserError('containerMissing', `${service} has no container (it was never started or was removed).`, phrase`Start the cluster to create it (${action('start')}).`);
    }
    return containerLogs(this.docker, this.docker.getContainer(container.containerName), tail);
  }

  /** Follows a container's log (its last `tail` lines first) across restarts, until the follower is disposed. */
  async follow(service: string, tail: number, write: (terminalText: string) => void): Promise<{ readonly follower: LogFollower; readonly done: Promise<void> }> {
    await assertEngineReachable(this.target);
    const follower = new LogFollower({ docker: this.docker, containerName: this.members.planned(service).containerName, tail, write });
    const { done } = await follower.start();
    return { follower, done };
  }
}
