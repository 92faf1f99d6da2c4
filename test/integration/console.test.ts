// The console engine against a real cluster: output identical to valkey-cli's for a table of commands,
// redirects followed from the host, cluster sense (per-node commands, CROSSSLOT help), transactions, read-only
// mode and bad input.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { keySlot } from '../../src/core/cluster/slots';
import type { NodeEndpoint } from '../../src/core/compose/plan';
import { type ConsoleIO, ConsoleSession } from '../../src/core/console/session';
import { ConnectionHub } from '../../src/core/target/hub';
import { testSetup } from './harness';

const setup = testSetup({ projectName: 'valkey-console', basePort: 7679, exporterPort: 9521, enableExporter: false });
const { engine, plan, reach } = setup;
const node0 = plan.nodes[0];

class Recorder implements ConsoleIO {
  lines: string[] = [];
  answer = true;
  questions: string[] = [];
  write(text: string): void {
    this.lines.push(...text.split('\n'));
  }
  async confirm(question: string): Promise<boolean> {
    this.questions.push(question);
    return this.answer;
  }
  take(): string {
    const text = this.lines.join('\n');
    this.lines = [];
    return text;
  }
}

let session: ConsoleSession;
const io = new Recorder();

async function run(line: string): Promise<string> {
  await session.run(line, io);
  return io.take();
}

