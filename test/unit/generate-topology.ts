// Snapshot inputs for tests and benchmarks: the replies recorded from a real 6-node cluster (test/fixtures), and
// generated clusters of any size, built through the real buildSnapshot so they look exactly like live ones.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSnapshot, type NodeObservation, type SnapshotInput } from '../../src/core/cluster/build-snapshot';
import type { ClusterSnapshot, SlotRange, TargetSummary } from '../../src/shared/snapshot';
import { TOTAL_SLOTS } from '../../src/shared/snapshot';

const FIXTURES = resolve(__dirname, '..', '..', '..', 'test', 'fixtures'); // out/test/unit → repository root
const FIXTURE_NODES = 6;
export const FIXTURE_TAKEN_AT = 1_795_639_900_000;
export const TEST_TARGET: TargetSummary = { id: 'local', kind: 'local', label: 'Local cluster (test)', where: 'unix:///var/run/docker.sock', readOnly: false };

/** A recorded scenario: a node without files had its container stopped ("exited") when it was recorded. */
export function fixtureInput(scenario: 'healthy' | 'primary-down'): SnapshotInput {
  const nodes = Array.from({ length: FIXTURE_NODES }, (_, index): NodeObservation => {
    const name = `valkey-node-${index}`;
    const base = { name, address: `127.0.0.1:${6379 + index}`, announcedAddress: `172.19.0.${60 + index}:${6379 + index}` };
    const file = (suffix: string): string => join(FIXTURES, scenario, `${name}.${suffix}`);
    if (!existsSync(file('info.txt'))) return { ...base, containerState: 'exited', reachable: false, error: 'container exited' };
    return {
      ...base,
      containerState: 'running',
      reachable: true,
      clusterInfo: readFileSync(file('cluster-info.txt'), 'utf8'),
      clusterNodes: readFileSync(file('cluster-nodes.txt'), 'utf8'),
      clusterShards: JSON.parse(readFileSync(file('cluster-shards.json'), 'utf8')) as unknown,
      info: readFileSync(file('info.txt'), 'utf8'),
    };
  });
  return { target: TEST_TARGET, nodes, takenAt: FIXTURE_TAKEN_AT };
}

export const GENERATED_PRIMARY_OFFSET = 1_000_000;

/** Lag of the k-th replica (k from 1) of every shard in a generated cluster. */
export function generatedReplicaLag(k: number): number {
  return 100 * k;
}

/** Owner shard of each slot: the slot space is cut into shards × rangesPerPrimary equal chunks dealt out in turn,
 * so with more than one shard every primary owns exactly rangesPerPrimary separate ranges. */
export function generatedSlotOwner(slot: number, shards: number, rangesPerPrimary: number): number {
  const chunks = shards * rangesPerPrimary;
  return Math.floor((slot * chunks) / TOTAL_SLOTS) % shards;
}

function generatedRanges(shard: number, shards: number, rangesPerPrimary: number): SlotRange[] {
  const chunks = shards * rangesPerPrimary;
  const ranges: SlotRange[] = [];
  for (let chunk = shard; chunk < chunks; chunk += shards) {
    ranges.push({ start: Math.ceil((chunk * TOTAL_SLOTS) / chunks), end: Math.ceil(((chunk + 1) * TOTAL_SLOTS) / chunks) - 1 });
  }
  return ranges;
}

function nodeId(index: number): string {
  return (index + 1).toString(16).padStart(40, '0');
}

function address(index: number): { ip: string; port: number } {
  return { ip: `172.19.${Math.floor(index / 256)}.${index % 256}`, port: 6379 + index };
}

/** A healthy cluster where every node answers. Only the first node's CLUSTER NODES is included (the snapshot reads
 * the topology from that node), which keeps a 300-node input small. */
export function generateLargeInput(shards: number, replicasPerShard: number, rangesPerPrimary: number): SnapshotInput {
  if (shards < 1 || replicasPerShard < 0 || rangesPerPrimary < 1 || shards * rangesPerPrimary > TOTAL_SLOTS) {
    throw new Error(`cannot generate ${shards} shards × ${rangesPerPrimary} ranges over ${TOTAL_SLOTS} slots`);
  }
  const perShard = 1 + replicasPerShard;
  const total = shards * perShard;
  const indexOf = (shard: number, member: number): number => shard * perShard + member;
  const slotsOf = Array.from({ length: shards }, (_, shard) => generatedRanges(shard, shards, rangesPerPrimary));

  const shardsReply = slotsOf.map((ranges, shard) => [
    'slots',
    ranges.flatMap((range) => [range.start, range.end]),
    'nodes',
    Array.from({ length: perShard }, (_, member) => {
      const { ip, port } = address(indexOf(shard, member));
      return ['id', nodeId(indexOf(shard, member)), 'port', port, 'ip', ip, 'endpoint', ip,
        'role', member === 0 ? 'master' : 'replica', 'replication-offset', GENERATED_PRIMARY_OFFSET - generatedReplicaLag(member), 'health', 'online'];
    }),
    'id',
    `shard-${shard}`.padStart(40, '0'),
  ]);
  const nodesText = Array.from({ length: total }, (_, index) => {
    const shard = Math.floor(index / perShard);
    const { ip, port } = address(index);
    const own = index === 0 ? 'myself,' : '';
    const [role, primary, slotText] = index % perShard === 0
      ? ['master', '-', slotsOf[shard].map((range) => ` ${range.start}-${range.end}`).join('')]
      : ['slave', nodeId(indexOf(shard, 0)), ''];
    return `${nodeId(index)} ${ip}:${port}@${port + 10000} ${own}${role} ${primary} 0 0 ${shard + 1} connected${slotText}\n`;
  }).join('');
  const clusterInfo = `cluster_state:ok\r\ncluster_slots_assigned:${TOTAL_SLOTS}\r\ncluster_slots_ok:${TOTAL_SLOTS}\r\n` +
    `cluster_known_nodes:${total}\r\ncluster_size:${shards}\r\ncluster_current_epoch:${shards}\r\n`;

  const nodes = Array.from({ length: total }, (_, index): NodeObservation => {
    const member = index % perShard;
    const { ip, port } = address(index);
    const replication = member === 0
      ? `role:master\r\nconnected_slaves:${replicasPerShard}\r\nmaster_repl_offset:${GENERATED_PRIMARY_OFFSET}\r\n`
      : `role:slave\r\nmaster_link_status:up\r\nslave_repl_offset:${GENERATED_PRIMARY_OFFSET - generatedReplicaLag(member)}\r\n`;
    return {
      name: `valkey-node-${index}`,
      address: `127.0.0.1:${port}`,
      announcedAddress: `${ip}:${port}`,
      containerState: 'running',
      reachable: true,
      clusterInfo,
      ...(index === 0 ? { clusterNodes: nodesText } : {}),
      clusterShards: shardsReply,
      info: `# Persistence\r\nloading:0\r\n\r\n# Memory\r\nused_memory:${1_000_000 + index}\r\n\r\n# Stats\r\n` +
        `instantaneous_ops_per_sec:${index % 100}\r\n\r\n# Replication\r\n${replication}\r\n# Keyspace\r\n` +
        `db0:keys=${index * 10},expires=0,avg_ttl=0\r\n`,
    };
  });
  return { target: TEST_TARGET, nodes, takenAt: 0 };
}

export function generateLargeSnapshot(shards: number, replicasPerShard: number, rangesPerPrimary: number): ClusterSnapshot {
  return buildSnapshot(generateLargeInput(shards, replicasPerShard, rangesPerPrimary));
}
