// One node's container, reached through the engine (so a remote engine works too): valkey-cli or a script run in
// it, and the node stopped, started or killed on its own while the rest of the cluster runs.
import type Docker from 'dockerode';
import { UserError } from '../errors';
import { action, phrase } from '../wording';
import type { ContainerStarter } from './container-start';
import { execShell } from './docker-logs';
import { type DockerTarget, assertEngineReachable } from './docker-connection';
import { ignoreNotModified } from './docker-replies';
import type { ClusterMembers } from './members';
import { NodeShell, type ShellHandlers, type TerminalSize, VALKEY_CLI_SCRIPT } from './node-shell';
import { inspectContainer } from './project-resources';

export class NodeContainers {
  constructor(private readonly target: DockerTarget, private readonly members: ClusterMembers, private readonly starter: ContainerStarter) {}

  private get docker(): Docker {
    return this.target.docker;
  }

  /** valkey-cli inside a running node's container, authenticated from the node's own secret file. */
  async openShell(service: string, size: TerminalSize, handlers: ShellHandlers): Promise<NodeShell> {
    if (this.members.planned(service).role !== 'node') throw new UserError('containerMissing', `${service} is not a Valkey node: only nodes have valkey-cli.`);
    const container = await this.nodeContainer(service);
    const info = await container.inspect();
    if (!info.State.Running) {
      throw new UserError('notReady', `${service} is not running (its container is ${info.State.Status}), so there is no valkey-cli to open in it.`,
        phrase`Start it (${action('startNode', service)}) or start the cluster (${action('start')}), then try again.`);
    }
    return NodeShell.open(container, VALKEY_CLI_SCRIPT, size, handlers);
  }

  /** Runs a shell script inside a node container (which reads the password from its own secret file). */
  async exec(service: string, script: string): Promise<{ exitCode: number; output: string }> {
    return execShell(this.docker, await this.nodeContainer(service), script);
  }

  async stop(service: string): Promise<void> {
    await (await this.nodeContainer(service)).stop({ t: this.members.planned(service).stopTimeoutSeconds }).catch(ignoreNotModified);
  }

  async start(service: string): Promise<void> {
    await this.starter.start(await this.nodeContainer(service), this.members.planned(service)).catch(ignoreNotModified);
  }


  private async nodeContainer(service: string): Promise<Docker.Container> {
    await assertEngineReachable(this.target);
    const container = this.members.planned(service);
    if (!(await inspectContainer(this.docker, container))) {
      throw new UserError('containerMissing', `${service} has no container: it was removed outside the extension.`, phrase`Start the cluster to recreate it (${action('start')}).`);
    }
    return this.docker.getContainer(container.containerName);
  }
}
