// known_hosts as ssh reads it. The keys and the hashed line were made by ssh-keygen (-t ed25519, then -H); the
// fingerprint is what `ssh-keygen -lf` printed for KEY_1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint, keyType, knownHostKeys, preferredHostKeyAlgorithms, verifyHostKey } from '../../src/core/engine/known-hosts';

const KEY_1 = 'AAAAC3NzaC1lZDI1NTE5AAAAIJYDZEDkJETvO2JkcpUkBGFy2w1/+13Kz/WqCCsUQ0wK';
const KEY_2 = 'AAAAC3NzaC1lZDI1NTE5AAAAIMWZHFZIF5ZluGXN6BjddHP/jxcrXjdyDH2P8g5izgeb';
const KEY_1_FINGERPRINT = 'SHA256:VRGRl5wFXswMyKsVAfk+vMvRNb1iBQ4CLM5txdIetu8';
// `[engine.example]:2222 ssh-ed25519 KEY_1` after `ssh-keygen -H`.
const HASHED_LINE = `|1|m+zJEBf3mE2ybyMeV9fmPQlyByU=|XyKBnoA7MSHNiNfc5GieqSn5AgQ= ssh-ed25519 ${KEY_1}`;

const blob = (base64: string) => Buffer.from(base64, 'base64');

test('plain names, [host]:port for other ports than 22, comments and blank lines', () => {
  const text = [
    '# a comment',
    '',
    `box.lan,10.0.0.2 ssh-ed25519 ${KEY_1} me@laptop`,
    `[box.lan]:2222 ssh-ed25519 ${KEY_2}`,
  ].join('\n');
  assert.deepEqual(knownHostKeys(text, 'box.lan', 22).map((key) => key.blob.toString('base64')), [KEY_1]);
  assert.deepEqual(knownHostKeys(text, '10.0.0.2', 22).map((key) => key.type), ['ssh-ed25519']);
  assert.deepEqual(knownHostKeys(text, 'box.lan', 2222).map((key) => key.blob.toString('base64')), [KEY_2]);
  assert.deepEqual(knownHostKeys(text, 'BOX.LAN', 22).length, 1, 'host names match without regard to case');
  assert.deepEqual(knownHostKeys(text, 'other.lan', 22), []);
});

test('hashed names, wildcards and negations', () => {
  assert.equal(knownHostKeys(HASHED_LINE, 'engine.example', 2222).length, 1);
  assert.equal(knownHostKeys(HASHED_LINE, 'engine.example', 22).length, 0);
  assert.equal(knownHostKeys(HASHED_LINE, 'other.example', 2222).length, 0);
  const wildcard = `*.lan,!secret.lan ssh-ed25519 ${KEY_1}\nbox?? ssh-ed25519 ${KEY_2}`;
  assert.equal(knownHostKeys(wildcard, 'build.lan', 22).length, 1);
  assert.equal(knownHostKeys(wildcard, 'secret.lan', 22).length, 0, 'a negated pattern excludes the host');
  assert.equal(knownHostKeys(wildcard, 'box12', 22).length, 1);
  assert.equal(knownHostKeys(wildcard, 'box123', 22).length, 0);
});

test('the verdict: trusted, unknown, changed, revoked; @cert-authority lines are skipped', () => {
  const text = `box ssh-ed25519 ${KEY_1}\n@revoked old ssh-ed25519 ${KEY_2}\n@cert-authority box ssh-ed25519 ${KEY_2}`;
  assert.equal(verifyHostKey(knownHostKeys(text, 'box', 22), blob(KEY_1)), 'trusted');
  assert.equal(verifyHostKey(knownHostKeys(text, 'box', 22), blob(KEY_2)), 'changed');
  assert.equal(verifyHostKey(knownHostKeys(text, 'new', 22), blob(KEY_1)), 'unknown');
  assert.equal(verifyHostKey(knownHostKeys(text, 'old', 22), blob(KEY_2)), 'revoked');
});

test('the recorded key types are asked for first; fingerprint and type as ssh-keygen shows them', () => {
  const text = `box ssh-rsa AAAA\nbox ssh-ed25519 ${KEY_1}\nbox ssh-dss AAAA`;
  assert.deepEqual(preferredHostKeyAlgorithms(knownHostKeys(text, 'box', 22)), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
  assert.equal(fingerprint(blob(KEY_1)), KEY_1_FINGERPRINT);
  assert.equal(keyType(blob(KEY_1)), 'ssh-ed25519');
  assert.equal(keyType(Buffer.alloc(2)), 'unknown');
});
