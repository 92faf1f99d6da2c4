// The engine is found in the docker CLI's order, on a configuration folder made by the real docker CLI
// (test/fixtures/docker-config, see its README) and on each platform's default, without touching any engine.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { type EngineInputs, systemInputs } from '../../src/core/engine/engine-inputs';
import { type EngineResolution, listEngineChoices, resolveEngine } from '../../src/core/engine/engine-resolution';
import { UserError, describeProblem } from '../../src/core/errors';
import { EXTENSION_WORDS } from '../../src/vscode/wording';

const FIXTURES = resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
const CONFIG = join(FIXTURES, 'docker-config');
const CERTS = join(FIXTURES, 'docker-certs');
const TLS_BOX = join(CONFIG, 'contexts', 'tls', 'ccced3debcddba9f834fd2ecfdbb74602b192e871e497a58b3c3977c872c0b8a', 'docker');
const BROKEN_META_FOLDER = 'ed3acadd4d53f7ad90451446dc0be1a523d8f86ba965e8e5d0356ffea301c2b9';
const NOWHERE = '/nonexistent/valkey-engine-test';

/** A Linux machine whose home has no ~/.docker, reading the fixtures for real; `overrides` change what it sees. */
function machine(env: NodeJS.ProcessEnv = {}, overrides: Partial<EngineInputs> = {}): EngineInputs {
  return { ...systemInputs({ HOME: `${NOWHERE}/home`, USER: 'tester', ...env }), platform: 'linux', ...overrides };
}

function resolved(setting: string, env: NodeJS.ProcessEnv = {}, overrides: Partial<EngineInputs> = {}): EngineResolution {
  return resolveEngine(setting, machine(env, overrides));
}

function refused(pattern: RegExp, action?: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.code, 'invalidSettings');
    assert.match(describeProblem(error, EXTENSION_WORDS), pattern);
    if (action) assert.match(error.action ?? '', action);
    return true;
  };
}

test('the setting beats DOCKER_HOST, which beats DOCKER_CONTEXT, which beats currentContext, which beats the default', () => {
  const all = { DOCKER_HOST: 'tcp://10.9.9.9:2375', DOCKER_CONTEXT: 'plain-tcp', DOCKER_CONFIG: CONFIG };
  const { DOCKER_HOST, ...withoutHost } = all;
  const { DOCKER_CONTEXT, ...onlyConfig } = withoutHost;
  assert.ok(DOCKER_HOST && DOCKER_CONTEXT);

  const setting = resolved('unix:///run/from-setting.sock', all);
  assert.deepEqual([setting.source, setting.host, setting.context], ['setting', 'unix:///run/from-setting.sock', undefined]);
  assert.equal(setting.description, 'unix:///run/from-setting.sock (from the Docker engine setting)');

  const host = resolved('', all);
  assert.deepEqual([host.source, host.host, host.tls], ['DOCKER_HOST', 'tcp://10.9.9.9:2375', undefined]);
  assert.equal(host.description, 'tcp://10.9.9.9:2375 (from DOCKER_HOST)');

  const context = resolved('', withoutHost);
  assert.deepEqual([context.source, context.context, context.host], ['DOCKER_CONTEXT', 'plain-tcp', 'tcp://10.1.2.5:2375']);
  assert.equal(context.description, 'Docker context "plain-tcp": tcp://10.1.2.5:2375 (from DOCKER_CONTEXT)');

  const current = resolved('', onlyConfig);
  assert.deepEqual([current.source, current.context, current.host], ['currentContext', 'remote-ssh', 'ssh://deploy@build-box:2222']);
  assert.deepEqual(current.endpoint, { kind: 'ssh', host: 'build-box', port: 2222, username: 'deploy' });
  assert.equal(current.description, `Docker context "remote-ssh": ssh://deploy@build-box:2222 (the current context in ${join(CONFIG, 'config.json')})`);

  const fallback = resolved('', { DOCKER_CONFIG: NOWHERE });
  assert.deepEqual([fallback.source, fallback.host, fallback.context], ['default', 'unix:///var/run/docker.sock', undefined]);
  assert.deepEqual(fallback.endpoint, { kind: 'unix', socketPath: '/var/run/docker.sock' });
  assert.equal(fallback.description, 'unix:///var/run/docker.sock (the default engine)');
});

