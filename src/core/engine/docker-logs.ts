// Docker multiplexes stdout/stderr of non-TTY containers into frames: [stream, 0, 0, 0, size (4 bytes BE)] payload.
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';

export function demuxFrames(buffer: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  // Not framed at all (a TTY container): the buffer is the text.
  if (offset !== buffer.length) return buffer.toString('utf8');
  return Buffer.concat(chunks).toString('utf8');
}

export async function containerLogs(container: Docker.Container, tail: number): Promise<string> {
  const raw = await container.logs({ stdout: true, stderr: true, tail, follow: false });
  return demuxFrames(raw);
}

/** Runs `sh -c script` in a running container; returns its combined output and exit code. */
export async function execShell(docker: Docker, container: Docker.Container, script: string): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') };
}
