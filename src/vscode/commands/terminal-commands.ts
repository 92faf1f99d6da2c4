// Terminals into the local cluster's containers: a node's log followed live (across restarts), and valkey-cli
// inside a node, authenticated from the node's own secret file. Both go through dockerode, so remote engines work.
import * as vscode from 'vscode';
import { StreamTerminal } from '../stream-terminal';
import type { CommandContext, Handler } from './context';
import { type NodeArgument, resolveNode } from './node-target';

/** History shown before the log follows, as `docker logs --tail` would. */
const LOG_TAIL = 300;
/** The shell starts at this size; the terminal sends its own as it opens. */
const INITIAL_SIZE = { columns: 80, rows: 24 };

export function terminalCommands(context: CommandContext): Record<string, Handler> {
  const { controller, targets } = context;

  /** Shows the terminal, and everything it writes goes to the extension's terminal output event too (tests). */
  const show = (name: string, pty: StreamTerminal, icon: string): vscode.Terminal => {
    const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon(icon) });
    pty.onDidWrite((data) => context.consoleOutput.fire({ terminal, data }));
    terminal.show();
    return terminal;
  };

  /** A tree row or topology node, a container name (tests, other extensions), or a pick among every container. */
  const showNodeLogs = async (argument?: NodeArgument): Promise<vscode.Terminal | undefined> => {
    const setup = await controller.setup();
    const services = setup.plan.containers.map((container) => container.service);
    const name = typeof argument === 'string' ? argument : argument === undefined ? undefined : 'kind' in argument ? argument.node.name : argument.node;
    const service = name ?? (await vscode.window.showQuickPick(services, { placeHolder: vscode.l10n.t('Follow the log of which container?') }));
    if (!service) return undefined;
    const pty = new StreamTerminal();
    pty.write(`\x1b[2m${vscode.l10n.t('Following the log of {0} ({1}). Close the terminal to stop.', service, setup.target.where)}\x1b[0m\r\n`);
    // Attached before the terminal exists: a container that is not there is reported, and no terminal opens.
    const { follower } = await setup.engine.followLogs(service, LOG_TAIL, pty.write);
    pty.attach({ close: () => follower.dispose() });
    return show(vscode.l10n.t('Logs: {0}', service), pty, 'output');
  };

  const openShell = async (argument?: NodeArgument): Promise<vscode.Terminal | undefined> => {
    const resolved = await resolveNode(argument, targets, vscode.l10n.t('Open valkey-cli in which node?'), [targets.local]);
    if (!resolved) return undefined;
    const setup = await controller.setup();
    const name = resolved.node.name;
    const pty = new StreamTerminal();
    const shell = await setup.engine.openShell(name, INITIAL_SIZE, { output: pty.write, exit: (code) => pty.end(code) });
    pty.attach({ input: (data) => shell.write(data), resize: (size) => shell.resize(size), close: () => shell.close() });
    return show(`valkey-cli: ${name}`, pty, 'terminal');
  };

  return {
    'valkeyCluster.showNodeLogs': showNodeLogs,
    'valkeyCluster.openShell': openShell,
  };
}
