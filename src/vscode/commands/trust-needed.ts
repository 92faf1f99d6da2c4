// The one list of commands Restricted Mode withholds: the command wrapper (register.ts) refuses them in an untrusted
// workspace, and the manifest's menu `when` clauses hide them there (test/unit/trust-needed.test.ts checks they agree).
// No 'vscode' import, so that test can read it.

/** Anything that starts, stops or changes containers, or changes a cluster's shape or slots. The views, the console
 * and the Keys view stay, read-only (their writes are refused by the read-only flag, not by this list). */
export const TRUST_NEEDED: ReadonlySet<string> = new Set(['valkeyCluster.start', 'valkeyCluster.stop', 'valkeyCluster.init',
  'valkeyCluster.remove', 'valkeyCluster.setPassword', 'valkeyCluster.stopNode', 'valkeyCluster.startNode', 'valkeyCluster.failover',
  'valkeyCluster.openShell', 'valkeyCluster.scale', 'valkeyCluster.addShard', 'valkeyCluster.removeShard', 'valkeyCluster.addReplica',
  'valkeyCluster.removeReplica', 'valkeyCluster.moveSlots', 'valkeyCluster.rebalance', 'valkeyCluster.exportCompose']);

