// Turns one round of raw replies (per container) into a ClusterSnapshot. Pure: no I/O, no clock.
// Topology (who serves which slots, who replicates whom) comes from one node's view of the cluster; per-node
// metrics come from each node's own INFO, since only the node itself knows them first-hand.
import {
  type ClusterInfo,
  type ClusterNodeLine,
  type InfoSections,
  infoNumber,
  infoString,
  keyspaceKeys,
  parseClusterInfo,
  parseClusterNodes,
  parseClusterShards,
  parseInfo,
  type ShardLine,
} from './parse';
import type {
  ClusterSnapshot,
  ClusterState,
  ContainerState,
  NodeHealth,
  NodeRole,
  NodeSnapshot,
  ShardSnapshot,
  SlotRange,
  TargetSummary,
} from '../../shared/snapshot';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import { compareNames, compareNodes, compareShards } from '../../shared/order';
import { countSlots } from './slots';
import { slotMigrations, slotStats } from './snapshot-migrations';

export interface NodeObservation {
  /** Display name: the compose service ("valkey-node-3") or, for a connection, the announced address. */
  readonly name: string;
  /** Where it was dialled, e.g. "127.0.0.1:6382". */
  readonly address: string;
  /** What the node should announce, e.g. "172.19.0.63:6382": matches cluster entries to observed nodes. */
  readonly announcedAddress: string;
  /** Undefined for a node the extension does not run in a container. */
  readonly containerState?: ContainerState;
  /** The node answered our queries. */
  readonly reachable: boolean;
  readonly clusterInfo?: string;
  readonly clusterNodes?: string;
  readonly clusterShards?: unknown;
  readonly info?: string;
  /** CLUSTER GETSLOTMIGRATIONS and CLUSTER SLOT-STATS replies, when the node gave them. */
  readonly slotMigrations?: unknown;
  readonly slotStats?: unknown;
  /** Why the node was not reachable. */
  readonly error?: string;
}

export interface SnapshotInput {
  readonly target: TargetSummary;
  readonly nodes: readonly NodeObservation[];
  readonly takenAt: number;
  /** Why nothing could be observed (the local engine, or every seed of a connection, does not answer). */
  readonly unreachable?: string;
}

/** One container and what its own replies say. */
interface NodeReport {
  readonly observation: NodeObservation;
  readonly info?: InfoSections;
  readonly clusterInfo?: ClusterInfo;
  readonly clusterNodes?: readonly ClusterNodeLine[];
  /** The node's own line in its CLUSTER NODES: its id, even when the rest of the cluster does not know it. */
  readonly self?: ClusterNodeLine;
}

/** A node as the chosen source node sees it. */
interface Member {
  readonly id: string;
  readonly address: string;
  readonly role: NodeRole;
  /** Marked fail or fail? (pfail) by the cluster. */
  readonly failed: boolean;
  readonly flags: readonly string[];
  readonly primaryId?: string;
}

interface Topology {
  readonly shards: readonly { readonly slots: readonly SlotRange[]; readonly members: readonly Member[] }[];
  /** Known nodes in no shard. */
  readonly loose: readonly Member[];
}

/** Where a node ends up: a container, a cluster entry, or both; and its place in a shard, if any. */
interface Placement {
  readonly report?: NodeReport;
  readonly member?: Member;
  readonly slots: readonly SlotRange[];
  readonly shard?: {
    readonly index: number;
    readonly asPrimary: boolean;
    /** The shard's primary, for a replica whose entry does not name one. */
    readonly primaryId?: string;
  };
}

interface Placements {
  readonly placements: readonly Placement[];
  /** Slots of each shard, by Placement.shard.index. */
  readonly shardSlots: readonly (readonly SlotRange[])[];
}


function reportProblem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readReport(observation: NodeObservation, problems: string[]): NodeReport {
  if (!observation.reachable) return { observation };
  const name = observation.name;
  let clusterInfo: ClusterInfo | undefined;
  let clusterNodes: ClusterNodeLine[] | undefined;
  if (observation.clusterInfo !== undefined) {
    try {
      clusterInfo = parseClusterInfo(observation.clusterInfo);
    } catch (error) {
      problems.push(`${name} sent an unreadable CLUSTER INFO reply: ${reportProblem(error)}`);
    }
  }
  if (observation.clusterNodes !== undefined) {
    try {
      clusterNodes = parseClusterNodes(observation.clusterNodes);
    } catch (error) {
      problems.push(`${name} sent an unreadable CLUSTER NODES reply: ${reportProblem(error)}`);
    }
  }
  const self = clusterNodes?.find((line) => line.myself);
  return {
    observation,
    ...optional('info', observation.info === undefined ? undefined : parseInfo(observation.info)),
    ...optional('clusterInfo', clusterInfo),
    ...optional('clusterNodes', clusterNodes),
    ...optional('self', self),
  };
}

