// What became of the buttons that ask the extension to act (node actions, Add Shard, Rebalance): a button is
// disabled while its request waits, and the extension's answer is said in a status line next to the buttons.
import type { Outcome } from './app';
import { element, setText } from './dom';

export class ActionStatus {
  readonly element = element('p', 'action-result');
  private readonly waiting = new Set<HTMLButtonElement>();

  /** `refresh` recomputes the buttons' enabled state (it asks isWaiting). */
  constructor(private readonly refresh: () => void) {
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
  }

  isWaiting(button: HTMLButtonElement): boolean {
    return this.waiting.has(button);
  }

  async run(button: HTMLButtonElement, ask: () => Promise<Outcome>): Promise<void> {
    this.waiting.add(button);
    this.refresh();
    setText(this.element, '');
    try {
      const outcome = await ask();
      setText(this.element, outcome.message);
      this.element.classList.toggle('failed', !outcome.ok);
    } finally {
      this.waiting.delete(button);
      this.refresh();
    }
  }
}
