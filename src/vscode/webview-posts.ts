// Every message the extension posts to a webview (the topology, the key editor) goes through here: one event that
// the extension's tests scan for secrets, as they scan the pages' HTML and the log.
import * as vscode from 'vscode';
import type { WebviewEndpoint } from './webview-host';

export type WebviewKind = 'topology' | 'keyEditor';

export interface PostedMessage {
  readonly webview: WebviewKind;
  readonly message: unknown;
}

const posted = new vscode.EventEmitter<PostedMessage>();
export const onDidPostToWebview = posted.event;

function postToWebview(webview: vscode.Webview, kind: WebviewKind, message: unknown): Thenable<boolean> {
  posted.fire({ webview: kind, message });
  return webview.postMessage(message);
}

/** The webview as a page host talks to it, each message posted through here. */
export function postingThrough(webview: vscode.Webview, kind: WebviewKind): WebviewEndpoint {
  return {
    postMessage: (message) => postToWebview(webview, kind, message),
    onDidReceiveMessage: (listener) => webview.onDidReceiveMessage(listener),
  };
}