/** valkey-cli's own formatting of the same lines, typed on its stdin inside a node container (-c, TTY format). */
function valkeyCli(...lines: string[]): string {
  const script = `REDISCLI_AUTH="$(cat /run/secrets/valkey_password)" valkey-cli --no-auth-warning --no-raw -c -p ${node0.hostPort}`;
  const output = execFileSync('docker', ['exec', '-i', node0.containerName, 'sh', '-c', script], { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  return output.replace(/\n$/, '');
}

/** Which primary serves a key, from a snapshot of the cluster taken now (not from the console). */
async function slotOwners(): Promise<(key: string) => NodeEndpoint> {
  const collector = setup.collector;
  const snapshot = await collector.collect();
  return (key) => {
    const slot = keySlot(key);
    const shard = snapshot.shards.find((entry) => entry.slots.some((range) => range.start <= slot && slot <= range.end));
    const owner = plan.nodes.find((node) => node.name === shard?.primary?.name);
    assert.ok(owner, `no primary serves slot ${slot}`);
    return owner;
  };
}

/** A hash tag (with its braces) whose slot `node` serves. */
function tagOwnedBy(ownerOf: (key: string) => NodeEndpoint, node: NodeEndpoint, prefix: string): string {
  for (let index = 0; index < 1000; index++) {
    const tag = `{${prefix}${index}}`;
    if (ownerOf(tag).name === node.name) return tag;
  }
  throw new Error(`no tag of ${node.name} found`);
}

const promptOf = (node: NodeEndpoint) => `${node.name}:${node.hostPort}> `;
const withoutTrace = (text: string) => text.split('\n').filter((line) => !line.startsWith('-> Redirected')).join('\n');

before(async () => {
  await engine.down({ removeVolumes: true });
  await engine.up();
  session = new ConsoleSession({ nodes: () => plan.nodes, hub: setup.hub });
});

test('a fresh console runs a first blocking command on the node that owns its key, not where it starts', async () => {
  const key = ['a', 'b', 'c'].find((candidate) => keySlot(candidate) > 5460) ?? 'a';
  const owner = (await slotOwners())(key);
  assert.notEqual(owner.name, node0.name, 'the key must live away from the node a fresh console points at');
  // Its own hub: nothing has asked the cluster client anything yet.
  const freshHub = new ConnectionHub(reach);
  const fresh = new ConsoleSession({ nodes: () => plan.nodes, hub: freshHub });
  const recorder = new Recorder();
  try {
    assert.equal(fresh.prompt(), promptOf(node0));
    await fresh.run(`BLPOP ${key} 1`, recorder);
    assert.equal(recorder.take(), '(nil)', 'an empty list times out with (nil), never a MOVED error');
    assert.equal(fresh.prompt(), promptOf(owner));
  } finally {
    fresh.dispose();
    freshHub.dispose();
  }
});
after(async () => {
  session?.dispose();
  await engine.down({ removeVolumes: true });
});

test('replies are formatted exactly as valkey-cli formats them', async () => {
  // Each line runs through the console on keys tagged {ours} and through valkey-cli on keys tagged {cli},
  // so both sides see the same data; redirect traces differ by design and are left out.
  const cases = [
    `SET {t}:str "hello world"`, `GET {t}:str`, `GET {t}:missing`, `INCR {t}:n`, `INCRBY {t}:n 41`,
    `RPUSH {t}:list a "b c" "" 'd\\'e'`, `LRANGE {t}:list 0 -1`, `LRANGE {t}:nothing 0 -1`,
    `HSET {t}:h f1 v1 f2 v2`, `HGETALL {t}:h`, `SET {t}:bin "\\x00\\x01\\xff\\n\\"q\\""`, `GET {t}:bin`,
    `SET {t}:utf "é✓"`, `GET {t}:utf`, `ZADD {t}:z 1 one 2.5 two`, `ZRANGE {t}:z 0 -1 WITHSCORES`,
    `EXPIRE {t}:str 100`, `TYPE {t}:list`, `SADD {t}:s x`, `SMEMBERS {t}:s`, `GETDEL {t}:missing`,
    `XADD {t}:stream 1-1 field value`, `XRANGE {t}:stream - +`, `PING`, `ECHO "multi word"`, `NOSUCHCOMMAND x`,
    `GET`, `LPUSH {t}:str x`, `SET {t}:many 1`, `MGET {t}:str {t}:missing {t}:many`,
  ];
  for (const line of cases) {
    const ours = withoutTrace(await run(line.replaceAll('{t}', '{ours}')));
    const theirs = withoutTrace(valkeyCli(line.replaceAll('{t}', '{cli}')));
    assert.equal(ours, theirs, `for: ${line}`);
  }
});

test('commands land on the node that owns their key, in all three shards, with valkey-cli\'s redirect trace', async () => {
  // a → slot 15495, b → 3300, c → 7365: one key per shard.
  const seen = new Set<string>();
  for (const key of ['a', 'b', 'c', 'a']) {
    const output = await run(`SET ${key} value-${key}`);
    assert.match(output, /OK$/);
    seen.add(session.prompt());
  }
  assert.equal(seen.size, 3, `prompts seen: ${[...seen].join(', ')}`);
  const trace = await run('GET b');
  assert.match(trace, /^-> Redirected to slot \[3300\] located at 127\.0\.0\.1:\d+\n"value-b"$/);
  assert.match(session.prompt(), /^valkey-node-\d:\d+> $/);
});

test('keys are routed by the server\'s own slot, also where cluster-key-slot hashes them differently', async () => {
  for (const key of ['foo{}{bar}', 'foo{{bar}}zap', 'a{b', '{user1000}.following', 'é{}x']) {
    assert.equal(await run(`CLUSTER KEYSLOT ${key}`), `(integer) ${keySlot(key)}`, key);
  }
  const output = await run('SET foo{}{bar} whole-key');
  assert.match(output, /OK$/);
  assert.doesNotMatch(output, /MOVED|ASK/);
  assert.equal(session.prompt(), promptOf((await slotOwners())('foo{}{bar}')));
  assert.match(await run('GET foo{}{bar}'), /"whole-key"$/);
});

test('node-wide commands run on every primary with one result each, or on one node with @name', async () => {
  const all = await run('DBSIZE');
  assert.equal(all.match(/^valkey-node-\d \(127\.0\.0\.1:\d+\):$/gm)?.length, 3, all);
  assert.match(all, /^total: \(integer\) \d+$/m);
  const one = await run(`@${plan.nodes[1].name} DBSIZE`);
  assert.match(one, /^\(integer\) \d+$/);
  assert.equal(session.prompt(), `${plan.nodes[1].name}:${plan.nodes[1].hostPort}> `);
});

test('cross-slot commands are explained with the slots and a hash-tag hint', async () => {
  const output = await run('MSET a 1 b 2');
  assert.match(output, /^(-> Redirected to slot \[15495\] located at 127\.0\.0\.1:\d+\n)?\(error\) CROSSSLOT/);
  assert.match(output, /a → slot 15495 \(valkey-node-\d\), b → slot 3300 \(valkey-node-\d\)/);
  assert.match(output, /\{user:1\}/);
  assert.match(await run('MSET {u}:a 1 {u}:b 2'), /OK$/);
});

test('bad input gives one clear line and the console keeps working', async () => {
  assert.match(await run('SET "unclosed value'), /^\(error\) Invalid argument\(s\)/);
  assert.match(await run('NOSUCHCOMMAND'), /^\(error\) ERR unknown command/);
  assert.match(await run('GET'), /^\(error\) ERR wrong number of arguments for 'get' command$/);
  assert.match(await run('@valkey-node-9 PING'), /^\(error\) No node "valkey-node-9"/);
  assert.match(await run('SELECT 3'), /only database 0/);
  assert.match(await run('PING'), /PONG$/);
});

test('dangerous commands ask first and do nothing when refused', async () => {
  await run('SET keepme 1');
  io.answer = false;
  assert.equal(await run('FLUSHALL'), '(cancelled)');
  assert.match(io.questions.pop() ?? '', /FLUSHALL deletes every key on every primary/);
  assert.match(await run('GET keepme'), /"1"$/);
  io.answer = true;
});

test('values with escape sequences are shown escaped, never as raw control bytes', async () => {
  await run('SET esc "\\x1b[31mred\\x07"');
  const output = await run('GET esc');
  assert.match(output, /"\\x1b\[31mred\\a"$/);
  assert.doesNotMatch(output, /\x1b/);
});

test('a pasted batch runs every line in order', async () => {
  const lines = Array.from({ length: 50 }, (_, index) => `RPUSH {batch}:list ${index}`);
  await session.runBatch([...lines, 'LLEN {batch}:list', 'LINDEX {batch}:list 49'], io);
  const output = io.take().split('\n').filter((line) => !line.startsWith('->'));
  assert.deepEqual(output.slice(0, 3), ['(integer) 1', '(integer) 2', '(integer) 3']);
  assert.deepEqual(output.slice(-2), ['(integer) 50', '"49"']);
});

test('help shows the server\'s documentation; Tab completes from it', async () => {
  const help = await run('help set');
  assert.match(help, /^ {2}SET key value \[NX \| XX.*\] \[GET\] \[EX seconds \| PX milliseconds/m);
  assert.match(help, /summary: /);
  const candidates = session.complete('hge', 3).candidates;
  assert.ok(candidates.includes('hget') && candidates.includes('hgetall'), candidates.join(' '));
  assert.ok(candidates.every((name) => name.startsWith('hge')), candidates.join(' '));
  assert.ok(session.complete('CLUSTER IN', 10).candidates.includes('INFO'));
});

test('Ctrl+C ends a blocking command without closing the console', async () => {
  const pending = session.run('BLPOP {t}:never-filled 0', io);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(session.isBusy, true);
  assert.equal(session.cancel(), true);
  await pending;
  assert.equal(io.take(), '(interrupted)');
  assert.match(await run('PING'), /PONG$/);
});

test('SUBSCRIBE streams messages like valkey-cli until Ctrl+C', async () => {
  const pending = session.run('SUBSCRIBE news', io);
  const deadline = Date.now() + 10_000;
  const seen = (pattern: RegExp) => pattern.test(io.lines.join('\n'));
  while (!seen(/1\) "subscribe"\n2\) "news"\n3\) \(integer\) 1/) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const publisher = new ConsoleSession({ nodes: () => plan.nodes, hub: setup.hub });
  const silent: ConsoleIO = { write: () => undefined, confirm: async () => true };
  try {
    await publisher.run('PUBLISH news "hello subscribers"', silent);
    while (!seen(/1\) "message"\n2\) "news"\n3\) "hello subscribers"/) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    publisher.dispose();
  }
  assert.equal(session.cancel(), true);
  await pending;
  const output = io.take();
  assert.match(output, /^Reading messages\.\.\. \(press Ctrl-C to quit\)\n1\) "subscribe"\n2\) "news"\n3\) \(integer\) 1\n1\) "message"\n2\) "news"\n3\) "hello subscribers"\n\(stopped\)$/);
  assert.match(await run('PING'), /PONG$/);
});

