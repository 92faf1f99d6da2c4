// The strings of an extension manifest (package.json) that VS Code shows to people, wherever a contribution puts
// them, and the %key% placeholders the manifest uses. Paths read like "contributes.commands[3].title".

export interface ManifestString {
  readonly path: string;
  readonly value: string;
}

/** Top-level fields shown in the Extensions view and the Marketplace. */
const SHOWN_AT_TOP = ['displayName', 'description'];
/** Keys whose string (or array of strings) is shown wherever they occur under `contributes` or `capabilities`:
 * command titles and categories, view and container names, welcome content, submenu labels, walkthroughs, and in
 * setting schemas the descriptions, enum descriptions and item labels, deprecation and pattern messages. */
const SHOWN_KEYS = new Set(['title', 'shortTitle', 'category', 'name', 'contextualTitle', 'contents', 'label', 'description', 'markdownDescription',
  'enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels', 'deprecationMessage', 'markdownDeprecationMessage', 'patternErrorMessage', 'errorMessage', 'altText']);
/** Places under `contributes` where those keys hold data, not text: the names of settings are property keys, and
 * a schema's `default` or `examples` is a value. */
const DATA_KEYS = new Set(['default', 'examples', 'enum', 'const', 'pattern', 'when', 'command', 'icon', 'group', 'id', 'view', 'submenu']);

function walk(value: unknown, path: string, shownKey: boolean, found: ManifestString[]): void {
  if (typeof value === 'string') {
    if (shownKey) found.push({ path, value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, shownKey && typeof item === 'string', found));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (DATA_KEYS.has(key)) continue;
    walk(child, `${path}.${key}`, SHOWN_KEYS.has(key), found);
  }
}

/** Every string of the manifest that people see. */
export function shownManifestStrings(manifest: Record<string, unknown>): ManifestString[] {
  const found: ManifestString[] = [];
  for (const key of SHOWN_AT_TOP) if (typeof manifest[key] === 'string') found.push({ path: key, value: manifest[key] });
  for (const key of ['contributes', 'capabilities']) walk(manifest[key], key, false, found);
  return found;
}

const PLACEHOLDER = /^%([\w.-]+)%$/;

/** The key of a %key% placeholder, else undefined. */
export function placeholderKey(value: string): string | undefined {
  return PLACEHOLDER.exec(value)?.[1];
}

/** Every %key% the manifest uses, anywhere in it, with where. */
export function manifestPlaceholders(manifest: unknown): { readonly path: string; readonly key: string }[] {
  const found: { path: string; key: string }[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const key = placeholderKey(value);
      if (key !== undefined) found.push({ path, key });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key);
    }
  };
  visit(manifest, '');
  return found;
}
