// Entry point of the topology webview (bundled by esbuild to dist/media/topology.js, with topology.css).
import './topology.css';
import type { WebviewMessage } from '../../src/shared/topology-protocol';
import { isHostMessage } from '../../src/shared/topology-protocol';
import { TopologyApp } from './app';
import { readPersistedState } from './state';
import type { PersistedState } from './state';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = new TopologyApp(document.body, {
  post: (message) => vscode.postMessage(message),
  persist: (state) => vscode.setState(state),
});
app.restore(readPersistedState(vscode.getState()));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) return;
  if (message.type === 'snapshot') app.showSnapshot(message.snapshot, message.changes);
  else if (message.type === 'select') app.select(message.node, false);
  else app.answer(message.seq, message.ok, message.message);
});

vscode.postMessage({ type: 'ready' });
