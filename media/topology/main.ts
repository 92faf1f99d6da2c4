// Entry point of the topology webview (bundled by esbuild to dist/media/topology.js, with topology.css).
import './topology.css';
import * as l10n from '@vscode/l10n';
import { parseL10nBundle } from '../../src/shared/l10n-bundle';
import type { TopologyNotice, TopologyPush, TopologyRequest, TopologyResult, WebviewMessage } from '../../src/shared/topology-protocol';
import { isHostMessage } from '../../src/shared/topology-protocol';
import { PageChannel } from '../shared/page-channel';
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
const channel = new PageChannel<TopologyRequest, TopologyResult, TopologyNotice, TopologyPush>((message) => vscode.postMessage(message), isHostMessage, (message) => {
  if (message.type === 'snapshot') app.showSnapshot(message.snapshot, message.changes);
  else app.select(message.node, false);
});
const app = new TopologyApp(document.body, {
  request: (request) => channel.request(request),
  notify: (notice) => channel.notify(notice),
  persist: (state) => vscode.setState(state),
});
app.restore(readPersistedState(vscode.getState()));

window.addEventListener('message', (event: MessageEvent<unknown>) => channel.receive(event.data));
channel.start();
