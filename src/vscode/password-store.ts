// The cluster password lives in VS Code's SecretStorage only; it is generated on first use.
import * as vscode from 'vscode';
import { generatePassword } from '../core/secrets';

const KEY = 'valkeyCluster.password';

export class PasswordStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    secrets.onDidChange((event) => event.key === KEY && this.changed.fire());
  }

  async get(): Promise<string | undefined> {
    return this.secrets.get(KEY);
  }

  /** The stored password, or a new strong one stored now. */
  async getOrCreate(): Promise<string> {
    const existing = await this.get();
    if (existing) return existing;
    const created = generatePassword();
    await this.secrets.store(KEY, created);
    return created;
  }

  async set(password: string): Promise<void> {
    await this.secrets.store(KEY, password);
  }
}
