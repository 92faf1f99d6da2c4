// Lists the keys of a whole cluster: one SCAN cursor per shard, all shards in parallel, in bounded batches. It is
// honest about topology changes: every poll compares where each slot's keys live, and a slot that changed (moved
// by hand, moved atomically, or read from a node that failed) is scanned again where its keys are now — both
// ends, source first, while it is being moved — so no key present throughout is lost. Keys are reported once:
// a listing remembers what it handed out; a full pass (counting, bulk delete) remembers per-slot counts only.
import { keySlot } from '../cluster/slots';
import { parseInfo } from '../cluster/parse';
import type { SlotRange } from '../../shared/snapshot';
import { TOTAL_SLOTS } from '../../shared/snapshot';
import { formatAddress, type NodeAddress } from '../client/reach';
import { countSlots } from '../cluster/slots';
import { sleep } from '../deadline';
import { throwIfAborted } from '../errors';
import type { KeyType } from '../../shared/keys-protocol';
import type { KeyClient } from './key-client';
import { nodeName } from './key-space';
import { cursorSlot, scansBySlot, slotsBefore, slotStartCursor } from './scan-cursor';
import { changedSlots, memberById, readableMember, readTopology, shardOfMember, shardOfSlot, slotStates, type Topology } from './scan-topology';

export interface ScanFilter {
  /** SCAN MATCH glob; every byte string is a valid pattern. */
  readonly pattern?: Buffer;
  readonly type?: KeyType;
}

export interface FoundKey {
  readonly key: Buffer;
  readonly slot: number;
  /** Name of the primary serving the slot when the key was found. */
  readonly node: string;
  /** Where that primary is dialled. */
  readonly address: NodeAddress;
}

export interface ShardProgress {
  /** The shard's primary when the scan started. */
  readonly name: string;
  /** Its DBSIZE when the scan started. */
  readonly dbsize?: number;
  /** Keys SCAN returned from this shard so far (a key may come twice while tables resize). */
  readonly returned: number;
  /** Slots finished of the slots it served at the start; unknown when its server does not scan by slot. */
  readonly slotsScanned?: number;
  readonly slots: number;
  readonly done: boolean;
  readonly error?: string;
}

export interface ScanProgress {
  readonly shards: readonly ShardProgress[];
  /** Distinct keys found so far. */
  readonly found: number;
  /** Sum of the shards' DBSIZE at the start (every key, whatever the filter). */
  readonly dbsize?: number;
  readonly done: boolean;
  /** Slots scanned a second time because they moved or their node failed during the scan. */
  readonly rescannedSlots: number;
  /** Why the result may be incomplete, one sentence each. */
  readonly notes: readonly string[];
}

export interface ScanOptions {
  readonly filter?: ScanFilter;
  /** A listing: remember keys handed out so none is handed out twice (memory grows with what is shown). */
  readonly remember?: boolean;
  /** SCAN COUNT for each call. */
  readonly batch?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
}

/** Topology is read again at most this often while a scan runs. */
const POLL_INTERVAL_MS = 250;
/** A shard whose nodes fail this often is given up (with a note saying which slots were not scanned). */
const MAX_SHARD_FAILURES = 6;
/** Changes seen after the last batch are followed up this many times before the scan calls itself done. */
const MAX_FINAL_POLLS = 3;

interface Lane {
  readonly name: string;
  readonly shardId: string;
  readonly owned: readonly SlotRange[];
  readonly ownedCount: number;
  dbsize?: number;
  address: NodeAddress;
  cursor: string;
  calls: number;
  returned: number;
  failures: number;
  done: boolean;
  error?: string;
}

interface Rescan {
  readonly slot: number;
  readonly targets: NodeAddress[];
  index: number;
  cursor: string;
  failures: number;
  readonly seen: Set<string>;
}

type ScanReply = [Buffer, Buffer[]];

