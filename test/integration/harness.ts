// Shared by the integration tests: a cluster set up from the bundled compose file with the locally built images,
// on its own project name and ports, with a fresh password and secrets folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { after } from 'node:test';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { withNode } from '../../src/core/client/connect';
import type { Reach } from '../../src/core/client/reach';
import type { ClusterLayout } from '../../src/core/cluster/layout';
import { parseClusterNodes } from '../../src/core/cluster/parse';
import { type ClusterSetup, createClusterSetup } from '../../src/core/cluster-setup';
import type { NodeEndpoint } from '../../src/core/compose/plan';
import { generatePassword } from '../../src/core/secrets';
import type { ClusterSettings } from '../../src/core/cluster-settings';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

export const LOCAL_VALKEY_IMAGE = process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local';
export const LOCAL_EXPORTER_IMAGE = process.env.LOCAL_EXPORTER_IMAGE ?? 'valkey-cluster-vscode/redis-exporter:local';
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const CLUSTER_DIRECTORY = join(REPO_ROOT, 'resources', 'cluster');

export const TEST_SETTINGS: ClusterSettings = {
  ...DEFAULT_SETTINGS,
  projectName: 'valkey-it',
  basePort: 7379,
  exporterPort: 9221,
  image: LOCAL_VALKEY_IMAGE,
  initImage: LOCAL_VALKEY_IMAGE,
  exporterImage: LOCAL_EXPORTER_IMAGE,
  readyTimeoutSeconds: 90,
};

// One password and secrets folder per test process, as the extension keeps one per cluster.
const SUITE_PASSWORD = generatePassword();
const SUITE_SECRETS = mkdtempSync(join(tmpdir(), 'valkey-it-secrets-'));
process.on('exit', () => rmSync(SUITE_SECRETS, { recursive: true, force: true }));

export function testSetup(overrides: Partial<ClusterSettings> = {}, password = SUITE_PASSWORD, secretsDirectory = SUITE_SECRETS): ClusterSetup & { secretsDirectory: string } {
  const setup = createClusterSetup({ settings: { ...TEST_SETTINGS, ...overrides }, password, clusterDirectory: CLUSTER_DIRECTORY, secretsDirectory });
  // The setup's hub keeps its connections open (as the extension's target does); under the test runner they are
  // closed when the test or file that made it ends, or the file's process would never exit.
  if (process.env.NODE_TEST_CONTEXT) after(() => setup.dispose());
  // Object.assign keeps the setup's plan getter (the plan follows the cluster's members).
  return Object.assign(setup, { secretsDirectory });
}

/** Inside a node container, with the password from the container's own secret file (never on a command line). */
export function cliInNode(port: number, args: string): string {
  return `REDISCLI_AUTH="$(cat /run/secrets/valkey_password)" valkey-cli --no-auth-warning -p ${port} ${args}`;
}

/** Who is primary of which slots and who follows whom, by node name: comparable across clusters and with layout(). */
export interface NamedLayout {
  readonly primaries: Readonly<Record<string, string>>;
  readonly replicaOf: Readonly<Record<string, string>>;
}

export function namedLayout(layout: ClusterLayout<string>): NamedLayout {
  const primaries: Record<string, string> = {};
  const replicaOf: Record<string, string> = {};
  for (const shard of layout.shards) {
    primaries[shard.primary] = `${shard.slots.start}-${shard.slots.end}`;
    for (const replica of shard.replicas) replicaOf[replica] = shard.primary;
  }
  return { primaries, replicaOf };
}

/** The running cluster's layout, each node describing itself (its own CLUSTER NODES line), on the published ports. */
export async function observedLayout(nodes: readonly NodeEndpoint[], reach: Reach): Promise<NamedLayout> {
  const selves = await Promise.all(nodes.map((node) => withNode(reach.map(node.announcedAddress), reach, async (client) => {
    const self = parseClusterNodes(String(await client.call('CLUSTER', 'NODES'))).find((line) => line.myself);
    if (!self) throw new Error(`${node.name} does not list itself in CLUSTER NODES`);
    return { name: node.name, self };
  })));
  const nameOf = new Map(selves.map(({ name, self }) => [self.id, name]));
  const primaries: Record<string, string> = {};
  const replicaOf: Record<string, string> = {};
  for (const { name, self } of selves) {
    if (self.role === 'primary') primaries[name] = self.slots.map((range) => `${range.start}-${range.end}`).join(',');
    else replicaOf[name] = nameOf.get(self.primaryId ?? '') ?? `unknown node ${self.primaryId}`;
  }
  return { primaries, replicaOf };
}
