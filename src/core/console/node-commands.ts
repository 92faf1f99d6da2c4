// Commands for one named node, over the node's pooled connection in the target's hub (re-opened after a failure).
import type { ConnectionHub } from '../target/hub';
import type { ConsoleNode, ConsoleNodes } from './nodes';

export class NodeCommands {
  constructor(private readonly nodes: ConsoleNodes, private readonly hub: ConnectionHub) {}

  /** The reply, an error reply as an Error value; throws "<node> does not answer (...)" when it cannot be reached. */
  call(node: ConsoleNode, command: readonly (string | Buffer)[]): Promise<unknown> {
    const [name, ...rest] = command;
    return this.hub.run(this.nodes.addressOf(node), (connection) => connection.callBuffer(name.toString(), ...rest).catch((error: Error) => error))
      .catch((error: Error) => {
        throw new Error(`${node.name} does not answer (${error.message})`);
      });
  }
}
