// What every webview page of the extension carries besides its script: the display language (the <html lang>) and
// the translations VS Code chose for it, for the page's @vscode/l10n (see src/shared/l10n-bundle.ts). Data in the
// markup, not script: the pages' strict CSP (nonce'd script files only) stays as it is.
import * as vscode from 'vscode';
import { L10N_BUNDLE_ATTRIBUTE } from '../shared/l10n-bundle';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The value of <html lang="…">. */
export function pageLanguage(): string {
  return escapeHtml(vscode.env.language);
}

/** The <body> attribute that hands the page its translations; empty in English (the page's own text is English). */
export function bundleAttribute(): string {
  const bundle = vscode.l10n.bundle;
  return bundle ? ` ${L10N_BUNDLE_ATTRIBUTE}="${escapeHtml(JSON.stringify(bundle))}"` : '';
}
