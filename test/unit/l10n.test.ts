// Localisation stays whole as the extension grows: every manifest string people see is a %key% of package.nls.json
// (and no key is left over), every message written in the adapter layer and the webviews goes through l10n.t in a
// form the exporter reads, l10n/bundle.l10n.json is what `npm run l10n` makes today, and the core stays English.
// Failures name the file and line (or the manifest path and key) to fix.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { manifestPlaceholders, placeholderKey, shownManifestStrings } from '../support/manifest-text';
import { findUnlocalisedText, findUnreadableL10nCalls, formatFinding } from '../support/unlocalised-text';

const ROOT = resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & { scripts: Record<string, string>; l10n?: string };
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** TypeScript files under `path` (a file or a folder), as repo-relative paths in a stable order. */
function typeScriptFiles(path: string): string[] {
  const absolute = join(ROOT, path);
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute).sort().flatMap((name) => {
    const child = join(path, name);
    if (statSync(join(ROOT, child)).isDirectory()) return typeScriptFiles(child);
    return extname(name) === '.ts' && !name.endsWith('.d.ts') ? [child] : [];
  });
}

/** The paths `npm run l10n` exports from: the one list of where translated messages live. */
function exportedPaths(): string[] {
  const words = manifest.scripts.l10n.split(/\s+/);
  assert.equal(words[0], 'vscode-l10n-dev', 'the l10n script runs vscode-l10n-dev export');
  return words.slice(2).filter((word, index, all) => !word.startsWith('-') && !all[index - 1]?.startsWith('-'));
}

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
/** Where the extension's own messages are written: the adapter layer, the composition root, the webview pages. */
const adapterFiles = ['src/extension.ts', ...typeScriptFiles('src/vscode'), ...typeScriptFiles('media')];

test('every manifest string people see is a %key%', () => {
  const plain = shownManifestStrings(manifest).filter(({ value }) => placeholderKey(value) === undefined);
  assert.deepEqual(plain.map(({ path, value }) => `package.json ${path} is ${JSON.stringify(value)}: make it a %key% with the text in package.nls.json`), []);
});

test('every %key% of the manifest is in package.nls.json', () => {
  const missing = manifestPlaceholders(manifest).filter(({ key }) => !(key in nls));
  assert.deepEqual(missing.map(({ path, key }) => `package.json ${path} uses %${key}%, which package.nls.json lacks`), []);
});

test('package.nls.json has no key the manifest does not use', () => {
  const used = new Set(manifestPlaceholders(manifest).map(({ key }) => key));
  assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)).map((key) => `package.nls.json has "${key}", which package.json never uses`), []);
});

test('package.nls.json is English text, one string per key', () => {
  assert.deepEqual(Object.entries(nls).filter(([, value]) => typeof value !== 'string' || value.trim() === '').map(([key]) => `package.nls.json "${key}" is not a text`), []);
});

test('the adapter layer and the webviews show no text that bypasses l10n.t', () => {
  const findings = adapterFiles.flatMap((file) => findUnlocalisedText(file, read(file)));
  assert.deepEqual(findings.map(formatFinding), []);
});

test('every l10n.t call has its message written out and as many arguments as placeholders', () => {
  const files = exportedPaths().flatMap(typeScriptFiles);
  assert.ok(files.includes('src/extension.ts') && files.some((file) => file.startsWith('media/')), 'the export covers the extension and the webviews');
  const findings = files.flatMap((file) => findUnreadableL10nCalls(file, read(file)));
  assert.deepEqual(findings.map(formatFinding), []);
});

test('l10n/bundle.l10n.json is what `npm run l10n` makes from the sources now', async () => {
  assert.equal(manifest.l10n, './l10n', 'package.json names the bundle folder');
  const files = exportedPaths().flatMap(typeScriptFiles);
  const fresh = await getL10nJson(files.map((file) => ({ extension: extname(file), contents: read(file) })));
  const committed = JSON.parse(read('l10n/bundle.l10n.json')) as Record<string, unknown>;
  const missing = Object.keys(fresh).filter((key) => !(key in committed)).map((key) => `l10n/bundle.l10n.json lacks ${JSON.stringify(key)}: run npm run l10n`);
  const stale = Object.keys(committed).filter((key) => !(key in fresh)).map((key) => `l10n/bundle.l10n.json has ${JSON.stringify(key)}, which no source uses any more: run npm run l10n`);
  assert.deepEqual([...missing, ...stale], []);
  assert.deepEqual(committed, fresh, 'the entries (messages and comments) are as exported: run npm run l10n');
});

