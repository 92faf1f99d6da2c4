// Finds out, before Docker does, whether a host port is taken, so the error can name the port and the setting.
import { createServer } from 'node:net';

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
