// Where Podman serves its Docker-compatible API, in the places Podman's own documentation and `podman machine start`
// point its users to:
//   Linux, rootless  $XDG_RUNTIME_DIR/podman/podman.sock (systemctl --user enable --now podman.socket)
//   Linux, rootful   /run/podman/podman.sock (systemctl enable --now podman.socket)
//   macOS            a podman machine's API socket: $TMPDIR/podman/<machine>-api.sock (Podman 5: what `podman machine
//                    inspect` reports as ConnectionInfo.PodmanSocket), or
//                    ~/.local/share/containers/podman/machine/<machine>/podman.sock (Podman 4)
//   Windows          the default podman machine's named pipe, \\.\pipe\podman-machine-default
// Only sockets that exist are returned; whether Podman answers on them is for the connection to find out.
import { join, posix } from 'node:path';
import type { EngineInputs } from './engine-inputs';

export type PodmanKind = 'rootless' | 'rootful' | 'machine';

export interface PodmanSocket {
  /** The address, as the Docker engine setting takes it. */
  readonly host: string;
  readonly kind: PodmanKind;
  /** The podman machine's name, for kind 'machine'. */
  readonly machine?: string;
}

const DEFAULT_MACHINE = 'podman-machine-default';
const MACHINE_API_SOCKET = /^(.+)-api\.sock$/;

/** The Podman sockets on this machine, the one a user most likely means first. */
export function podmanSockets(inputs: EngineInputs): PodmanSocket[] {
  switch (inputs.platform) {
    case 'win32': {
      const pipe = `//./pipe/${DEFAULT_MACHINE}`;
      return inputs.exists(pipe) ? [{ host: `npipe://${pipe}`, kind: 'machine', machine: DEFAULT_MACHINE }] : [];
    }
    case 'darwin':
      return machineSockets(inputs);
    default: {
      const runtime = inputs.env.XDG_RUNTIME_DIR;
      const candidates: PodmanSocket[] = [
        ...(runtime ? [{ host: `unix://${posix.join(runtime, 'podman', 'podman.sock')}`, kind: 'rootless' as const }] : []),
        { host: 'unix:///run/podman/podman.sock', kind: 'rootful' },
      ];
      return candidates.filter((socket) => inputs.exists(socket.host.slice('unix://'.length)));
    }
  }
}

/** A podman machine's sockets on macOS, Podman 5's before Podman 4's, the default machine first. */
function machineSockets(inputs: EngineInputs): PodmanSocket[] {
  const found: PodmanSocket[] = [];
  const temporary = inputs.env.TMPDIR;
  if (temporary) {
    const folder = join(temporary, 'podman');
    for (const name of inputs.listDirectory(folder)) {
      const machine = MACHINE_API_SOCKET.exec(name)?.[1];
      if (machine) found.push({ host: `unix://${join(folder, name)}`, kind: 'machine', machine });
    }
  }
  const machines = join(inputs.home, '.local', 'share', 'containers', 'podman', 'machine');
  for (const machine of inputs.listDirectory(machines)) {
    const socket = join(machines, machine, 'podman.sock');
    if (inputs.exists(socket)) found.push({ host: `unix://${socket}`, kind: 'machine', machine });
  }
  const isDefault = (socket: PodmanSocket) => (socket.machine === DEFAULT_MACHINE ? 0 : 1);
  return found.sort((a, b) => isDefault(a) - isDefault(b));
}
