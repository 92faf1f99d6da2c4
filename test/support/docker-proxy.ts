// A unix-socket proxy in front of the Docker engine socket that counts the connections it carries and notes the API
// requests in them: a Docker context pointing at it shows whether a client really honoured the context. (HTTP
// keep-alive lets one connection carry several requests, hence both.)
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DockerProxy {
  readonly socketPath: string;
  connections(): number;
  /** "METHOD /path" of every request seen so far, API version prefix removed, e.g. "GET /_ping". */
  requests(): string[];
  close(): Promise<void>;
}

export function startDockerProxy(engineSocket = '/var/run/docker.sock'): Promise<DockerProxy> {
  const directory = mkdtempSync(join(tmpdir(), 'valkey-docker-proxy-'));
  const socketPath = join(directory, 'docker.sock');
  const open = new Set<Socket>();
  let count = 0;
  const sent: string[] = [];
  const server = createServer((client) => {
    count += 1;
    const index = sent.push('') - 1;
    client.on('data', (chunk: Buffer) => (sent[index] += chunk.toString('latin1')));
    const engine = connect(engineSocket);
    for (const socket of [client, engine]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
    client.pipe(engine).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve({
      socketPath,
      connections: () => count,
      requests: () => sent.flatMap((text) => [...text.matchAll(/^(GET|HEAD|POST|PUT|DELETE) (?:\/v[\d.]+)?(\/[^ ?]*)\S* HTTP\/1\.[01]\r$/gm)].map((match) => `${match[1]} ${match[2]}`)),
      close: () => new Promise<void>((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => {
          rmSync(directory, { recursive: true, force: true });
          done();
        });
      }),
    }));
  });
}
