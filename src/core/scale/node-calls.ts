// Commands sent to single nodes during a shape or slot operation, over held connections with a deadline long enough
// for a MIGRATE of a batch of keys; errors name the node and the command.
import { NodeConnectionPool } from '../client/node-pool';
import type { Reach } from '../client/reach';
import { UserError } from '../errors';

export interface NodeAt {
  readonly name: string;
  readonly announcedAddress: string;
}

/** Each command (and connecting) ends within this. */
export const OPERATION_COMMAND_TIMEOUT_MS = 60_000;

export class NodeCalls {
  private readonly pool: NodeConnectionPool;

  constructor(readonly reach: Reach, timeoutMs = OPERATION_COMMAND_TIMEOUT_MS) {
    this.pool = new NodeConnectionPool(reach, timeoutMs);
  }

  /** The reply, or the error as the server (or the connection) gave it. */
  async call(node: NodeAt, ...args: readonly (string | number)[]): Promise<unknown> {
    const [command, ...rest] = args.map(String);
    return this.pool.run(this.reach.map(node.announcedAddress), (client) => client.call(command, ...rest));
  }

  /** Several commands in one round trip; each reply or error in order. */
  async pipeline(node: NodeAt, commands: readonly (readonly (string | number)[])[]): Promise<[Error | null, unknown][]> {
    if (commands.length === 0) return [];
    return this.pool.run(this.reach.map(node.announcedAddress), async (client) => {
      const pipeline = client.pipeline();
      for (const [command, ...rest] of commands) pipeline.call(String(command), ...rest.map(String));
      return ((await pipeline.exec()) ?? []);
    });
  }

  /** Like call, but a refusal becomes an error for a person: "<node> refused CLUSTER MEET: <reason>". */
  async expect(node: NodeAt, ...args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await this.call(node, ...args);
    } catch (error) {
      throw refused(node, args, error);
    }
  }

  dispose(): void {
    this.pool.dispose();
  }
}

export function refused(node: NodeAt, args: readonly (string | number)[], error: unknown): UserError {
  const words = args.slice(0, /^(CLUSTER|CONFIG|CLIENT)$/i.test(String(args[0])) ? 2 : 1).join(' ');
  return new UserError('operationFailed', `${node.name} refused ${words}: ${(error as Error).message ?? String(error)}`);
}
