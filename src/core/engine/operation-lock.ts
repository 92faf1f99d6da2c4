// One operation at a time on the cluster (Start, Stop, Init, Remove, a shape change…): a second one while one runs
// is refused instead of racing it, and none begins before the engine has answered.
import { UserError } from '../errors';
import { action, type ActionId, phrase } from '../wording';
import { type DockerTarget, assertEngineReachable } from './docker-connection';

export class OperationLock {
  private busyWith: ActionId | undefined;

  constructor(private readonly target: DockerTarget) {}

  async run<T>(name: ActionId, work: () => Promise<T>): Promise<T> {
    if (this.busyWith) throw new UserError('busy', phrase`${action(this.busyWith)} is still in progress.`, 'Wait for it to finish, or cancel it.');
    this.busyWith = name;
    try {
      await assertEngineReachable(this.target);
      return await work();
    } finally {
      this.busyWith = undefined;
    }
  }
}