test('a transaction looks exactly as in valkey-cli: OK, QUEUED, then EXEC\'s replies', async () => {
  const lines = [
    'MULTI', 'SET {t}:s "hello"', 'GET {t}:s', 'INCR {t}:n', 'RPUSH {t}:l a "b c"', 'LRANGE {t}:l 0 -1', 'HSET {t}:h f v',
    'HGETALL {t}:h', 'LPUSH {t}:s x', 'GET {t}:missing', 'PING', 'TYPE {t}:l', 'EXEC',
  ];
  // valkey-cli gets keys its node serves, so it never leaves the node it is connected to.
  const cliTag = tagOwnedBy(await slotOwners(), node0, 'cli-tx-');
  let ours = '';
  for (const line of lines) ours += `${withoutTrace(await run(line.replaceAll('{t}', '{ours-tx}')))}\n`;
  const theirs = valkeyCli(...lines.map((line) => line.replaceAll('{t}', cliTag)));
  assert.equal(ours.replace(/\n$/, ''), theirs);
  assert.match(ours, /^OK\nQUEUED\n/);
  assert.match(ours, /\n 1\) OK\n 2\) "hello"\n 3\) \(integer\) 1\n/);
});

test('the prompt shows (TX) inside MULTI, and the transaction runs on the node that owns its keys', async () => {
  await run(`@${node0.name} PING`);
  const ownerOf = await slotOwners();
  const owner = ['a', 'b', 'c'].map(ownerOf).find((node) => node.name !== node0.name);
  assert.ok(owner);
  const tag = tagOwnedBy(ownerOf, owner, 'moved-tx-');
  assert.equal(await run('MULTI'), 'OK');
  assert.equal(session.prompt(), `${node0.name}:${node0.hostPort}(TX)> `);
  assert.equal(await run('PING'), 'QUEUED'); // queued before any key placed the transaction
  // The first key places it: it moves, with what is queued, to the key's node.
  assert.equal(await run(`SET ${tag}:k moved`), `-> Redirected to slot [${keySlot(tag)}] located at 127.0.0.1:${owner.hostPort}\nQUEUED`);
  assert.equal(session.prompt(), `${owner.name}:${owner.hostPort}(TX)> `);
  assert.equal(await run('EXEC'), '1) PONG\n2) OK');
  assert.equal(session.prompt(), promptOf(owner));
  assert.match(await run(`GET ${tag}:k`), /^"moved"$/);
});