export class KeyScan {
  private readonly counts = new Uint32Array(TOTAL_SLOTS);
  /** The sum of `counts`, kept as they change. */
  private found = 0;
  /** Slots whose keys come from a rescan only: lanes drop what they read there. */
  private readonly rescanned = new Set<number>();
  private readonly queued = new Set<number>();
  private readonly queue: number[] = [];
  private active: Rescan | undefined;
  private rescansDone = 0;
  private readonly notes: string[] = [];
  private readonly seen: Set<string> | undefined;
  private pending: FoundKey[] = [];
  private polledAt = 0;
  private finalPolls = 0;
  private complete = false;
  private polling: Promise<void> | undefined;
  private owners: { node: string; address: NodeAddress }[] = [];
  /** Nodes that failed a call in this scan (formatted addresses): read elsewhere while another member is online. */
  private readonly failed = new Set<string>();

  private constructor(
    private readonly client: KeyClient,
    private readonly lanes: Lane[],
    private topology: Topology,
    private states: string[],
    private readonly slotAware: boolean,
    private readonly options: ScanOptions,
  ) {
    this.seen = options.remember ? new Set() : undefined;
    this.polledAt = Date.now();
    this.updateOwners();
  }

  /** Reads the topology and each primary's DBSIZE, and sets up one cursor per shard. */
  static async start(client: KeyClient, options: ScanOptions = {}): Promise<KeyScan> {
    const space = client.space;
    const seeds = [...space.primaries().map((primary) => primary.address), ...space.hub.reach.seeds];
    const topology = await readTopology(client, seeds, space.hub.reach);
    const lanes: Lane[] = [];
    const notes: string[] = [];
    for (const shard of topology.shards) {
      if (shard.slots.length === 0) continue;
      const primary = readableMember(shard);
      if (!primary) {
        notes.push(`The ${countSlots(shard.slots)} slots of the shard of ${shard.members.map((member) => nodeName(space, member.announced)).join(', ')} were not scanned: none of its nodes answers.`);
        continue;
      }
      lanes.push({
        name: nodeName(space, primary.announced), shardId: shard.id, owned: shard.slots, ownedCount: countSlots(shard.slots),
        address: primary.address, cursor: '0', calls: 0, returned: 0, failures: 0, done: false,
      });
    }
    const details = await Promise.all(lanes.map((lane) => client.onNode(lane.address, async (node) => {
      const [dbsize, info] = await Promise.all([node.dbsize(), node.info('server')]);
      return { dbsize, slotOrdered: scansBySlot(parseInfo(info)) };
    }).catch(() => undefined)));
    lanes.forEach((lane, index) => (lane.dbsize = details[index]?.dbsize));
    const slotAware = !topology.standalone && details.every((detail) => detail?.slotOrdered !== false);
    const scan = new KeyScan(client, lanes, topology, slotStates(topology), slotAware, options);
    scan.notes.push(...notes);
    return scan;
  }

  /** Every key has been handed out, and a last look at the topology found nothing left to scan again. */
  get done(): boolean {
    return this.pending.length === 0 && this.complete;
  }

  private scanningDone(): boolean {
    return this.lanes.every((lane) => lane.done) && this.queue.length === 0 && this.active === undefined;
  }

  /** Up to `limit` keys not handed out before; fewer only when the scan is done. */
  async next(limit: number, signal?: AbortSignal): Promise<FoundKey[]> {
    // Unfiltered, SCAN returns about COUNT keys: each shard reads its share of the page. Filtered, COUNT is how many
    // keys each call looks at, so it looks at many.
    const lanes = Math.max(1, this.lanes.filter((lane) => !lane.done).length);
    const batch = this.options.batch ?? (this.options.filter?.pattern || this.options.filter?.type ? 1000 : Math.max(10, Math.ceil(limit / lanes)));
    const out: FoundKey[] = [];
    for (;;) {
      let taken = 0;
      while (taken < this.pending.length && out.length < limit) {
        const found = this.pending[taken++];
        const id = found.key.toString('latin1');
        if (this.seen?.has(id)) continue;
        this.seen?.add(id);
        out.push(found);
      }
      this.pending = this.pending.slice(taken);
      if (out.length >= limit || this.done) return out;
      this.pending = await this.round(batch, signal);
    }
  }

