// Where a benchmark's figures go: printed, and written with the machine, date and commit they were measured on to
// bench/results/<date>[-kind]-<commit>.md, so the README's figures can name a recorded run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { dockerTarget } from '../src/core/engine/docker-connection';

export const ROOT = resolve(__dirname, '..', '..');

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

export interface Machine {
  readonly lines: readonly string[];
  /** Short hash, with -dirty when tracked files differ from it. */
  readonly commit: string;
}

export async function describeMachine(): Promise<Machine> {
  const version = await dockerTarget('').docker.version();
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  const commit = `${git('rev-parse', '--short', 'HEAD')}${dirty ? '-dirty' : ''}`;
  return {
    commit,
    lines: [
      `- date: ${new Date().toISOString()}`,
      `- commit: ${commit} (${git('log', '-1', '--format=%s')})`,
      `- machine: ${cpus().length} CPUs (nproc), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, kernel ${release()}, ${cpus()[0]?.model ?? 'unknown CPU'}`,
      `- Docker ${version.Version} (API ${version.ApiVersion}), ${execFileSync('docker', ['compose', 'version', '--short'], { encoding: 'utf8' }).trim()} compose; Node ${process.version}`,
    ],
  };
}

/** Prints the report and writes it; `kind` names the benchmark in the file name ('' for the main one). */
export function writeReport(kind: string, machine: Machine, report: string): string {
  console.log(report);
  const directory = join(ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${new Date().toISOString().slice(0, 10)}${kind ? `-${kind}` : ''}-${machine.commit}.md`);
  writeFileSync(file, report);
  console.error(`written to ${file}`);
  return file;
}
