// 10,000 mixed commands through the console engine (as a paste, and one at a time, from this machine via the
// published ports) vs valkey-cli in its own container on the cluster network with no CPU limit, reading the same
// commands. Both sides warm (connected, a warm-up run first), median and min–max of 5 runs. valkey-cli's time is
// taken inside its container, so `docker exec` is not counted. Baselines:
//   one at a time: `valkey-cli -c < file` on node 0 (what a person types; it reconnects on every MOVED), and the
//                  same commands split by slot owner, one valkey-cli per primary in turn (no redirects);
//   pasted:        the commands split by slot owner as RESP, one `valkey-cli --pipe` per primary at once (the
//                  console also pipelines per node through its cluster client).
import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';
import { withNode } from '../src/core/client/connect';
import type { ClusterSetup } from '../src/core/cluster-setup';
import { keySlot } from '../src/core/cluster/slots';
import { LABEL } from '../src/core/compose/plan';
import { type ConsoleIO, ConsoleSession } from '../src/core/console/session';
import { tokenize } from '../src/core/console/tokenize';
import { dockerTarget } from '../src/core/engine/docker-connection';
import { secretFilePaths } from '../src/core/secrets';
import { type Table, median, ratio, summary, timed } from './stats';

const RUNS = 5;

export function mixedCommands(count: number): string[] {
  const kinds = [
    (i: number) => `SET bench:str:${i} "value ${i}"`,
    (i: number) => `GET bench:str:${i - 1}`,
    (i: number) => `INCR bench:counter:${i % 97}`,
    (i: number) => `HSET bench:hash:${i % 211} field${i % 7} ${i}`,
    (i: number) => `LPUSH bench:list:${i % 101} item${i}`,
    (i: number) => `EXISTS bench:str:${i}`,
    (i: number) => `SADD bench:set:${i % 53} member${i % 1000}`,
    (i: number) => `ZADD bench:zset:${i % 31} ${i} m${i}`,
  ];
  return Array.from({ length: count }, (_, index) => kinds[index % kinds.length](index + 1));
}

/** A warm-up run, then RUNS timed runs. */
async function warmRuns(work: () => Promise<number>): Promise<number[]> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) samples.push(await work());
  return samples;
}

function args(line: string): Buffer[] {
  const result = tokenize(line);
  if (!result.ok) throw new Error(`bench command "${line}" does not parse: ${result.error}`);
  return result.args;
}

function resp(parts: readonly Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(`*${parts.length}\r\n`), ...parts.flatMap((part) => [Buffer.from(`$${part.length}\r\n`), part, Buffer.from('\r\n')])]);
}

/** Announced "ip:port" of the primary serving each slot, from CLUSTER SLOTS on node 0. */
async function slotOwners(setup: ClusterSetup): Promise<string[]> {
  const node = setup.plan.nodes[0];
  const slots = (await withNode(setup.reach.map(node.announcedAddress), setup.reach, (client) => client.call('CLUSTER', 'SLOTS'))) as [number, number, [string, number]][];
  const owners = new Array<string>(16384);
  for (const [start, end, [ip, port]] of slots) owners.fill(`${ip}:${port}`, start, end + 1);
  return owners;
}

/** A long-lived valkey-cli container on the cluster network: the same image, no CPU limit, the password mounted. */
async function cliContainer(docker: Docker, setup: ClusterSetup & { secretsDirectory: string }): Promise<{ name: string; remove(): Promise<void> }> {
  const name = `${setup.plan.project}-bench-cli`;
  await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
  const container = await docker.createContainer({
    name,
    Image: setup.settings.image,
    Entrypoint: ['sleep', 'infinity'],
    Labels: { [LABEL.project]: setup.plan.project },
    HostConfig: {
      NetworkMode: setup.plan.network.name,
      Mounts: [{ Type: 'bind', Source: secretFilePaths(setup.secretsDirectory).passwordFile, Target: '/run/secrets/valkey_password', ReadOnly: true }],
    },
  });
  await container.start();
  return { name, remove: () => container.remove({ force: true }) };
}

