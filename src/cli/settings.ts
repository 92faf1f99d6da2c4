// The headless CLI's settings: the same variables the bundled compose file reads, plus a few of its own.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../core/errors';
import type { AppendFsync, ClusterSettings } from '../core/cluster-settings';
import { DEFAULT_SETTINGS } from '../core/settings';

/** A whole-number variable, or the fallback when it is unset; anything else is refused naming the variable (its
 * range is checked with the other settings). */
function integer(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = environment[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value.trim())) {
    throw new UserError('invalidSettings', `${name}=${JSON.stringify(value)} is not a whole number: set a whole number, or unset it for the default (${fallback}); nothing was changed.`);
  }
  return Number(value);
}

export function settingsFromEnvironment(environment: NodeJS.ProcessEnv, project?: string): ClusterSettings {
  return {
    ...DEFAULT_SETTINGS,
    projectName: project ?? environment.COMPOSE_PROJECT_NAME ?? DEFAULT_SETTINGS.projectName,
    bindAddress: environment.VALKEY_BIND ?? DEFAULT_SETTINGS.bindAddress,
    allowRemoteBind: environment.VALKEY_ALLOW_REMOTE_BIND === '1',
    basePort: integer(environment, 'VALKEY0_PORT', DEFAULT_SETTINGS.basePort),
    exporterPort: integer(environment, 'VALKEY_EXPORTER_HOST_PORT', DEFAULT_SETTINGS.exporterPort),
    enableExporter: environment.VALKEY_ENABLE_EXPORTER !== '0',
    image: environment.VALKEY_IMAGE ?? DEFAULT_SETTINGS.image,
    initImage: environment.VALKEY_INIT_IMAGE ?? DEFAULT_SETTINGS.initImage,
    exporterImage: environment.VALKEY_EXPORTER_IMAGE ?? DEFAULT_SETTINGS.exporterImage,
    // Empty: the engine the docker CLI would use (DOCKER_HOST, DOCKER_CONTEXT, the current context), found by the core.
    dockerHost: '',
    readyTimeoutSeconds: integer(environment, 'VALKEY_READY_TIMEOUT', DEFAULT_SETTINGS.readyTimeoutSeconds),
    announceHostAddress: environment.VALKEY_ANNOUNCE_HOST_ADDRESS === '1',
    shards: integer(environment, 'VALKEY_SHARDS', DEFAULT_SETTINGS.shards),
    replicasPerShard: integer(environment, 'VALKEY_REPLICAS', DEFAULT_SETTINGS.replicasPerShard),
    // Checked with the other settings (validateSettings), so a wrong value is reported, not silently replaced.
    appendFsync: (environment.VALKEY_APPENDFSYNC || DEFAULT_SETTINGS.appendFsync) as AppendFsync,
  };
}

export function defaultSecretsDirectory(environment: NodeJS.ProcessEnv, project: string): string {
  const stateHome = environment.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(stateHome, 'valkey-cluster', project);
}
