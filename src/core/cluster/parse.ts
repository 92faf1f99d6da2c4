// Parsers for the replies a snapshot is built from: INFO, CLUSTER INFO, CLUSTER NODES and CLUSTER SHARDS.
// Replies come from a server we do not control the version of: a reply of an unexpected shape throws an Error
// saying what was unexpected, so the caller can report it (and fall back) instead of crashing deep inside.
import type { NodeRole, SlotRange } from '../../shared/snapshot';
import { mergeSlotRanges, parseSlotRanges, slotRange } from './slots';

/** INFO sections by lower-cased name ("replication", "keyspace"), each a map of the section's key:value lines.
 * Keyspace values stay raw ("keys=3,expires=0,avg_ttl=0"). Lines before any "# Name" header go to section "". */
export type InfoSections = Record<string, Record<string, string>>;

export function parseInfo(text: string): InfoSections {
  const sections: InfoSections = {};
  let current: Record<string, string> | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      current = {};
      sections[line.slice(1).trim().toLowerCase()] = current;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current ??= sections[''] = {};
    current[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return sections;
}

export function infoString(info: InfoSections, section: string, key: string): string | undefined {
  return info[section]?.[key];
}

/** A numeric INFO field; undefined when absent or not a number. */
export function infoNumber(info: InfoSections, section: string, key: string): number | undefined {
  const value = infoString(info, section, key);
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Keys in one database ("db0"): 0 when the keyspace section is there but the database is not (it is empty);
 * undefined when INFO had no keyspace section at all. */
export function keyspaceKeys(info: InfoSections, database = 'db0'): number | undefined {
  const keyspace = info['keyspace'];
  if (!keyspace) return undefined;
  const entry = keyspace[database];
  if (entry === undefined) return 0;
  const match = /(?:^|,)keys=(\d+)/.exec(entry);
  return match ? Number(match[1]) : undefined;
}

export interface ClusterInfo {
  readonly state: string;
  readonly slotsAssigned: number;
  readonly slotsOk: number;
  readonly slotsPfail: number;
  readonly slotsFail: number;
  readonly knownNodes: number;
  readonly size: number;
  readonly currentEpoch: number;
}

export function parseClusterInfo(text: string): ClusterInfo {
  const fields = parseInfo(text)[''] ?? {};
  const state = fields['cluster_state'];
  if (state === undefined) throw new Error('CLUSTER INFO reply has no cluster_state');
  const number = (key: string): number => {
    const value = fields[key];
    if (value === undefined) return 0;
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed)) throw new Error(`CLUSTER INFO ${key} is "${value}", expected a number`);
    return parsed;
  };
  return {
    state,
    slotsAssigned: number('cluster_slots_assigned'),
    slotsOk: number('cluster_slots_ok'),
    slotsPfail: number('cluster_slots_pfail'),
    slotsFail: number('cluster_slots_fail'),
    knownNodes: number('cluster_known_nodes'),
    size: number('cluster_size'),
    currentEpoch: number('cluster_current_epoch'),
  };
}

function roleFromFlag(name: string): NodeRole {
  if (name === 'master' || name === 'primary') return 'primary';
  if (name === 'slave' || name === 'replica') return 'replica';
  return 'unknown';
}

export interface ClusterNodeLine {
  readonly id: string;
  /** "ip:port"; empty when the node has no known address (":0@0"). */
  readonly address: string;
  readonly busPort: number;
  readonly hostname?: string;
  readonly flags: readonly string[];
  readonly myself: boolean;
  readonly role: NodeRole;
  readonly primaryId?: string;
  readonly pingSent: number;
  readonly pongRecv: number;
  readonly configEpoch: number;
  readonly linkState: 'connected' | 'disconnected';
  readonly slots: readonly SlotRange[];
}

function integerField(value: string, what: string, line: number): number {
  if (!/^\d+$/.test(value)) throw new Error(`CLUSTER NODES line ${line}: ${what} is "${value}", expected a number`);
  return Number(value);
}

