// Where the Keys view and the key editors get their connections: one KeyClient per key space, kept while the
// space's reach stays the same (a refresh of the snapshot does not reconnect), replaced when it changes.
import type * as vscode from 'vscode';
import type { KeyClient } from '../../core/keys/key-client';
import type { KeySpace } from '../../core/keys/key-space';
import { core } from '../core-loader';

/** The one thing the key browser needs from the rest of the extension: the cluster to browse. */
export interface KeySpaceSource {
  /** The space to browse now; undefined when there is no cluster to browse. */
  space(): Promise<KeySpace | undefined>;
  /** Fires on every new snapshot (the cluster may have appeared, gone, or become read-only). */
  readonly onDidChangeSnapshot: vscode.Event<unknown>;
}

export class KeySessions implements vscode.Disposable {
  private current: KeyClient | undefined;
  private readonly clients: KeyClient[] = [];

  constructor(readonly source: KeySpaceSource) {}

  /** The client for the space to browse now; undefined when there is none. */
  async client(): Promise<KeyClient | undefined> {
    const space = await this.source.space();
    if (!space) return undefined;
    if (this.current && this.current.space.reach === space.reach && this.current.space.readOnly === space.readOnly) return this.current;
    // Editors opened on the previous client keep it (it reconnects on use); all are closed on dispose.
    this.current = new (core().KeyClient)(space);
    this.clients.push(this.current);
    return this.current;
  }

  dispose(): void {
    for (const client of this.clients) client.dispose();
    this.clients.length = 0;
    this.current = undefined;
  }
}
