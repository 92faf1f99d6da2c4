// Finds out, before Docker does, whether a host port is taken, so the error can name the port and the setting.
import { createServer } from 'node:net';
import type { PlannedContainer } from '../compose/plan';
import { UserError } from '../errors';
import { phrase, setting } from '../wording';

export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function isPortConflict(error: unknown): boolean {
  return /port is already allocated|address already in use/i.test((error as Error)?.message ?? '');
}

/** Refuses the first host port of the containers that another program holds (only meaningful for an engine on this machine). */
export async function checkPortsFree(containers: readonly PlannedContainer[]): Promise<void> {
  for (const container of containers) {
    for (const { hostIp, hostPort } of container.hostPorts) {
      if (!(await isPortFree(hostPort, hostIp))) throw portInUse(container, hostPort, hostIp);
    }
  }
}

export function portInUse(container: PlannedContainer, port: number, host: string): UserError {
  const portSetting = setting(container.role === 'exporter' ? 'exporterPort' : 'basePort');
  return new UserError('portInUse', `Port ${port} on ${host} (for ${container.service}) is already in use by another program.`,
    phrase`Stop that program, or change ${portSetting} to a free port.`);
}
