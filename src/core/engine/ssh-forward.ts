// Ports published on an ssh:// engine's host, reached from this machine: one listener on 127.0.0.1:<ephemeral> per
// remote port, each connection carried over one shared SSH connection (direct-tcpip, like `ssh -L`) to
// <remote address>:<port> as seen from the engine host. Opened on demand, reused, closed on dispose.
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { Client, type ClientChannel } from 'ssh2';
import { LOOPBACK } from '../../shared/loopback';
import { UserError } from '../errors';
import { type EngineInputs, systemInputs } from './engine-inputs';
import { parseEngineHost } from './engine-host';
import { SshAccess } from './ssh-access';

export interface ForwardOptions {
  /** Where the engine host publishes the ports, dialled on that host: the bind address; default 127.0.0.1. */
  readonly remoteAddress?: string;
  /** Opening the SSH channel for one connection ends within this; default 10 s. */
  readonly channelTimeoutMs?: number;
  /** Told about a connection that could not be carried (its client sees the connection closed). */
  readonly onError?: (error: UserError) => void;
}

const DEFAULT_CHANNEL_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 5_000;

export class SshPortForwarder {
  private readonly listeners = new Map<number, Promise<{ server: Server; localPort: number }>>();
  private readonly sockets = new Set<Socket>();
  private connection: Promise<Client> | undefined;
  private disposed = false;

  constructor(private readonly access: SshAccess, private readonly options: ForwardOptions = {}) {}

  /** Remote port → local port on 127.0.0.1. Logs in first, so a refused login or unknown host key fails here. */
  async open(remotePorts: readonly number[]): Promise<Map<number, number>> {
    this.assertOpen();
    await this.connect();
    this.assertOpen();
    const opened = await Promise.all(remotePorts.map(async (port) => [port, (await this.listener(port)).localPort] as const));
    return new Map(opened);
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('SshPortForwarder used after dispose');
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const socket of this.sockets) socket.destroy();
    const servers = await Promise.allSettled([...this.listeners.values()]);
    this.listeners.clear();
    const connection = this.connection;
    this.connection = undefined;
    connection?.then((client) => client.end(), () => undefined);
    await Promise.all(servers.flatMap((settled) => (settled.status === 'fulfilled' ? [closeServer(settled.value.server)] : [])));
  }

  private listener(remotePort: number): Promise<{ server: Server; localPort: number }> {
    let pending = this.listeners.get(remotePort);
    if (!pending) {
      pending = new Promise((resolve, reject) => {
        const server = createServer((socket) => void this.carry(socket, remotePort));
        server.once('error', (error) => reject(new UserError('portInUse', `Cannot listen on 127.0.0.1 for the forward of port ${remotePort} (${(error as NodeJS.ErrnoException).code ?? error.message}).`)));
        server.listen(0, LOOPBACK, () => resolve({ server, localPort: (server.address() as AddressInfo).port }));
      });
      this.listeners.set(remotePort, pending);
      pending.catch(() => this.listeners.delete(remotePort));
    }
    return pending;
  }

  /** One SSH connection for every forward; made again when it has dropped. */
  private connect(): Promise<Client> {
    if (this.connection) return this.connection;
    const pending = new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(this.access.explain(error));
      };
      client.once('ready', () => {
        settled = true;
        resolve(client);
      });
      // ssh2 ends a failed handshake with 'error' (its readyTimeout bounds the whole login); a ready connection that
      // drops ends in 'close', and the next forwarded connection logs in again.
      client.on('error', fail);
      client.once('close', () => {
        if (this.connection === pending) this.connection = undefined;
        fail(new Error('the connection closed during the SSH handshake'));
      });
      try {
        client.connect(this.access.config);
      } catch (error) {
        fail(error);
      }
    });
    this.connection = pending;
    pending.catch(() => {
      if (this.connection === pending) this.connection = undefined;
    });
    return pending;
  }

  private async carry(socket: Socket, remotePort: number): Promise<void> {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    try {
      const channel = await this.openChannel(await this.connect(), remotePort, socket);
      if (socket.destroyed) {
        channel.close();
        return;
      }
      channel.on('error', () => socket.destroy());
      channel.once('close', () => socket.destroy());
      socket.once('close', () => channel.close());
      socket.pipe(channel).pipe(socket);
    } catch (error) {
      socket.destroy();
      if (!this.disposed) this.options.onError?.(error instanceof UserError ? error : this.access.explain(error));
    }
  }

  private openChannel(client: Client, remotePort: number, socket: Socket): Promise<ClientChannel> {
    const remoteAddress = this.options.remoteAddress ?? LOOPBACK;
    const timeoutMs = this.options.channelTimeoutMs ?? DEFAULT_CHANNEL_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new UserError('engineUnreachable', `The engine host did not open a channel to ${remoteAddress}:${remotePort} within ${timeoutMs / 1000} s (over SSH ${this.access.target}).`,
          'Check that the engine host is responsive, then try again.'));
      }, timeoutMs);
      client.forwardOut(socket.remoteAddress ?? LOOPBACK, socket.remotePort ?? 0, remoteAddress, remotePort, (error, channel) => {
        clearTimeout(timer);
        if (settled) {
          channel?.close();
          return;
        }
        settled = true;
        if (error) {
          reject(new UserError('engineUnreachable', `The engine host could not connect to ${remoteAddress}:${remotePort} (${error.message}).`,
            'Check that the container publishing that port is running on the engine host, on that address.'));
        } else {
          resolve(channel);
        }
      });
    });
  }
}

/** A forwarder for an engine address such as "ssh://root@10.0.0.2:2222", logging in as the Docker client would. */
export function sshPortForwarder(engineAddress: string, options: ForwardOptions = {}, inputs: EngineInputs = systemInputs()): SshPortForwarder {
  const endpoint = parseEngineHost(engineAddress, 'the forward request');
  if (endpoint.kind !== 'ssh') throw new UserError('invalidSettings', `Port forwarding needs an ssh:// engine address, not "${engineAddress}".`);
  return new SshPortForwarder(new SshAccess(endpoint, inputs), options);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