/** The node whose view of the cluster to trust: one that says the cluster is ok, then the one that has seen the
 * latest epoch (it has seen the latest failover), then the first by name so the choice is stable. */
function chooseSource(reports: readonly NodeReport[]): (NodeReport & { clusterInfo: ClusterInfo }) | undefined {
  const candidates = reports.filter((report): report is NodeReport & { clusterInfo: ClusterInfo } => report.clusterInfo !== undefined);
  candidates.sort(
    (a, b) =>
      Number(b.clusterInfo.state === 'ok') - Number(a.clusterInfo.state === 'ok') ||
      b.clusterInfo.currentEpoch - a.clusterInfo.currentEpoch ||
      compareNames(a.observation.name, b.observation.name),
  );
  return candidates[0];
}

const isFlaggedFailing = (flags: readonly string[]): boolean => flags.includes('fail') || flags.includes('fail?');
/** "myself" only says which node answered: meaningless once the views are merged. */
const withoutMyself = (flags: readonly string[]): string[] => flags.filter((flag) => flag !== 'myself');

function memberFromLine(line: ClusterNodeLine): Member {
  return {
    id: line.id,
    address: line.address,
    role: line.role,
    failed: isFlaggedFailing(line.flags),
    flags: withoutMyself(line.flags),
    ...optional('primaryId', line.primaryId),
  };
}

/** Shards as CLUSTER SHARDS lists them; CLUSTER NODES (when readable) adds flags and each replica's primary. */
function topologyFromShards(shards: readonly ShardLine[], lines: readonly ClusterNodeLine[] | undefined): Topology {
  const lineById = new Map((lines ?? []).map((line) => [line.id, line]));
  const inShards = new Set<string>();
  const topologyShards = shards.map((shard) => ({
    slots: shard.slots,
    members: shard.nodes.map((node): Member => {
      inShards.add(node.id);
      const line = lineById.get(node.id);
      return {
        id: node.id,
        address: `${node.ip}:${node.port}`,
        role: node.role,
        failed: node.health === 'failed' || (line !== undefined && isFlaggedFailing(line.flags)),
        flags: line ? withoutMyself(line.flags) : [],
        ...optional('primaryId', line?.primaryId),
      };
    }),
  }));
  const loose = (lines ?? []).filter((line) => !inShards.has(line.id) && !line.flags.includes('handshake')).map(memberFromLine);
  return { shards: topologyShards, loose };
}

/** Shards rebuilt from CLUSTER NODES: each primary with the replicas that name it. */
function topologyFromNodes(lines: readonly ClusterNodeLine[]): Topology {
  // Nodes in handshake carry a temporary id that is replaced once they join.
  const known = lines.filter((line) => !line.flags.includes('handshake'));
  const shards = new Map<string, { slots: readonly SlotRange[]; members: Member[] }>();
  const loose: Member[] = [];
  for (const line of known) if (line.role === 'primary') shards.set(line.id, { slots: line.slots, members: [memberFromLine(line)] });
  for (const line of known) {
    if (line.role === 'primary') continue;
    if (line.role === 'unknown') {
      loose.push(memberFromLine(line));
      continue;
    }
    // A replica of a primary this node does not know still forms a shard, one without a primary.
    const key = line.primaryId ?? `replica-of-unknown:${line.id}`;
    const shard = shards.get(key) ?? { slots: [], members: [] };
    shards.set(key, shard);
    shard.members.push(memberFromLine(line));
  }
  return { shards: [...shards.values()], loose };
}

function readTopology(source: NodeReport, problems: string[]): Topology {
  const { name, clusterShards } = source.observation;
  let reason = 'no reply';
  if (clusterShards !== undefined) {
    try {
      return topologyFromShards(parseClusterShards(clusterShards), source.clusterNodes);
    } catch (error) {
      reason = reportProblem(error);
    }
  }
  if (source.clusterNodes) {
    problems.push(`${name} gave no usable CLUSTER SHARDS (${reason}); the topology was read from CLUSTER NODES.`);
    return topologyFromNodes(source.clusterNodes);
  }
  problems.push(`${name} gave neither a usable CLUSTER SHARDS (${reason}) nor CLUSTER NODES reply; the topology is unknown.`);
  return { shards: [], loose: [] };
}

