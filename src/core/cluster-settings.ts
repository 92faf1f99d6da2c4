// What the cluster's settings are, as plain data. Apart from settings.ts (defaults, validation) so that wording.ts
// can name them without importing what words its messages.

export interface ClusterSettings {
  readonly projectName: string;
  readonly bindAddress: string;
  readonly allowRemoteBind: boolean;
  readonly basePort: number;
  readonly exporterPort: number;
  readonly enableExporter: boolean;
  readonly image: string;
  readonly initImage: string;
  readonly exporterImage: string;
  /** The Docker engine: an address (unix://, tcp://, ssh://, npipe://), "context:NAME" or a context name; empty: the
   * engine the docker CLI would use (see engine/engine-resolution.ts). */
  readonly dockerHost: string;
  readonly readyTimeoutSeconds: number;
  /** Nodes tell clients the bind address and their host port (instead of their container address), so a cluster
   * client on the engine's machine follows redirects without an address map. */
  readonly announceHostAddress: boolean;
  /** Shape of a new cluster: primaries, and replicas of each (the seed: 3 × 1). */
  readonly shards: number;
  readonly replicasPerShard: number;
  /** When a node's AOF reaches the disk: "everysec" (a hard kill of the machine can lose about the last second of
   * acknowledged writes) or "always" (fsync before every reply: nothing acknowledged is lost, writes are slower). */
  readonly appendFsync: AppendFsync;
}

export const APPEND_FSYNC_MODES = ['everysec', 'always'] as const;
export type AppendFsync = typeof APPEND_FSYNC_MODES[number];
