// Where the Keys view and the key editors get their client: one KeyClient per key space, kept while the space's
// target and its reach stay the same (a refresh of the snapshot changes nothing), replaced when they change. The
// connections are the target's hub's, not the client's.
import type * as vscode from 'vscode';
import type { Reach } from '../../core/client/reach';
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
  private current: { readonly client: KeyClient; readonly reach: Reach } | undefined;

  constructor(readonly source: KeySpaceSource) {}

  /** The client for the space to browse now; undefined when there is none. */
  async client(): Promise<KeyClient | undefined> {
    const space = await this.source.space();
    if (!space) return undefined;
    const { client, reach } = this.current ?? {};
    if (client && client.space.hub === space.hub && reach === space.hub.reach && client.space.readOnly === space.readOnly) return client;
    this.current = { client: new (core().KeyClient)(space), reach: space.hub.reach };
    return this.current.client;
  }

  dispose(): void {
    this.current = undefined;
  }
}
