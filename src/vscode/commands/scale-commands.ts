// Changing a cluster's shape and moving its slots: Move Slots and Rebalance on any cluster that is not read-only;
// Add/Remove Shard, Add/Remove Replica and Scale Cluster on the local one (they need containers). Each is a plan
// from the core, shown for confirmation (modal: what will move), then run under a cancellable progress
// notification. Tests and the topology page pass their choices as an argument ({ yes: true } skips the question).
import * as vscode from 'vscode';
import { describeObserved, describeShape, observedShape } from '../../core/cluster/shape-of';
import type { ClusterShape } from '../../core/compose/shape';
import { describeError } from '../../core/errors';
import type { OperationResult } from '../../core/scale/execute';
import type { OperationRequest } from '../../core/scale/operations';
import { parseSlotRanges } from '../../core/scale/slot-input';
import { shapeProblems } from '../../core/settings';
import { word } from '../../core/wording';
import type { SlotRange } from '../../shared/snapshot';
import { formatSlotRanges, replicasText, slotsText } from '../../shared/present';
import { core } from '../core-loader';
import type { Target } from '../targets/target';
import { EXTENSION_WORDS } from '../wording';
import { writeShapeSettings } from '../shape-settings';
import type { CommandContext, Handler } from './context';

/** What a command was given: a tree row, a node picked in a topology panel, a target id, or choices from a test. */
interface Given {
  readonly targetId?: string;
  /** A primary (for a shard) or a replica. */
  readonly node?: string;
  readonly ranges?: string | readonly SlotRange[];
  readonly to?: string;
  readonly by?: 'slots' | 'keys';
  readonly shards?: number;
  readonly replicas?: number;
  readonly removeVolumes?: boolean;
  readonly method?: 'auto' | 'atomic' | 'keys';
  /** Skip the confirmation (tests, scripts). */
  readonly yes?: boolean;
}

/** What a command returns: whether it ran to the end, in one sentence, and the result when it ran. */
export interface OperationOutcome {
  readonly ok: boolean;
  readonly message: string;
  readonly result?: OperationResult;
}

function given(argument: unknown): Given {
  if (typeof argument === 'string') return { targetId: argument };
  if (typeof argument !== 'object' || argument === null) return {};
  const row = argument as { kind?: string; snapshot?: { target: { id: string } }; target?: { id: string }; shard?: { primary?: { name: string } }; node?: unknown };
  if (row.kind === 'cluster' && row.snapshot) return { targetId: row.snapshot.target.id };
  if (row.kind === 'shard' && row.target) return { targetId: row.target.id, node: row.shard?.primary?.name };
  if (row.kind === 'node' && row.target) return { targetId: row.target.id, node: (row.node as { name: string }).name };
  return argument;
}

function reportTitle(kind: OperationRequest['kind']): string {
  switch (kind) {
    case 'moveSlots': return vscode.l10n.t('Move Slots');
    case 'rebalance': return vscode.l10n.t('Rebalance Slots');
    case 'addShard': return vscode.l10n.t('Add Shard');
    case 'removeShard': return vscode.l10n.t('Remove Shard');
    case 'addReplica': return vscode.l10n.t('Add Replica');
    case 'removeReplica': return vscode.l10n.t('Remove Replica');
    case 'scale': return vscode.l10n.t('Scale Cluster');
  }
}

/** The confirmation's button. */
function confirmLabel(kind: OperationRequest['kind']): string {
  switch (kind) {
    case 'moveSlots': return vscode.l10n.t('Move');
    case 'rebalance': return vscode.l10n.t('Rebalance');
    case 'scale': return vscode.l10n.t('Scale');
    default: return reportTitle(kind);
  }
}

