// Every target the extension shows: the local cluster first, then one per stored connection, kept in step with the
// valkeyCluster.connections setting. Knows which one the user last chose (the status bar follows it) and asks which
// one when a command could mean several.
import * as vscode from 'vscode';
import { Emitter } from '../../core/emitter';
import { type ConnectionStore } from './connection-store';
import { ConnectionTarget } from './connection-target';
import { LOCAL_ID, type LocalTarget } from './local-target';
import type { Target } from './target';

const ACTIVE_KEY = 'valkeyCluster.activeTarget';

export class TargetRegistry implements vscode.Disposable {
  private readonly connections = new Map<string, ConnectionTarget>();
  private readonly changed = new Emitter<void>();
  /** The set of targets changed (a connection added, edited or removed). */
  readonly onDidChange = this.changed.event;
  private readonly activeChanged = new Emitter<Target>();
  readonly onDidChangeActive = this.activeChanged.event;
  private readonly visible = new Set<string>();
  private problems: readonly string[] = [];

  constructor(
    readonly local: LocalTarget,
    readonly store: ConnectionStore,
    private intervalMs: number,
    private readonly state: vscode.Memento,
  ) {
    this.sync(); // activation reads nothing: the first snapshots wait for a view or a command
  }

  all(): Target[] {
    return [this.local, ...this.connections.values()];
  }

  get(id: string): Target | undefined {
    return id === LOCAL_ID ? this.local : this.connections.get(id);
  }

  /** Setting entries that could not be used as connections. */
  get storeProblems(): readonly string[] {
    return this.problems;
  }

  get hasConnections(): boolean {
    return this.connections.size > 0;
  }

  get active(): Target {
    return this.get(this.state.get<string>(ACTIVE_KEY, LOCAL_ID)) ?? this.local;
  }

  setActive(target: Target): void {
    if (target.id === this.active.id) return;
    void this.state.update(ACTIVE_KEY, target.id);
    this.activeChanged.fire(target);
  }

  /** Brings the connections in step with the setting; a new or changed connection is read at once, not at the next
   * tick of a view's timer. */
  reload(): void {
    for (const target of this.sync()) target.refreshes.request();
  }

  /** New connections added, changed ones rebuilt, removed ones closed; returns the targets it made. */
  private sync(): Target[] {
    const { profiles, problems } = this.store.read();
    const made: Target[] = [];
    this.problems = problems;
    const wanted = new Map(profiles.map((profile) => [profile.id, profile]));
    let changed = false;
    for (const [id, target] of this.connections) {
      const profile = wanted.get(id);
      if (profile && JSON.stringify(profile) === JSON.stringify(target.profile)) continue;
      target.dispose();
      this.connections.delete(id);
      changed = true;
    }
    for (const profile of profiles) {
      if (this.connections.has(profile.id)) continue;
      const target = new ConnectionTarget(profile, this.store, this.intervalMs);
      for (const view of this.visible) target.snapshots.setVisible(view, true);
      this.connections.set(profile.id, target);
      made.push(target);
      changed = true;
    }
    if (changed) this.changed.fire();
    if (!this.get(this.state.get<string>(ACTIVE_KEY, LOCAL_ID))) this.setActive(this.local);
    return made;
  }

  setInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    for (const target of this.all()) target.snapshots.setInterval(intervalMs);
  }

  /** A view that shows every target (the tree) is on screen or not. */
  setVisible(view: string, visible: boolean): void {
    if (visible) this.visible.add(view);
    else this.visible.delete(view);
    for (const target of this.all()) target.snapshots.setVisible(view, visible);
  }

  /** The only candidate, or the one the user picks (the active one first); undefined when they cancel. */
  async choose(placeHolder: string, candidates: readonly Target[] = this.all()): Promise<Target | undefined> {
    if (candidates.length <= 1) return candidates[0];
    const active = this.active;
    const ordered = [...candidates].sort((a, b) => Number(b.id === active.id) - Number(a.id === active.id));
    const picked = await vscode.window.showQuickPick(ordered.map((target) => ({
      label: target.label,
      description: target.kind === 'local' ? vscode.l10n.t('runs in Docker') : target.snapshots.latest?.target.where,
      target,
    })), { placeHolder });
    return picked?.target;
  }

  dispose(): void {
    for (const target of this.all()) target.dispose();
    this.changed.dispose();
    this.activeChanged.dispose();
  }
}
