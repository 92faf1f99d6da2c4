// The compose file's one-off init service, which forms and repairs clusters: run to completion in a fresh
// container, its log the result, or the detail of the error when it fails.
import type Docker from 'dockerode';
import { withDeadline } from '../deadline';
import type { Plan, PlannedContainer } from '../compose/plan';
import { UserError, throwIfAborted } from '../errors';
import { action, phrase } from '../wording';
import type { ContainerStarter } from './container-start';
import { containerLogs } from './docker-logs';
import { inspectContainer } from './project-resources';

export function initContainerOf(plan: Plan): PlannedContainer {
  const init = plan.containers.find((container) => container.role === 'init');
  if (!init) throw new UserError('composeUnsupported', 'The compose file has no valkey-cluster-init service.', 'Restore it from the bundled folder.');
  return init;
}

/** Runs the init container (a new one each time) until it exits, or `readyTimeoutMs` and 30 s more have passed. */
export async function runInit(docker: Docker, starter: ContainerStarter, plan: Plan, readyTimeoutMs: number, signal?: AbortSignal): Promise<string> {
  const init = initContainerOf(plan);
  const existing = await inspectContainer(docker, init);
  if (existing) await docker.getContainer(existing.Id).remove({ force: true });
  const container = await docker.createContainer(starter.createOptions(init));
  await starter.start(container, init);
  const abort = () => void container.kill().catch(() => undefined);
  signal?.addEventListener('abort', abort);
  try {
    // The script has its own timeout; this one holds even if the container never exits.
    const waited = container.wait() as Promise<{ StatusCode: number }>;
    const { StatusCode } = await withDeadline(waited, readyTimeoutMs + 30_000, init.containerName, abort);
    throwIfAborted(signal);
    const log = await containerLogs(docker, container, 500);
    if (StatusCode !== 0) {
      const lastLine = log.trim().split('\n').filter(Boolean).pop() ?? 'no output';
      throw new UserError('initFailed', `Cluster init failed (exit code ${StatusCode}): ${lastLine}`,
        phrase`Read the init log (${action('showLogs', init.containerName)}); ${action('remove')} starts over from scratch.`, log);
    }
    return log;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}
