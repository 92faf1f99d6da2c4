// One list says which commands need a trusted workspace (src/vscode/commands/trust-needed.ts): the command wrapper
// refuses them in Restricted Mode, and the manifest must hide exactly those there, each of their menu entries
// (commandPalette included) with `isWorkspaceTrusted` as one of its conditions, and no other command's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { TRUST_NEEDED } from '../../src/vscode/commands/trust-needed';

const ROOT = resolve(__dirname, '..', '..', '..');

interface MenuEntry {
  readonly command?: string;
  readonly when?: string;
}

interface Manifest {
  readonly contributes: { readonly commands: readonly { readonly command: string }[]; readonly menus: Readonly<Record<string, readonly MenuEntry[]>> };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** True when every way the clause can hold requires the trusted workspace: a top-level `&&` term, no `||` (or the
 * entry is hidden everywhere: "false"). */
function requiresTrust(when: string | undefined): boolean {
  if (when?.trim() === 'false') return true;
  if (when === undefined || when.includes('||')) return false;
  return when.split('&&').some((term) => term.trim() === 'isWorkspaceTrusted');
}

/** Each menu entry whose `when` disagrees with the list, said as what to change. */
function disagreements(menus: Manifest['contributes']['menus'], needsTrust: ReadonlySet<string>): string[] {
  return Object.entries(menus).flatMap(([menu, entries]) => entries.flatMap((entry) => {
    if (entry.command === undefined) return [];
    const where = `package.json menus.${menu} ${entry.command} (when: ${JSON.stringify(entry.when ?? '')})`;
    if (needsTrust.has(entry.command)) return requiresTrust(entry.when) ? [] : [`${where} needs "&& isWorkspaceTrusted"`];
    return entry.when?.includes('isWorkspaceTrusted') ? [`${where} does not need trust (not in TRUST_NEEDED): drop isWorkspaceTrusted`] : [];
  }));
}

test('the manifest hides in Restricted Mode exactly the commands that need trust', () => {
  assert.deepEqual(disagreements(manifest.contributes.menus, TRUST_NEEDED), []);
});

test('every command that needs trust is a command of the manifest, and has a menu entry that hides it', () => {
  const contributed = new Set(manifest.contributes.commands.map((entry) => entry.command));
  const inMenus = new Set(Object.values(manifest.contributes.menus).flatMap((entries) => entries.map((entry) => entry.command)));
  assert.deepEqual([...TRUST_NEEDED].filter((id) => !contributed.has(id) || !inMenus.has(id)), []);
});

test('the check finds a missing condition, one that can be bypassed, and one on a command that does not need it; "false" hides enough', () => {
  const menus = {
    'view/title': [
      { command: 'x.start', when: 'view == x.tree' },
      { command: 'x.stop', when: 'view == x.tree && isWorkspaceTrusted' },
      { command: 'x.scale', when: 'isWorkspaceTrusted || view == x.tree' },
      { command: 'x.refresh', when: 'view == x.tree && isWorkspaceTrusted' },
    ],
    commandPalette: [{ command: 'x.stop', when: 'false' }, { command: 'x.start', when: '!x.busy' }],
  };
  assert.deepEqual(disagreements(menus, new Set(['x.start', 'x.stop', 'x.scale'])), [
    'package.json menus.view/title x.start (when: "view == x.tree") needs "&& isWorkspaceTrusted"',
    'package.json menus.view/title x.scale (when: "isWorkspaceTrusted || view == x.tree") needs "&& isWorkspaceTrusted"',
    'package.json menus.view/title x.refresh (when: "view == x.tree && isWorkspaceTrusted") does not need trust (not in TRUST_NEEDED): drop isWorkspaceTrusted',
    'package.json menus.commandPalette x.start (when: "!x.busy") needs "&& isWorkspaceTrusted"',
  ]);
});
