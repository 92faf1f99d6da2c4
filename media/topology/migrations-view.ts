// Slot migrations the cluster reports (running, or finished in the last minutes), and the cluster-wide actions that
// start them: Add Shard (local cluster only) and Rebalance (any cluster that is not read-only).
import * as l10n from '@vscode/l10n';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import type { ClusterAction } from '../../src/shared/topology-protocol';
import { migrationProgress, migrationRoute } from '../../src/shared/present';
import { ActionStatus } from './action-status';
import type { Outcome } from './app';
import { element, placeChildren, setModifier, setText } from './dom';

const ACTIONS: readonly ClusterAction[] = ['addShard', 'rebalance'];
const actionLabel = (action: ClusterAction): string => (action === 'addShard' ? l10n.t('Add Shard…') : l10n.t('Rebalance…'));

export class MigrationsView {
  readonly element = element('section', 'migrations');
  private readonly list = element('ul', 'migration-list');
  private readonly heading = element('h2', 'section-title', l10n.t('Slot migrations'));
  private readonly buttons = new Map<ClusterAction, HTMLButtonElement>();
  private readonly status = new ActionStatus(() => this.updateButtons());
  private snapshot: ClusterSnapshot | undefined;

  /** `onAction` runs for a button press and answers what became of it. */
  constructor(onAction: (action: ClusterAction) => Promise<Outcome>) {
    const actions = element('div', 'cluster-actions');
    for (const action of ACTIONS) {
      const button = element('button', 'action', actionLabel(action));
      button.type = 'button';
      button.addEventListener('click', () => void this.status.run(button, () => onAction(action)));
      this.buttons.set(action, button);
      actions.append(button);
    }
    this.list.setAttribute('aria-live', 'polite');
    this.element.append(actions, this.status.element, this.heading, this.list);
  }

  update(snapshot: ClusterSnapshot): void {
    this.snapshot = snapshot;
    this.updateButtons();
    const migrations = snapshot.migrations ?? [];
    this.heading.hidden = migrations.length === 0;
    this.list.hidden = migrations.length === 0;
    placeChildren(this.list, migrations.map((migration, index) => {
      const item = (this.list.children[index] as HTMLLIElement | undefined) ?? element('li', 'migration');
      setModifier(item, 'outcome-', migration.outcome);
      setText(item, `${migrationRoute(migration)} · ${migrationProgress(migration)}`);
      return item;
    }));
  }

  private updateButtons(): void {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const writable = !snapshot.target.readOnly && snapshot.mode === 'cluster';
    this.buttons.get('addShard')!.hidden = snapshot.target.kind !== 'local' || !writable;
    this.buttons.get('rebalance')!.hidden = !writable;
    for (const button of this.buttons.values()) button.disabled = snapshot.state !== 'ok' || this.status.isWaiting(button);
  }
}