  /** Scans to the end, handing each batch of keys to `each` (nothing is remembered beyond per-slot counts). */
  async drain(each?: (keys: FoundKey[]) => Promise<void>, signal?: AbortSignal): Promise<ScanProgress> {
    const batch = this.options.batch ?? 1000;
    const hand = async (keys: FoundKey[]) => {
      if (each && keys.length > 0) await each(keys);
      this.options.onProgress?.(this.progress());
    };
    // Each shard at its own pace (a round would wait for the slowest shard every time); slots that changed are
    // scanned again once the shards are through, and again until a last look finds nothing more to do.
    const laneLoop = async (lane: Lane) => {
      while (!lane.done) {
        throwIfAborted(signal);
        await this.pollSoon();
        await hand(await this.laneStep(lane, batch, signal, each !== undefined));
      }
    };
    do {
      await Promise.all(this.lanes.map(laneLoop));
      while (this.queue.length > 0 || this.active) {
        throwIfAborted(signal);
        await hand(await this.rescanStep(batch));
      }
    } while (!(await this.settled()));
    this.complete = true;
    this.options.onProgress?.(this.progress());
    return this.progress();
  }

  progress(): ScanProgress {
    const shards = this.lanes.map((lane): ShardProgress => ({
      name: lane.name,
      dbsize: lane.dbsize,
      returned: lane.returned,
      slotsScanned: lane.done ? lane.ownedCount : this.slotAware ? slotsBefore(lane.owned, cursorSlot(lane.cursor)) : undefined,
      slots: lane.ownedCount,
      done: lane.done,
      ...(lane.error === undefined ? {} : { error: lane.error }),
    }));
    const dbsizes = this.lanes.map((lane) => lane.dbsize);
    return {
      shards,
      found: this.found,
      dbsize: dbsizes.every((size) => size !== undefined) ? dbsizes.reduce((sum: number, size) => sum + (size ?? 0), 0) : undefined,
      done: this.done,
      rescannedSlots: this.rescansDone,
      notes: [...this.notes],
    };
  }

  /** One SCAN call on every unfinished shard, and one step of the current rescan, at once. */
  private async round(batch: number, signal?: AbortSignal): Promise<FoundKey[]> {
    throwIfAborted(signal);
    if (this.scanningDone()) {
      if (await this.settled()) {
        this.complete = true;
        this.options.onProgress?.(this.progress());
        return [];
      }
    } else {
      await this.poll(false);
    }
    const steps = this.lanes.filter((lane) => !lane.done).map((lane) => this.laneStep(lane, batch, signal));
    const results = await Promise.all([...steps, this.rescanStep(batch)]);
    this.options.onProgress?.(this.progress());
    return interleave(results);
  }

  /** After the last batch: one more look at the topology, so a slot that changed at the very end is rescanned. */
  private async settled(): Promise<boolean> {
    if (this.finalPolls >= MAX_FINAL_POLLS) return true;
    this.finalPolls++;
    await this.poll(true);
    return this.scanningDone();
  }

  private scanArguments(cursor: string, batch: number): (string | Buffer)[] {
    const args: (string | Buffer)[] = [cursor];
    if (this.options.filter?.pattern) args.push('MATCH', this.options.filter.pattern);
    args.push('COUNT', String(batch));
    if (this.options.filter?.type) args.push('TYPE', this.options.filter.type);
    return args;
  }

  private scan(address: NodeAddress, cursor: string, batch: number): Promise<ScanReply> {
    return this.client.onNode(address, (node) => node.callBuffer('SCAN', ...this.scanArguments(cursor, batch)) as Promise<ScanReply>);
  }