export function scaleCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets } = context;
  const writable = () => targets.all().filter((target) => target.kind === 'local' || !target.snapshots.latest?.target.readOnly);

  const pickTarget = async (wanted: Given, localOnly: boolean, placeHolder: string): Promise<Target | undefined> => {
    if (wanted.targetId !== undefined) return targets.get(wanted.targetId);
    return targets.choose(placeHolder, localOnly ? [targets.local] : writable());
  };

  const failure = (title: string, error: unknown): OperationOutcome => {
    void controller.report(vscode.l10n.t('Valkey: {0}', title), error);
    return { ok: false, message: describeError(error, EXTENSION_WORDS) };
  };

  /** Plan, confirm, run, report. */
  const operate = async (target: Target, request: OperationRequest, wanted: Given): Promise<OperationOutcome> => {
    const title = reportTitle(request.kind);
    try {
      const scale = await target.scaleTarget();
      const prepared = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Valkey: Planning {0}', title) },
        () => core().prepareOperation(scale, request));
      const { plan } = prepared;
      if (plan.steps.length === 0) {
        void vscode.window.showInformationMessage(plan.summary);
        return { ok: true, message: plan.summary };
      }
      if (!wanted.yes) {
        const detail = [...plan.details, '', vscode.l10n.t('Clients keep reading and writing while slots move: they follow the redirects. Cancel from the progress notification.')].join('\n');
        const choice = await vscode.window.showWarningMessage(plan.summary, { modal: true, detail }, confirmLabel(request.kind));
        if (!choice) return { ok: false, message: vscode.l10n.t('Not confirmed: nothing was changed.') };
      }
      const result = await controller.withProgress(vscode.l10n.t('Valkey: {0}', title), (options) => prepared.execute({ ...options, ...(wanted.method ? { method: wanted.method } : {}) }), target.id);
      if (!result) return { ok: false, message: vscode.l10n.t('{0} did not run to the end; see the log.', title) };
      if (plan.needsContainers && result.completed.length > 0) await writeShapeSettings(await scale.observe());
      return report(title, result);
    } catch (error) {
      return failure(title, error);
    }
  };

  const report = (title: string, result: OperationResult): OperationOutcome => {
    const check = result.check.ok ? '' : ` ${vscode.l10n.t('The check after it found: {0}', result.check.problems.join(' '))}`;
    const message = `${result.summary}${check}`;
    if (result.status === 'done' && result.check.ok) void vscode.window.showInformationMessage(message);
    else if (result.status === 'cancelled') void vscode.window.showInformationMessage(message);
    else if (result.status === 'done') void vscode.window.showWarningMessage(message);
    else void vscode.window.showErrorMessage(vscode.l10n.t('Valkey: {0} failed: {1}', title, message));
    return { ok: result.status === 'done' && result.check.ok, message, result };
  };

  /** The shard to act on: given, or picked among the primaries of the target's latest snapshot. */
  const pickShard = async (target: Target, wanted: Given, placeHolder: string, role: 'primary' | 'replica' = 'primary'): Promise<string | undefined> => {
    if (wanted.node !== undefined) return wanted.node;
    const snapshot = target.snapshots.latest ?? (await target.snapshots.refresh());
    const items = (snapshot?.shards ?? []).flatMap((shard, index) => {
      const nodes = role === 'primary' ? (shard.primary ? [shard.primary] : []) : shard.replicas;
      return nodes.map((node) => ({ label: node.name, description: [vscode.l10n.t('Shard {0}', index + 1), `${slotsText(shard.slotCount)}${shard.slots.length > 0 ? ` (${formatSlotRanges(shard.slots, 2)})` : ''}`, replicasText(shard.replicas.length)].join(' · ') }));
    });
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.label;
  };

  const askVolumes = async (wanted: Given, what: string): Promise<boolean | undefined> => {
    if (wanted.removeVolumes !== undefined || wanted.yes) return wanted.removeVolumes ?? false;
    const keep = vscode.l10n.t('Keep Their Data Volumes');
    const drop = vscode.l10n.t('Delete Their Data Volumes');
    const choice = await vscode.window.showQuickPick([keep, drop], { placeHolder: vscode.l10n.t('{0}: keep the data volumes of the removed nodes?', what) });
    return choice === undefined ? undefined : choice === drop;
  };

  const moveSlots = async (argument?: unknown): Promise<OperationOutcome | undefined> => {
    const wanted = given(argument);
    const target = await pickTarget(wanted, false, vscode.l10n.t('Move slots of which cluster?'));
    if (!target) return undefined;
    const ranges = wanted.ranges ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Move slots'),
      prompt: vscode.l10n.t('Slot ranges to move, e.g. 0-1000 or 0-99,200-299'),
      ignoreFocusOut: true,
      validateInput: (value) => {
        try {
          parseSlotRanges(value);
          return undefined;
        } catch (error) {
          return describeError(error, EXTENSION_WORDS);
        }
      },
    });
    if (ranges === undefined) return undefined;
    const to = wanted.to ?? wanted.node ?? await pickShard(target, wanted, vscode.l10n.t('Move the slots to the shard of which primary?'));
    if (to === undefined) return undefined;
    return operate(target, { kind: 'moveSlots', ranges, to }, wanted);
  };

  const rebalance = async (argument?: unknown) => {
    const wanted = given(argument);
    const target = await pickTarget(wanted, false, vscode.l10n.t('Rebalance which cluster?'));
    if (!target) return undefined;
    const by = wanted.by ?? (await vscode.window.showQuickPick([
      { label: vscode.l10n.t('By slot count'), description: vscode.l10n.t('every shard serves as many slots'), by: 'slots' as const },
      { label: vscode.l10n.t('By keys per slot'), description: vscode.l10n.t('every shard holds as many keys (CLUSTER SLOT-STATS)'), by: 'keys' as const },
    ], { placeHolder: vscode.l10n.t('Balance the shards how?') }))?.by;
    if (!by) return undefined;
    return operate(target, { kind: 'rebalance', by }, wanted);
  };

  const addShard = async (argument?: unknown) => {
    const wanted = given(argument);
    return operate(targets.local, { kind: 'addShard', ...(wanted.replicas === undefined ? {} : { replicas: wanted.replicas }) }, wanted);
  };

  const removeShard = async (argument?: unknown) => {
    const wanted = given(argument);
    const shard = await pickShard(targets.local, wanted, vscode.l10n.t('Remove the shard of which primary?'));
    if (shard === undefined) return undefined;
    const removeVolumes = await askVolumes(wanted, vscode.l10n.t("Remove {0}'s shard", shard));
    if (removeVolumes === undefined) return undefined;
    return operate(targets.local, { kind: 'removeShard', shard, removeVolumes }, wanted);
  };

  const addReplica = async (argument?: unknown) => {
    const wanted = given(argument);
    const shard = await pickShard(targets.local, wanted, vscode.l10n.t('Add a replica to the shard of which primary?'));
    return shard === undefined ? undefined : operate(targets.local, { kind: 'addReplica', shard }, wanted);
  };

  const removeReplica = async (argument?: unknown) => {
    const wanted = given(argument);
    const node = await pickShard(targets.local, wanted, vscode.l10n.t('Remove which replica?'), 'replica');
    if (node === undefined) return undefined;
    const removeVolumes = await askVolumes(wanted, vscode.l10n.t('Remove {0}', node));
    if (removeVolumes === undefined) return undefined;
    return operate(targets.local, { kind: 'removeReplica', node, removeVolumes }, wanted);
  };

  const askNumber = async (title: string, value: number, problem: (count: number) => string | undefined): Promise<number | undefined> => {
    const answer = await vscode.window.showInputBox({ title, value: String(value), ignoreFocusOut: true,
      validateInput: (text) => (/^\d+$/.test(text.trim()) ? problem(Number(text)) : vscode.l10n.t('A whole number.')) });
    return answer === undefined ? undefined : Number(answer);
  };

  const scale = async (argument?: unknown) => {
    const wanted = given(argument);
    const settings = vscode.workspace.getConfiguration('valkeyCluster');
    const problem = (shape: ClusterShape) => shapeProblems(shape).map((phrase) => word(phrase, EXTENSION_WORDS)).join(' ') || undefined;
    const shards = wanted.shards ?? await askNumber(vscode.l10n.t('Scale Cluster: number of shards'), settings.get('shards', 3), (count) => problem({ shards: count, replicasPerShard: 0 }));
    if (shards === undefined) return undefined;
    const replicas = wanted.replicas ?? await askNumber(vscode.l10n.t('Scale Cluster: replicas per shard'), settings.get('replicasPerShard', 1), (count) => problem({ shards, replicasPerShard: count }));
    if (replicas === undefined) return undefined;
    const removeVolumes = await askVolumes(wanted, vscode.l10n.t('Nodes that are removed'));
    if (removeVolumes === undefined) return undefined;
    return operate(targets.local, { kind: 'scale', shape: { shards, replicasPerShard: replicas }, removeVolumes }, wanted);
  };

  /** The local cluster's members as a compose folder; a test passes { folder }. Returns the compose file's path. */
  const exportComposeFile = async (argument?: unknown): Promise<string | undefined> => {
    const folder = (argument as { folder?: unknown } | undefined)?.folder;
    const destination = typeof folder === 'string' ? folder : (await vscode.window.showOpenDialog({
      canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Export Here'), title: vscode.l10n.t('Export the cluster as a folder for docker compose'),
    }))?.[0]?.fsPath;
    if (!destination) return undefined;
    const setup = await controller.setup();
    await setup.engine.status(); // the members as the engine records them
    const snapshot = targets.local.snapshots.latest;
    const config = vscode.workspace.getConfiguration('valkeyCluster');
    const shapeText = snapshot?.state === 'ok' ? describeObserved(observedShape(snapshot))
      : describeShape({ shards: config.get('shards', 3), replicasPerShard: config.get('replicasPerShard', 1) });
    const path = setup.exportCompose(destination, shapeText);
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} to {1}. Its README.md says how to create the secret files and run it.', shapeText, path), open)
      .then((choice) => {
        if (choice === open) void vscode.window.showTextDocument(vscode.Uri.file(path));
      });
    return path;
  };

  return {
    'valkeyCluster.exportCompose': exportComposeFile,
    'valkeyCluster.moveSlots': moveSlots,
    'valkeyCluster.rebalance': rebalance,
    'valkeyCluster.addShard': addShard,
    'valkeyCluster.removeShard': removeShard,
    'valkeyCluster.addReplica': addReplica,
    'valkeyCluster.removeReplica': removeReplica,
    'valkeyCluster.scale': scale,
  };
}
