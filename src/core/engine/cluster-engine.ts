// The local cluster's engine as the front ends, the setup and the tests use it: one object per target that hands each
// call to the part with that job: lifecycle.ts (Start, Init, Stop, Remove), members.ts (which nodes, adding and
// removing them), service-logs.ts (logs) and node-containers.ts (shell, exec, one node's stop, start and kill).
import type { NodeEndpoint, Plan } from '../compose/plan';
import type { ActionId } from '../wording';
import { checkCapacity } from './capacity';
import { ContainerStarter } from './container-start';
import { whyUnreachable } from './docker-connection';
import type { EngineOptions, OperationOptions } from './engine-options';
import { ClusterLifecycle, type UpResult } from './lifecycle';
import type { LogFollower } from './log-follower';
import { ClusterMembers } from './members';
import { NodeContainers } from './node-containers';
import type { NodeShell, ShellHandlers, TerminalSize } from './node-shell';
import { OperationLock } from './operation-lock';
import type { ContainerStatus } from './project-resources';
import { ServiceLogs } from './service-logs';

export type { EngineOptions, OperationOptions, Progress } from './engine-options';
export type { UpResult } from './lifecycle';

export class ClusterEngine {
  private readonly lock: OperationLock;
  private readonly members: ClusterMembers;
  private readonly lifecycle: ClusterLifecycle;
  private readonly serviceLogs: ServiceLogs;
  private readonly nodes: NodeContainers;

  constructor(private readonly options: EngineOptions) {
    const starter = new ContainerStarter(options.target.docker, options.engineOnThisMachine);
    this.lock = new OperationLock(options.target);
    this.members = new ClusterMembers(options, starter);
    this.lifecycle = new ClusterLifecycle(options, this.members, starter, this.lock);
    this.serviceLogs = new ServiceLogs(options.target, this.members);
    this.nodes = new NodeContainers(options.target, this.members, starter);
  }

  /** The plan of the current members (it follows the cluster as it grows and shrinks). */
  get plan(): Plan {
    return this.members.plan;
  }

  /** One operation at a time (Start, Stop, a shape change…): a second one while one runs is refused instead of racing it. */
  exclusive<T>(name: ActionId, work: () => Promise<T>): Promise<T> {
    return this.lock.run(name, work);
  }

  status(): Promise<ContainerStatus[]> {
    return this.members.status();
  }

  /** Why a Docker call failed, in words for a person: the engine's own explanation when it does not answer. */
  whyUnreachable(error: unknown): Promise<unknown> {
    return whyUnreachable(this.options.target, error);
  }

  up(options: OperationOptions = {}): Promise<UpResult> {
    return this.lifecycle.up(options);
  }

  init(options: OperationOptions = {}): Promise<string> {
    return this.lifecycle.init(options);
  }

  stop(options: OperationOptions = {}): Promise<void> {
    return this.lifecycle.stop(options);
  }

  /** Removes the containers and the network; the data volumes only when asked. */
  down(options: OperationOptions & { removeVolumes?: boolean } = {}): Promise<void> {
    return this.lifecycle.down(options);
  }

  /** Refuses a cluster of `nodes` nodes whose memory limits add up to more than the engine's machine has. */
  checkCapacity(nodes: number): Promise<void> {
    return checkCapacity(this.options.target.docker, this.plan, nodes);
  }

  freeIndices(count: number): Promise<number[]> {
    return this.members.freeIndices(count);
  }

  /** Runs inside an operation that holds exclusive(). */
  addNodes(indices: readonly number[], replicasPerShard: number, wait: { readonly deadline: number; readonly signal?: AbortSignal }): Promise<NodeEndpoint[]> {
    return this.members.add(indices, replicasPerShard, wait);
  }

  removeNodes(names: readonly string[], removeVolumes: boolean, replicasPerShard: number): Promise<void> {
    return this.members.remove(names, removeVolumes, replicasPerShard);
  }

  logs(service: string, tail = 300): Promise<string> {
    return this.serviceLogs.tail(service, tail);
  }

  followLogs(service: string, tail: number, write: (terminalText: string) => void): Promise<{ readonly follower: LogFollower; readonly done: Promise<void> }> {
    return this.serviceLogs.follow(service, tail, write);
  }

  openShell(service: string, size: TerminalSize, handlers: ShellHandlers): Promise<NodeShell> {
    return this.nodes.openShell(service, size, handlers);
  }

  execInNode(service: string, script: string): Promise<{ exitCode: number; output: string }> {
    return this.nodes.exec(service, script);
  }

  stopNode(service: string): Promise<void> {
    return this.nodes.stop(service);
  }

  startNode(service: string): Promise<void> {
    return this.nodes.start(service);
  }
}
