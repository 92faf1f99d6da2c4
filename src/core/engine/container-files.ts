// Files a container gets from this machine (the shared config, the scripts, the secrets). On an engine of this
// machine they are bind mounts, as with `docker compose`; an engine on another machine cannot see this machine's
// paths, so there the files are copied into the container (tar through the API) before every start.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';

export interface CopiedFile {
  /** A file or folder on this machine. */
  readonly source: string;
  /** Where it goes in the container. */
  readonly target: string;
}

/** The options without their bind mounts, and the files those mounts carried. */
export function withoutBindMounts(options: Docker.ContainerCreateOptions): { options: Docker.ContainerCreateOptions; files: CopiedFile[] } {
  const mounts = options.HostConfig?.Mounts ?? [];
  const files = mounts.filter((mount) => mount.Type === 'bind').map((mount) => ({ source: mount.Source, target: mount.Target }));
  return { options: { ...options, HostConfig: { ...options.HostConfig, Mounts: mounts.filter((mount) => mount.Type !== 'bind') } }, files };
}

function entries(file: CopiedFile): { name: string; path: string; mode: number }[] {
  const stat = statSync(file.source);
  const target = file.target.replace(/^\/+/, '');
  if (!stat.isDirectory()) return [{ name: target, path: file.source, mode: stat.mode & 0o777 }];
  return readdirSync(file.source, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { name: posix.join(target, relative(file.source, path).split('\\').join('/')), path, mode: statSync(path).mode & 0o777 };
    });
}

/** Copies the files into a created (or stopped) container, keeping each file's mode. */
export async function copyIntoContainer(container: Docker.Container, files: readonly CopiedFile[]): Promise<void> {
  if (files.length === 0) return;
  const archive = pack();
  for (const file of files) {
    for (const entry of entries(file)) archive.entry({ name: entry.name, mode: entry.mode }, readFileSync(entry.path));
  }
  archive.finalize();
  await container.putArchive(archive, { path: '/' });
}