test('the setting takes every address form, context:NAME and a bare context name', () => {
  const env = { DOCKER_CONFIG: CONFIG };
  assert.deepEqual(resolved('  tcp://127.0.0.1:2375  ').endpoint, { kind: 'tcp', host: '127.0.0.1', port: 2375 });
  assert.deepEqual(resolved('tcp://engine.lan').endpoint, { kind: 'tcp', host: 'engine.lan', port: 2375 });
  assert.deepEqual(resolved('engine.lan:2380').endpoint, { kind: 'tcp', host: 'engine.lan', port: 2380 });
  assert.equal(resolved('tcp://[::1]:2375/').host, 'tcp://[::1]:2375');
  assert.deepEqual(resolved('ssh://box').endpoint, { kind: 'ssh', host: 'box', port: 22, username: undefined });
  assert.equal(resolved('ssh://me@box:22').host, 'ssh://me@box');
  assert.deepEqual(resolved('npipe:////./pipe/docker_engine').endpoint, { kind: 'npipe', pipePath: '//./pipe/docker_engine' });

  for (const setting of ['context:tls-box', 'tls-box']) {
    const engine = resolved(setting, env);
    assert.deepEqual([engine.source, engine.context, engine.host], ['setting', 'tls-box', 'tcp://10.1.2.3:2376']);
  }
  const defaultContext = resolved('context:default', { ...env, DOCKER_HOST: 'tcp://10.9.9.9:2375' });
  assert.deepEqual([defaultContext.source, defaultContext.context, defaultContext.host], ['setting', 'default', 'unix:///var/run/docker.sock']);
  assert.equal(resolved('default', env).context, 'default');
});

