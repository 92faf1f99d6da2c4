// One node in a shard card: the replication link from its primary (replicas only) and a clickable box with
// its name, health, role, port, id and load. Created once per node name and updated in place.
import * as l10n from '@vscode/l10n';
import type { NodeSnapshot } from '../../src/shared/snapshot';
import { element, flash, setModifier, setText } from './dom';
import { formatBytes, formatCount, healthWord, linkText, roleWord, shortAddress, shortNodeId } from '../../src/shared/present';
import { HEALTH_ICONS } from './format';

export class NodeView {
  /** The member row placed in a card: link + node box. */
  readonly element = element('div', 'member');
  private readonly link = element('div', 'link');
  private readonly linkLabel = element('span', 'link-label');
  private readonly box = element('button', 'node');
  private readonly name = element('span', 'node-name');
  private readonly healthIcon = element('span', 'health-icon');
  private readonly healthText = element('span', 'health-text');
  private readonly role = element('span', 'node-role');
  private readonly port = element('span', 'node-port');
  private readonly id = element('span', 'node-id');
  private readonly memory = element('span', 'node-memory');
  private readonly keys = element('span', 'node-keys');
  private readonly ops = element('span', 'node-ops');

  constructor(nodeName: string) {
    this.box.type = 'button';
    this.box.dataset.node = nodeName;
    this.box.setAttribute('aria-pressed', 'false');
    this.link.append(this.linkLabel);

    const health = element('span', 'node-health');
    health.append(this.healthIcon, ' ', this.healthText);
    this.healthIcon.setAttribute('aria-hidden', 'true');
    const title = element('span', 'node-line node-title');
    title.append(this.name, health);
    const placement = element('span', 'node-line node-meta');
    placement.append(this.role, this.port, this.id);
    const load = element('span', 'node-line node-load');
    load.append(this.memory, this.keys, this.ops);
    this.box.append(title, placement, load);
    this.element.append(this.link, this.box);
  }

  /** `linkedToPrimary`: draw the replication link (the node is a replica under its shard's primary). */
  update(node: NodeSnapshot, linkedToPrimary: boolean): void {
    setModifier(this.box, 'health-', node.health);
    setModifier(this.box, 'role-', node.role);
    setText(this.name, node.name);
    setText(this.healthIcon, HEALTH_ICONS[node.health]);
    setText(this.healthText, healthWord(node.health));
    setText(this.role, roleWord(node.role));
    setText(this.port, shortAddress(node.address));
    setText(this.id, l10n.t('id {0}', shortNodeId(node.id)));
    setText(this.memory, formatBytes(node.usedMemoryBytes));
    setText(this.keys, l10n.t('{0} keys', formatCount(node.keys)));
    setText(this.ops, l10n.t('{0} ops/s', formatCount(node.opsPerSecond)));

    this.element.classList.toggle('linked', linkedToPrimary);
    this.link.hidden = !linkedToPrimary;
    if (linkedToPrimary) {
      setModifier(this.link, 'link-', node.linkUp === undefined ? 'unknown' : node.linkUp ? 'up' : 'down');
      setText(this.linkLabel, `↳ ${linkText(node)}`);
    }
  }

  setSelected(selected: boolean): void {
    this.box.classList.toggle('selected', selected);
    this.box.setAttribute('aria-pressed', String(selected));
  }

  flash(): void {
    flash(this.box);
  }

  scrollIntoView(): void {
    this.box.scrollIntoView({ block: 'nearest' });
  }
}