/** Pairs cluster entries with containers: by node id when the container told us its id (a container recreated
 * with a fresh id must not inherit its predecessor's entry), else by announced address. */
function memberMatcher(reports: readonly NodeReport[]): (member: Member) => NodeReport | undefined {
  const byId = new Map<string, NodeReport>();
  const byAddress = new Map<string, NodeReport>();
  for (const report of reports) {
    if (report.self) byId.set(report.self.id, report);
    byAddress.set(report.observation.announcedAddress, report);
  }
  const claimed = new Set<NodeReport>();
  return (member) => {
    const byAddressMatch = byAddress.get(member.address);
    const match = byId.get(member.id) ?? (byAddressMatch && !byAddressMatch.self ? byAddressMatch : undefined);
    if (!match || claimed.has(match)) return undefined;
    claimed.add(match);
    return match;
  };
}

/** The primary a shard runs on: after a failover the old primary can still be listed in the shard, failed. */
function pickPrimary(primaries: readonly Member[]): Member | undefined {
  return primaries.find((member) => !member.failed) ?? primaries[0];
}

function placeNodes(topology: Topology, reports: readonly NodeReport[]): Placements {
  const match = memberMatcher(reports);
  const placements: Placement[] = [];
  const shardSlots: (readonly SlotRange[])[] = [];
  const place = (member: Member, slots: readonly SlotRange[], shard?: Placement['shard']): void => {
    const report = match(member);
    placements.push({ member, slots, ...optional('report', report), ...optional('shard', shard) });
  };
  for (const shard of topology.shards) {
    const primary = pickPrimary(shard.members.filter((member) => member.role === 'primary'));
    const replicas = shard.members.filter((member) => member.role !== 'primary');
    for (const stale of shard.members) if (stale.role === 'primary' && stale !== primary) place(stale, []);
    if (shard.slots.length === 0 && replicas.length === 0) {
      // A primary with no slots and no replicas is a blank node, not a shard.
      if (primary) place(primary, []);
      continue;
    }
    const index = shardSlots.push(shard.slots) - 1;
    if (primary) place(primary, shard.slots, { index, asPrimary: true });
    for (const replica of replicas) place(replica, [], { index, asPrimary: false, ...optional('primaryId', primary?.id) });
  }
  for (const member of topology.loose) place(member, []);
  const placed = new Set(placements.map((placement) => placement.report));
  for (const report of reports) {
    // Outside the cluster's view, a node is shown as it sees itself (while forming, it may own slots already).
    if (!placed.has(report)) placements.push({ report, slots: report.self?.slots ?? [] });
  }
  return { placements, shardSlots };
}

function roleFromInfo(info: InfoSections | undefined): NodeRole | undefined {
  const role = info && infoString(info, 'replication', 'role');
  if (role === 'master') return 'primary';
  if (role === 'slave') return 'replica';
  return undefined;
}

function healthOf(report: NodeReport | undefined, member: Member | undefined, containers: boolean): NodeHealth {
  if (!report) return containers ? 'missing' : 'failed';
  const { containerState } = report.observation;
  if (containerState === 'missing') return 'missing';
  if (containerState !== undefined && containerState !== 'running') return 'stopped';
  if (!report.observation.reachable || member?.failed) return 'failed';
  if (report.info && infoString(report.info, 'persistence', 'loading') === '1') return 'loading';
  return 'online';
}

