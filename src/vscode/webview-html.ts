// The one page every webview of the extension loads: its bundled script and style under a strict CSP (nonce'd script
// files only), the display language (the <html lang>) and the translations VS Code chose for it, for the page's
// @vscode/l10n (see src/shared/l10n-bundle.ts) — as data in the markup, so the CSP needs no exception.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { L10N_BUNDLE_ATTRIBUTE } from '../shared/l10n-bundle';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The value of <html lang="…">. */
function pageLanguage(): string {
  return escapeHtml(vscode.env.language);
}

/** The <body> attribute that hands the page its translations; empty in English (the page's own text is English). */
function bundleAttribute(): string {
  const bundle = vscode.l10n.bundle;
  return bundle ? ` ${L10N_BUNDLE_ATTRIBUTE}="${escapeHtml(JSON.stringify(bundle))}"` : '';
}

/** The page of `dist/media/<name>.js` and `<name>.css`, titled `title`. */
export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, name: string, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const media = vscode.Uri.joinPath(extensionUri, 'dist', 'media');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, `${name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, `${name}.css`));
  const csp = ["default-src 'none'", `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="${pageLanguage()}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body${bundleAttribute()}>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
