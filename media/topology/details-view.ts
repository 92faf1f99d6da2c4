// Details of the selected node and the buttons that ask the extension to act on it. Rows and buttons are
// built once; each refresh only rewrites their text and enabled state.
import * as l10n from '@vscode/l10n';
import type { ClusterSnapshot, NodeSnapshot } from '../../src/shared/snapshot';
import { NODE_ACTIONS } from '../../src/shared/topology-protocol';
import type { NodeAction } from '../../src/shared/topology-protocol';
import { isActionAvailable, isActionShown, nodeActionLabel } from './actions';
import { ActionStatus } from './action-status';
import type { Outcome } from './app';
import { element, setModifier, setText } from './dom';
import { formatBytes, formatCount, formatSlotRanges, healthWord, linkText, roleWord, shortAddress } from '../../src/shared/present';
import { HEALTH_ICONS } from './format';

interface Field {
  readonly label: string;
  /** The value is coloured by the node's health (icon and word are in the text too). */
  readonly healthColored?: boolean;
  /** undefined: the field does not apply to this node and its row is hidden. */
  readonly value: (node: NodeSnapshot, snapshot: ClusterSnapshot) => string | undefined;
}

/** Made when the panel is built (after the page has its translations). */
const fields = (): readonly Field[] => [
  { label: l10n.t('Role'), value: (node) => roleWord(node.role) },
  { label: l10n.t('Health'), healthColored: true, value: (node) => `${HEALTH_ICONS[node.health]} ${healthWord(node.health)}` },
  // Docker's own word for the container's state.
  { label: l10n.t('Container'), value: (node) => node.containerState },
  { label: l10n.t('Address'), value: (node) => shortAddress(node.address) },
  { label: l10n.t('Announced'), value: (node) => node.announcedAddress || '–' },
  { label: l10n.t('Node id'), value: (node) => node.id || '–' },
  {
    label: l10n.t('Primary'),
    value: (node, snapshot) =>
      node.primaryId === undefined
        ? undefined
        : (snapshot.nodes.find((other) => other.id === node.primaryId)?.name ?? node.primaryId),
  },
  { label: l10n.t('Replication'), value: (node) => (node.role === 'replica' ? linkText(node) : undefined) },
  {
    label: l10n.t('Offset'),
    value: (node) => (node.replicationOffset === undefined ? undefined : formatCount(node.replicationOffset)),
  },
  {
    label: l10n.t('Slots'),
    value: (node) =>
      node.slotCount === 0 ? undefined : `${formatCount(node.slotCount)} (${formatSlotRanges(node.slots, 6)})`,
  },
  { label: l10n.t('Memory'), value: (node) => formatBytes(node.usedMemoryBytes) },
  { label: l10n.t('Keys'), value: (node) => formatCount(node.keys) },
  { label: l10n.t('Ops/s'), value: (node) => formatCount(node.opsPerSecond) },
  { label: l10n.t('Flags'), value: (node) => (node.flags.length === 0 ? '–' : node.flags.join(', ')) },
];

export class DetailsView {
  readonly element = element('aside', 'details');
  private readonly title = element('h2', 'details-title');
  private readonly absent = element('p', 'details-absent', l10n.t('This node is not in the latest snapshot.'));
  private readonly rows: { readonly row: HTMLDivElement; readonly value: HTMLElement; readonly field: Field }[];
  private readonly buttons = new Map<NodeAction, HTMLButtonElement>();
  private readonly status = new ActionStatus(() => this.updateButtons());
  private node: string | undefined;
  private shown: { readonly node: NodeSnapshot | undefined; readonly snapshot: ClusterSnapshot | undefined } = { node: undefined, snapshot: undefined };

  /** `onAction` runs for a button press and answers what became of it, `onClose` when the selection is cleared. */
  constructor(onAction: (action: NodeAction, node: string) => Promise<Outcome>, onClose: () => void) {
    this.element.setAttribute('aria-label', l10n.t('Selected node'));
    const close = element('button', 'details-close', '✕');
    close.type = 'button';
    close.title = l10n.t('Clear selection');
    close.setAttribute('aria-label', close.title);
    close.addEventListener('click', onClose);
    const header = element('div', 'details-header');
    header.append(this.title, close);

    const list = element('dl', 'details-fields');
    this.rows = fields().map((field) => {
      const row = element('div', 'details-row');
      const value = element('dd');
      row.append(element('dt', undefined, field.label), value);
      list.append(row);
      return { row, value, field };
    });

    const actions = element('div', 'details-actions');
    for (const action of NODE_ACTIONS) {
      const button = element('button', 'action', nodeActionLabel(action));
      button.type = 'button';
      button.addEventListener('click', () => {
        const node = this.node;
        if (node !== undefined) void this.status.run(button, () => onAction(action, node));
      });
      this.buttons.set(action, button);
      actions.append(button);
    }
    this.element.append(header, this.absent, list, actions, this.status.element);
    this.element.hidden = true;
  }

  /** Shows `nodeName` as found in `snapshot`; hidden when nothing is selected. */
  update(nodeName: string | undefined, snapshot: ClusterSnapshot | undefined): void {
    this.node = nodeName;
    this.element.hidden = nodeName === undefined;
    if (nodeName === undefined) return;
    const node = snapshot?.nodes.find((candidate) => candidate.name === nodeName);
    setText(this.title, nodeName);
    this.absent.hidden = node !== undefined;
    for (const { row, value, field } of this.rows) {
      const text = node && snapshot ? field.value(node, snapshot) : undefined;
      row.hidden = text === undefined;
      if (text !== undefined) setText(value, text);
      if (node && field.healthColored) setModifier(value, 'health-', node.health);
    }
    this.shown = { node, snapshot };
    this.updateButtons();
  }

  private updateButtons(): void {
    const { node, snapshot } = this.shown;
    for (const [action, button] of this.buttons) {
      button.hidden = snapshot !== undefined && !isActionShown(action, snapshot.target);
      button.disabled = !node || !isActionAvailable(action, node) || this.status.isWaiting(button);
    }
  }
}
