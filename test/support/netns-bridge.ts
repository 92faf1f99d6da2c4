// Run inside a network namespace (ip netns exec): listens on the namespace's own 127.0.0.1:<port> and carries each
// connection to a unix socket, whose other end lives outside. Prints "ready" once listening; exits when its stdin
// closes (the test that started it is gone) or on SIGTERM.
import { connect, createServer } from 'node:net';

const [port, socketPath] = [Number(process.argv[2]), process.argv[3]];
const server = createServer((client) => {
  const outside = connect(socketPath);
  client.on('error', () => outside.destroy());
  outside.on('error', () => client.destroy());
  client.pipe(outside).pipe(client);
});
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
