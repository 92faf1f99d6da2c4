// Entry point of the topology webview (bundled by esbuild to dist/media/topology.js, with topology.css).
import './topology.css';
import * as l10n from '@vscode/l10n';
import { parseL10nBundle } from '../../src/shared/l10n-bundle';
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

// Before any text is made: the translations the extension put in the page (none in English).
const bundle = parseL10nBundle(document.body.dataset.l10nBundle);
if (bundle) l10n.config({ contents: bundle });

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
