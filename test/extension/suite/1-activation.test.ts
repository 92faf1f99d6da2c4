// The extension as VS Code sees it: its commands registered under the Valkey category, and an empty tree
// (welcome content) when no cluster exists.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { REPO_ROOT, extensionApi, removeTestCluster } from './support';

interface ContributedCommand {
  command: string;
  category: string;
}

describe('activation', () => {
  before(removeTestCluster);

  it('registers every contributed command, each in the Valkey category', async () => {
    await extensionApi();
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { commands: ContributedCommand[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const english = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const contributed = manifest.contributes.commands;
    assert.ok(contributed.length >= 14);
    for (const { command, category } of contributed) {
      assert.equal(english[category.replace(/^%(.*)%$/, '$1')] ?? category, 'Valkey', command);
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
    }
  });

  it('shows no rows (so the welcome view with Start Cluster shows) while no cluster exists', async () => {
    const api = await extensionApi();
    const snapshot = await api.refresh();
    assert.equal(snapshot?.state, 'absent');
    assert.deepEqual(await api.treeChildren(), []);
  });
});
