// The Move Slots command path in the real extension host, on a connection (real servers on 127.0.0.1, an ACL user):
// the command with a programmatic argument ({ yes: true } in place of the confirmation), the outcome it returns, the
// snapshot and the tree afterwards (the migration and how it ended), and a refusal that changes nothing.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generatePassword } from '../../../src/core/secrets';
import type { ClusterSnapshot } from '../../../src/shared/snapshot';
import type { OperationOutcome } from '../../../src/vscode/commands/scale-commands';
import type { TreeRow } from '../../../src/vscode/tree-items';
import { type HostServers, startHostCluster, type TestUser } from '../../support/host-cluster';
import { eventually, extensionApi } from './support';

const admin: TestUser = { name: 'mover', password: generatePassword(), rules: ['~*', '&*', '+@all'] };
const PORTS = [7970, 7971, 7972, 7973, 7974, 7975];
const ID = 'it-move';

function labelOf(row: TreeRow): string {
  return typeof row.label === 'string' ? row.label : row.label?.label ?? '';
}

async function latest(): Promise<ClusterSnapshot | undefined> {
  return (await extensionApi()).snapshots().find((snapshot) => snapshot?.target.id === ID);
}

function owner(snapshot: ClusterSnapshot, slot: number): string | undefined {
  return snapshot.shards.find((shard) => shard.slots.some((range) => range.start <= slot && slot <= range.end))?.primary?.name;
}

describe('Move Slots on a connection', () => {
  let servers: HostServers;
  /** The primary serving slots 0-99 when the suite starts (they are moved away and back). */
  let home = '';

  before(async () => {
    servers = await startHostCluster({ ports: PORTS, users: [admin] });
    const outcome = await vscode.commands.executeCommand('valkeyCluster.addConnection', {
      profile: { id: ID, label: 'it move', seeds: [`127.0.0.1:${PORTS[0]}`], username: admin.name, addressMap: {}, readOnly: false }, password: admin.password,
    });
    assert.equal(outcome, 'saved');
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('valkeyCluster');
    await config.update('connections', config.get<{ id: string }[]>('connections', []).filter((entry) => entry.id !== ID), vscode.ConfigurationTarget.Global);
    await servers?.stop();
  });

  it('moves a range to the shard named, reports what happened, and the tree lists the migration', async () => {
    const before = await eventually('the connection ok', async () => {
      const snapshot = await latest();
      return snapshot?.state === 'ok' ? snapshot : undefined;
    });
    home = owner(before, 50)!;
    const away = owner(before, 9000)!;
    const outcome = await vscode.commands.executeCommand<OperationOutcome>('valkeyCluster.moveSlots', { targetId: ID, ranges: '0-99', to: away, yes: true });
    assert.equal(outcome?.ok, true, outcome?.message);
    assert.equal(outcome.result?.status, 'done');
    assert.match(outcome.message, new RegExp(`^Move 100 slots \\(\\d+ keys\\) to ${away.replace(/\./g, '\\.')}'s shard: done\\.$`));
    const api = await extensionApi();
    await eventually('the slots on their new shard, and the migration in the tree', async () => {
      await vscode.commands.executeCommand('valkeyCluster.refresh', ID);
      const snapshot = await latest();
      if (!snapshot || owner(snapshot, 50) !== away) return undefined;
      const root = (await api.treeChildren()).find((row) => labelOf(row) === 'it move: ok');
      const migrations = root && (await api.treeChildren(root)).find((row) => row.kind === 'migrations');
      const rows = migrations ? await api.treeChildren(migrations) : [];
      return rows.find((row) => labelOf(row) === `slots 0-99: ${home} → ${away}` && row.description === 'moved');
    });
    const back = await vscode.commands.executeCommand<OperationOutcome>('valkeyCluster.moveSlots', { targetId: ID, ranges: '0-99', to: home, yes: true });
    assert.equal(back?.ok, true, back?.message);
  });

  it('a move to the shard that serves the range already is refused, saying why, and nothing changes', async () => {
    // The move back has ended; the views learn of it with their next refresh.
    await eventually('slots 0-99 back on their first shard in the snapshot', async () => {
      await vscode.commands.executeCommand('valkeyCluster.refresh', ID);
      const snapshot = await latest();
      return snapshot && owner(snapshot, 50) === home ? snapshot : undefined;
    });
    const outcome = await vscode.commands.executeCommand<OperationOutcome>('valkeyCluster.moveSlots', { targetId: ID, ranges: '0-99', to: home, yes: true });
    assert.equal(outcome?.ok, false);
    assert.match(outcome.message, new RegExp(`${home.replace(/\./g, '\\.')}'s shard already serves 0-99: there is nothing to move\\. Choose a range another shard serves`));
    assert.equal(outcome.result, undefined);
    const reversed = await vscode.commands.executeCommand<OperationOutcome>('valkeyCluster.moveSlots', { targetId: ID, ranges: '99-0', to: home, yes: true });
    assert.match(reversed?.message ?? '', /The slot range 99-0 is reversed/);
    await vscode.commands.executeCommand('valkeyCluster.refresh', ID);
    assert.equal(owner((await latest())!, 50), home);
  });
});
