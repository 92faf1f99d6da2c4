// The console's command history: bounded, persisted by the caller, and never holding a line that could carry a
// password, because the caller stores it in plain workspace state.

/** True for a line whose arguments may include a password, judged by its first words. */
export function mayCarrySecret(line: string): boolean {
  const words = line.trim().split(/\s+/).map((word) => word.replace(/^["']|["']$/g, '').toUpperCase());
  // A console target prefix ("@valkey-node-3 AUTH ...") does not hide the command after it.
  if (words[0]?.startsWith('@')) words.shift();
  const [command, subcommand] = words;
  const later = words.slice(1);
  switch (command) {
    case 'AUTH':
      return true;
    case 'HELLO':
      return later.includes('AUTH');
    case 'MIGRATE':
      return later.includes('AUTH') || later.includes('AUTH2');
    case 'CONFIG':
      return subcommand === 'SET' && (later.includes('REQUIREPASS') || later.includes('MASTERAUTH'));
    case 'ACL':
      return subcommand === 'SETUSER';
    default:
      return false;
  }
}

export class History {
  private readonly items: string[] = [];
  /** Index of the entry being shown while the user walks the history; items.length means their own draft. */
  private position = 0;
  private draft = '';

  constructor(entries: readonly string[] = [], private readonly limit = 1000) {
    for (const entry of entries) this.add(entry); // persisted entries get the same filtering as new ones
  }

  /**
   * Remembers a submitted line unless it is blank, repeats the newest entry or may carry a secret, dropping the
   * oldest entries beyond the limit. Always ends a walk through the history. Returns whether the line was stored.
   */
  add(line: string): boolean {
    const stored = line.trim() !== '' && line !== this.items[this.items.length - 1] && !mayCarrySecret(line);
    if (stored) {
      this.items.push(line);
      if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    }
    this.reset();
    return stored;
  }

  /** A copy of the entries, oldest first, for persisting. */
  entries(): readonly string[] {
    return this.items.slice();
  }

  /**
   * One step back (Up). `draft` is the line being edited; it is kept when the walk starts from it so `next` can
   * give it back. Undefined when there is nothing older.
   */
  previous(draft: string): string | undefined {
    if (this.position === 0) return undefined;
    if (this.position === this.items.length) this.draft = draft;
    this.position -= 1;
    return this.items[this.position];
  }

  /** One step forward (Down); past the newest entry it returns the saved draft. Undefined when not walking. */
  next(): string | undefined {
    if (this.position >= this.items.length) return undefined;
    this.position += 1;
    return this.position === this.items.length ? this.draft : this.items[this.position];
  }

  /** Ends a walk: the next `previous` starts again from the newest entry. */
  reset(): void {
    this.position = this.items.length;
    this.draft = '';
  }
}