  /** One SCAN call on the shard; `collect`: return the keys (a count needs only the per-slot tally). */
  private async laneStep(lane: Lane, batch: number, signal?: AbortSignal, collect = true): Promise<FoundKey[]> {
    let reply: ScanReply;
    try {
      reply = await this.scan(lane.address, lane.cursor, batch);
    } catch (error) {
      await this.laneFailed(lane, error, signal);
      return [];
    }
    lane.calls++;
    lane.cursor = reply[0].toString('latin1');
    lane.returned += reply[1].length;
    if (lane.cursor === '0') lane.done = true;
    const found: FoundKey[] = [];
    for (const key of reply[1]) {
      const slot = keySlot(key);
      if (this.rescanned.size > 0 && this.rescanned.has(slot)) continue;
      this.counts[slot]++;
      this.found++;
      if (collect) found.push(this.foundKey(key, slot));
    }
    return found;
  }

  /** The node stopped answering: go on with another member of the shard (replicas answer SCAN too), starting
   * over at the beginning of the slot the cursor was in, and scan that slot again as a whole. */
  private async laneFailed(lane: Lane, error: unknown, signal?: AbortSignal): Promise<void> {
    lane.failures++;
    const reason = (error as Error)?.message ?? String(error);
    if (lane.failures > MAX_SHARD_FAILURES) {
      lane.done = true;
      lane.error = reason;
      const from = this.slotAware && lane.calls > 0 ? ` from slot ${cursorSlot(lane.cursor)} on` : '';
      this.notes.push(`The slots of ${lane.name}${from} were not scanned: ${reason}`);
      return;
    }
    this.failed.add(formatAddress(lane.address));
    await this.poll(true);
    const shard = this.topology.shards.find((candidate) => candidate.id === lane.shardId);
    const member = shard && readableMember(shard, this.failed);
    // A cursor is only good on the process that issued it (a restarted or other node hashes differently).
    if (lane.calls > 0 && this.slotAware) {
      const slot = cursorSlot(lane.cursor);
      this.queueRescan(slot);
      if (slot + 1 >= TOTAL_SLOTS) lane.done = true;
      else lane.cursor = slotStartCursor(slot + 1);
    } else if (lane.calls > 0) {
      lane.cursor = '0'; // without slot positions, start over (a listing drops the repeats)
      this.notes.push(`${lane.name} failed during the scan; its keys were scanned again from the start.`);
    }
    if (member) lane.address = member.address;
    await sleep(Math.min(200 * lane.failures, 1000), signal); // the cluster may be electing a new primary
  }

  private foundKey(key: Buffer, slot: number): FoundKey {
    const owner = this.owners[slot];
    return { key, slot, node: owner.node, address: owner.address };
  }

  private queueRescan(slot: number): void {
    this.rescanned.add(slot);
    if (this.queued.has(slot)) return;
    this.queued.add(slot);
    this.queue.push(slot);
  }

  /** Every node that may hold the slot's keys, the source of a move first: a key moves from source to target
   * only, so reading the source fully and then the target misses none. */
  private rescanTargets(slot: number): NodeAddress[] {
    const move = this.topology.moves.find((candidate) => candidate.slot === slot);
    if (move) {
      return [memberById(this.topology, move.from), memberById(this.topology, move.to)]
        .filter((member) => member !== undefined).map((member) => member.address);
    }
    const shard = shardOfSlot(this.topology, slot);
    const member = shard && readableMember(shard, this.failed);
    return member ? [member.address] : [];
  }

