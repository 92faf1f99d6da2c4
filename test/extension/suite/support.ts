// Helpers for the suites that run inside the extension host.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { ValkeyClusterApi } from '../../../src/extension';
import { createClusterSetup } from '../../../src/core/cluster-setup';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { EXTENSION_TEST_SETTINGS } from '../workspace-settings';

export const EXTENSION_ID = 'valkey-cluster-dev.valkey-cluster';
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

export async function extensionApi(): Promise<ValkeyClusterApi> {
  const extension = vscode.extensions.getExtension<ValkeyClusterApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Polls until `check` returns a value (not undefined); fails with the last seen state. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/** Removes the test project's containers, network and volumes, whatever password they were made with. */
export async function removeTestCluster(): Promise<void> {
  const setup = createClusterSetup({
    settings: {
      ...DEFAULT_SETTINGS,
      projectName: EXTENSION_TEST_SETTINGS['valkeyCluster.projectName'],
      basePort: EXTENSION_TEST_SETTINGS['valkeyCluster.basePort'],
      exporterPort: EXTENSION_TEST_SETTINGS['valkeyCluster.exporterPort'],
    },
    password: 'cleanup-only-password',
    clusterDirectory: join(REPO_ROOT, 'resources', 'cluster'),
    secretsDirectory: mkdtempSync(join(tmpdir(), 'valkey-ext-cleanup-')),
  });
  await setup.engine.down({ removeVolumes: true });
}
