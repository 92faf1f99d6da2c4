// Details of the selected node and the buttons that ask the extension to act on it. Rows and buttons are
// built once; each refresh only rewrites their text and enabled state.
import type { ClusterSnapshot, NodeSnapshot } from '../../src/shared/snapshot';
import { NODE_ACTIONS } from '../../src/shared/topology-protocol';
import type { NodeAction } from '../../src/shared/topology-protocol';
import { NODE_ACTION_LABELS, isActionAvailable, isActionShown } from './actions';
import { element, setModifier, setText } from './dom';
import { formatBytes, formatCount, formatSlotRanges, linkText, shortAddress } from '../../src/shared/present';
import { HEALTH_ICONS } from './format';

interface Field {
  readonly label: string;
  /** The value is coloured by the node's health (icon and word are in the text too). */
  readonly healthColored?: boolean;
  /** undefined: the field does not apply to this node and its row is hidden. */
  readonly value: (node: NodeSnapshot, snapshot: ClusterSnapshot) => string | undefined;
}

const FIELDS: readonly Field[] = [
  { label: 'Role', value: (node) => node.role },
  { label: 'Health', healthColored: true, value: (node) => `${HEALTH_ICONS[node.health]} ${node.health}` },
  { label: 'Container', value: (node) => node.containerState },
  { label: 'Address', value: (node) => shortAddress(node.address) },
  { label: 'Announced', value: (node) => node.announcedAddress || '–' },
  { label: 'Node id', value: (node) => node.id || '–' },
  {
    label: 'Primary',
    value: (node, snapshot) =>
      node.primaryId === undefined
        ? undefined
        : (snapshot.nodes.find((other) => other.id === node.primaryId)?.name ?? node.primaryId),
  },
  { label: 'Replication', value: (node) => (node.role === 'replica' ? linkText(node) : undefined) },
  {
    label: 'Offset',
    value: (node) => (node.replicationOffset === undefined ? undefined : formatCount(node.replicationOffset)),
  },
  {
    label: 'Slots',
    value: (node) =>
      node.slotCount === 0 ? undefined : `${formatCount(node.slotCount)} (${formatSlotRanges(node.slots, 6)})`,
  },
  { label: 'Memory', value: (node) => formatBytes(node.usedMemoryBytes) },
  { label: 'Keys', value: (node) => formatCount(node.keys) },
  { label: 'Ops/s', value: (node) => formatCount(node.opsPerSecond) },
  { label: 'Flags', value: (node) => (node.flags.length === 0 ? '–' : node.flags.join(', ')) },
];

export class DetailsView {
  readonly element = element('aside', 'details');
  private readonly title = element('h2', 'details-title');
  private readonly absent = element('p', 'details-absent', 'This node is not in the latest snapshot.');
  private readonly rows: { readonly row: HTMLDivElement; readonly value: HTMLElement; readonly field: Field }[];
  private readonly buttons = new Map<NodeAction, HTMLButtonElement>();
  private node: string | undefined;

  /** `onAction` runs for a button press, `onClose` when the selection is cleared from the panel. */
  constructor(onAction: (action: NodeAction, node: string) => void, onClose: () => void) {
    this.element.setAttribute('aria-label', 'Selected node');
    const close = element('button', 'details-close', '✕');
    close.type = 'button';
    close.title = 'Clear selection';
    close.setAttribute('aria-label', 'Clear selection');
    close.addEventListener('click', onClose);
    const header = element('div', 'details-header');
    header.append(this.title, close);

    const list = element('dl', 'details-fields');
    this.rows = FIELDS.map((field) => {
      const row = element('div', 'details-row');
      const value = element('dd');
      row.append(element('dt', undefined, field.label), value);
      list.append(row);
      return { row, value, field };
    });

    const actions = element('div', 'details-actions');
    for (const action of NODE_ACTIONS) {
      const button = element('button', 'action', NODE_ACTION_LABELS[action]);
      button.type = 'button';
      button.addEventListener('click', () => {
        if (this.node !== undefined) onAction(action, this.node);
      });
      this.buttons.set(action, button);
      actions.append(button);
    }
    this.element.append(header, this.absent, list, actions);
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
    for (const [action, button] of this.buttons) {
      button.hidden = snapshot !== undefined && !isActionShown(action, snapshot.target);
      button.disabled = !node || !isActionAvailable(action, node);
    }
  }
}
