// What engine resolution and SSH access read from the machine, passed in so unit tests can use fixture folders and
// pretend to be another platform. `systemInputs` is the real machine.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';

export interface EngineInputs {
  readonly platform: NodeJS.Platform;
  readonly home: string;
  /** Login name, the SSH user when an ssh:// address names none; may be empty. */
  readonly user: string;
  readonly env: NodeJS.ProcessEnv;
  /** File text; throws (ENOENT, EACCES…) like readFileSync. */
  readonly readFile: (path: string) => string;
  readonly exists: (path: string) => boolean;
  /** Entry names of a folder; empty when it does not exist. */
  readonly listDirectory: (path: string) => string[];
}

export function systemInputs(env: NodeJS.ProcessEnv = process.env): EngineInputs {
  return {
    platform: process.platform,
    // HOME from the given environment first, as the docker CLI and ssh do: tests point it at a temporary folder.
    home: env.HOME || env.USERPROFILE || homedir(),
    user: env.USER || env.LOGNAME || env.USERNAME || safeUserName(),
    env,
    readFile: (path) => readFileSync(path, 'utf8'),
    exists: (path) => existsSync(path),
    listDirectory: (path) => (existsSync(path) ? readdirSync(path) : []),
  };
}

/** Empty when the account has no name (a uid without a passwd entry): an ssh:// address must then name the user. */
function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
