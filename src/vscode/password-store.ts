// The cluster password lives in VS Code's SecretStorage only; it is generated on first use. Whatever asks first
// (a view's first refresh, Start, the console), exactly one password is created and every caller gets it.
import { generatePassword } from '../core/secrets';
import type { Disposable, Event } from '../core/emitter';

const KEY = 'valkeyCluster.password';

/** The part of vscode.SecretStorage this needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  readonly onDidChange: Event<{ readonly key: string }>;
}

export class PasswordStore {
  private creating: Promise<string> | undefined;

  constructor(private readonly secrets: SecretStore) {}

  onDidChange(listener: () => void): Disposable {
    return this.secrets.onDidChange((event) => event.key === KEY && listener());
  }

  async get(): Promise<string | undefined> {
    return this.secrets.get(KEY);
  }

  /** The stored password, or a new strong one stored now: concurrent first calls share one creation. */
  async getOrCreate(): Promise<string> {
    const existing = await this.get();
    if (existing) return existing;
    this.creating ??= this.create().finally(() => (this.creating = undefined));
    return this.creating;
  }

  private async create(): Promise<string> {
    // Another window of the same profile may have stored one meanwhile: read again, and read back what was stored.
    const stored = await this.get();
    if (stored) return stored;
    const created = generatePassword();
    await this.secrets.store(KEY, created);
    return (await this.get()) ?? created;
  }

  async set(password: string): Promise<void> {
    await this.secrets.store(KEY, password);
  }
}
