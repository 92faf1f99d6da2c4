// Container logs and one-off commands in containers. Docker multiplexes stdout and stderr of containers without a
// TTY into frames; docker-modem's demuxStream takes them apart (and passes unframed output through as it is).
import type Docker from 'dockerode';
import { PassThrough, Readable } from 'node:stream';

/** Demultiplexes `source` into one stream carrying stdout and stderr in the order they were written. */
export function demuxed(docker: Docker, source: NodeJS.ReadableStream): PassThrough {
  const sink = new PassThrough();
  docker.modem.demuxStream(source, sink, sink);
  const finish = () => sink.end();
  source.on('end', finish);
  source.on('close', finish);
  source.on('error', (error: Error) => sink.destroy(error));
  return sink;
}

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** The last `tail` lines a container wrote (stdout and stderr together). */
export async function containerLogs(docker: Docker, container: Docker.Container, tail: number): Promise<string> {
  const raw = await container.logs({ stdout: true, stderr: true, tail, follow: false });
  return collect(demuxed(docker, Readable.from([raw])));
}

/** Runs `sh -c script` in a running container; returns its combined output and exit code. */
export async function execShell(docker: Docker, container: Docker.Container, script: string): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const output = await collect(demuxed(docker, stream));
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output };
}
