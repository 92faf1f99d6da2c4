// Opens a real VS Code (code-server) on 127.0.0.1 with the packaged extension installed and a workspace whose
// settings point at the locally built images. Prints the address and keeps running until Ctrl+C.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { installExtension, startCodeServer } = require('./code-server.cjs');

const root = resolve(import.meta.dirname, '..');
const state = join(process.env.VALKEY_VSC_CACHE ?? join(homedir(), '.cache', 'valkey-cluster-vscode'), 'start');
const workspace = join(state, 'workspace');
const options = { userDataDir: join(state, 'user-data'), extensionsDir: join(state, 'extensions'), home: join(state, 'home'),
  port: Number(process.env.PORT ?? 8080) };
mkdirSync(join(workspace, '.vscode'), { recursive: true });
mkdirSync(options.home, { recursive: true });
writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({
  'valkeyCluster.image': process.env.LOCAL_VALKEY_IMAGE,
  'valkeyCluster.initImage': process.env.LOCAL_VALKEY_IMAGE,
  'valkeyCluster.exporterImage': process.env.LOCAL_EXPORTER_IMAGE,
}, null, 2));
installExtension(options, join(root, 'dist', 'valkey-cluster.vsix'));
const server = await startCodeServer(options);
console.log(`\nVS Code with the Valkey Cluster extension: ${server.base}/?folder=${encodeURIComponent(workspace)}`);
console.log('Open it in a browser on this machine, then run "Valkey: Start Cluster" from the command palette (F1). Ctrl+C stops.');
process.on('SIGINT', () => { server.stop(); process.exit(0); });
process.on('SIGTERM', () => { server.stop(); process.exit(0); });
await new Promise(() => undefined);
