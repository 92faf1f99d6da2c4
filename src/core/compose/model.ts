// The part of the Compose specification the engine executes, after parsing and interpolation.

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface PortMapping {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
}

export interface Mount {
  readonly kind: 'volume' | 'bind';
  /** Volume key (as declared under top-level volumes) or absolute host path. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface Healthcheck {
  readonly test: readonly string[];
  readonly intervalNs: number;
  readonly timeoutNs: number;
  readonly retries: number;
  readonly startPeriodNs: number;
}

export interface ComposeService {
  readonly name: string;
  readonly image: string;
  readonly containerName?: string;
  readonly hostname?: string;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly PortMapping[];
  readonly mounts: readonly Mount[];
  readonly networks: readonly { readonly name: string; readonly ipv4Address?: string }[];
  readonly secrets: readonly string[];
  readonly healthcheck?: Healthcheck;
  readonly nanoCpus?: number;
  readonly memoryBytes?: number;
  readonly dependsOn: readonly { readonly service: string; readonly condition: DependencyCondition }[];
  readonly restart: string;
  readonly stopGracePeriodSeconds?: number;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ComposeNetwork {
  readonly name: string;
  readonly driver: string;
  readonly subnet?: string;
}

export interface ComposeFile {
  /** Absolute path of the compose file, and its folder (relative paths are resolved against it). */
  readonly path: string;
  readonly directory: string;
  readonly services: readonly ComposeService[];
  readonly networks: readonly ComposeNetwork[];
  readonly volumes: readonly string[];
  readonly secrets: readonly { readonly name: string; readonly file: string }[];
}