/** "ip:port@cport[,hostname][,aux=value...]". The IP may be IPv6, so the port is after the last colon. */
function parseNodeAddress(field: string, line: number): Pick<ClusterNodeLine, 'address' | 'busPort' | 'hostname'> {
  const [endpoint, ...extras] = field.split(',');
  const at = endpoint.indexOf('@');
  const hostPort = at === -1 ? endpoint : endpoint.slice(0, at);
  const colon = hostPort.lastIndexOf(':');
  if (colon === -1) throw new Error(`CLUSTER NODES line ${line}: address "${field}" has no port`);
  const ip = hostPort.slice(0, colon);
  const port = integerField(hostPort.slice(colon + 1), 'port', line);
  const busPort = at === -1 ? 0 : integerField(endpoint.slice(at + 1), 'bus port', line);
  // Extra comma-separated items are the hostname and, in newer servers, "key=value" auxiliary fields.
  const hostname = extras.find((extra) => extra !== '' && !extra.includes('='));
  return {
    address: ip === '' ? '' : `${ip}:${port}`,
    busPort,
    ...(hostname === undefined ? {} : { hostname }),
  };
}

export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const nodes: ClusterNodeLine[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const lineNumber = index + 1;
    const line = rawLine.trim();
    if (line === '') return;
    const fields = line.split(/\s+/);
    if (fields.length < 8) throw new Error(`CLUSTER NODES line ${lineNumber} has ${fields.length} fields, expected at least 8`);
    const [id, address, flagField, primary, pingSent, pongRecv, configEpoch, linkState, ...slotTokens] = fields;
    if (linkState !== 'connected' && linkState !== 'disconnected') {
      throw new Error(`CLUSTER NODES line ${lineNumber}: link state is "${linkState}", expected connected or disconnected`);
    }
    const flags = flagField.split(',').filter((flag) => flag !== '' && flag !== 'noflags');
    const roleFlag = flags.find((flag) => roleFromFlag(flag) !== 'unknown');
    let slots: SlotRange[];
    try {
      slots = parseSlotRanges(slotTokens);
    } catch (error) {
      throw new Error(`CLUSTER NODES line ${lineNumber}: ${(error as Error).message}`, { cause: error });
    }
    nodes.push({
      id,
      ...parseNodeAddress(address, lineNumber),
      flags,
      myself: flags.includes('myself'),
      role: roleFlag === undefined ? 'unknown' : roleFromFlag(roleFlag),
      ...(primary === '-' ? {} : { primaryId: primary }),
      pingSent: integerField(pingSent, 'ping-sent', lineNumber),
      pongRecv: integerField(pongRecv, 'pong-recv', lineNumber),
      configEpoch: integerField(configEpoch, 'config-epoch', lineNumber),
      linkState,
      slots,
    });
  });
  return nodes;
}

export type ShardNodeHealth = 'online' | 'failed' | 'loading';

export interface ShardNodeLine {
  readonly id: string;
  readonly port: number;
  readonly ip: string;
  readonly endpoint: string;
  readonly hostname?: string;
  readonly role: NodeRole;
  readonly replicationOffset: number;
  /** As the answering node sees it. "loading" there only means it has seen no replication offset yet. */
  readonly health: ShardNodeHealth;
}

export interface ShardLine {
  /** Shard id, when the server reports one. */
  readonly id?: string;
  readonly slots: readonly SlotRange[];
  readonly nodes: readonly ShardNodeLine[];
}