test('the core neither imports vscode nor translates: its messages stay English for the CLI', () => {
  const offenders = typeScriptFiles('src/core').filter((file) => /from '(vscode|@vscode\/l10n)'|require\('(vscode|@vscode\/l10n)'\)/.test(read(file)));
  assert.deepEqual(offenders.map((file) => `${relative(ROOT, join(ROOT, file))} imports vscode or @vscode/l10n`), []);
});

// The checks themselves: they catch what they are meant to catch.
test('the source check finds unwrapped messages, buttons, placeholders, status texts and page text', () => {
  const source = `
    import * as vscode from 'vscode';
    void vscode.window.showWarningMessage('Scale the cluster?', { modal: true, detail: \`Adds \${n} shards.\` }, 'Scale');
    void vscode.window.withProgress({ location: 1, title: 'Scaling' }, async () => undefined);
    item.text = '$(database) Valkey';
    void vscode.window.showQuickPick(items, { placeHolder: 'How many shards?' });
    void vscode.window.showInputBox({ prompt: 'Shards', validateInput: (text) => (text ? undefined : 'A number.') });
    void vscode.window.showInformationMessage(vscode.l10n.t('Scaled to {0} shards.', n), vscode.l10n.t('Show Topology'));
    vscode.window.setStatusBarMessage('$(check)', 1000);
    element('p', 'note', 'Loading…');
  `;
  assert.deepEqual(findUnlocalisedText('x.ts', source).map(formatFinding), [
    'x.ts:3:43 showWarningMessage(…) argument 1: "Scale the cluster?" is not wrapped in l10n.t',
    'x.ts:3:88 property detail: "`Adds ${n} shards.`" is not wrapped in l10n.t',
    'x.ts:3:111 showWarningMessage(…) argument 3: "Scale" is not wrapped in l10n.t',
    'x.ts:4:59 property title: "Scaling" is not wrapped in l10n.t',
    'x.ts:5:17 assignment to .text: "$(database) Valkey" is not wrapped in l10n.t',
    'x.ts:6:60 property placeHolder: "How many shards?" is not wrapped in l10n.t',
    'x.ts:7:47 property prompt: "Shards" is not wrapped in l10n.t',
    'x.ts:7:82 validateInput message: "A number." is not wrapped in l10n.t',
    'x.ts:10:26 element(…) argument 3: "Loading…" is not wrapped in l10n.t',
  ]);
});

test('the l10n.t check finds messages the exporter cannot read and placeholders without arguments', () => {
  const source = `
    import * as vscode from 'vscode';
    vscode.l10n.t(message);
    vscode.l10n.t('{0} of {1} slots', ok);
    vscode.l10n.t({ message: 'ok', comment: why });
    vscode.l10n.t({ message: 'ok', comment: 'A state' });
    vscode.l10n.t('Deleted {0} keys.', count);
  `;
  assert.deepEqual(findUnreadableL10nCalls('y.ts', source).map(formatFinding), [
    'y.ts:3:5 l10n.t needs its message written out as a string, not message (the exporter reads only literals)',
    'y.ts:4:5 l10n.t "{0} of {1} slots" uses 2 placeholder(s) but gets 1 argument(s)',
    'y.ts:5:5 l10n.t comment must be written out (a string or an array of strings) for the exporter to read it',
  ]);
});

test('the manifest check sees command titles, view names, welcome content and setting texts', () => {
  const sample = {
    displayName: '%extension.displayName%',
    contributes: {
      commands: [{ command: 'x.scale', title: 'Scale Cluster', category: '%command.category%', icon: '$(add)' }],
      views: { x: [{ id: 'x.view', name: 'Shards' }] },
      viewsWelcome: [{ view: 'x.view', contents: 'Nothing yet.' }],
      configuration: { title: 'X', properties: { 'x.shards': { type: 'integer', default: 3, markdownDescription: 'How many.', enum: [3, 4], enumDescriptions: ['%a%', 'Four'] } } },
    },
  };
  assert.deepEqual(shownManifestStrings(sample).filter(({ value }) => placeholderKey(value) === undefined).map(({ path }) => path), [
    'contributes.commands[0].title',
    'contributes.views.x[0].name',
    'contributes.viewsWelcome[0].contents',
    'contributes.configuration.title',
    'contributes.configuration.properties.x.shards.markdownDescription',
    'contributes.configuration.properties.x.shards.enumDescriptions[1]',
  ]);
});
