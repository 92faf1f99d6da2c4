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
  if (text.trim() === '') return vscode.l10n.t('Enter a URL such as {0} or {1}, or host:port seeds.', 'valkey://10.0.0.5:6379', 'valkeys://user@db.example:6380');
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
    { label: vscode.l10n.t('{0} Choose a file…', '$(folder-opened)'), value: 'pick' },
    ...(current ? [{ label: vscode.l10n.t('{0} Keep {1}', '$(check)', current), value: 'keep' }] : []),
    { label: vscode.l10n.t('{0} None', '$(circle-slash)'), value: 'none' },
  ], { title, ignoreFocusOut: true });
  if (!choice) return null;
  if (choice.value === 'keep') return current;
  if (choice.value === 'none') return undefined;
  const picked = await vscode.window.showOpenDialog({
    title, canSelectMany: false, openLabel: vscode.l10n.t('Use'), filters: { [vscode.l10n.t('PEM files')]: ['pem', 'crt', 'cer', 'key'], [vscode.l10n.t('All files')]: ['*'] },
  });
  return picked?.[0]?.fsPath ?? null;
}

/** TLS files, server name and the insecure choice; null when cancelled. */
async function askTls(current: TlsSettings | undefined): Promise<TlsSettings | null> {
  const ca = await pickFile(vscode.l10n.t('CA certificate that signed the servers\' certificates (None: the system\'s CAs)'), current?.ca);
  if (ca === null) return null;
  const cert = await pickFile(vscode.l10n.t('Client certificate (for servers that ask for one)'), current?.cert);
  if (cert === null) return null;
  let key: string | undefined;
  if (cert !== undefined) {
    const picked = await pickFile(vscode.l10n.t('Key of the client certificate'), current?.key);
    if (picked === null) return null;
    key = picked;
  }
  const serverName = await vscode.window.showInputBox({
    title: vscode.l10n.t('Server name the certificates are checked against (empty: the host dialled)'),
    value: current?.serverName ?? '',
    ignoreFocusOut: true,
  });
  if (serverName === undefined) return null;
  const verify = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Check the server certificate'), skip: false },
    { label: vscode.l10n.t('{0} Do not check it (insecure)', '$(warning)'), detail: vscode.l10n.t('Anyone between you and the server could read and change the traffic.'), skip: true },
  ], { title: vscode.l10n.t('Certificate check'), ignoreFocusOut: true });
  if (!verify) return null;
  if (verify.skip) {
    const doNotCheck = vscode.l10n.t('Do Not Check');
    const sure = await vscode.window.showWarningMessage(vscode.l10n.t('Connect without checking the server certificate?'), {
      modal: true, detail: vscode.l10n.t('The traffic is encrypted, but nothing proves it reaches the real server. Use it only on a network you trust.'),
    }, doNotCheck);
    if (sure !== doNotCheck) return null;
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
    title: current ? vscode.l10n.t('Edit {0}: where', current.label) : vscode.l10n.t('Add Connection: where'),
    prompt: vscode.l10n.t('{0} ({1} for TLS), or host:port seeds. Never a password.', 'valkey://[user@]host:port[,host:port…]', 'valkeys://'),
    value: current ? urlOf(current) : '',
    ignoreFocusOut: true,
    validateInput: urlProblem,
  });
  if (where === undefined) return undefined;
  const parts = parseConnectionUrl(asUrl(where));
  const label = await vscode.window.showInputBox({
    title: vscode.l10n.t('Name of the connection'),
    value: current?.label ?? parts.seeds[0],
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? vscode.l10n.t('Give the connection a name.') : undefined),
  });
  if (label === undefined) return undefined;
  const username = parts.username ?? (await vscode.window.showInputBox({
    title: vscode.l10n.t('ACL user (empty: the default user)'),
    value: current?.username ?? '',
    ignoreFocusOut: true,
    validateInput: (text) => (/\s/.test(text.trim()) ? vscode.l10n.t('A user name has no spaces.') : undefined),
  }));
  if (username === undefined) return undefined;
  const password = await vscode.window.showInputBox({
    title: current ? vscode.l10n.t('Password (leave as it is to keep the stored one)') : vscode.l10n.t('Password (empty: none)'),
    prompt: vscode.l10n.t('Kept in VS Code\'s secret storage only.'),
    password: true,
    value: current ? undefined : '',
    placeHolder: current ? vscode.l10n.t('unchanged') : '',
    ignoreFocusOut: true,
  });
  if (password === undefined) return undefined;
  const tls = parts.tls?.enabled ? await askTls(current?.tls) : undefined;
  if (tls === null) return undefined;
  const mode = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('Read and write'), readOnly: false },
    { label: vscode.l10n.t('Read-only'), detail: vscode.l10n.t('The console refuses commands that write; views hide write actions.'), readOnly: true },
  ], { title: vscode.l10n.t('What may be done through this connection?'), ignoreFocusOut: true });
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
    void vscode.window.showErrorMessage(vscode.l10n.t('This connection cannot be used: {0}', problems.join(' ')));
    return undefined;
  }
  return { profile, ...(current && password === '' ? {} : { password }) };
}
