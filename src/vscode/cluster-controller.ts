// Owns the core objects built from settings + password (rebuilt when either changes) and runs the long
// operations under a progress notification that can be cancelled, turning failures into actionable messages.
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { ClusterSetup } from '../core/cluster-setup';
import type { ClusterSettings } from '../core/cluster-settings';
import type { ConnectionHub } from '../core/target/hub';
import type { ClusterSnapshot } from '../shared/snapshot';
import type { OperationOptions } from '../core/engine/cluster-engine';
import { type UserError, describeError, isCancelled, isUserError } from '../core/errors';
import { core } from './core-loader';
import type { Log } from './log';
import type { ClusterPassword, PasswordPlace, PasswordStore } from './password-store';
import { readPasswordFile } from '../core/secrets';
import { readSettings } from './settings';
import { EXTENSION_WORDS } from './wording';

const SETTINGS_ACTIONS = new Set<UserError['code']>(['invalidSettings', 'portInUse', 'engineUnreachable', 'imageMissing', 'composeUnsupported']);

interface Built {
  readonly password: string;
  readonly secretsDirectory: string;
  readonly setup: ClusterSetup;
}

/** How the views name the cluster the extension runs. */
export function localClusterLabel(): string {
  return vscode.l10n.t('Local cluster');
}

/** The settings an operation runs with, for the log: what it will pull or start, and where. */
export function describeSettings(settings: ClusterSettings): string {
  const engine = settings.dockerHost || 'the default Docker engine';
  const exporter = settings.enableExporter ? `exporter image ${settings.exporterImage} on port ${settings.exporterPort}` : 'no exporter';
  return `project ${settings.projectName}, image ${settings.image}, init image ${settings.initImage}, ${exporter}, `
    + `node ports from ${settings.basePort} on ${settings.bindAddress}, engine ${engine}`;
}

/** A node that refuses the password (its secret file was replaced or lost while it ran): what to do, first. */
function withPasswordAdvice(snapshot: ClusterSnapshot): ClusterSnapshot {
  const refusing = snapshot.nodes.find((node) => node.error !== undefined && core().isAuthError(node.error));
  if (!refusing) return snapshot;
  const advice = vscode.l10n.t('{0} refuses the password in the cluster\'s secret file: it was started with another one. Restart the cluster (Stop, then Start) to apply this one, or run {1} with the one it runs with.',
    refusing.name, EXTENSION_WORDS.action('setPassword'));
  return { ...snapshot, problems: [advice, ...snapshot.problems] };
}

