// A Docker engine of the test's own: a second dockerd on its own socket, data root and exec root (so its own
// containerd), started and stopped by the pid this process got. A test can stop and restart it wherever Docker
// already runs (most CI runners) without touching the engine everyone else uses. Needs root, as dockerd does.
// It leaves the firewall to the other engine (iptables off: two daemons rewriting the same DOCKER chains undo each
// other's rules) and publishes ports through docker-proxy. The test creates its network on a bridge of a known name
// (the engine uses a network that exists), and one rule of its own lets containers on that bridge reach each other
// where the other engine's FORWARD policy drops bridged traffic; the rule goes when the engine is removed. Its default
// bridge is one of its own too (made here, removed at the end): told "bridge": "none", dockerd deletes docker0, the other
// engine's default bridge, which no test of ours may touch.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker, { type NetworkCreateOptions } from 'dockerode';
import { run, runChecked, stopProcess, waitFor } from './processes';

export interface OwnDockerd {
  /** The engine address as the docker CLI and the `dockerHost` setting write it. */
  readonly host: string;
  /** Starts dockerd (again) on the same socket and data root; resolves when it answers. */
  start(): Promise<void>;
  /** SIGTERM to its pid (SIGKILL after 90 s); resolves when it has exited (its containers stopped first) with how
   * it ended: `exit 0` for a clean shutdown. */
  stop(): Promise<string>;
  /** Creates a network on the bridge the firewall rule names; `options` as the cluster's plan has them. */
  createNetwork(options: NetworkCreateOptions): Promise<void>;
  /** True while the dockerd this object started has not exited. */
  running(): boolean;
  /** Stops it and removes its data root. */
  remove(): Promise<void>;
}

export function ownDockerd(): OwnDockerd {
  const root = mkdtempSync(join(tmpdir(), 'valkey-dockerd-'));
  const socketPath = join(root, 'docker.sock');
  const host = `unix://${socketPath}`;
  const log = join(root, 'dockerd.log');
  // One network (the cluster's), on a bridge named here: Linux allows 15 characters.
  const bridge = `vkd${process.pid}`.slice(0, 15);
  // Its own daemon.json, not the machine's, and its own default bridge (docker0 belongs to the other engine), on an
  // address block set aside for tests (RFC 2544) that nothing routes and no container of ours uses.
  const defaultBridge = `vkb${process.pid}`.slice(0, 15);
  writeFileSync(join(root, 'daemon.json'), JSON.stringify({ bridge: defaultBridge, iptables: false }));
  let defaultBridgeMade = false;
  const rule = ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'];
  let ruleAdded = false;
  let child: ChildProcess | undefined;
  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;

  async function start(): Promise<void> {
    if (running()) return;
    if (!defaultBridgeMade) {
      await runChecked('ip', ['link', 'add', 'name', defaultBridge, 'type', 'bridge']);
      defaultBridgeMade = true;
      await runChecked('ip', ['addr', 'add', '198.18.254.1/24', 'dev', defaultBridge]);
    }
    const output = openSync(log, 'a');
    const started = spawn('dockerd', ['--host', host, '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'),
      '--pidfile', join(root, 'dockerd.pid'), '--config-file', join(root, 'daemon.json')],
    { stdio: ['ignore', output, output], detached: true });
    closeSync(output);
    child = started;
    await waitFor(async () => !running() || (await run('docker', ['-H', host, 'info'], { timeoutMs: 10_000 })).code === 0, 120_000,
      () => `dockerd on ${host} did not answer within 120 s (log: ${log})`);
    if (!running()) throw new Error(`dockerd on ${host} exited with ${started.exitCode ?? started.signalCode}: ${readFileSync(log, 'utf8').slice(-2000)}`);
    const firewalled = await run('iptables', ['-S', 'FORWARD']).then((result) => result.code === 0, () => false);
    if (!ruleAdded && firewalled) {
      await runChecked('iptables', ['-I', ...rule]);
      ruleAdded = true;
    }
  }

  async function stop(): Promise<string> {
    if (!child) return 'never started';
    await stopProcess(child, 90_000);
    return child.signalCode ? `killed by ${child.signalCode}` : `exit ${child.exitCode}`;
  }

  return {
    host,
    start,
    stop,
    running,
    createNetwork: async (options) => {
      // A subnet the other engine already routes would take this bridge's traffic: say so rather than time out.
      const subnet = options.IPAM?.Config?.[0]?.Subnet;
      const routed = subnet ? (await runChecked('ip', ['-o', 'route', 'show', subnet])).trim() : '';
      if (routed) throw new Error(`the subnet ${subnet} is already routed on this machine (${routed}): remove the network that uses it`);
      await new Docker({ socketPath }).createNetwork({ ...options, Options: { ...options.Options, 'com.docker.network.bridge.name': bridge } });
    },
    remove: async () => {
      if (running()) await stop();
      if (ruleAdded) await runChecked('iptables', ['-D', ...rule]);
      ruleAdded = false;
      if (defaultBridgeMade) await runChecked('ip', ['link', 'del', defaultBridge]);
      defaultBridgeMade = false;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Copies a local image from the default engine into `host`'s (the images are built locally, not pulled). */
export async function copyImage(image: string, host: string): Promise<void> {
  const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'inherit'] });
  const load = spawn('docker', ['-H', host, 'load', '--quiet'], { stdio: ['pipe', 'ignore', 'inherit'] });
  save.stdout.pipe(load.stdin);
  const exit = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('close', resolve));
  const [saved, loaded] = await Promise.all([exit(save), exit(load)]);
  if (saved !== 0 || loaded !== 0) throw new Error(`copying ${image} into ${host}: docker save exited with ${saved}, docker load with ${loaded}`);
}
