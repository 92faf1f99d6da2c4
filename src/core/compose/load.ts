// Reads a compose file with `yaml`, interpolates it, and turns the subset the engine supports into a ComposeFile.
// Anything outside that subset is refused with the key's path, rather than silently ignored.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../errors';
import { interpolate, InterpolationError, type Variables } from './interpolate';
import type { ComposeFile, ComposeNetwork, ComposeService, DependencyCondition, Healthcheck, Mount, PortMapping } from './model';

type Node = unknown;
type Mapping = Record<string, Node>;

const SERVICE_KEYS = new Set(['image', 'container_name', 'hostname', 'entrypoint', 'command', 'environment', 'ports',
  'volumes', 'networks', 'secrets', 'healthcheck', 'deploy', 'depends_on', 'restart', 'stop_grace_period', 'labels']);
const TOP_KEYS = new Set(['services', 'networks', 'volumes', 'secrets', 'name', 'version']);

function unsupported(path: string, what = 'is not supported by the extension'): never {
  throw new UserError('composeUnsupported', `The compose file uses "${path}", which ${what}.`,
    'Remove it or run the folder with `docker compose` instead.');
}

function isMapping(node: Node): node is Mapping {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function mapping(node: Node, path: string): Mapping {
  if (node === null || node === undefined) return {};
  if (!isMapping(node)) unsupported(path, 'must be a mapping');
  return node;
}

function checkKeys(node: Mapping, allowed: ReadonlySet<string>, path: string): void {
  for (const key of Object.keys(node)) {
    if (!allowed.has(key) && !key.startsWith('x-')) unsupported(`${path}.${key}`);
  }
}

function text(node: Node, path: string): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return unsupported(path, 'must be a string');
}

function stringList(node: Node, path: string): string[] {
  if (typeof node === 'string') return node.split(/\s+/).filter(Boolean);
  if (!Array.isArray(node)) return unsupported(path, 'must be a list or a string');
  return node.map((item, index) => text(item, `${path}[${index}]`));
}

/** Interpolates every string scalar in place of its value. */
function interpolateTree(node: Node, variables: Variables, path: string): Node {
  try {
    if (typeof node === 'string') return interpolate(node, variables, path);
  } catch (error) {
    if (error instanceof InterpolationError) throw new UserError('composeUnsupported', error.message);
    throw error;
  }
  if (Array.isArray(node)) return node.map((item, index) => interpolateTree(item, variables, `${path}[${index}]`));
  if (isMapping(node)) {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, variables, `${path}.${key}`)]));
  }
  return node;
}

const DURATION_UNITS: Record<string, number> = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };

export function parseDurationNs(value: string, path: string): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value) unsupported(path, `has the duration "${value}", which is not like "2s" or "1m30s"`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * DURATION_UNITS[unit], 0);
}

export function parseBytes(value: string, path: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(value);
  if (!match) return unsupported(path, `has the size "${value}", which is not like "512M"`);
  const scale = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * scale);
}

function parsePort(node: Node, path: string): PortMapping {
  const spec = text(node, path);
  const match = /^(?:(\[?[0-9a-fA-F.:]+\]?):)?(\d+):(\d+)(?:\/tcp)?$/.exec(spec);
  if (!match) return unsupported(path, `has the port "${spec}"; only "[ip:]hostPort:containerPort" is supported`);
  return { hostIp: (match[1] ?? '0.0.0.0').replace(/^\[|\]$/g, ''), hostPort: Number(match[2]), containerPort: Number(match[3]) };
}

function parseMount(node: Node, path: string, directory: string, volumes: ReadonlySet<string>): Mount {
  const spec = text(node, path);
  const [source, target, mode, ...rest] = spec.split(':');
  if (!source || !target || rest.length > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    return unsupported(path, `has the volume "${spec}"; only "source:target[:ro]" is supported`);
  }
  const readOnly = mode === 'ro';
  if (source.startsWith('.') || isAbsolute(source)) return { kind: 'bind', source: resolve(directory, source), target, readOnly };
  if (!volumes.has(source)) unsupported(path, `names the volume "${source}", which is not declared under top-level volumes`);
  return { kind: 'volume', source, target, readOnly };
}

