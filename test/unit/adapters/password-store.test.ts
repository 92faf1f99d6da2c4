// The password is created once, whatever asks first: two first uses at once get the same password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../../src/core/emitter';
import { PasswordStore, type SecretStore } from '../../../src/vscode/password-store';

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
}

test('concurrent first uses create one password and all get it', async () => {
  const secrets = new SlowSecrets();
  const store = new PasswordStore(secrets);
  const passwords = await Promise.all([store.getOrCreate(), store.getOrCreate(), store.getOrCreate()]);
  assert.equal(new Set(passwords).size, 1);
  assert.equal(secrets.stores, 1);
  assert.equal(await store.getOrCreate(), passwords[0]);
  assert.ok(passwords[0].length >= 32);
});

test('a password stored by another window meanwhile is the one used', async () => {
  const secrets = new SlowSecrets();
  const store = new PasswordStore(secrets);
  const first = store.getOrCreate();
  secrets.values.set('valkeyCluster.password', 'set-by-another-window');
  assert.equal(await first, 'set-by-another-window');
  assert.equal(secrets.stores, 0);
});

test('changes of the password key are reported, others are not', async () => {
  const secrets = new SlowSecrets();
  const store = new PasswordStore(secrets);
  let seen = 0;
  store.onDidChange(() => seen++);
  await secrets.store('other-key', 'x');
  await store.set('a-new-password');
  assert.equal(seen, 1);
});
