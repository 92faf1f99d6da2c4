// Where connections live: their profiles (plain data, no secret) in the valkeyCluster.connections setting, each
// password in VS Code's secret storage under the connection's id.
import * as vscode from 'vscode';
import { type ConnectionProfile, profileProblems } from '../../core/connection/profile';
import { SECTION } from '../settings';

const SETTING = 'connections';
const secretKey = (id: string): string => `valkeyCluster.connection.${id}`;

export interface StoredConnections {
  readonly profiles: readonly ConnectionProfile[];
  /** Entries of the setting that cannot be used, each with why. */
  readonly problems: readonly string[];
}

export class ConnectionStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  read(): StoredConnections {
    const entries = vscode.workspace.getConfiguration(SECTION).get<unknown[]>(SETTING, []);
    const profiles: ConnectionProfile[] = [];
    const problems: string[] = [];
    (Array.isArray(entries) ? entries : []).forEach((entry, index) => {
      const found = profileProblems(entry);
      if (found.length === 0 && !profiles.some((profile) => profile.id === (entry as ConnectionProfile).id)) profiles.push(entry as ConnectionProfile);
      else problems.push(vscode.l10n.t('Connection {0} in {1} cannot be used: {2}', index + 1, `${SECTION}.${SETTING}`, found.join(' ') || vscode.l10n.t('its id is used twice.')));
    });
    return { profiles, problems };
  }

  /** Adds or replaces (by id) the profile in the user settings; stores the password when one is given. */
  async save(profile: ConnectionProfile, password?: string): Promise<void> {
    if (password !== undefined) await this.secrets.store(secretKey(profile.id), password);
    const config = vscode.workspace.getConfiguration(SECTION);
    const current = config.get<unknown[]>(SETTING, []);
    const others = current.filter((entry) => (entry as { id?: unknown })?.id !== profile.id);
    const at = current.findIndex((entry) => (entry as { id?: unknown })?.id === profile.id);
    const next = [...others];
    next.splice(at < 0 ? others.length : at, 0, profile);
    await config.update(SETTING, next, vscode.ConfigurationTarget.Global);
  }

  async remove(id: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    await config.update(SETTING, config.get<unknown[]>(SETTING, []).filter((entry) => (entry as { id?: unknown })?.id !== id), vscode.ConfigurationTarget.Global);
    await this.secrets.delete(secretKey(id));
  }

  /** The stored password; empty when the connection has none. */
  async password(id: string): Promise<string> {
    return (await this.secrets.get(secretKey(id))) ?? '';
  }

  /** A connection's password was stored or deleted. */
  onDidChangePassword(listener: (id: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key.startsWith(secretKey(''))) listener(event.key.slice(secretKey('').length));
    });
  }
}

export function affectsConnections(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.${SETTING}`);
}
