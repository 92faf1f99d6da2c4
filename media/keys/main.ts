// Entry point of the key editor webview (bundled by esbuild to dist/media/keys.js, with keys.css).
import './keys.css';
import type { KeyEditorMessage } from '../../src/shared/keys-protocol';
import { isKeyHostMessage } from '../../src/shared/keys-protocol';
import { KeyEditorApp } from './app';

interface VsCodeApi {
  postMessage(message: KeyEditorMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = new KeyEditorApp(document.body, { post: (message) => vscode.postMessage(message) });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isKeyHostMessage(event.data)) app.receive(event.data);
});

vscode.postMessage({ type: 'ready' });
