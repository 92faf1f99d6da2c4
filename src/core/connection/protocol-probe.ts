// A second look at a port when a connection failed without saying why (a reset, a close, a timeout). Three real
// situations look like that, and each probe below tells one apart, with one bounded dial of the same address:
// - TLS to a plain port: the TLS handshake gets no answer (the server waits for the end of what it reads as a
//   command), but the port answers PING in plain text;
// - plain text to a TLS port: the server resets the connection, but the port completes a TLS handshake;
// - a TLS 1.3 server that refuses the client (no client certificate): it sends an alert after the handshake and
//   closes; when the client has already sent AUTH the close becomes a reset that hides the alert. A handshake
//   that sends nothing afterwards receives the alert itself.
import { Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { NodeAddress } from '../client/reach';

export interface PortDiagnosis {
  /** What the port speaks, when that is the opposite of what the connection used. */
  readonly portSpeaks?: 'plain' | 'tls';
  /** The TLS failure a quiet handshake with the connection's own TLS options received. */
  readonly tlsError?: Error;
}

/** Settles once with the first result; the socket is always destroyed, the wait is always bounded. */
function probe<T>(timeoutMs: number, open: (finish: (result: T | undefined) => void) => Socket | TLSSocket): Promise<T | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: T | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const socket = open(finish);
    socket.once('close', () => finish(undefined));
  });
}

/** True when the port answers PING with a RESP reply (+PONG, or an error such as -NOAUTH). */
function answersPlainText(address: NodeAddress, timeoutMs: number): Promise<boolean | undefined> {
  return probe<boolean>(timeoutMs, (finish) => {
    const socket = new Socket();
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data: Buffer) => finish(/^[+-]/.test(data.toString('latin1'))));
    socket.once('error', () => finish(false));
    return socket.connect(address.port, address.host);
  });
}

/** True when the port completes a TLS handshake, certificates unchecked; nothing is sent over it. */
function completesTlsHandshake(address: NodeAddress, timeoutMs: number): Promise<boolean | undefined> {
  return probe<boolean>(timeoutMs, (finish) => {
    const socket = tlsConnect({ host: address.host, port: address.port, rejectUnauthorized: false });
    socket.once('secureConnect', () => finish(true));
    socket.once('error', () => finish(false));
    return socket;
  });
}

/** The TLS error a handshake with these options receives, sending nothing and waiting for the server's verdict. */
function quietTlsError(address: NodeAddress, options: ConnectionOptions, timeoutMs: number): Promise<Error | undefined> {
  return probe<Error>(timeoutMs, (finish) => {
    const socket = tlsConnect({ ...options, host: address.host, port: address.port });
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNRESET' ? undefined : error));
    return socket;
  });
}

export async function diagnosePort(address: NodeAddress, tls: ConnectionOptions | undefined, timeoutMs: number): Promise<PortDiagnosis> {
  if (!tls) return (await completesTlsHandshake(address, timeoutMs)) ? { portSpeaks: 'tls' } : {};
  const [tlsError, plain] = await Promise.all([quietTlsError(address, tls, timeoutMs), answersPlainText(address, timeoutMs)]);
  if (tlsError) return { tlsError };
  return plain ? { portSpeaks: 'plain' } : {};
}
