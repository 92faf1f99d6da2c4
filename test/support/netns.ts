// A network namespace for the client side of the remote-engine tests: its own loopback and no route anywhere, so a
// program run inside cannot reach the host's 127.0.0.1. One TCP port can be bridged in on purpose: a listener on
// the namespace's 127.0.0.1:<port> (netns-bridge.js, run inside) carries connections over a unix socket (unix
// sockets ignore network namespaces) to this process, which dials 127.0.0.1:<target port> on the host.
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type RunResult, runChecked, stopProcess, waitFor } from './processes';

export interface Netns {
  readonly name: string;
  /** Runs a program inside the namespace to its end (killed by pid at the deadline). */
  run(command: string, args: readonly string[], options?: SpawnOptions & { timeoutMs?: number }): Promise<RunResult>;
  /** 127.0.0.1:port inside the namespace leads to 127.0.0.1:targetPort on the host; nothing else does. */
  bridgePort(port: number, targetPort: number): Promise<void>;
  /** Stops the bridges (by pid) and deletes the namespace. */
  close(): Promise<void>;
}

let created = 0;

export async function createNetns(): Promise<Netns> {
  const name = `vk-engines-${process.pid}-${++created}`;
  const directory = mkdtempSync(join(tmpdir(), 'valkey-netns-'));
  await runChecked('ip', ['netns', 'add', name]);
  const bridges: ChildProcess[] = [];
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const close = async () => {
    await Promise.all(bridges.map((bridge) => stopProcess(bridge)));
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await runChecked('ip', ['netns', 'delete', name]);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await runChecked('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (error) {
    await close();
    throw error;
  }

  async function bridgePort(port: number, targetPort: number): Promise<void> {
    const socketPath = join(directory, `bridge-${port}.sock`);
    const server = createServer((inside) => {
      const host = connect({ host: '127.0.0.1', port: targetPort });
      for (const socket of [inside, host]) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      }
      inside.on('error', () => host.destroy());
      host.on('error', () => inside.destroy());
      inside.pipe(host).pipe(inside);
    });
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, resolve);
    });
    const bridge = spawn('ip', ['netns', 'exec', name, process.execPath, join(__dirname, 'netns-bridge.js'), String(port), socketPath],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    bridges.push(bridge);
    let output = '';
    bridge.stdout.on('data', (chunk) => (output += chunk));
    bridge.stderr.on('data', (chunk) => (output += chunk));
    await waitFor(() => {
      if (bridge.exitCode !== null) throw new Error(`the bridge into ${name} exited with ${bridge.exitCode}: ${output}`);
      return output.includes('ready');
    }, 10_000, () => `the bridge into ${name} did not listen on 127.0.0.1:${port} within 10 s: ${output}`);
  }

  return {
    name,
    run: (command, args, options = {}) => run('ip', ['netns', 'exec', name, command, ...args], options),
    bridgePort,
    close,
  };
}
