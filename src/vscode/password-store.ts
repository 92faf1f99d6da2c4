// One password per local cluster, whatever the client. The cluster's own is the one in its secret file (in the
// extension's storage folder, on the machine the extension host runs on, which every client of it shares); each
// client (a browser profile of code-server, another VS Code over Remote-SSH) keeps a copy in its SecretStorage.
// A client without a copy, or with another one, takes the cluster's; a new password is made only when neither exists.
import { claimPasswordFile, generatePassword, readPasswordFile, replacePasswordFile } from '../core/secrets';
import type { Disposable, Event } from '../core/emitter';

const KEY = 'valkeyCluster.password';

/** A local cluster as its password is kept: the stored copy is per project (one profile may run several). */
export interface PasswordPlace {
  readonly projectName: string;
  readonly secretsDirectory: string;
}

const keyOf = (place: PasswordPlace): string => `${KEY}/${place.projectName}`;

/** The part of vscode.SecretStorage this needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  readonly onDidChange: Event<{ readonly key: string }>;
}

export interface ClusterPassword {
  readonly password: string;
  /** What this client had before it took the cluster's password (undefined: nothing was taken). */
  readonly adoptedOver?: 'none' | 'another';
}

export class PasswordStore {
  /** This client's asks and sets, one at a time: concurrent asks store once and tell once, and an ask never sees
   * a Set Password half done (the file new, the stored copy not yet). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly secrets: SecretStore) {}

  onDidChange(listener: () => void): Disposable {
    return this.secrets.onDidChange((event) => event.key.startsWith(`${KEY}/`) && listener());
  }

  /** The password of the local cluster at `place`. Race-safe across clients too: the secret file is claimed
   * exclusively, so all end with the one it holds. */
  forCluster(place: PasswordPlace): Promise<ClusterPassword> {
    const { secretsDirectory } = place;
    return this.inTurn(async () => {
      const stored = await this.secrets.get(keyOf(place));
      const offered = stored ?? generatePassword();
      const password = readPasswordFile(secretsDirectory) ?? claimPasswordFile(secretsDirectory, offered);
      if (password === stored) return { password };
      await this.secrets.store(keyOf(place), password);
      // A password this client just made is no news; one it found in the secret file is.
      return password === offered ? { password } : { password, adoptedOver: stored === undefined ? 'none' : 'another' };
    });
  }

  /** Set Password: the cluster's secret file, then this client's copy. */
  set(place: PasswordPlace, password: string): Promise<void> {
    return this.inTurn(async () => {
      replacePasswordFile(place.secretsDirectory, password);
      await this.secrets.store(keyOf(place), password);
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(work);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Forgets this client's copy only; the cluster's secret file is kept. */
  async forget(place: PasswordPlace): Promise<void> {
    await this.secrets.delete(keyOf(place));
  }
}
