// Summary line of the cluster (state, slot coverage, node counts), the changes of the latest refresh and the
// problems met while collecting the snapshot.
import * as l10n from '@vscode/l10n';
import { describeChange } from '../../src/shared/present';
import type { ClusterChange } from '../../src/shared/snapshot-diff';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import { TOTAL_SLOTS } from '../../src/shared/snapshot';
import { element, flash, placeChildren, setModifier, setText } from './dom';
import { formatCount, stateWord } from '../../src/shared/present';
import { STATE_ICONS } from './format';

export class HeaderView {
  readonly element = element('header', 'summary');
  private readonly state = element('span', 'cluster-state');
  private readonly stateIcon = element('span', 'state-icon');
  private readonly stateText = element('span', 'state-text');
  private readonly slots = element('span', 'summary-item');
  private readonly nodes = element('span', 'summary-item');
  private readonly updated = element('span', 'summary-item updated');
  private readonly changes = element('p', 'changes');
  private readonly problems = element('ul', 'problems');

  constructor() {
    this.stateIcon.setAttribute('aria-hidden', 'true');
    this.state.append(this.stateIcon, ' ', this.stateText);
    const line = element('div', 'summary-line');
    line.append(this.state, this.slots, this.nodes, this.updated);
    // Screen readers hear what changed at each refresh without having to find it.
    this.changes.setAttribute('aria-live', 'polite');
    this.changes.hidden = true;
    this.element.append(line, this.changes, this.problems);
  }

  update(snapshot: ClusterSnapshot, changes: readonly ClusterChange[]): void {
    setModifier(this.state, 'state-', snapshot.state);
    setText(this.stateIcon, STATE_ICONS[snapshot.state]);
    const stateText = stateWord(snapshot.state);
    setText(this.stateText, snapshot.state === 'noEngine' ? stateText : l10n.t('Cluster {0}', stateText));
    const [ok, assigned, total] = [snapshot.slotsOk, snapshot.slotsAssigned, TOTAL_SLOTS].map(formatCount);
    // "16,384 of 16,384 slots ok", naming the assigned count only when it differs from the ok count.
    setText(this.slots, snapshot.slotsAssigned === snapshot.slotsOk ? l10n.t('{0} of {1} slots ok', ok, total) : l10n.t('{0} of {1} slots ok · {2} assigned', ok, total, assigned));
    const primaries = snapshot.nodes.filter((node) => node.role === 'primary').length;
    const replicas = snapshot.nodes.filter((node) => node.role === 'replica').length;
    setText(this.nodes, l10n.t('{0} nodes · {1} primaries · {2} replicas', snapshot.nodes.length, primaries, replicas));
    setText(this.updated, l10n.t('updated {0}', new Date(snapshot.takenAt).toLocaleTimeString()));

    // The last changes stay visible until newer ones arrive: a failover is easy to miss at a 1 s refresh.
    if (changes.length > 0) {
      setText(this.changes, l10n.t('Changed: {0}', changes.map(describeChange).join('; ')));
      this.changes.hidden = false;
      if (changes.some((change) => change.kind === 'stateChanged')) flash(this.state);
    }
    this.syncProblems(snapshot.problems);
  }

  private syncProblems(problems: readonly string[]): void {
    const items = problems.map((problem, index) => {
      const item = (this.problems.children[index] as HTMLLIElement | undefined) ?? element('li');
      setText(item, problem);
      return item;
    });
    placeChildren(this.problems, items);
    this.problems.hidden = problems.length === 0;
  }
}
