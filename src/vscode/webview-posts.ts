// Every message the extension posts to a webview (the topology, the key editor) goes through here: one event that
// the extension's tests scan for secrets, as they scan the pages' HTML and the log.
import * as vscode from 'vscode';

export type WebviewKind = 'topology' | 'keyEditor';

export interface PostedMessage {
  readonly webview: WebviewKind;
  readonly message: unknown;
}

const posted = new vscode.EventEmitter<PostedMessage>();
export const onDidPostToWebview = posted.event;

export function postToWebview(webview: vscode.Webview, kind: WebviewKind, message: unknown): Thenable<boolean> {
  posted.fire({ webview: kind, message });
  return webview.postMessage(message);
}
