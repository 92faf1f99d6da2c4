// Proxies in front of the Docker engine socket that count the connections they carry and note the API requests in
// them: a Docker context pointing at one shows whether a client really honoured the context. (HTTP keep-alive lets
// one connection carry several requests, hence both.) One listens on a unix socket; the other is a TLS endpoint on
// 127.0.0.1 that demands a client certificate, as `dockerd --tlsverify` does.
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';

export interface DockerProxy {
  connections(): number;
  /** "METHOD /path" of every request seen so far, API version prefix removed, e.g. "GET /_ping". */
  requests(): string[];
  close(): Promise<void>;
}

const ENGINE_SOCKET = '/var/run/docker.sock';
const REQUEST_LINE = /^(GET|HEAD|POST|PUT|DELETE) (?:\/v[\d.]+)?(\/[^ ?]*)\S* HTTP\/1\.[01]\r$/gm;

export async function startDockerProxy(): Promise<DockerProxy & { socketPath: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'valkey-docker-proxy-'));
  const socketPath = join(directory, 'docker.sock');
  const proxy = carry(createServer(), 'connection');
  await listen(proxy.server, socketPath);
  return { ...proxy, socketPath, close: () => proxy.close().then(() => rmSync(directory, { recursive: true, force: true })) };
}

/** TLS on 127.0.0.1:<free port> with the given certificate; clients without a certificate signed by `ca` are refused. */
export async function startTlsDockerProxy(tls: Pick<TlsOptions, 'key' | 'cert' | 'ca'>): Promise<DockerProxy & { port: number }> {
  // A TLS server reports a connection once the handshake, client certificate check included, has passed.
  const proxy = carry(createTlsServer({ ...tls, requestCert: true, rejectUnauthorized: true }), 'secureConnection');
  proxy.server.on('tlsClientError', () => undefined);
  await listen(proxy.server, { host: '127.0.0.1', port: 0 });
  return { ...proxy, port: (proxy.server.address() as AddressInfo).port };
}

function carry(server: Server, event: 'connection' | 'secureConnection'): DockerProxy & { server: Server } {
  const open = new Set<Socket>();
  const sent: string[] = [];
  const onConnection = (client: Socket) => {
    const index = sent.push('') - 1;
    client.on('data', (chunk: Buffer) => (sent[index] += chunk.toString('latin1')));
    const engine = connect(ENGINE_SOCKET);
    for (const socket of [client, engine]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
    client.pipe(engine).pipe(client);
  };
  server.on(event, onConnection);
  return {
    server,
    connections: () => sent.length,
    requests: () => sent.flatMap((text) => [...text.matchAll(REQUEST_LINE)].map((match) => `${match[1]} ${match[2]}`)),
    close: () => new Promise<void>((done) => {
      for (const socket of open) socket.destroy();
      server.close(() => done());
    }),
  };
}

function listen(server: Server, where: string | { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, resolve);
  });
}
