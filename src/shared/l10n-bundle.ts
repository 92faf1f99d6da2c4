// The translations a webview page works with: the bundle VS Code chose for the extension's display language, which
// the extension writes into the page's HTML (see src/vscode/webview-html.ts) and the page checks here before giving
// it to @vscode/l10n. Imported by both sides, so it uses no VS Code, Node or DOM API.

/** Message (English, with its comment when it has one) → translated message. */
export type L10nBundle = Readonly<Record<string, string>>;

/** The attribute of the page's <body> that carries the bundle as JSON (read as `dataset.l10nBundle`). */
export const L10N_BUNDLE_ATTRIBUTE = 'data-l10n-bundle';

/** The string entries of the bundle in `text` (JSON of an object), or undefined when there is none or it is anything
 * else: the page then shows its English text rather than fail. */
export function parseL10nBundle(text: string | undefined): L10nBundle | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
