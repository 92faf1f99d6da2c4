// `scale`, `move-slots` and `rebalance`: a plan from the cluster as it is, printed (and with --dry-run, only
// printed), then executed with progress on stderr; the result (and with --json, plan and result as JSON) on stdout.
import type { ExecuteOptions, OperationResult, ScaleTarget } from '../core/scale/execute';
import { type OperationRequest, prepareOperation } from '../core/scale/operations';

export interface OperationFlags {
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly method?: ExecuteOptions['method'];
  readonly signal: AbortSignal;
  readonly progress: (message: string) => void;
}

function exitCode(result: OperationResult): number {
  if (result.status === 'cancelled') return 130;
  return result.status === 'done' && result.check.ok ? 0 : 1;
}

export async function runOperation(target: ScaleTarget, request: OperationRequest, flags: OperationFlags): Promise<number> {
  const prepared = await prepareOperation(target, request);
  const { plan } = prepared;
  if (flags.dryRun || plan.steps.length === 0) {
    console.log(flags.json ? JSON.stringify({ plan }, null, 2) : [plan.summary, ...plan.details.map((line) => `  ${line}`)].join('\n'));
    return 0;
  }
  if (!flags.json) console.log([plan.summary, ...plan.details.map((line) => `  ${line}`)].join('\n'));
  const result = await prepared.execute({ progress: flags.progress, signal: flags.signal, ...(flags.method ? { method: flags.method } : {}) });
  if (flags.json) {
    console.log(JSON.stringify({ plan, result }, null, 2));
  } else {
    console.log(result.summary);
    for (const migration of result.migrations) {
      console.log(`  ${migration.ranges} ${migration.source} → ${migration.target}: ${migration.status} (${migration.method}, ${migration.keys} keys, ${migration.seconds.toFixed(1)} s)${migration.message ? ` ${migration.message}` : ''}`);
    }
    console.log(result.check.ok ? 'Cluster check: ok (every node sees all 16384 slots ok, no slot open, all agree).' : `Cluster check found problems:\n${result.check.problems.map((problem) => `  ! ${problem}`).join('\n')}`);
  }
  return exitCode(result);
}