test('a key of another slot inside a transaction is explained and not queued', async () => {
  assert.equal(await run('MULTI'), 'OK');
  assert.match(await run('SET {x}:a 1'), /QUEUED$/);
  const refused = await run('SET {y}:b 2');
  assert.match(refused, /^\(error\) CROSSSLOT Keys in request don't hash to the same slot\n/);
  assert.match(refused, new RegExp(`\\{x\\}:a → slot ${keySlot('x')} \\(valkey-node-\\d\\), \\{y\\}:b → slot ${keySlot('y')} \\(valkey-node-\\d\\)`));
  assert.match(refused, /A transaction runs on one node: its keys must share the slot of \{x\}:a/);
  assert.match(await run('MGET {x}:a {x}:c'), /^QUEUED$/);
  assert.match(await run('MSET {x}:a 1 {z}:c 2'), /^\(error\) CROSSSLOT/);
  assert.equal(await run('EXEC'), '1) OK\n2) 1) "1"\n   2) (nil)');
  assert.match(await run('GET {y}:b'), /\(nil\)$/);
});

test('a WATCHed key changed by another client makes EXEC return nil and run nothing', async () => {
  await run('SET {w}:balance 10');
  assert.match(await run('WATCH {w}:balance'), /OK$/);
  assert.equal(await run('GET {w}:balance'), '"10"');
  assert.equal(await run('MULTI'), 'OK');
  assert.equal(await run('INCRBY {w}:balance 5'), 'QUEUED');
  const other = new ConsoleSession({ nodes: () => plan.nodes, hub: setup.hub });
  const silent: ConsoleIO = { write: () => undefined, confirm: async () => true };
  try {
    await other.run('SET {w}:balance 100', silent);
  } finally {
    other.dispose();
  }
  assert.equal(await run('EXEC'), '(nil)');
  assert.match(await run('GET {w}:balance'), /"100"$/);
  assert.doesNotMatch(session.prompt(), /\(TX\)/);
});

test('EXEC and DISCARD without MULTI give the server\'s own error, as valkey-cli shows it', async () => {
  assert.equal(await run('EXEC'), valkeyCli('EXEC'));
  assert.equal(await run('DISCARD'), valkeyCli('DISCARD'));
  assert.equal(await run('EXEC'), '(error) ERR EXEC without MULTI');
  assert.equal(await run('discard'), '(error) ERR DISCARD without MULTI');
});

test('Ctrl+C during MULTI discards the transaction; SUBSCRIBE inside one is refused', async () => {
  await run('DEL {d}:k');
  assert.equal(await run('MULTI'), 'OK');
  assert.match(await run('SET {d}:k 1'), /QUEUED$/);
  assert.match(await run('SUBSCRIBE news'), /^\(error\) SUBSCRIBE cannot run inside a transaction/);
  assert.match(session.prompt(), /\(TX\)> $/);
  assert.equal(session.discardTransaction(), '(transaction discarded)');
  assert.doesNotMatch(session.prompt(), /\(TX\)/);
  assert.equal(session.discardTransaction(), undefined);
  assert.match(await run('GET {d}:k'), /\(nil\)$/);
  assert.equal(await run('EXEC'), '(error) ERR EXEC without MULTI');
});

test('a read-only console refuses writes, scripts that may write and dangerous commands, and reads as usual', async () => {
  const readOnly = new ConsoleSession({ nodes: () => plan.nodes, hub: setup.hub, readOnly: true });
  const recorder = new Recorder();
  const runReadOnly = async (line: string) => {
    await readOnly.run(line, recorder);
    return recorder.take();
  };
  try {
    await run('SET {ro}:k before');
    assert.equal(await runReadOnly('SET {ro}:k after'), '(error) Read-only console: SET writes to the cluster, so it was not sent.');
    assert.match(await runReadOnly('del {ro}:k'), /^\(error\) Read-only console: DEL writes/);
    assert.match(await runReadOnly('XGROUP CREATE {ro}:s g $ MKSTREAM'), /^\(error\) Read-only console: XGROUP writes/);
    assert.match(await runReadOnly('EVAL "return redis.call(\'del\', KEYS[1])" 1 {ro}:k'), /^\(error\) Read-only console: EVAL may write.*EVAL_RO/);
    assert.match(await runReadOnly('FLUSHALL'), /^\(error\) Read-only console: FLUSHALL deletes every key/);
    assert.match(await runReadOnly('CONFIG SET maxmemory 1'), /^\(error\) Read-only console: CONFIG SET changes/);
    assert.deepEqual(recorder.questions, [], 'refused outright, never asked');
    assert.match(await runReadOnly('GET {ro}:k'), /"before"$/);
    assert.match(await runReadOnly('EVAL_RO "return redis.call(\'get\', KEYS[1])" 1 {ro}:k'), /"before"$/);
    assert.match(await runReadOnly('XGROUP HELP'), /XGROUP <subcommand>/);
    assert.match(await runReadOnly('CONFIG GET maxmemory-policy'), /maxmemory-policy/);
    assert.equal(await runReadOnly('MULTI'), 'OK');
    assert.match(await runReadOnly('INCR {ro}:n'), /^\(error\) Read-only console: INCR writes/);
    assert.match(await runReadOnly('GET {ro}:k'), /QUEUED$/);
    assert.match(await runReadOnly('EXEC'), /^1\) "before"$/);
    assert.match(await run('GET {ro}:k'), /"before"$/);
  } finally {
    readOnly.dispose();
  }
});

test('a node that is down gives a clear message, and the console recovers when it is back', async () => {
  const victim = plan.nodes[2];
  await engine.stopNode(victim.name);
  const output = await run(`@${victim.name} PING`);
  assert.match(output, /^\(error\) valkey-node-2 does not answer|^\(error\) The cluster does not answer/);
  await engine.startNode(victim.name);
  await engine.up();
  assert.match(await run(`@${victim.name} PING`), /PONG$/);
});
