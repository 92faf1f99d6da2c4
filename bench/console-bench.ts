// 10,000 mixed commands: through the console engine (as a paste, and one at a time) vs `valkey-cli -c` reading
// the same file inside a node container, in the same run.
import { execFileSync } from 'node:child_process';
import type { ClusterSetup } from '../src/core/cluster-setup';
import { ConsoleIO, ConsoleSession } from '../src/core/console/session';
import { Row, ms, ratio, timed } from './stats';

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

export async function benchConsole(setup: ClusterSetup, count = 10_000): Promise<Row[]> {
  const lines = mixedCommands(count);
  let outputLines = 0;
  const io: ConsoleIO = { write: (text) => { outputLines += text.split('\n').length; }, confirm: async () => true };
  const session = new ConsoleSession({ nodes: () => setup.plan.nodes, reach: setup.reach });
  await session.run('PING', io); // connect first, as an open console is
  const pasted = await timed(() => session.runBatch(lines, io));
  const oneByOne = await timed(async () => {
    for (const line of lines) await session.run(line, io);
  });
  session.dispose();
  const node = setup.plan.nodes[0];
  const script = `REDISCLI_AUTH="$(cat /run/secrets/valkey_password)" valkey-cli --no-auth-warning -c -p ${node.hostPort} > /dev/null`;
  const cli = await timed(async () => {
    execFileSync('docker', ['exec', '-i', node.containerName, 'sh', '-c', script], { input: `${lines.join('\n')}\n`, maxBuffer: 1 << 26 });
  });
  const perCommand = (total: number) => `${((total * 1000) / count).toFixed(1)} µs/command`;
  return [
    { measure: `console, ${count} commands pasted (pipelined)`, ours: ms(pasted), baseline: ms(cli), ratio: ratio(pasted, cli), note: `${perCommand(pasted)}; baseline: valkey-cli -c < file in a node container` },
    { measure: `console, ${count} commands one at a time`, ours: ms(oneByOne), baseline: ms(cli), ratio: ratio(oneByOne, cli), note: `${perCommand(oneByOne)} incl. round trip via 127.0.0.1; ${outputLines} output lines` },
  ];
}
