// The "Valkey Cluster" output channel. Nothing secret is meant to reach it; as a second line of defence every line
// is redacted, and each redaction is counted so tests can prove the first line held (the count stays 0).
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Valkey Cluster', { log: true });
  private secrets: string[] = [];
  private redacted = 0;

  /** Strings to mask wherever they appear (the current password). */
  setSecrets(secrets: readonly string[]): void {
    this.secrets = secrets.filter((secret) => secret.length > 0);
  }

  /** How many lines carried a secret and had to be masked. */
  get redactions(): number {
    return this.redacted;
  }

  private redact(text: string): string {
    const masked = this.secrets.reduce((result, secret) => result.split(secret).join('********'), text);
    if (masked !== text) this.redacted++;
    return masked;
  }

  info(message: string): void {
    this.channel.info(this.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }

  error(message: string): void {
    this.channel.error(this.redact(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
