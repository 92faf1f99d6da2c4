// Entry point of the key editor webview (bundled by esbuild to dist/media/keys.js, with keys.css).
import './keys.css';
import * as l10n from '@vscode/l10n';
import { parseL10nBundle } from '../../src/shared/l10n-bundle';
import type { KeyEditorMessage, KeyPush, KeyRequest, ReplyResult } from '../../src/shared/keys-protocol';
import { isKeyHostMessage } from '../../src/shared/keys-protocol';
import { PageChannel } from '../shared/page-channel';
import { KeyEditorApp } from './app';

interface VsCodeApi {
  postMessage(message: KeyEditorMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// Before any text is made: the translations the extension put in the page (none in English).
const bundle = parseL10nBundle(document.body.dataset.l10nBundle);
if (bundle) l10n.config({ contents: bundle });

const vscode = acquireVsCodeApi();
const channel = new PageChannel<KeyRequest, ReplyResult, never, KeyPush>((message) => vscode.postMessage(message), isKeyHostMessage, (message) => app.receive(message));
const app = new KeyEditorApp(document.body, { request: (request) => channel.request(request) });

window.addEventListener('message', (event: MessageEvent<unknown>) => channel.receive(event.data));
channel.start();
