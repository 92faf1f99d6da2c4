// The "Valkey Cluster" output channel. Every line passes through redaction so the password cannot leak into it.
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Valkey Cluster', { log: true });
  private secrets: string[] = [];

  /** Strings to mask wherever they appear (the current password). */
  setSecrets(secrets: readonly string[]): void {
    this.secrets = secrets.filter((secret) => secret.length > 0);
  }

  private redact(text: string): string {
    return this.secrets.reduce((result, secret) => result.split(secret).join('********'), text);
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