/** Name of a cluster entry that matches no container; keeps to the characters node names may use. */
function unknownNodeName(member: Member): string {
  return `unknown-${member.id.slice(0, 8) || 'node'}`;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  // Omitting the key (instead of setting it to undefined) keeps the snapshot equal to its JSON round trip.
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function onlineReplicas(info: InfoSections): number {
  return Object.entries(info.replication ?? {}).filter(([key, value]) => /^slave\d+$/.test(key) && /state=online/.test(value)).length;
}

function nodeSnapshot(placement: Placement, containers: boolean): NodeSnapshot {
  const { report, member, slots } = placement;
  const info = report?.info;
  const clusterInfo = report?.clusterInfo;
  const role = member?.role ?? report?.self?.role ?? roleFromInfo(info) ?? 'unknown';
  const isReplica = role === 'replica';
  const linkStatus = info && infoString(info, 'replication', 'master_link_status');
  return {
    name: report?.observation.name ?? (member ? unknownNodeName(member) : 'unknown'),
    id: member?.id ?? report?.self?.id ?? '',
    role,
    announcedAddress: report?.observation.announcedAddress ?? member?.address ?? '',
    address: report?.observation.address ?? '',
    health: healthOf(report, member, containers),
    ...optional('containerState', report ? report.observation.containerState : containers ? 'missing' : undefined),
    ...optional('error', report && !report.observation.reachable && (report.observation.containerState ?? 'running') === 'running' ? report.observation.error : undefined),
    ...optional('view', clusterInfo && { state: clusterInfo.state, slotsOk: clusterInfo.slotsOk, slotsAssigned: clusterInfo.slotsAssigned, knownNodes: clusterInfo.knownNodes }),
    ...optional('primaryId', isReplica ? (member?.primaryId ?? placement.shard?.primaryId ?? report?.self?.primaryId) : undefined),
    ...optional('linkUp', isReplica && linkStatus !== undefined ? linkStatus === 'up' : undefined),
    ...optional('replicationOffset', info && infoNumber(info, 'replication', isReplica ? 'slave_repl_offset' : 'master_repl_offset')),
    ...optional('connectedReplicas', info && role === 'primary' ? onlineReplicas(info) : undefined),
    slots,
    slotCount: countSlots(slots),
    ...optional('usedMemoryBytes', info && infoNumber(info, 'memory', 'used_memory')),
    ...optional('keys', info && keyspaceKeys(info)),
    ...optional('opsPerSecond', info && infoNumber(info, 'stats', 'instantaneous_ops_per_sec')),
    flags: member?.flags ?? withoutMyself(report?.self?.flags ?? []),
  };
}

/** Replication lag needs the primary's offset, so it is added once every node is known. Same order as given. */
function addReplicationLag(nodes: readonly NodeSnapshot[]): NodeSnapshot[] {
  const primaryOffsets = new Map<string, number>();
  for (const node of nodes) {
    if (node.role === 'primary' && node.id !== '' && node.replicationOffset !== undefined) primaryOffsets.set(node.id, node.replicationOffset);
  }
  return nodes.map((node) => {
    const primaryOffset = node.primaryId === undefined ? undefined : primaryOffsets.get(node.primaryId);
    if (node.role !== 'replica' || primaryOffset === undefined || node.replicationOffset === undefined) return node;
    // Offsets are read from two nodes at slightly different moments: the replica can look ahead.
    return { ...node, replicationLag: Math.max(0, primaryOffset - node.replicationOffset) };
  });
}

function clusterState(input: SnapshotInput, source: { clusterInfo: ClusterInfo } | undefined, reachableCount: number): ClusterState {
  if (input.target.kind === 'local') {
    if (input.nodes.every((node) => node.containerState === 'missing')) return 'absent';
    if (input.nodes.every((node) => node.containerState !== 'running')) return 'stopped';
  } else if (reachableCount === 0) {
    return 'unreachable';
  }
  if (!source) return 'fail';
  const { state, slotsAssigned, knownNodes } = source.clusterInfo;
  if (slotsAssigned === 0 || (state !== 'ok' && knownNodes < reachableCount)) return 'forming';
  return state === 'ok' ? 'ok' : 'fail';
}

function nodeProblems(node: NodeSnapshot, report: NodeReport | undefined, state: ClusterState, inTopology: boolean): string[] {
  const name = node.name;
  if (!report) return [`The cluster lists node ${node.id} (${node.announcedAddress || 'no address'}), which matches no ${node.containerState ? 'container' : 'node reached'}.`];
  const { containerState, reachable, error } = report.observation;
  if (containerState === 'missing') return state === 'absent' ? [] : [`${name} has no container.`];
  if (containerState !== undefined && containerState !== 'running') return state === 'stopped' ? [] : [`${name} is not running (container ${containerState}).`];
  if (!reachable) return [`${name} does not answer: ${error ?? 'no reply'}`];
  const problems: string[] = [];
  const failFlags = node.flags.filter((flag) => flag === 'fail' || flag === 'fail?');
  if (node.health === 'failed') problems.push(`${name} is marked as failing by the cluster${failFlags.length > 0 ? ` (${failFlags.join(', ')})` : ''}.`);
  if (node.role === 'replica' && node.linkUp === false) problems.push(`${name} is a replica whose link to its primary is down.`);
  if (!inTopology && state !== 'forming') problems.push(`${name} is not part of the cluster.`);
  return problems;
}


function assembleShards(placements: Placements, nodes: readonly NodeSnapshot[]): ShardSnapshot[] {
  const members: { primary?: NodeSnapshot; replicas: NodeSnapshot[] }[] = placements.shardSlots.map(() => ({ replicas: [] }));
  placements.placements.forEach(({ shard }, index) => {
    if (!shard) return;
    if (shard.asPrimary) members[shard.index].primary = nodes[index];
    else members[shard.index].replicas.push(nodes[index]);
  });
  return placements.shardSlots
    .map((slots, index): ShardSnapshot => {
      const { primary, replicas } = members[index];
      replicas.sort(compareNodes);
      return { id: (primary ?? replicas[0])?.id ?? '', ...optional('primary', primary), replicas, slots, slotCount: countSlots(slots) };
    })
    .sort(compareShards);
}

/** Every node that answered runs with cluster mode off. */
function isStandalone(reports: readonly NodeReport[]): boolean {
  const answered = reports.filter((report) => report.info !== undefined);
  return answered.length > 0 && answered.every((report) => infoString(report.info!, 'cluster', 'cluster_enabled') === '0');
}

/** A server with cluster mode off: one shard headed by the server; no slots. */
function standaloneSnapshot(input: SnapshotInput, reports: readonly NodeReport[], problems: string[]): ClusterSnapshot {
  const nodes = reports.map((report) => nodeSnapshot({ report, slots: [] }, false));
  // The server itself heads the one shard, whatever its replication role (a standalone replica can be browsed too).
  const primary = nodes.find((node) => node.role === 'primary' && node.health === 'online') ?? nodes.find((node) => node.health === 'online');
  for (const node of nodes) if (node.health !== 'online' && node.health !== 'loading') problems.push(`${node.name} does not answer: ${node.error ?? 'no reply'}`);
  return {
    target: input.target,
    mode: 'standalone',
    state: primary ? 'ok' : 'unreachable',
    slotsOk: 0,
    slotsAssigned: 0,
    shards: primary ? [{ id: primary.id, primary, replicas: nodes.filter((node) => node !== primary), slots: [], slotCount: 0 }] : [],
    nodes: [...nodes].sort(compareNodes),
    takenAt: input.takenAt,
    problems,
  };
}

export function buildSnapshot(input: SnapshotInput): ClusterSnapshot {
  const { takenAt, target } = input;
  const containers = target.kind === 'local';
  if (input.unreachable !== undefined) {
    // Nothing is known about the nodes, so none is listed.
    return { target, mode: 'cluster', state: containers ? 'noEngine' : 'unreachable', slotsOk: 0, slotsAssigned: 0, shards: [], nodes: [], takenAt, problems: [input.unreachable] };
  }
  const readProblems: string[] = [];
  const reports = [...input.nodes].sort((a, b) => compareNames(a.name, b.name)).map((node) => readReport(node, readProblems));
  if (isStandalone(reports)) return standaloneSnapshot(input, reports, readProblems);
  const source = chooseSource(reports);
  const clusterProblems: string[] = [];
  const topology = source ? readTopology(source, clusterProblems) : { shards: [], loose: [] };
  const placements = placeNodes(topology, reports);
  const state = clusterState(input, source, reports.filter((report) => report.observation.reachable).length);
  if (source && state === 'fail') {
    const { state: reported, slotsOk } = source.clusterInfo;
    clusterProblems.unshift(`The cluster reports state ${reported} (${slotsOk} of ${TOTAL_SLOTS} slots ok).`);
  }

  const nodes = addReplicationLag(placements.placements.map((placement) => nodeSnapshot(placement, containers)));
  const nodeProblemLists = placements.placements.map((placement, index) =>
    nodeProblems(nodes[index], placement.report, state, placement.member !== undefined),
  );
  const order = nodes.map((_, index) => index).sort((a, b) => compareNames(nodes[a].name, nodes[b].name));

  const observations = reports.map((report) => report.observation);
  const migrations = slotMigrations(observations, nodes, takenAt);
  const stats = slotStats(observations, nodes);
  return {
    target,
    mode: 'cluster',
    state,
    slotsOk: source?.clusterInfo.slotsOk ?? 0,
    slotsAssigned: source?.clusterInfo.slotsAssigned ?? 0,
    shards: assembleShards(placements, nodes),
    nodes: order.map((index) => nodes[index]),
    takenAt,
    problems: [...clusterProblems, ...readProblems, ...order.flatMap((index) => nodeProblemLists[index])],
    ...optional('migrations', migrations.length > 0 ? migrations : undefined),
    ...optional('slotStats', stats),
  };
}
