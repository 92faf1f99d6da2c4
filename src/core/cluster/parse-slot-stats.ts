// CLUSTER SLOT-STATS (Valkey 8+): per slot a node serves, [slot, [metric, value, …]] with key-count always and
// cpu-usec, network-bytes-in/out when cluster-slot-stats-enabled is on.

export interface SlotStat {
  readonly slot: number;
  readonly keys: number;
  /** Only when the server counts it (cluster-slot-stats-enabled yes). */
  readonly cpuUsec?: number;
}

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Entries of another shape are left out. */
export function parseSlotStats(reply: unknown): SlotStat[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((entry): SlotStat[] => {
    if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[1])) return [];
    const slot = integer(entry[0]);
    const metrics = new Map<string, number>();
    const list = entry[1] as unknown[];
    for (let index = 0; index + 1 < list.length; index += 2) {
      const value = integer(list[index + 1]);
      if (typeof list[index] === 'string' && value !== undefined) metrics.set(list[index] as string, value);
    }
    const keys = metrics.get('key-count');
    if (slot === undefined || keys === undefined) return [];
    const cpuUsec = metrics.get('cpu-usec');
    return [{ slot, keys, ...(cpuUsec === undefined ? {} : { cpuUsec }) }];
  });
}
