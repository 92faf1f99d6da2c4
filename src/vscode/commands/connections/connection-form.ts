// The questions that make (or change) a connection: where (a URL or host:port seeds), its name, the ACL user and
// password, TLS files when the URL asks for TLS, and read-only. Each answer is checked as it is typed; Escape at any
// step cancels without saving anything.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { type ConnectionProfile, parseConnectionUrl, profileProblems, type TlsSettings } from '../../../core/connection/profile';
import { isUserError } from '../../../core/errors';

export interface ConnectionAnswers {
  readonly profile: ConnectionProfile;
  /** undefined: keep the stored one (editing); '' : no password. */
  readonly password?: string;
}

/** "host:port, host:port" without a scheme reads as valkey://. */
function asUrl(text: string): string {
  const trimmed = text.trim();
  return /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `valkey://${trimmed.split(/[\s,]+/).filter(Boolean).join(',')}`;
}

function urlProblem(text: string): string | undefined {
  if (text.trim() === '') return 'Enter a URL such as valkey://10.0.0.5:6379 or valkeys://user@db.example:6380, or host:port seeds.';
  try {
    parseConnectionUrl(asUrl(text));
    return undefined;
  } catch (error) {
    return isUserError(error) ? `${error.message} ${error.action ?? ''}`.trim() : String(error);
  }
}

function urlOf(profile: ConnectionProfile): string {
  const user = profile.username === undefined ? '' : `${encodeURIComponent(profile.username)}@`;
  return `${profile.tls?.enabled ? 'valkeys' : 'valkey'}://${user}${profile.seeds.join(',')}`;
}

async function pickFile(title: string, current?: string): Promise<string | undefined | null> {
  const choice = await vscode.window.showQuickPick([
    { label: '$(folder-opened) Choose a file…', value: 'pick' },
    ...(current ? [{ label: `$(check) Keep ${current}`, value: 'keep' }] : []),
    { label: '$(circle-slash) None', value: 'none' },
  ], { title, ignoreFocusOut: true });
  if (!choice) return null;
  if (choice.value === 'keep') return current;
  if (choice.value === 'none') return undefined;
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: 'Use', filters: { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] } });
  return picked?.[0]?.fsPath ?? null;
}

/** TLS files, server name and the insecure choice; null when cancelled. */
async function askTls(current: TlsSettings | undefined): Promise<TlsSettings | null> {
  const ca = await pickFile('CA certificate that signed the servers\' certificates (None: the system\'s CAs)', current?.ca);
  if (ca === null) return null;
  const cert = await pickFile('Client certificate (for servers that ask for one)', current?.cert);
  if (cert === null) return null;
  let key: string | undefined;
  if (cert !== undefined) {
    const picked = await pickFile('Key of the client certificate', current?.key);
    if (picked === null) return null;
    key = picked;
  }
  const serverName = await vscode.window.showInputBox({
    title: 'Server name the certificates are checked against (empty: the host dialled)',
    value: current?.serverName ?? '',
    ignoreFocusOut: true,
  });
  if (serverName === undefined) return null;
  const verify = await vscode.window.showQuickPick([
    { label: 'Check the server certificate', skip: false },
    { label: '$(warning) Do not check it (insecure)', detail: 'Anyone between you and the server could read and change the traffic.', skip: true },
  ], { title: 'Certificate check', ignoreFocusOut: true });
  if (!verify) return null;
  if (verify.skip) {
    const sure = await vscode.window.showWarningMessage('Connect without checking the server certificate?', {
      modal: true, detail: 'The traffic is encrypted, but nothing proves it reaches the real server. Use it only on a network you trust.',
    }, 'Do Not Check');
    if (!sure) return null;
  }
  return {
    enabled: true,
    ...(ca ? { ca } : {}),
    ...(cert && key ? { cert, key } : {}),
    ...(serverName.trim() ? { serverName: serverName.trim() } : {}),
    ...(verify.skip ? { skipVerify: true } : {}),
  };
}

/** Asks every question; `current` prefills them when editing. Undefined when the user cancels. */
export async function askConnection(current?: ConnectionProfile): Promise<ConnectionAnswers | undefined> {
  const where = await vscode.window.showInputBox({
    title: current ? `Edit ${current.label}: where` : 'Add Connection: where',
    prompt: 'valkey://[user@]host:port[,host:port…] (valkeys:// for TLS), or host:port seeds. Never a password.',
    value: current ? urlOf(current) : '',
    ignoreFocusOut: true,
    validateInput: urlProblem,
  });
  if (where === undefined) return undefined;
  const parts = parseConnectionUrl(asUrl(where));
  const label = await vscode.window.showInputBox({
    title: 'Name of the connection',
    value: current?.label ?? parts.seeds[0],
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? 'Give the connection a name.' : undefined),
  });
  if (label === undefined) return undefined;
  const username = parts.username ?? (await vscode.window.showInputBox({
    title: 'ACL user (empty: the default user)',
    value: current?.username ?? '',
    ignoreFocusOut: true,
    validateInput: (text) => (/\s/.test(text.trim()) ? 'A user name has no spaces.' : undefined),
  }));
  if (username === undefined) return undefined;
  const password = await vscode.window.showInputBox({
    title: current ? 'Password (leave as it is to keep the stored one)' : 'Password (empty: none)',
    prompt: 'Kept in VS Code\'s secret storage only.',
    password: true,
    value: current ? undefined : '',
    placeHolder: current ? 'unchanged' : '',
    ignoreFocusOut: true,
  });
  if (password === undefined) return undefined;
  const tls = parts.tls?.enabled ? await askTls(current?.tls) : undefined;
  if (tls === null) return undefined;
  const mode = await vscode.window.showQuickPick([
    { label: 'Read and write', readOnly: false },
    { label: 'Read-only', detail: 'The console refuses commands that write; views hide write actions.', readOnly: true },
  ], { title: 'What may be done through this connection?', ignoreFocusOut: true });
  if (!mode) return undefined;
  const profile: ConnectionProfile = {
    id: current?.id ?? randomUUID(),
    label: label.trim(),
    seeds: parts.seeds,
    ...(username.trim() ? { username: username.trim() } : {}),
    ...(tls ? { tls } : {}),
    addressMap: current?.addressMap ?? {},
    ...(current?.dialAnnounced ? { dialAnnounced: true } : {}),
    readOnly: mode.readOnly,
  };
  const problems = profileProblems(profile);
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(`This connection cannot be used: ${problems.join(' ')}`);
    return undefined;
  }
  return { profile, ...(current && password === '' ? {} : { password }) };
}
