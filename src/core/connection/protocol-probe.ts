// What a port speaks, asked directly when a connection failed in a way that fits TLS on a plain port (the TLS
// handshake gets no answer: a plain Valkey port waits for the end of what it reads as a command) or plain text on
// a TLS port (the server resets the connection). One bounded dial of the same address, nothing else.
import { Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import type { NodeAddress } from '../client/reach';

/** 'plain' when the port answers PING with a RESP reply (+PONG, or an error such as -NOAUTH), 'tls' when it
 * completes a TLS handshake, undefined when it does neither within the time. */
export function probePortProtocol(address: NodeAddress, expectTls: boolean, timeoutMs: number): Promise<'plain' | 'tls' | undefined> {
  return new Promise((resolve) => {
    let socket: Socket | TLSSocket;
    const finish = (result: 'plain' | 'tls' | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    if (expectTls) {
      // TLS was expected and failed: does the port answer plain text?
      socket = new Socket();
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data: Buffer) => finish(/^[+-]/.test(data.toString('latin1')) ? 'plain' : undefined));
      socket.connect(address.port, address.host);
    } else {
      // Plain text was expected and failed: does the port complete a TLS handshake? Nothing is sent over it.
      socket = tlsConnect({ host: address.host, port: address.port, rejectUnauthorized: false });
      socket.once('secureConnect', () => finish('tls'));
    }
    socket.once('error', () => finish(undefined));
    socket.once('close', () => finish(undefined));
  });
}
