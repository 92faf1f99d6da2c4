// Commands for one named node, over a long-lived connection per node (re-opened after a failure).
import { NodeConnectionPool } from '../client/node-pool';
import type { Reach } from '../client/reach';
import type { ConsoleNode, ConsoleNodes } from './nodes';

export class NodeCommands {
  private readonly pool: NodeConnectionPool;

  constructor(private readonly nodes: ConsoleNodes, reach: Reach) {
    this.pool = new NodeConnectionPool(reach);
  }

  /** The reply, an error reply as an Error value; throws "<node> does not answer (...)" when it cannot be reached. */
  async call(node: ConsoleNode, command: readonly (string | Buffer)[]): Promise<unknown> {
    const connection = await this.pool.get(this.nodes.addressOf(node)).catch((error: Error) => {
      throw new Error(`${node.name} does not answer (${error.message})`);
    });
    const [name, ...rest] = command;
    return connection.callBuffer(name.toString(), ...rest).catch((error: Error) => error);
  }

  dispose(): void {
    this.pool.dispose();
  }
}
