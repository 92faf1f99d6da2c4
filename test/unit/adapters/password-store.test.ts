// One password per local cluster, whatever the client: the cluster's secret file is its password; a client without
// a copy (or with another) takes it, and a new one is made only when neither exists, once, whoever asks first.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Emitter } from '../../../src/core/emitter';
import { type PasswordPlace, PasswordStore, type SecretStore } from '../../../src/vscode/password-store';

const KEY = 'valkeyCluster.password/demo';

/** Secret storage whose reads and writes take a turn of the event loop, like the real one. */
class SlowSecrets implements SecretStore {
  readonly values = new Map<string, string>();
  readonly changed = new Emitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  stores = 0;

  async get(key: string): Promise<string | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.stores++;
    this.values.set(key, value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.values.delete(key);
    this.changed.fire({ key });
  }
}

/** A cluster whose secrets folder does not exist yet (as before the first start). */
const secretsFolder = (name = 'demo'): PasswordPlace => ({ projectName: name, secretsDirectory: join(mkdtempSync(join(tmpdir(), 'password-store-')), 'secrets') });
const fileOf = (place: PasswordPlace): string => join(place.secretsDirectory, 'valkey_password');

test('concurrent first uses create one password, store it once and write it to the secret file (0600)', async () => {
  const folder = secretsFolder();
  const secrets = new SlowSecrets();
  const store = new PasswordStore(secrets);
  const answers = await Promise.all([store.forCluster(folder), store.forCluster(folder), store.forCluster(folder)]);
  const passwords = answers.map((answer) => answer.password);
  assert.equal(new Set(passwords).size, 1);
  assert.equal(secrets.stores, 1);
  assert.deepEqual(answers.map((answer) => answer.adoptedOver), [undefined, undefined, undefined]);
  assert.equal(readFileSync(fileOf(folder), 'utf8'), passwords[0]);
  assert.equal(statSync(fileOf(folder)).mode & 0o777, 0o600);
  assert.equal(statSync(folder.secretsDirectory).mode & 0o777, 0o700);
  assert.deepEqual(await store.forCluster(folder), { password: passwords[0] });
  assert.ok(passwords[0].length >= 32);
});

test('two clients with empty storages asking at once end with one password: one makes it, the other adopts it', async () => {
  const folder = secretsFolder();
  const [first, second] = [new SlowSecrets(), new SlowSecrets()];
  const answers = await Promise.all([new PasswordStore(first).forCluster(folder), new PasswordStore(second).forCluster(folder)]);
  assert.equal(answers[0].password, answers[1].password);
  assert.deepEqual(answers.map((answer) => answer.adoptedOver).sort(), ['none', undefined]);
  assert.equal(first.values.get(KEY), answers[0].password);
  assert.equal(second.values.get(KEY), answers[0].password);
  assert.equal(readFileSync(fileOf(folder), 'utf8'), answers[0].password);
});

test('a client without a stored password takes the cluster\'s from its secret file, says so once, and leaves the file alone', async () => {
  const folder = secretsFolder();
  const starter = new PasswordStore(new SlowSecrets());
  const { password } = await starter.forCluster(folder);
  const before = statSync(fileOf(folder)).mtimeMs;
  const secrets = new SlowSecrets();
  const client = new PasswordStore(secrets);
  assert.deepEqual(await client.forCluster(folder), { password, adoptedOver: 'none' });
  assert.equal(secrets.values.get(KEY), password);
  assert.deepEqual(await client.forCluster(folder), { password });
  assert.equal(readFileSync(fileOf(folder), 'utf8'), password);
  assert.equal(statSync(fileOf(folder)).mtimeMs, before);
});

test('a client with another stored password takes the cluster\'s; the secret file keeps the cluster\'s', async () => {
  const folder = secretsFolder();
  const { password } = await new PasswordStore(new SlowSecrets()).forCluster(folder);
  const secrets = new SlowSecrets();
  secrets.values.set(KEY, 'made-by-this-client-earlier');
  assert.deepEqual(await new PasswordStore(secrets).forCluster(folder), { password, adoptedOver: 'another' });
  assert.equal(secrets.values.get(KEY), password);
  assert.equal(readFileSync(fileOf(folder), 'utf8'), password);
});

test('a stored password with no secret file yet becomes the cluster\'s, with nothing to tell', async () => {
  const folder = secretsFolder();
  const secrets = new SlowSecrets();
  secrets.values.set(KEY, 'stored-before-any-start');
  assert.deepEqual(await new PasswordStore(secrets).forCluster(folder), { password: 'stored-before-any-start' });
  assert.equal(readFileSync(fileOf(folder), 'utf8'), 'stored-before-any-start');
  assert.equal(secrets.stores, 0);
});

test('an empty secret file is no cluster\'s password: it is replaced', async () => {
  const folder = secretsFolder();
  await new PasswordStore(new SlowSecrets()).forCluster(folder);
  writeFileSync(fileOf(folder), '');
  const { password, adoptedOver } = await new PasswordStore(new SlowSecrets()).forCluster(folder);
  assert.equal(adoptedOver, undefined);
  assert.equal(readFileSync(fileOf(folder), 'utf8'), password);
  assert.ok(password.length >= 32);
});

test('Set Password replaces the secret file and the stored copy; asking afterwards adopts nothing', async () => {
  const folder = secretsFolder();
  const secrets = new SlowSecrets();
  const store = new PasswordStore(secrets);
  const { password } = await store.forCluster(folder);
  const asked = store.forCluster(folder); // a refresh asking as the new password is set: it sees the old one whole
  const setting = store.set(folder, 'a-new-password');
  const askedAfter = store.forCluster(folder);
  await setting;
  assert.deepEqual(await asked, { password });
  assert.deepEqual(await askedAfter, { password: 'a-new-password' });
  assert.equal(readFileSync(fileOf(folder), 'utf8'), 'a-new-password');
  assert.deepEqual(await store.forCluster(folder), { password: 'a-new-password' });
  await store.forget(folder);
  assert.equal(secrets.values.has(KEY), false);
  assert.equal(readFileSync(fileOf(folder), 'utf8'), 'a-new-password');
});

test('two projects in one profile keep a stored copy each: neither takes the other\'s password', async () => {
  const secrets = new SlowSecrets();
  const store = new PasswordStore(secrets);
  const [one, two] = [secretsFolder('one'), secretsFolder('two')];
  const first = await store.forCluster(one);
  const second = await store.forCluster(two);
  assert.notEqual(first.password, second.password);
  assert.deepEqual(await store.forCluster(one), { password: first.password });
  assert.deepEqual(await store.forCluster(two), { password: second.password });
  assert.equal(secrets.stores, 2);
});

test('changes of the password key are reported, others are not', async () => {
  const secrets = new SlowSecrets();
  const store = new PasswordStore(secrets);
  let seen = 0;
  store.onDidChange(() => seen++);
  await secrets.store('other-key', 'x');
  await store.set(secretsFolder(), 'a-new-password');
  assert.equal(seen, 1);
});
