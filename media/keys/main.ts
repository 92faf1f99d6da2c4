// Entry point of the key editor webview (bundled by esbuild to dist/media/keys.js, with keys.css).
import './keys.css';
import * as l10n from '@vscode/l10n';
import { parseL10nBundle } from '../../src/shared/l10n-bundle';
import type { KeyEditorMessage } from '../../src/shared/keys-protocol';
import { isKeyHostMessage } from '../../src/shared/keys-protocol';
import { KeyEditorApp } from './app';

interface VsCodeApi {
  postMessage(message: KeyEditorMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// Before any text is made: the translations the extension put in the page (none in English).
const bundle = parseL10nBundle(document.body.dataset.l10nBundle);
if (bundle) l10n.config({ contents: bundle });

const vscode = acquireVsCodeApi();
const app = new KeyEditorApp(document.body, { post: (message) => vscode.postMessage(message) });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isKeyHostMessage(event.data)) app.receive(event.data);
});

vscode.postMessage({ type: 'ready' });
