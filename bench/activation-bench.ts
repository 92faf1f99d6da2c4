// Loading the bundle and running activate(), with a stand-in for the `vscode` module that accepts any call
// (activation only registers things). Measures our own code's cost, not VS Code's.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { median } from './stats';

/** The names of the `vscode` module the bundle uses; esbuild copies a module's own properties, so they are listed. */
const VSCODE_NAMES = ['window', 'workspace', 'commands', 'env', 'extensions', 'Uri', 'EventEmitter', 'Disposable', 'TreeItem',
  'TreeItemCollapsibleState', 'ThemeIcon', 'ThemeColor', 'MarkdownString', 'ProgressLocation', 'StatusBarAlignment', 'ViewColumn'];

/** A value that is callable, constructible and has every property: enough for registration calls. */
function anything(): unknown {
  const target = function () { /* stand-in */ };
  const proxy: unknown = new Proxy(target, {
    get: (_, property) => (property === 'then' ? undefined : property === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
    set: () => true,
    defineProperty: () => true,
  });
  return proxy;
}

/** The first load (which also compiles the bundle) and the median of later ones. */
export function benchActivation(root: string, runs = 20): { first: number; warm: number } {
  const bundle = join(root, 'dist', 'extension.js');
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  // Each name is a constructor (classes extend TreeItem) whose instances, like everything else, accept any call.
  // Their static members (Disposable.from, Uri.joinPath, …) accept any call too.
  const stub = () => new Proxy(function Stub() { return anything(); }, { get: (target, property) => (property in target ? Reflect.get(target, property) as unknown : anything()) });
  const vscode = Object.fromEntries(VSCODE_NAMES.map((name) => [name, stub()]));
  for (const name of ['window', 'workspace', 'commands', 'env', 'extensions']) vscode[name] = anything() as () => unknown;
  // English, as VS Code gives it without a language pack: no bundle, messages with their placeholders filled in.
  const l10n = { bundle: undefined, uri: undefined,
    t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (whole, index: string) => String(args[Number(index)] ?? whole)) };
  (vscode as Record<string, unknown>).l10n = l10n;
  loader._load = (request, parent, isMain) => (request === 'vscode' ? vscode : original(request, parent, isMain));
  const context = { subscriptions: [] as unknown[], secrets: anything(), workspaceState: anything(), globalState: anything(), extensionUri: anything(),
    extension: { packageJSON: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as unknown },
    globalStorageUri: { fsPath: '/tmp/valkey-bench-storage' }, asAbsolutePath: (path: string) => join(root, path) };
  const samples: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      delete require.cache[require.resolve(bundle)];
      const started = process.hrtime.bigint();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing the bundle's own load is the point
      const extension = require(bundle) as { activate(context: unknown): unknown };
      extension.activate({ ...context, subscriptions: [] });
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    loader._load = original;
  }
  return { first: samples[0], warm: median(samples.slice(1)) };
}