export async function benchConsole(setup: ClusterSetup & { secretsDirectory: string }, count = 10_000): Promise<Table> {
  const lines = mixedCommands(count);
  let outputLines = 0;
  const io: ConsoleIO = { write: (text) => { outputLines += text.split('\n').length; }, confirm: async () => true };
  const session = new ConsoleSession({ nodes: () => setup.plan.nodes, hub: setup.hub });
  let pasted: number[];
  let oneByOne: number[];
  try {
    await session.run('PING', io); // connected, as an open console is
    pasted = await warmRuns(() => timed(() => session.runBatch(lines, io)));
    oneByOne = await warmRuns(() => timed(async () => {
      for (const line of lines) await session.run(line, io);
    }));
  } finally {
    session.dispose();
  }

  const owners = await slotOwners(setup);
  const byOwner = new Map<string, string[]>();
  for (const line of lines) {
    const owner = owners[keySlot(args(line)[1])];
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), line]);
  }
  const primaries = [...byOwner.keys()];
  const docker = dockerTarget(setup.settings.dockerHost).docker;
  const cli = await cliContainer(docker, setup);
  const inCli = (script: string, input?: Buffer | string) =>
    execFileSync('docker', ['exec', '-i', cli.name, 'sh', '-c', script], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  /** Runs `body` inside the CLI container with the password in valkey-cli's environment; returns its wall time (ms). */
  const timedInCli = async (body: string): Promise<number> => {
    const output = inCli(`export REDISCLI_AUTH="$(cat /run/secrets/valkey_password)"; start=$(date +%s%N); ${body}; end=$(date +%s%N); echo "took $((end - start))"`);
    const took = /took (\d+)/.exec(output);
    if (!took) throw new Error(`valkey-cli run printed no time: ${output}`);
    const errors = /errors: (\d+)/g;
    for (let match = errors.exec(output); match; match = errors.exec(output)) if (match[1] !== '0') throw new Error(`valkey-cli --pipe reported errors: ${output}`);
    return Number(took[1]) / 1e6;
  };
  const cliArgs = (address: string) => `--no-auth-warning -h ${address.slice(0, address.lastIndexOf(':'))} -p ${address.slice(address.lastIndexOf(':') + 1)}`;
  let cliRedirecting: number[];
  let cliPerNode: number[];
  let cliPipe: number[];
  try {
    inCli('cat > /tmp/all.txt', `${lines.join('\n')}\n`);
    for (const [index, owner] of primaries.entries()) {
      inCli(`cat > /tmp/node-${index}.txt`, `${byOwner.get(owner)!.join('\n')}\n`);
      inCli(`cat > /tmp/node-${index}.resp`, Buffer.concat(byOwner.get(owner)!.map((line) => resp(args(line)))));
    }
    cliRedirecting = await warmRuns(() => timedInCli(`valkey-cli ${cliArgs(setup.plan.nodes[0].announcedAddress)} -c < /tmp/all.txt > /dev/null`));
    cliPerNode = await warmRuns(() => timedInCli(primaries.map((owner, index) => `valkey-cli ${cliArgs(owner)} < /tmp/node-${index}.txt > /dev/null`).join('; ')));
    cliPipe = await warmRuns(() => timedInCli(`${primaries.map((owner, index) => `valkey-cli ${cliArgs(owner)} --pipe < /tmp/node-${index}.resp > /tmp/pipe-${index}.log 2>&1 &`).join(' ')} wait; cat /tmp/pipe-*.log`));
  } finally {
    await cli.remove();
  }
  const perCommand = (samples: number[]) => `${((median(samples) * 1000) / count).toFixed(1)} µs/command`;
  return {
    title: `Console: ${count} mixed commands, warm, ${RUNS} runs after a warm-up (median, min–max)`,
    headers: ['measure', 'console', 'valkey-cli (own container, no CPU limit)', 'ratio', 'note'],
    rows: [
      ['pasted (pipelined)', summary(pasted), summary(cliPipe), ratio(median(pasted), median(cliPipe)), `console ${perCommand(pasted)}, formats every reply; valkey-cli --pipe per primary at once, replies discarded`],
      ['one at a time', summary(oneByOne), summary(cliPerNode), ratio(median(oneByOne), median(cliPerNode)), `console ${perCommand(oneByOne)} via 127.0.0.1; valkey-cli per primary in turn, no redirects`],
      ['one at a time, valkey-cli -c', summary(oneByOne), summary(cliRedirecting), ratio(median(oneByOne), median(cliRedirecting)), 'valkey-cli -c < file on node 0: reconnects on every MOVED'],
    ],
    notes: [`The console wrote ${outputLines} output lines in all; the commands are ${[...byOwner].map(([owner, share]) => `${share.length} on ${owner}`).join(', ')}.`],
  };
}
