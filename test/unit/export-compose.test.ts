// Export Compose File: the folder it writes runs the members the engine would run, node for node.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { exportCompose } from '../../src/core/compose/export';
import { loadCompose, parseCompose } from '../../src/core/compose/load';
import { composeForMembers, type Members } from '../../src/core/compose/shape';
import { UserError } from '../../src/core/errors';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const CLUSTER = resolve(__dirname, '..', '..', '..', 'resources', 'cluster');
const SECRETS = { VALKEY_PASSWORD_FILE: '/s/pw', VALKEY_EXPORTER_AUTH_FILE: '/s/ex.json' };
const seed = loadCompose(join(CLUSTER, 'docker-compose.yml'), SECRETS);
const settings = { ...DEFAULT_SETTINGS, basePort: 7100, image: 'local/valkey:9', initImage: 'local/valkey:9' };

function exported(members: Members) {
  const destination = join(mkdtempSync(join(tmpdir(), 'export-test-')), 'cluster');
  const path = exportCompose({ clusterDirectory: CLUSTER, seed, members, settings, destination, shapeText: 'test shape' });
  return { destination, path, text: readFileSync(path, 'utf8') };
}

test('the exported file, as docker compose reads it, has the members the engine plans, with their config and scripts', () => {
  const members = { nodes: [0, 2, 3, 5, 6, 7, 9], replicasPerShard: 1 };
  const { destination, path, text } = exported(members);
  const read = parseCompose(text, path, SECRETS);
  const planned = composeForMembers(loadCompose(join(CLUSTER, 'docker-compose.yml'), { ...SECRETS, VALKEY0_PORT: '7100', VALKEY1_PORT: '7101', VALKEY2_PORT: '7102', VALKEY3_PORT: '7103', VALKEY4_PORT: '7104', VALKEY5_PORT: '7105', VALKEY_IMAGE: 'local/valkey:9', VALKEY_INIT_IMAGE: 'local/valkey:9' }), members, 7100);
  const strip = (service: (typeof read.services)[number]) => ({ ...service, mounts: service.mounts.map((mount) => ({ ...mount, source: mount.kind === 'bind' ? mount.source.slice(mount.source.lastIndexOf('/')) : mount.source })) });
  assert.deepEqual(read.services.map(strip), planned.services.map(strip));
  assert.deepEqual(read.volumes, planned.volumes);
  assert.match(text, /^# Exported by Valkey: Export Compose File: test shape, 7 nodes/);
  assert.match(text, /x-valkey-node: &valkey-node/, 'the template anchor stays');
  for (const file of ['config/valkey.conf', 'scripts/valkey-start.sh', 'scripts/valkey-cluster-init.sh', 'README.md', '.env.example']) assert.ok(existsSync(join(destination, file)), file);
  assert.equal(statSync(join(destination, 'scripts/valkey-start.sh')).size, statSync(join(CLUSTER, 'scripts/valkey-start.sh')).size);
  assert.ok(!existsSync(join(destination, 'secrets')), 'no secret is written');
  assert.match(readFileSync(join(destination, 'README.md'), 'utf8'), /"redis:\/\/172\.19\.0\.71:7109":"%s"/);
  assert.match(readFileSync(join(destination, '.env.example'), 'utf8'), /^VALKEY9_PORT=7109$/m);
});

test('an existing docker-compose.yml is never overwritten', () => {
  const { destination } = exported({ nodes: [0, 1, 2], replicasPerShard: 0 });
  assert.throws(() => exportCompose({ clusterDirectory: CLUSTER, seed, members: { nodes: [0], replicasPerShard: 0 }, settings, destination, shapeText: 'x' }),
    (error: unknown) => error instanceof UserError && /exists already; nothing was written/.test(error.message));
});
