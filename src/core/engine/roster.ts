// Which nodes the local cluster is made of, kept by the Docker engine itself: neither the containers (one may be
// removed by hand and must come back), nor the data volumes (a removed node's volume may be kept on request), nor the
// settings (a removed shard leaves a gap in the node numbers) can say it. The record is an empty volume of the project
// whose labels list the member nodes; it is replaced (new volume, then the older ones removed) when the members
// change, and `down --volumes` removes it with the rest of the project. Every front end (extension, CLI) reads it.
import type Docker from 'dockerode';
import { LABEL } from '../compose/plan';
import type { Members } from '../compose/shape';

const ROSTER = 'io.valkey-cluster.roster';
const NODES = `${ROSTER}.nodes`;
const REPLICAS = `${ROSTER}.replicas`;
const REVISION = `${ROSTER}.revision`;

interface RosterVolume {
  readonly name: string;
  readonly revision: number;
  readonly members?: Members;
}

function parse(volume: Docker.VolumeInspectInfo): RosterVolume {
  const labels = volume.Labels ?? {};
  const nodes = (labels[NODES] ?? '').split(',').filter(Boolean).map(Number);
  const replicas = Number(labels[REPLICAS]);
  const valid = nodes.length > 0 && nodes.every((index) => Number.isInteger(index) && index >= 0) && Number.isInteger(replicas) && replicas >= 0;
  return { name: volume.Name, revision: Number(labels[REVISION]) || 0, ...(valid ? { members: { nodes: [...nodes].sort((a, b) => a - b), replicasPerShard: replicas } } : {}) };
}

async function rosterVolumes(docker: Docker, project: string): Promise<RosterVolume[]> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${LABEL.project}=${project}`, ROSTER] } });
  return (Volumes ?? []).map(parse).sort((a, b) => b.revision - a.revision);
}

/** The members recorded for the project, or undefined when nothing is recorded (a new cluster, or one made before). */
export async function readRoster(docker: Docker, project: string): Promise<Members | undefined> {
  return (await rosterVolumes(docker, project))[0]?.members;
}

/** Records `members`; `labels` are the project's (so `docker compose` and `down` see the volume as the project's). */
export async function writeRoster(docker: Docker, project: string, labels: Record<string, string>, members: Members): Promise<void> {
  const before = await rosterVolumes(docker, project);
  const revision = Math.max(Date.now(), ...before.map((volume) => volume.revision + 1));
  await docker.createVolume({
    Name: `${project}_valkey-roster-${revision}`,
    Labels: { ...labels, [LABEL.volume]: 'valkey-roster', [ROSTER]: 'true', [NODES]: members.nodes.join(','), [REPLICAS]: String(members.replicasPerShard), [REVISION]: String(revision) },
  });
  await Promise.all(before.map((volume) => docker.getVolume(volume.name).remove().catch(() => undefined)));
}

export function sameMembers(a: Members | undefined, b: Members | undefined): boolean {
  return a !== undefined && b !== undefined && a.replicasPerShard === b.replicasPerShard && a.nodes.join() === b.nodes.join();
}
