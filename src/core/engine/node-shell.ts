// An interactive program in a container, as `docker exec -it` runs it: a TTY exec through dockerode (so remote
// engines work too), raw keystrokes in, raw terminal output out, resized with the terminal. The program reads what
// it needs from the container itself (the node's valkey-cli reads the password from the node's secret file), so
// nothing secret passes through here.
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { withDeadline } from '../deadline';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface ShellHandlers {
  /** What the program writes, for a terminal as it is (it runs on a TTY). */
  readonly output: (text: string) => void;
  /** The program ended (its exit code when the engine reports one). */
  readonly exit: (code: number | undefined) => void;
}

/** valkey-cli in cluster mode on the node's own port, authenticated from the node's secret file: the password is
 * in no argument, neither the exec's nor valkey-cli's. It starts once the TTY has its size (up to a second): the
 * resize can only follow the exec's start, and valkey-cli started on a 0x0 TTY asks the terminal where its cursor
 * is instead of drawing its prompt. */
export const VALKEY_CLI_SCRIPT = 'for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do [ "$(stty size 2>/dev/null)" != "0 0" ] && break; sleep 0.05; done; '
  + 'REDISCLI_AUTH="$(cat /run/secrets/valkey_password)" exec valkey-cli -c -p "$VALKEY_PORT"';

const CALL_TIMEOUT_MS = 15_000;
/** Ctrl+C then Ctrl+D: valkey-cli leaves a running command, then quits at its prompt. */
const QUIT_KEYS = '\x03\x04';

export class NodeShell {
  private closed = false;

  private constructor(private readonly exec: Docker.Exec, private readonly stream: Duplex, handlers: ShellHandlers) {
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => handlers.output(decoder.write(chunk)));
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.closed = true;
      const rest = decoder.end();
      if (rest) handlers.output(rest);
      void withDeadline(exec.inspect(), CALL_TIMEOUT_MS, 'The Docker engine (the shell\'s exit code)').then(
        (info) => handlers.exit(info.ExitCode ?? undefined), () => handlers.exit(undefined));
    };
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
  }

  /** Starts `sh -c script` in the running container on a TTY of `size`. */
  static async open(container: Docker.Container, script: string, size: TerminalSize, handlers: ShellHandlers): Promise<NodeShell> {
    const exec = await withDeadline(container.exec({
      Cmd: ['sh', '-c', script], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Env: ['TERM=xterm-256color'],
    }), CALL_TIMEOUT_MS, 'The Docker engine (creating the shell)');
    const stream = await withDeadline<Duplex>(exec.start({ hijack: true, stdin: true, Tty: true }), CALL_TIMEOUT_MS, 'The Docker engine (starting the shell)');
    const shell = new NodeShell(exec, stream, handlers);
    shell.resize(size);
    return shell;
  }

  /** Keystrokes, as the terminal sends them. */
  write(data: string): void {
    if (!this.closed) this.stream.write(data);
  }

  resize(size: TerminalSize): void {
    if (this.closed || size.columns < 1 || size.rows < 1) return;
    // A failed resize leaves the old size; the program keeps working.
    void withDeadline(this.exec.resize({ h: size.rows, w: size.columns }), CALL_TIMEOUT_MS, 'The Docker engine (resizing the shell)').catch(() => undefined);
  }

  /** Quits the program and closes the connection (the terminal was closed). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.write(QUIT_KEYS);
    this.stream.end();
    setTimeout(() => this.stream.destroy(), 2000).unref();
  }
}