  private async rescanStep(batch: number): Promise<FoundKey[]> {
    if (!this.active) {
      const slot = this.queue.shift();
      if (slot === undefined) return [];
      this.queued.delete(slot);
      this.active = { slot, targets: this.rescanTargets(slot), index: 0, cursor: slotStartCursor(slot), failures: 0, seen: new Set() };
    }
    const task = this.active;
    if (task.index >= task.targets.length) return this.finishRescan(task);
    let reply: ScanReply;
    try {
      reply = await this.scan(task.targets[task.index], task.cursor, batch);
    } catch (error) {
      // Read this part again from another member of the same shard (a replica holds the same keys).
      const address = task.targets[task.index];
      this.failed.add(formatAddress(address));
      await this.poll(true);
      const shard = shardOfMember(this.topology, address);
      const other = shard && readableMember(shard, this.failed);
      if (other) task.targets[task.index] = other.address;
      task.cursor = slotStartCursor(task.slot);
      if (++task.failures > MAX_SHARD_FAILURES) {
        this.notes.push(`Slot ${task.slot} changed during the scan and could not be scanned again: ${(error as Error).message}`);
        task.index++;
      }
      await sleep(Math.min(200 * task.failures, 1000));
      return [];
    }
    const found: FoundKey[] = [];
    for (const key of reply[1]) {
      if (keySlot(key) !== task.slot) continue; // the same reply may run on into the next slots
      const id = key.toString('latin1');
      if (task.seen.has(id)) continue;
      task.seen.add(id);
      found.push(this.foundKey(key, task.slot));
    }
    const next = reply[0].toString('latin1');
    if (next === '0' || cursorSlot(next) !== task.slot) {
      task.index++;
      task.cursor = slotStartCursor(task.slot);
    } else {
      task.cursor = next;
    }
    if (task.index >= task.targets.length) this.finishRescan(task);
    return found;
  }

  private finishRescan(task: Rescan): FoundKey[] {
    if (task.targets.length === 0) this.notes.push(`Slot ${task.slot} changed during the scan and no node serves it now.`);
    this.found += task.seen.size - this.counts[task.slot];
    this.counts[task.slot] = task.seen.size;
    this.rescansDone++;
    this.active = undefined;
    return [];
  }

  /** A due poll, shared by the shards scanning at their own pace: whoever comes while one runs goes on. */
  private pollSoon(): Promise<void> {
    if (this.polling || Date.now() - this.polledAt < POLL_INTERVAL_MS) return Promise.resolve();
    this.polling = this.poll(false).finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** Reads the topology again (at most every POLL_INTERVAL_MS unless forced) and queues changed slots. */
  private async poll(force: boolean): Promise<void> {
    if (!force && Date.now() - this.polledAt < POLL_INTERVAL_MS) return;
    this.polledAt = Date.now();
    const candidates = [
      ...this.lanes.map((lane) => lane.address),
      ...this.topology.shards.flatMap((shard) => shard.members.filter((member) => member.online).map((member) => member.address)),
    ];
    let topology: Topology;
    try {
      topology = await readTopology(this.client, candidates, this.client.space.hub.reach);
    } catch {
      return; // the scan's own calls report a cluster that does not answer
    }
    const states = slotStates(topology);
    const changed = changedSlots(this.states, states);
    if (changed.length > 0 && this.slotAware) changed.forEach((slot) => this.queueRescan(slot));
    else if (changed.length > 0) this.notes.push(`${changed.length} slots moved during the scan; keys in them may be missing. Scan again once the cluster is settled.`);
    this.topology = topology;
    this.states = states;
    this.updateOwners();
  }

  private updateOwners(): void {
    const owners = new Array<{ node: string; address: NodeAddress }>(TOTAL_SLOTS);
    const unknown = { node: 'unassigned', address: this.lanes[0]?.address ?? { host: '', port: 0 } };
    owners.fill(unknown);
    for (const shard of this.topology.shards) {
      const member = readableMember(shard);
      if (!member) continue;
      const owner = { node: nodeName(this.client.space, member.announced), address: member.address };
      for (const range of shard.slots) for (let slot = range.start; slot <= range.end; slot++) owners[slot] = owner;
    }
    this.owners = owners;
  }
}

/** One key of each shard in turn, so a page shows every shard rather than one shard's batch first. */
function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let index = 0; index < longest; index++) for (const list of lists) if (index < list.length) out.push(list[index]);
  return out;
}