/** A RESP2 map: a flat [key, value, key, value...] array. */
function fieldMap(value: unknown, what: string): Map<string, unknown> {
  if (!Array.isArray(value)) throw new Error(`${what} is ${describeValue(value)}, expected a list of fields`);
  if (value.length % 2 !== 0) throw new Error(`${what} has an odd number of entries (${value.length})`);
  const fields = new Map<string, unknown>();
  for (let index = 0; index < value.length; index += 2) {
    const key: unknown = value[index];
    if (typeof key !== 'string') throw new Error(`${what} has a field name that is ${describeValue(key)}`);
    fields.set(key, value[index + 1]);
  }
  return fields;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function requiredField(fields: Map<string, unknown>, key: string, what: string): unknown {
  if (!fields.has(key)) throw new Error(`${what} has no "${key}" field`);
  return fields.get(key);
}

function stringField(fields: Map<string, unknown>, key: string, what: string): string {
  const value = requiredField(fields, key, what);
  if (typeof value !== 'string') throw new Error(`${what} "${key}" is ${describeValue(value)}, expected text`);
  return value;
}

/** Integers arrive as numbers over RESP, but accept their decimal text too. */
function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function integerReplyField(fields: Map<string, unknown>, key: string, what: string): number {
  const value = requiredField(fields, key, what);
  const number = toInteger(value);
  if (number === undefined) throw new Error(`${what} "${key}" is ${describeValue(value)}, expected an integer`);
  return number;
}

function shardRole(value: string, what: string): NodeRole {
  const role = roleFromFlag(value);
  if (role === 'unknown') throw new Error(`${what} has role "${value}", expected master or replica`);
  return role;
}

function shardHealth(value: string, what: string): ShardNodeHealth {
  // Documented as "failed"; Valkey 9 sends "fail".
  if (value === 'fail' || value === 'failed') return 'failed';
  if (value === 'online' || value === 'loading') return value;
  throw new Error(`${what} has health "${value}", expected online, failed or loading`);
}

function parseShardNode(value: unknown, what: string): ShardNodeLine {
  const fields = fieldMap(value, what);
  const hostname = fields.get('hostname');
  return {
    id: stringField(fields, 'id', what),
    port: integerReplyField(fields, 'port', what),
    ip: stringField(fields, 'ip', what),
    endpoint: stringField(fields, 'endpoint', what),
    ...(typeof hostname === 'string' && hostname !== '' ? { hostname } : {}),
    role: shardRole(stringField(fields, 'role', what), what),
    replicationOffset: integerReplyField(fields, 'replication-offset', what),
    health: shardHealth(stringField(fields, 'health', what), what),
  };
}

function parseShardSlots(value: unknown, what: string): SlotRange[] {
  if (!Array.isArray(value)) throw new Error(`${what} slots are ${describeValue(value)}, expected a list`);
  if (value.length % 2 !== 0) throw new Error(`${what} slots have an odd number of entries (${value.length})`);
  const ranges: SlotRange[] = [];
  for (let index = 0; index < value.length; index += 2) {
    const start = toInteger(value[index]);
    const end = toInteger(value[index + 1]);
    if (start === undefined || end === undefined) {
      throw new Error(`${what} slots hold ${describeValue(start === undefined ? value[index] : value[index + 1])}, expected slot numbers`);
    }
    ranges.push(slotRange(start, end, `${start}-${end}`));
  }
  return mergeSlotRanges(ranges);
}

/** CLUSTER SHARDS as iovalkey returns it over RESP2: a list of shards, each a flat list of fields. */
export function parseClusterShards(reply: unknown): ShardLine[] {
  if (!Array.isArray(reply)) throw new Error(`CLUSTER SHARDS reply is ${describeValue(reply)}, expected a list of shards`);
  return reply.map((shardValue: unknown, shardIndex) => {
    const what = `CLUSTER SHARDS shard ${shardIndex + 1}`;
    const fields = fieldMap(shardValue, what);
    const nodes = requiredField(fields, 'nodes', what);
    if (!Array.isArray(nodes)) throw new Error(`${what} nodes are ${describeValue(nodes)}, expected a list`);
    const id = fields.get('id');
    return {
      ...(typeof id === 'string' ? { id } : {}),
      slots: parseShardSlots(requiredField(fields, 'slots', what), what),
      nodes: nodes.map((node: unknown, nodeIndex) => parseShardNode(node, `${what} node ${nodeIndex + 1}`)),
    };
  });
}
