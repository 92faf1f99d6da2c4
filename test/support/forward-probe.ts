// Run by the engines integration test inside its network namespace, where only the SSH server is reachable: talks
// to the ssh:// engine and to a Valkey published on the engine host through the core's own code, and prints what
// it saw as one JSON line. Usage: forward-probe.js ssh://user@host:port <published port>
import { connect } from 'node:net';
import Valkey from 'iovalkey';
import { dockerTarget } from '../../src/core/engine/docker-connection';
import { sshPortForwarder } from '../../src/core/engine/ssh-forward';

/** "connected", or the error code of a failed TCP connect to 127.0.0.1:port. */
function dial(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => finish('no answer within 3 s'), 3000);
    function finish(outcome: string): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    }
    socket.once('connect', () => finish('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}

async function probe(engineAddress: string, remotePort: number): Promise<Record<string, unknown>> {
  const directDial = await dial(remotePort);
  const engine = dockerTarget(engineAddress);
  const engineId = (await engine.docker.info() as { ID: string }).ID;
  const forwarderErrors: string[] = [];
  const forwarder = sshPortForwarder(engineAddress, { onError: (error) => forwarderErrors.push(error.message) });
  try {
    const localPort = (await forwarder.open([remotePort])).get(remotePort)!;
    const reopened = (await forwarder.open([remotePort])).get(remotePort);
    const valkey = new Valkey({
      host: '127.0.0.1', port: localPort, lazyConnect: true, connectTimeout: 5000, commandTimeout: 5000, maxRetriesPerRequest: 0, retryStrategy: () => null,
    });
    valkey.on('error', () => undefined);
    await valkey.connect();
    const ping = await valkey.ping();
    const tcpPort = Number(/tcp_port:(\d+)/.exec(await valkey.info('server'))?.[1]);
    valkey.disconnect();
    await forwarder.dispose();
    return { directDial, engineId, localPort, reopened, ping, tcpPort, afterDispose: await dial(localPort), forwarderErrors };
  } finally {
    await forwarder.dispose();
  }
}

probe(process.argv[2], Number(process.argv[3])).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: Error) => {
    process.stdout.write(`${JSON.stringify({ error: error.message, action: (error as { action?: string }).action })}\n`);
    process.exit(1);
  },
);
