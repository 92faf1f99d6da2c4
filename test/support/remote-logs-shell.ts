// Run inside the remote-engine test's network namespace (ip netns exec), as the CLI is: over DOCKER_HOST (ssh://),
// follows a node's log across a restart of that node, then runs valkey-cli in another node on a TTY, PING then
// quit. Prints one JSON line — the log and the screen as shown, and the shell's exit code — for the test to judge.
// Every wait ends: what was seen so far is printed either way.
import { dockerTarget } from '../../src/core/engine/docker-connection';
import { LogFollower } from '../../src/core/engine/log-follower';
import { NodeShell, VALKEY_CLI_SCRIPT } from '../../src/core/engine/node-shell';

const [logNode, shellNode, promptPattern] = process.argv.slice(2);

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function main(): Promise<void> {
  const remote = dockerTarget(process.env.DOCKER_HOST ?? '', process.env);
  let log = '';
  let screen = '';
  let exitCode: number | undefined | null = null;
  try {
    const follower = new LogFollower({ docker: remote.docker, containerName: logNode, tail: 50, write: (text) => (log += text) });
    const { done } = await follower.start();
    try {
      await until(() => /Ready to accept connections/.test(log));
      await remote.docker.getContainer(logNode).restart({ t: 5 });
      await until(() => /reattached to its log[\s\S]*Ready to accept connections/.test(log));
    } finally {
      follower.dispose();
    }
    await done;
    let exited: (code: number | undefined) => void = () => undefined;
    const exit = new Promise<number | undefined>((resolve) => (exited = resolve));
    const shell = await NodeShell.open(remote.docker.getContainer(shellNode), VALKEY_CLI_SCRIPT, { columns: 80, rows: 24 }, { output: (text) => (screen += text), exit: exited });
    await until(() => new RegExp(promptPattern).test(screen));
    shell.write('PING\r');
    await until(() => /PONG/.test(screen));
    shell.write('quit\r');
    exitCode = await Promise.race([exit, new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000))]);
  } finally {
    process.stdout.write(`${JSON.stringify({ engine: remote.engine.endpoint.kind, log, screen, exitCode })}\n`);
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