test('a malformed address says where it came from, what is wrong and which forms work', () => {
  const forms = /unix:\/\/\/path\/to\/docker\.sock, tcp:\/\/host:port, ssh:\/\/user@host\[:port\], npipe:\/\/\/\/\.\/pipe\/docker_engine, or context:NAME/;
  assert.throws(() => resolved('ftp://box'), refused(/"ftp:\/\/box" from valkeyCluster\.dockerHost uses the unsupported scheme "ftp:\/\/"/, forms));
  assert.throws(() => resolved('unix://run/docker.sock'), refused(/needs an absolute socket path/));
  assert.throws(() => resolved('tcp://box:2375/v1.41'), refused(/has a path/));
  assert.throws(() => resolved('tcp://box:99999'), refused(/is not a valid address/));
  assert.throws(() => resolved('tcp://'), refused(/is not a valid address|has no host name/));
  assert.throws(() => resolved('ssh://me:secret@box'), refused(/has a password/));
  assert.throws(() => resolved('https://box:2376'), refused(/write tcp:\/\//));
  assert.throws(() => resolved('npipe://docker_engine'), refused(/not a named pipe/));
  assert.throws(() => resolved('context:'), refused(/does not name a Docker context/));
  assert.throws(() => resolved('context:two words'), refused(/does not name a Docker context/));
  assert.throws(() => resolved('two words'), refused(/has no scheme/));
  const fromEnvironment = (error: unknown) => refused(/"unix:\/\/" from DOCKER_HOST/)(error) && !/context:NAME/.test((error as UserError).action ?? '');
  assert.throws(() => resolved('', { DOCKER_HOST: 'unix://' }), fromEnvironment);
});

test('DOCKER_TLS_VERIFY, DOCKER_TLS and DOCKER_CERT_PATH give TCP addresses TLS, as the docker CLI does', () => {
  const verified = resolved('', { DOCKER_HOST: 'tcp://10.9.9.9', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: CERTS });
  assert.deepEqual(verified.tls, { ca: join(CERTS, 'ca.pem'), cert: join(CERTS, 'cert.pem'), key: join(CERTS, 'key.pem'), verify: true });
  assert.equal(verified.host, 'tcp://10.9.9.9:2376', 'TLS makes 2376 the default port');
  assert.equal(verified.description, 'tcp://10.9.9.9:2376 with TLS (from DOCKER_HOST)');

  const unverified = resolved('', { DOCKER_HOST: 'tcp://10.9.9.9:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: CERTS });
  assert.equal(unverified.tls?.verify, false);
  assert.match(unverified.description, /with TLS, server certificate not verified/);

  // No DOCKER_CERT_PATH: the files come from the docker configuration folder.
  assert.equal(resolved('', { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: CERTS }).tls?.ca, join(CERTS, 'ca.pem'));
  // The setting's address gets the same variables, like `docker -H`.
  assert.equal(resolved('tcp://h:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: CERTS }).tls?.verify, true);
  // TLS is for TCP only, and off without the variables.
  assert.equal(resolved('unix:///run/docker.sock', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: CERTS }).tls, undefined);
  assert.equal(resolved('', { DOCKER_HOST: 'tcp://h:2375', DOCKER_CERT_PATH: CERTS }).tls, undefined);
});

test('missing TLS files are named with what to do', () => {
  assert.throws(() => resolved('', { DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: NOWHERE }),
    refused(new RegExp(`DOCKER_TLS_VERIFY is set but ${NOWHERE} has none of ca\\.pem, cert\\.pem and key\\.pem`), /DOCKER_CERT_PATH/));
  assert.throws(() => resolved('', { DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(FIXTURES, 'docker-certs-no-key') }),
    refused(/has cert\.pem but no key\.pem/));
});

test('a context\'s TLS material and SkipTLSVerify', () => {
  const env = { DOCKER_CONFIG: CONFIG };
  const tlsBox = resolved('', { ...env, DOCKER_CONTEXT: 'tls-box' });
  assert.deepEqual(tlsBox.tls, { ca: join(TLS_BOX, 'ca.pem'), cert: join(TLS_BOX, 'cert.pem'), key: join(TLS_BOX, 'key.pem'), verify: true });
  assert.equal(tlsBox.description, 'Docker context "tls-box": tcp://10.1.2.3:2376 with TLS (from DOCKER_CONTEXT)');

  const skip = resolved('context:skip-verify', env);
  assert.deepEqual(skip.tls, { ca: undefined, cert: undefined, key: undefined, verify: false });
  assert.equal(resolved('context:plain-tcp', env).tls, undefined);
  // The process's TLS variables do not apply to a context.
  assert.equal(resolved('context:plain-tcp', { ...env, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: CERTS }).tls, undefined);
});

test('the context named default is the platform default, from DOCKER_CONTEXT or currentContext', () => {
  const fromVariable = resolved('', { DOCKER_CONTEXT: 'default', DOCKER_CONFIG: CONFIG });
  assert.deepEqual([fromVariable.source, fromVariable.context, fromVariable.host], ['DOCKER_CONTEXT', 'default', 'unix:///var/run/docker.sock']);
  const configPath = join(CONFIG, 'config.json');
  const real = machine().readFile;
  const currentDefault = resolved('', { DOCKER_CONFIG: CONFIG }, { readFile: (path) => (path === configPath ? '{"currentContext":"default"}' : real(path)) });
  assert.deepEqual([currentDefault.source, currentDefault.context, currentDefault.host], ['currentContext', 'default', 'unix:///var/run/docker.sock']);
});

test('an unknown context, a broken meta.json and a broken config.json say what is wrong', () => {
  const env = { DOCKER_CONFIG: CONFIG };
  assert.throws(() => resolved('', { ...env, DOCKER_CONTEXT: 'nope' }),
    refused(new RegExp(`There is no Docker context named "nope" in ${CONFIG}`), /docker context ls/));
  assert.throws(() => resolved('context:broken-meta', env), refused(/meta\.json is not valid JSON/, /docker context rm/));
  assert.throws(() => resolved('context:no-endpoint', env), refused(/"no-endpoint" has no Docker endpoint host \(Endpoints\.docker\.Host/));
  const configPath = join(CONFIG, 'config.json');
  const real = machine().readFile;
  assert.throws(() => resolved('', env, { readFile: (path) => (path === configPath ? '{"currentContext":' : real(path)) }),
    refused(new RegExp(`${configPath.replace(/[.]/g, '\\.')} is not valid JSON`)));
  assert.throws(() => resolved('', env, { readFile: (path) => (path === configPath ? '{"currentContext":7}' : real(path)) }), refused(/"currentContext" in .* is not a context name/));
  const unreadable = (path: string) => {
    if (path.endsWith('meta.json')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
    return real(path);
  };
  assert.throws(() => resolved('context:plain-tcp', env, { readFile: unreadable }), refused(/Cannot read .*meta\.json \(EACCES\)/, /readable/));
});

test('each platform\'s default engine', () => {
  const home = '/Users/tester';
  const desktopSocket = `${home}/.docker/run/docker.sock`;
  const on = (platform: NodeJS.Platform, existing: string[] = []) =>
    resolved('', { DOCKER_CONFIG: NOWHERE }, { platform, home, exists: (path) => existing.includes(path) });
  assert.equal(on('linux').host, 'unix:///var/run/docker.sock');
  assert.equal(on('linux', [desktopSocket]).host, 'unix:///var/run/docker.sock', 'Linux keeps the system socket');
  assert.equal(on('darwin', [desktopSocket]).host, `unix://${desktopSocket}`);
  assert.equal(on('darwin').host, 'unix:///var/run/docker.sock');
  const windows = on('win32');
  assert.equal(windows.host, 'npipe:////./pipe/docker_engine');
  assert.deepEqual(windows.endpoint, { kind: 'npipe', pipePath: '//./pipe/docker_engine' });
});

test('the choices are the default and every context, the current one marked, broken ones with their problem', () => {
  const choices = listEngineChoices(machine({ DOCKER_CONFIG: CONFIG }));
  assert.deepEqual(choices.map((choice) => choice.name), ['default', BROKEN_META_FOLDER, 'no-endpoint', 'plain-tcp', 'remote-ssh', 'skip-verify', 'tls-box']);
  assert.deepEqual(choices.filter((choice) => choice.current).map((choice) => choice.name), ['remote-ssh']);
  const byName = new Map(choices.map((choice) => [choice.name, choice]));
  assert.deepEqual(byName.get('remote-ssh'), {
    name: 'remote-ssh', description: 'build box over SSH', host: 'ssh://deploy@build-box:2222', current: true, settingValue: 'context:remote-ssh',
  });
  assert.deepEqual(byName.get('default'), {
    name: 'default', description: 'The platform default engine', host: 'unix:///var/run/docker.sock', current: false, settingValue: 'context:default',
  });
  assert.equal(byName.get('tls-box')?.host, 'tcp://10.1.2.3');
  // The listing takes the name from meta.json; a file that cannot be parsed is listed by its folder name.
  assert.equal(byName.get('no-endpoint')?.host, undefined);
  assert.match(byName.get('no-endpoint')?.problem ?? '', /no Docker endpoint host/);
  assert.match(byName.get(BROKEN_META_FOLDER)?.problem ?? '', /not valid JSON/);

  const marked = (env: NodeJS.ProcessEnv) => listEngineChoices(machine({ DOCKER_CONFIG: CONFIG, ...env })).filter((choice) => choice.current).map((choice) => choice.name);
  assert.deepEqual(marked({ DOCKER_CONTEXT: 'plain-tcp' }), ['plain-tcp']);
  assert.deepEqual(marked({ DOCKER_HOST: 'tcp://h:2375' }), [], 'DOCKER_HOST overrides every context');
  assert.deepEqual(listEngineChoices(machine({ DOCKER_CONFIG: NOWHERE })).map((choice) => [choice.name, choice.current]), [['default', true]]);
});

test('Podman\'s socket is the engine only when nothing is at the platform default: rootless, then rootful, on Linux', () => {
  const rootless = '/run/user/1000/podman/podman.sock';
  const rootful = '/run/podman/podman.sock';
  const on = (existing: string[], env: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: '/run/user/1000' }) =>
    resolved('', { DOCKER_CONFIG: NOWHERE, ...env }, { exists: (path) => existing.includes(path) });

  const both = on([rootless, rootful]);
  assert.deepEqual([both.source, both.host], ['podman', `unix://${rootless}`]);
  assert.equal(both.description, `unix://${rootless} (Podman's socket, as nothing is at unix:///var/run/docker.sock)`);
  assert.equal(on([rootful]).host, `unix://${rootful}`);
  assert.equal(on([rootless, rootful], {}).host, `unix://${rootful}`, 'without XDG_RUNTIME_DIR there is no rootless socket to look for');
  assert.deepEqual([on([]).source, on([]).host], ['default', 'unix:///var/run/docker.sock'], 'no Podman either: the docker CLI\'s default, to be reported unreachable');

  const docker = on(['/var/run/docker.sock', rootless]);
  assert.deepEqual([docker.source, docker.host], ['default', 'unix:///var/run/docker.sock'], 'Docker\'s socket wins when it exists');
  // Anything configured is used as configured, and the context named default means the platform default.
  assert.equal(on([rootless], { XDG_RUNTIME_DIR: '/run/user/1000', DOCKER_HOST: 'tcp://10.9.9.9:2375' }).host, 'tcp://10.9.9.9:2375');
  assert.equal(on([rootless], { XDG_RUNTIME_DIR: '/run/user/1000', DOCKER_CONTEXT: 'default' }).host, 'unix:///var/run/docker.sock');
});

test('a podman machine\'s socket on macOS (Podman 5 under $TMPDIR, Podman 4 under ~/.local/share) and its pipe on Windows', () => {
  const home = '/Users/tester';
  const temporary = '/var/folders/9r/xyz/T/';
  const machines = `${home}/.local/share/containers/podman/machine`;
  const folders: Record<string, string[]> = {
    '/var/folders/9r/xyz/T/podman': ['gvproxy.sock', 'dev-api.sock', 'podman-machine-default-api.sock'],
    [machines]: ['applehv', 'old-machine'],
  };
  const sockets = [`${temporary}podman/dev-api.sock`, `${temporary}podman/podman-machine-default-api.sock`, `${machines}/old-machine/podman.sock`];
  const mac = (existing: string[]): EngineInputs => machine({ DOCKER_CONFIG: NOWHERE, TMPDIR: temporary }, {
    platform: 'darwin', home, exists: (path) => existing.includes(path), listDirectory: (path) => folders[path.replace(/\/$/, '')] ?? [],
  });

  const podman = resolveEngine('', mac(sockets));
  assert.deepEqual([podman.source, podman.host], ['podman', `unix://${temporary}podman/podman-machine-default-api.sock`], 'the default machine first');
  assert.match(podman.description, /Podman's socket, as nothing is at unix:\/\/\/var\/run\/docker\.sock/);
  const choices = listEngineChoices(mac(sockets)).filter((choice) => choice.podman);
  assert.deepEqual(choices.map((choice) => [choice.podman?.machine, choice.host, choice.current]), [
    ['podman-machine-default', `unix://${temporary}podman/podman-machine-default-api.sock`, true],
    ['dev', `unix://${temporary}podman/dev-api.sock`, false],
    ['old-machine', `unix://${machines}/old-machine/podman.sock`, false],
  ]);
  assert.equal(resolveEngine('', mac([`${home}/.docker/run/docker.sock`, ...sockets])).host, `unix://${home}/.docker/run/docker.sock`, 'Docker Desktop wins');

  const windows = (existing: string[]) => resolved('', { DOCKER_CONFIG: NOWHERE }, { platform: 'win32', exists: (path) => existing.includes(path) });
  const pipe = windows(['//./pipe/podman-machine-default']);
  assert.deepEqual([pipe.source, pipe.host], ['podman', 'npipe:////./pipe/podman-machine-default']);
  assert.deepEqual(pipe.endpoint, { kind: 'npipe', pipePath: '//./pipe/podman-machine-default' });
  assert.equal(windows(['//./pipe/docker_engine', '//./pipe/podman-machine-default']).host, 'npipe:////./pipe/docker_engine');
});

test('the picker lists the Podman sockets found, to choose by their address; the one in use while nothing is set is marked', () => {
  const rootless = '/run/user/1000/podman/podman.sock';
  const rootful = '/run/podman/podman.sock';
  const choices = (existing: string[]) => listEngineChoices(machine({ DOCKER_CONFIG: NOWHERE, XDG_RUNTIME_DIR: '/run/user/1000' }, { exists: (path) => existing.includes(path) }));
  assert.deepEqual(choices([rootless, rootful]).map((choice) => [choice.name, choice.podman?.kind, choice.settingValue, choice.current]), [
    ['default', undefined, 'context:default', false],
    [`unix://${rootless}`, 'rootless', `unix://${rootless}`, true],
    [`unix://${rootful}`, 'rootful', `unix://${rootful}`, false],
  ]);
  assert.deepEqual(choices(['/var/run/docker.sock', rootful]).map((choice) => [choice.name, choice.current]), [['default', true], [`unix://${rootful}`, false]]);
  assert.equal(resolved(`unix://${rootful}`).source, 'setting', 'a picked Podman socket is an ordinary address in the setting');
});