export class ClusterController implements vscode.Disposable {
  /** One build at a time: a refresh and a command asking at once share it (and so one password and one setup). */
  private built: Promise<Built> | undefined;
  /** The local cluster's connections, kept across rebuilds: consoles and the key browser opened before a change of
   * settings or password go on with the new ones. */
  private hub: ConnectionHub | undefined;
  /** The settings the objects were last made from. */
  private inForce: ClusterSettings | undefined;
  private readonly settingsChanged = new vscode.EventEmitter<readonly (keyof ClusterSettings)[]>();
  /** Fired with the settings whose value changed since the last use (the next operation uses the new values). */
  readonly onDidChangeSettings = this.settingsChanged.event;
  private readonly reported = new vscode.EventEmitter<string>();
  /** Fired with each failure shown to the user, as shown (tests read what a command said). */
  readonly onDidReport = this.reported.event;
  private readonly adopted = new vscode.EventEmitter<string>();
  /** Fired with the notice shown when this client took the cluster's password from its secret file. */
  readonly onDidAdoptPassword = this.adopted.event;
  private readonly builtSetup = new vscode.EventEmitter<ClusterSetup>();
  /** Fired with each new set of objects (new settings or password): its engine and project are the ones in use. */
  readonly onDidBuild = this.builtSetup.event;
  private readonly operationEnded = new vscode.EventEmitter<string>();
  /** Fired with the id of the target an operation changed, when it ends (done, failed or cancelled). */
  readonly onDidEndOperation = this.operationEnded.event;
  /** Refreshes ask for CLUSTER SLOT-STATS too (a topology panel shows heat). */
  private slotStats = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly passwords: PasswordStore,
    private readonly log: Log,
  ) {}

  /** Forget the built objects; the next use rebuilds them from the current settings and password. */
  invalidate(): void {
    void this.built?.then(({ setup }) => setup.dispose(), () => undefined);
    this.built = undefined;
  }

  /**
   * Reads the settings in force and, when any differs from what the objects were made from, drops the objects and
   * says which. Runs at every use, not only on VS Code's change event: that event can leave out settings whose value
   * changed (in a remote window VS Code stops applying machine-scoped user settings a moment after start, with an
   * event that does not name them), and no operation may run on settings read before the ones in force.
   */
  checkSettings(): ClusterSettings {
    const settings = readSettings();
    const before = this.inForce;
    this.inForce = settings;
    const changed = before ? (Object.keys(settings) as (keyof ClusterSettings)[]).filter((key) => !isDeepStrictEqual(before[key], settings[key])) : [];
    if (changed.length > 0) {
      this.log.info(`Settings changed (${changed.join(', ')}): the next operation uses ${describeSettings(settings)}`);
      this.invalidate();
      this.settingsChanged.fire(changed);
    }
    return settings;
  }

  /** The cluster objects, with what dialling its nodes needs already open (SSH forwards to a remote engine). */
  async setup(): Promise<ClusterSetup> {
    const { setup } = await this.build();
    await setup.open();
    return setup;
  }

  /** The objects for the settings in force now. */
  private build(): Promise<Built> {
    const settings = this.checkSettings();
    const building = (this.built ??= this.create(settings));
    // A failed build (an invalid setting) is not kept: the next use tries again.
    building.catch(() => this.built === building && (this.built = undefined));
    return building.then((built) => {
      // A build replaced while it waited for the password may have pointed the shared hub at its reach last.
      if (this.built === building) built.setup.hub.use(built.setup.reach);
      return built;
    });
  }

  /** Where the local cluster's password is: its secret files are in the extension's storage on the machine its
   * host runs on (shared by every client of it), the stored copy is this client's. */
  passwordPlace(projectName = readSettings().projectName): PasswordPlace {
    return { projectName, secretsDirectory: join(this.context.globalStorageUri.fsPath, projectName, 'secrets') };
  }

  /** The local cluster's password (for Copy Password). */
  async password(): Promise<string> {
    return (await this.build()).password;
  }

  private async create(settings: ClusterSettings): Promise<Built> {
    const place = this.passwordPlace(settings.projectName);
    const { secretsDirectory } = place;
    const { password, adoptedOver } = await this.passwords.forCluster(place);
    this.log.setSecrets([password]);
    if (adoptedOver) this.tellAdopted(settings.projectName, adoptedOver);
    const { createClusterSetup, ConnectionHub } = core();
    const setup = createClusterSetup({
      hub: (this.hub ??= new ConnectionHub()),
      settings,
      password,
      clusterDirectory: this.context.asAbsolutePath(join('resources', 'cluster')),
      secretsDirectory,
      vocabulary: EXTENSION_WORDS,
    });
    setup.collector.slotStats = this.slotStats;
    this.builtSetup.fire(setup);
    return { password, secretsDirectory, setup };
  }

  private tellAdopted(projectName: string, over: NonNullable<ClusterPassword['adoptedOver']>): void {
    const notice = over === 'none'
      ? vscode.l10n.t('This window had no password for the local cluster "{0}": it uses the one the cluster was started with (its secret file on this machine).', projectName)
      : vscode.l10n.t('This window had another password for the local cluster "{0}": it now uses the cluster\'s own (its secret file on this machine).', projectName);
    this.log.info(notice);
    this.adopted.fire(notice);
    void vscode.window.showInformationMessage(notice);
  }

  /** Another client may have set a new password (its secret file changed): rebuild with it. */
  private async current(): Promise<Built> {
    const built = await this.build();
    const inFile = readPasswordFile(built.secretsDirectory);
    if (inFile === undefined || inFile === built.password) return built;
    const building = this.built;
    if (building && (await building) === built) this.invalidate(); // not a build another refresh has just made
    return this.build();
  }

  setSlotStats(on: boolean): void {
    this.slotStats = on;
    void this.built?.then(({ setup }) => void (setup.collector.slotStats = on), () => undefined);
  }

  /** For the snapshot service: never throws (an invalid setting shows up as a problem in the snapshot instead). */
  async collect(): Promise<ClusterSnapshot | undefined> {
    try {
      return withPasswordAdvice(await (await this.current()).setup.collector.collect());
    } catch (error) {
      this.log.warn(`Refresh failed: ${describeError(error, EXTENSION_WORDS)}`);
      const target = { id: core().LOCAL_TARGET_ID, kind: 'local' as const, label: localClusterLabel(), where: readSettings().dockerHost || vscode.l10n.t('the default Docker engine'), readOnly: false };
      return { target, mode: 'cluster', state: 'misconfigured', slotsOk: 0, slotsAssigned: 0, shards: [], nodes: [], takenAt: Date.now(), problems: [describeError(error, EXTENSION_WORDS)] };
    }
  }

  /** Runs a local-cluster operation under a progress notification; undefined when it failed or was cancelled (reported). */
  run<T>(title: string, operation: (setup: ClusterSetup, options: OperationOptions) => Promise<T>): Promise<T | undefined> {
    return this.withProgress(title, async (options) => {
      const setup = await this.setup();
      this.log.info(`${title}: ${describeSettings(setup.settings)}`);
      return operation(setup, options);
    }, core().LOCAL_TARGET_ID);
  }

  /** Any long operation under a cancellable progress notification, logged; failures reported, then undefined.
   * `changes`: the id of the target whose cluster it changes or tests: its views are read again when it ends. */
  async withProgress<T>(title: string, operation: (options: OperationOptions) => Promise<T>, changes?: string): Promise<T | undefined> {
    this.log.info(`${title}…`);
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return operation({
          signal: controller.signal,
          progress: (message) => {
            this.log.info(`${title}: ${message}`);
            progress.report({ message });
          },
        });
      });
    } catch (error) {
      void this.report(title, error);
      return undefined;
    } finally {
      if (changes !== undefined) this.operationEnded.fire(changes);
    }
  }

  /** `title`: what was being done, as the user knows it (already localised); the core's message is inserted as it is. */
  async report(title: string, error: unknown): Promise<void> {
    if (isCancelled(error)) {
      this.log.info(`${title}: cancelled`);
      vscode.window.setStatusBarMessage(vscode.l10n.t('{0} was cancelled.', title), 8000);
      return;
    }
    const message = describeError(error, EXTENSION_WORDS);
    this.log.error(`${title}: ${message}`);
    if (isUserError(error) && error.detail) this.log.error(error.detail);
    if (!isUserError(error) && error instanceof Error && error.stack) this.log.error(error.stack);
    const openSettings = vscode.l10n.t('Open Settings');
    const showLog = vscode.l10n.t('Show Log');
    const buttons = [...(isUserError(error) && SETTINGS_ACTIONS.has(error.code) ? [openSettings] : []), showLog];
    const shown = vscode.l10n.t('{0} failed: {1}', title, message);
    this.reported.fire(shown);
    const choice = await vscode.window.showErrorMessage(shown, ...buttons);
    if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'valkeyCluster');
    if (choice === showLog) this.log.show();
  }

  dispose(): void {
    this.invalidate();
    this.hub?.dispose();
    this.reported.dispose();
    this.adopted.dispose();
    this.settingsChanged.dispose();
    this.builtSetup.dispose();
    this.operationEnded.dispose();
  }
}
