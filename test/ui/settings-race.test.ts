// Start runs with the user's settings, never a copy taken before VS Code delivered them: many times in a row a fresh
// profile whose *user* settings (not the folder's) name the local images and the test's ports opens the Valkey view
// and runs Start as soon as the palette answers. Every run must end ready on exactly those images and ports, and the
// extension's log must name them and pull nothing.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Docker from 'dockerode';
import type { Browser } from 'playwright-core';
import { installExtension, startCodeServer } from '../support/code-server';
import { filesBelow, launchChromium, openFolder, removeCluster, VSIX } from './session';
import { runCommand, toast } from './workbench';

const PROJECT = { projectName: 'valkey-settings-race', basePort: 8179, exporterPort: 9621 };
const VALKEY_IMAGE = process.env.LOCAL_VALKEY_IMAGE ?? 'valkey-cluster-vscode/valkey:9-local';
const EXPORTER_IMAGE = process.env.LOCAL_EXPORTER_IMAGE ?? 'valkey-cluster-vscode/redis-exporter:local';
const USER_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'valkeyCluster.projectName': PROJECT.projectName,
  'valkeyCluster.basePort': PROJECT.basePort,
  'valkeyCluster.exporterPort': PROJECT.exporterPort,
  'valkeyCluster.image': VALKEY_IMAGE,
  'valkeyCluster.initImage': VALKEY_IMAGE,
  'valkeyCluster.exporterImage': EXPORTER_IMAGE,
  'valkeyCluster.readyTimeoutSeconds': 60,
};
const STARTS = Number(process.env.SETTINGS_RACE_COUNT ?? 8);
const scratch = mkdtempSync(join(tmpdir(), 'valkey-settings-race-'));
const extensionsDir = join(scratch, 'extensions');
// A folder with no settings of its own: the user settings are the only place the images and ports come from.
const folder = join(scratch, 'workspace');
let browser: Browser;

/** The image and published ports of each container of the project, as the engine has them. */
async function containersOfProject(): Promise<{ name: string; image: string; ports: number[] }[]> {
  const containers = await new Docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT.projectName}`] } });
  return containers.map((container) => ({
    name: container.Names[0] ?? container.Id,
    image: container.Image,
    ports: container.Ports.flatMap((port) => (port.PublicPort ? [port.PublicPort] : [])),
  }));
}

/** The extension's own log ("Valkey Cluster" output channel) as VS Code wrote it under the profile. */
function extensionLog(userDataDir: string): string {
  return filesBelow(join(userDataDir, 'logs')).filter((path) => path.endsWith('Valkey Cluster.log')).map((path) => readFileSync(path, 'utf8')).join('\n');
}

before(async () => {
  mkdirSync(folder, { recursive: true });
  await removeCluster(PROJECT, scratch);
  installExtension({ userDataDir: join(scratch, 'installer'), extensionsDir, home: scratch }, VSIX);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await removeCluster(PROJECT, scratch);
});

test(`${STARTS} Starts from fresh profiles with the images and ports in the user settings: each uses exactly those`, { timeout: STARTS * 300_000 }, async () => {
  const wrong: string[] = [];
  for (let run = 1; run <= STARTS; run++) {
    await removeCluster(PROJECT, scratch);
    const userDataDir = join(scratch, `profile-${run}`);
    const server = await startCodeServer({ userDataDir, extensionsDir, home: scratch, settings: USER_SETTINGS });
    const page = await browser.newPage({ viewport: { width: 1300, height: 850 } });
    try {
      await openFolder(page, server.base, folder);
      await page.locator('.activitybar [aria-label^="Valkey"]').first().click();
      await runCommand(page, 'Valkey: Start Cluster');
      const outcome = await toast(page, /Valkey cluster ready|already running|failed:/, 300_000);
      const containers = await containersOfProject();
      const log = extensionLog(userDataDir);
      const problems = [
        ...(/Valkey cluster ready/.test(outcome) ? [] : [`Start ended: ${outcome}`]),
        ...(/Pulling /.test(log) ? ['the log shows a pull'] : []),
        ...(log.includes(`image ${VALKEY_IMAGE}, init image ${VALKEY_IMAGE}, exporter image ${EXPORTER_IMAGE} on port ${PROJECT.exporterPort}, node ports from ${PROJECT.basePort}`)
          ? [] : ['the log line that starts Start does not name the configured images and ports']),
        ...(containers.length === 7 ? [] : [`${containers.length} containers instead of 6 nodes and the exporter`]),
        ...containers.filter((container) => container.image !== VALKEY_IMAGE && container.image !== EXPORTER_IMAGE)
          .map((container) => `${container.name} runs ${container.image}`),
        ...containers.filter((container) => container.ports.some((port) => port < PROJECT.basePort || (port > PROJECT.basePort + 5 && port !== PROJECT.exporterPort)))
          .map((container) => `${container.name} publishes ${container.ports.join(', ')}`),
      ];
      console.log(`start ${run}/${STARTS}: ${problems.length === 0 ? 'configured images and ports' : problems.join('; ')}`);
      wrong.push(...problems.map((problem) => `run ${run}: ${problem}`));
    } finally {
      await page.close();
      server.stop();
    }
  }
  assert.deepEqual(wrong, [], `${wrong.length} problem(s) in ${STARTS} Starts`);
});
