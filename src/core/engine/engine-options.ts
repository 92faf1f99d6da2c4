// What the setup gives the engine (cluster-setup.ts builds it once per target), and what every long operation
// takes: kept apart from the engine's parts so each of them reads the same options without importing another.
import type { Reach } from '../client/reach';
import type { ConnectionHub } from '../target/hub';
import type { Plan } from '../compose/plan';
import type { ClusterShape, Members } from '../compose/shape';
import type { ClusterSnapshot } from '../../shared/snapshot';
import type { Phrase } from '../wording';
import type { DockerTarget } from './docker-connection';

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
