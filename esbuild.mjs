// Bundles the extension, the headless CLI and the webviews (topology, key editor). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // ssh2 (via docker-modem) loads optional native helpers inside try/catch; leave them out of the bundle.
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
};

const builds = [
  // The extension loads dist/core.js (dockerode, iovalkey, yaml) on first use, keeping activation light.
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: [...node.external, './core.js'] },
  { ...node, entryPoints: { core: 'src/core/runtime.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    entryPoints: { topology: 'media/topology/main.ts', keys: 'media/keys/main.ts' },
    outdir: 'dist/media',
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    loader: { '.css': 'css' },
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
