// Typed access to scripts/code-server.cjs, the CommonJS launcher shared with the plain-JS scripts (hence require).
export interface CodeServer {
  readonly base: string;
  readonly logFile: string;
  stop(): void;
}

export interface CodeServerOptions {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly home?: string;
  readonly settings?: Record<string, unknown>;
  readonly smokeTestDriver?: boolean;
  /** Folders open in Restricted Mode until trusted (otherwise trust is off). */
  readonly workspaceTrust?: boolean;
  /** The display language (`--locale`), e.g. "qps-ploc". */
  readonly locale?: string;
}

interface Launcher {
  installExtension(options: CodeServerOptions, vsix: string): string;
  startCodeServer(options: CodeServerOptions): Promise<CodeServer>;
  CHROMIUM_ARGS: string[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script outside the TypeScript project
const launcher = require('../../../scripts/code-server.cjs') as Launcher;

export const installExtension = (options: CodeServerOptions, vsix: string): string => launcher.installExtension(options, vsix);
export const startCodeServer = (options: CodeServerOptions): Promise<CodeServer> => launcher.startCodeServer(options);
export const CHROMIUM_ARGS: readonly string[] = launcher.CHROMIUM_ARGS;
