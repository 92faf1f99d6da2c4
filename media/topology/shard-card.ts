// One card of the shard grid: a header in the shard's colour and the member rows (primary, then replicas).
// Cards are reused by position; the member rows are NodeViews owned by the caller and moved between cards.
import { element, placeChildren, setText } from './dom';
import { SHARD_COLOR_VARIABLES } from './palette';

export class ShardCard {
  readonly element = element('section', 'shard');
  private readonly title = element('h2', 'shard-title');
  private readonly slots = element('span', 'shard-slots');
  private readonly members = element('div', 'members');
  private appliedColor = '';

  constructor() {
    const swatch = element('span', 'swatch');
    swatch.setAttribute('aria-hidden', 'true');
    const header = element('header', 'shard-header');
    header.append(swatch, this.title, this.slots);
    this.element.append(header, this.members);
  }

  /** `colorIndex` undefined: the card of nodes in no shard, drawn without a shard colour. */
  update(title: string, slots: string, colorIndex: number | undefined, members: readonly Element[]): void {
    setText(this.title, title);
    setText(this.slots, slots);
    const color = colorIndex === undefined ? 'none' : String(colorIndex);
    if (color !== this.appliedColor) {
      this.appliedColor = color;
      // CSSOM writes are allowed by the CSP (style attributes in markup are not).
      if (colorIndex === undefined) this.element.style.removeProperty('--shard-color');
      else this.element.style.setProperty('--shard-color', `var(${SHARD_COLOR_VARIABLES[colorIndex]})`);
      this.element.classList.toggle('unsharded', colorIndex === undefined);
    }
    placeChildren(this.members, members);
  }
}
