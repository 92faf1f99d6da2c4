// When the local cluster's views are read again beyond their timer: Docker's container events (parsed from the
// stream, followed again after it ends), debounced into one round that starts after the change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { type TestContext, test } from 'node:test';
import type Docker from 'dockerode';
import { FIRST_RETRY_MS, followContainerEvents, parseEvent, WATCHED_ACTIONS } from '../../src/core/engine/container-events';
import { DEBOUNCE_MS, RefreshManager } from '../../src/core/target/refresh-manager';
import { SnapshotStream } from '../../src/core/target/snapshot-stream';
import { buildSnapshot } from '../../src/core/cluster/build-snapshot';
import type { ClusterSnapshot } from '../../src/shared/snapshot';
import { fixtureInput } from './generate-topology';

const FIXTURES = resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
const flush = async () => {
  for (let turn = 0; turn < 5; turn++) await new Promise((done) => setImmediate(done));
};

/** Counts the rounds of queries a stream takes; each round waits until the test lets it end. */
function countedStream() {
  const snapshot = buildSnapshot(fixtureInput('healthy'));
  let rounds = 0;
  const open: (() => void)[] = [];
  const stream = new SnapshotStream(() => {
    rounds++;
    return new Promise<ClusterSnapshot>((done) => open.push(() => done(snapshot)));
  }, 60_000);
  return { stream, rounds: () => rounds, finishRounds: () => open.splice(0).forEach((finish) => finish()) };
}

/** An engine whose event streams the test writes to; getEvents fails while `down` is set. */
function fakeEngine() {
  const streams: PassThrough[] = [];
  const filters: unknown[] = [];
  const engine = {
    down: false,
    getEvents: async (options: { filters: unknown }) => {
      filters.push(options.filters);
      if (engine.down) throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' });
      const stream = new PassThrough();
      streams.push(stream);
      return stream;
    },
  };
  return { engine, streams, filters, docker: engine as unknown as Pick<Docker, 'getEvents'> };
}

const line = (action: string, name = 'valkey-node-1') => `${JSON.stringify({ Type: 'container', Action: action, status: action, Actor: { Attributes: { name } } })}\n`;

function useTimers(context: TestContext) {
  context.mock.timers.enable({ apis: ['setTimeout'] });
  return context.mock.timers;
}

test('the events Docker sent are read: action and container name', () => {
  const [die, health] = readFileSync(resolve(FIXTURES, 'docker-events.jsonl'), 'utf8').trim().split('\n').map(parseEvent);
  assert.deepEqual(die, { action: 'die', container: 'valkey-node-1' });
  assert.deepEqual(health, { action: 'health_status: healthy', container: 'valkey-node-2' });
  assert.equal(parseEvent(''), undefined);
  assert.equal(parseEvent('{"unfinished'), undefined);
});

test('a burst of requests makes one round, a request after it another', async (context) => {
  const timers = useTimers(context);
  const { stream, rounds, finishRounds } = countedStream();
  const manager = new RefreshManager(stream);
  for (let request = 0; request < 5; request++) manager.request();
  timers.tick(DEBOUNCE_MS - 1);
  await flush();
  assert.equal(rounds(), 0, 'nothing before the debounce ends');
  timers.tick(1);
  await flush();
  assert.equal(rounds(), 1);
  finishRounds();
  await flush();
  manager.request();
  timers.tick(DEBOUNCE_MS);
  await flush();
  assert.equal(rounds(), 2);
  finishRounds();
  manager.dispose();
  stream.dispose();
});

test('a change seen while a round is in flight gets a round of its own after it', async (context) => {
  const timers = useTimers(context);
  const { stream, rounds, finishRounds } = countedStream();
  const manager = new RefreshManager(stream);
  void stream.refresh(); // a timer's round, begun before the container stopped
  manager.request();
  manager.request();
  timers.tick(DEBOUNCE_MS);
  await flush();
  assert.equal(rounds(), 1, 'the next round waits for the one in flight');
  finishRounds();
  await flush();
  assert.equal(rounds(), 2, 'then one round, for both requests');
  finishRounds();
  manager.dispose();
  stream.dispose();
});

