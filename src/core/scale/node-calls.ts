// Commands sent to single nodes during a shape or slot operation, over the target's pooled connections with a
// deadline long enough for a MIGRATE of a batch of keys; errors name the node and the command.
import type { Reach } from '../client/reach';
import { UserError } from '../errors';
import type { ConnectionHub } from '../target/hub';

export interface NodeAt {
  readonly name: string;
  readonly announcedAddress: string;
}

/** Each command ends within this. */
export const OPERATION_COMMAND_TIMEOUT_MS = 60_000;

export class NodeCalls {
  constructor(private readonly hub: ConnectionHub, private readonly timeoutMs = OPERATION_COMMAND_TIMEOUT_MS) {}

  /** Where the nodes are dialled and with which credentials (MIGRATE passes them on). */
  get reach(): Reach {
    return this.hub.reach;
  }

  /** The reply, or the error as the server (or the connection) gave it. */
  async call(node: NodeAt, ...args: readonly (string | number)[]): Promise<unknown> {
    const [command, ...rest] = args.map(String);
    return this.hub.run(this.reach.map(node.announcedAddress), (client) => client.call(command, ...rest), this.timeoutMs);
  }

  /** Several commands in one round trip; each reply or error in order. */
  async pipeline(node: NodeAt, commands: readonly (readonly (string | number)[])[]): Promise<[Error | null, unknown][]> {
    if (commands.length === 0) return [];
    return this.hub.run(this.reach.map(node.announcedAddress), async (client) => {
      const pipeline = client.pipeline();
      for (const [command, ...rest] of commands) pipeline.call(String(command), ...rest.map(String));
      return ((await pipeline.exec()) ?? []);
    }, this.timeoutMs);
  }

  /** Like call, but a refusal becomes an error for a person: "<node> refused CLUSTER MEET: <reason>". */
  async expect(node: NodeAt, ...args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await this.call(node, ...args);
    } catch (error) {
      throw refused(node, args, error);
    }
  }
}

export function refused(node: NodeAt, args: readonly (string | number)[], error: unknown): UserError {
  const words = args.slice(0, /^(CLUSTER|CONFIG|CLIENT)$/i.test(String(args[0])) ? 2 : 1).join(' ');
  return new UserError('operationFailed', `${node.name} refused ${words}: ${(error as Error).message ?? String(error)}`);
}