function parseEnvironment(node: Node, path: string): Record<string, string> {
  if (Array.isArray(node)) {
    return Object.fromEntries(node.map((item, index) => {
      const entry = text(item, `${path}[${index}]`);
      const equals = entry.indexOf('=');
      return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(mapping(node, path)).map(([key, value]) => [key, value === null ? '' : text(value, `${path}.${key}`)]));
}

function parseHealthcheck(node: Node, path: string): Healthcheck | undefined {
  const spec = mapping(node, path);
  checkKeys(spec, new Set(['test', 'interval', 'timeout', 'retries', 'start_period', 'disable']), path);
  if (spec.disable === true) return undefined;
  const test = typeof spec.test === 'string' ? ['CMD-SHELL', spec.test] : stringList(spec.test, `${path}.test`);
  return {
    test,
    intervalNs: spec.interval === undefined ? 30e9 : parseDurationNs(text(spec.interval, `${path}.interval`), `${path}.interval`),
    timeoutNs: spec.timeout === undefined ? 30e9 : parseDurationNs(text(spec.timeout, `${path}.timeout`), `${path}.timeout`),
    retries: spec.retries === undefined ? 3 : Number(spec.retries),
    startPeriodNs: spec.start_period === undefined ? 0 : parseDurationNs(text(spec.start_period, `${path}.start_period`), `${path}.start_period`),
  };
}

function parseLimits(node: Node, path: string): { nanoCpus?: number; memoryBytes?: number } {
  const deploy = mapping(node, path);
  checkKeys(deploy, new Set(['resources']), path);
  const resources = mapping(deploy.resources, `${path}.resources`);
  checkKeys(resources, new Set(['limits']), `${path}.resources`);
  const limits = mapping(resources.limits, `${path}.resources.limits`);
  checkKeys(limits, new Set(['cpus', 'memory']), `${path}.resources.limits`);
  return {
    nanoCpus: limits.cpus === undefined ? undefined : Math.round(Number(text(limits.cpus, `${path}.resources.limits.cpus`)) * 1e9),
    memoryBytes: limits.memory === undefined ? undefined : parseBytes(text(limits.memory, `${path}.resources.limits.memory`), `${path}.resources.limits.memory`),
  };
}

const CONDITIONS: ReadonlySet<string> = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

function parseDependsOn(node: Node, path: string): { service: string; condition: DependencyCondition }[] {
  if (node === undefined) return [];
  if (Array.isArray(node)) return stringList(node, path).map((service) => ({ service, condition: 'service_started' }));
  return Object.entries(mapping(node, path)).map(([service, spec]) => {
    const entry = mapping(spec, `${path}.${service}`);
    checkKeys(entry, new Set(['condition', 'required', 'restart']), `${path}.${service}`);
    const condition = entry.condition === undefined ? 'service_started' : text(entry.condition, `${path}.${service}.condition`);
    if (!CONDITIONS.has(condition)) unsupported(`${path}.${service}.condition`, `has the unknown condition "${condition}"`);
    return { service, condition: condition as DependencyCondition };
  });
}

function parseServiceNetworks(node: Node, path: string): { name: string; ipv4Address?: string }[] {
  if (node === undefined) return [];
  if (Array.isArray(node)) return stringList(node, path).map((name) => ({ name }));
  return Object.entries(mapping(node, path)).map(([name, spec]) => {
    const entry = mapping(spec, `${path}.${name}`);
    checkKeys(entry, new Set(['ipv4_address']), `${path}.${name}`);
    return { name, ipv4Address: entry.ipv4_address === undefined ? undefined : text(entry.ipv4_address, `${path}.${name}.ipv4_address`) };
  });
}

function parseService(name: string, node: Node, directory: string, volumes: ReadonlySet<string>): ComposeService {
  const path = `services.${name}`;
  const spec = mapping(node, path);
  checkKeys(spec, SERVICE_KEYS, path);
  if (spec.image === undefined) unsupported(`${path}`, 'has no image (building images is not supported)');
  const list = (key: string): Node[] => {
    const value = spec[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return unsupported(`${path}.${key}`, 'must be a list');
    return value;
  };
  const limits = spec.deploy === undefined ? {} : parseLimits(spec.deploy, `${path}.deploy`);
  return {
    name,
    image: text(spec.image, `${path}.image`),
    containerName: spec.container_name === undefined ? undefined : text(spec.container_name, `${path}.container_name`),
    hostname: spec.hostname === undefined ? undefined : text(spec.hostname, `${path}.hostname`),
    entrypoint: spec.entrypoint === undefined ? undefined : stringList(spec.entrypoint, `${path}.entrypoint`),
    command: spec.command === undefined ? undefined : stringList(spec.command, `${path}.command`),
    environment: spec.environment === undefined ? {} : parseEnvironment(spec.environment, `${path}.environment`),
    ports: list('ports').map((port, index) => parsePort(port, `${path}.ports[${index}]`)),
    mounts: list('volumes').map((mount, index) => parseMount(mount, `${path}.volumes[${index}]`, directory, volumes)),
    networks: parseServiceNetworks(spec.networks, `${path}.networks`),
    secrets: list('secrets').map((secret, index) => text(secret, `${path}.secrets[${index}]`)),
    healthcheck: spec.healthcheck === undefined ? undefined : parseHealthcheck(spec.healthcheck, `${path}.healthcheck`),
    ...limits,
    dependsOn: parseDependsOn(spec.depends_on, `${path}.depends_on`),
    restart: spec.restart === undefined ? 'no' : text(spec.restart, `${path}.restart`),
    stopGracePeriodSeconds: spec.stop_grace_period === undefined ? undefined
      : parseDurationNs(text(spec.stop_grace_period, `${path}.stop_grace_period`), `${path}.stop_grace_period`) / 1e9,
    labels: spec.labels === undefined ? {} : parseEnvironment(spec.labels, `${path}.labels`),
  };
}

function parseNetwork(name: string, node: Node): ComposeNetwork {
  const path = `networks.${name}`;
  const spec = mapping(node, path);
  checkKeys(spec, new Set(['driver', 'ipam']), path);
  const ipam = mapping(spec.ipam, `${path}.ipam`);
  checkKeys(ipam, new Set(['config']), `${path}.ipam`);
  const configs = ipam.config === undefined ? [] : ipam.config;
  if (!Array.isArray(configs) || configs.length > 1) unsupported(`${path}.ipam.config`, 'must list at most one subnet');
  const first = configs[0] === undefined ? {} : mapping(configs[0], `${path}.ipam.config[0]`);
  checkKeys(first, new Set(['subnet']), `${path}.ipam.config[0]`);
  return {
    name,
    driver: spec.driver === undefined ? 'bridge' : text(spec.driver, `${path}.driver`),
    subnet: first.subnet === undefined ? undefined : text(first.subnet, `${path}.ipam.config[0].subnet`),
  };
}

/** Parses compose text; `path` is where it lives (relative paths resolve against its folder). */
export function parseCompose(source: string, path: string, variables: Variables): ComposeFile {
  let document: Node;
  try {
    document = parse(source, { merge: true });
  } catch (error) {
    throw new UserError('composeUnsupported', `${path} is not valid YAML: ${(error as Error).message}`);
  }
  const top = mapping(document, '(top level)');
  checkKeys(top, TOP_KEYS, '(top level)');
  const tree = mapping(interpolateTree(Object.fromEntries(Object.entries(top).filter(([key]) => !key.startsWith('x-'))), variables, ''), '(top level)');
  const directory = dirname(path);
  const volumes = Object.keys(mapping(tree.volumes, 'volumes'));
  for (const [name, spec] of Object.entries(mapping(tree.volumes, 'volumes'))) {
    if (spec !== null && Object.keys(mapping(spec, `volumes.${name}`)).length > 0) unsupported(`volumes.${name}`, 'has options, which are not supported');
  }
  const secrets = Object.entries(mapping(tree.secrets, 'secrets')).map(([name, spec]) => {
    const entry = mapping(spec, `secrets.${name}`);
    checkKeys(entry, new Set(['file']), `secrets.${name}`);
    if (entry.file === undefined) unsupported(`secrets.${name}`, 'has no "file"');
    return { name, file: resolve(directory, text(entry.file, `secrets.${name}.file`)) };
  });
  const services = Object.entries(mapping(tree.services, 'services')).map(([name, spec]) => parseService(name, spec, directory, new Set(volumes)));
  const secretNames = new Set(secrets.map((secret) => secret.name));
  const serviceNames = new Set(services.map((service) => service.name));
  const networkNames = new Set(Object.keys(mapping(tree.networks, 'networks')));
  for (const service of services) {
    for (const secret of service.secrets) if (!secretNames.has(secret)) unsupported(`services.${service.name}.secrets`, `names the secret "${secret}", which is not declared`);
    for (const dependency of service.dependsOn) if (!serviceNames.has(dependency.service)) unsupported(`services.${service.name}.depends_on`, `names the unknown service "${dependency.service}"`);
    for (const network of service.networks) if (!networkNames.has(network.name)) unsupported(`services.${service.name}.networks`, `names the undeclared network "${network.name}"`);
  }
  return {
    path,
    directory,
    services,
    networks: Object.entries(mapping(tree.networks, 'networks')).map(([name, spec]) => parseNetwork(name, spec)),
    volumes,
    secrets,
  };
}

export function loadCompose(path: string, variables: Variables): ComposeFile {
  return parseCompose(readFileSync(path, 'utf8'), path, variables);
}