test('container events become one refresh per burst; a new source replaces the old; nothing after dispose', async (context) => {
  const timers = useTimers(context);
  const { stream, rounds, finishRounds } = countedStream();
  const manager = new RefreshManager(stream);
  const first = fakeEngine();
  const seen: string[] = [];
  manager.follow((changed) => followContainerEvents({ docker: first.docker, project: 'valkey-it', onEvent: (event) => (seen.push(event.action), changed()), onResumed: changed }));
  await flush();
  assert.deepEqual(first.filters, [{ type: ['container'], label: ['com.docker.compose.project=valkey-it'], event: WATCHED_ACTIONS }]);
  // A node stopping: die then stop, the second split across two chunks.
  const stop = line('stop');
  first.streams[0].write(line('die') + stop.slice(0, 10));
  first.streams[0].write(stop.slice(10));
  await flush();
  assert.deepEqual(seen, ['die', 'stop']);
  timers.tick(DEBOUNCE_MS);
  await flush();
  assert.equal(rounds(), 1);
  finishRounds();

  const second = fakeEngine();
  manager.follow((changed) => followContainerEvents({ docker: second.docker, project: 'other', onEvent: changed, onResumed: changed }));
  await flush();
  assert.ok(first.streams[0].destroyed, 'the old engine is no longer followed');
  second.streams[0].write(line('start'));
  await flush();
  timers.tick(DEBOUNCE_MS);
  await flush();
  assert.equal(rounds(), 2);
  finishRounds();

  manager.dispose();
  assert.ok(second.streams[0].destroyed, 'dispose ends the stream');
  timers.tick(FIRST_RETRY_MS * 100);
  await flush();
  assert.equal(second.streams.length, 1, 'no reconnection after dispose');
  assert.equal(rounds(), 2);
  stream.dispose();
});

test('an ended stream is opened again after a pause that doubles while the engine is away, and the reopening asks for a refresh', async (context) => {
  const timers = useTimers(context);
  const { engine, streams, filters, docker } = fakeEngine();
  let resumed = 0;
  const events: string[] = [];
  const follower = followContainerEvents({ docker, project: 'valkey-it', onEvent: (event) => events.push(event.action), onResumed: () => resumed++ });
  await flush();
  assert.equal(filters.length, 1);
  // The engine restarts: the stream ends and the engine refuses connections for a while.
  engine.down = true;
  streams[0].end();
  await flush();
  const attemptsAfter = (waitedMs: number) => {
    timers.tick(waitedMs);
    return flush().then(() => filters.length);
  };
  assert.equal(await attemptsAfter(FIRST_RETRY_MS - 1), 1, 'not at once');
  assert.equal(await attemptsAfter(1), 2, 'after the first pause');
  assert.equal(await attemptsAfter(2 * FIRST_RETRY_MS - 1), 2);
  assert.equal(await attemptsAfter(1), 3, 'after twice the pause');
  assert.equal(resumed, 0, 'no stream yet');
  engine.down = false;
  assert.equal(await attemptsAfter(4 * FIRST_RETRY_MS), 4);
  assert.equal(streams.length, 2);
  assert.equal(resumed, 1, 'back: what happened meanwhile was not seen, so a refresh is asked for');
  streams[1].write(line('start'));
  await flush();
  assert.deepEqual(events, ['start']);
  // Events came through: the next loss is retried after the first pause again.
  streams[1].end();
  await flush();
  assert.equal(await attemptsAfter(FIRST_RETRY_MS), 5);
  follower.dispose();
  assert.equal(await attemptsAfter(FIRST_RETRY_MS * 100), 5, 'nothing after dispose');
});
