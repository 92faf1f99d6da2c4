// Listed keys as a tree by a delimiter ("user:1:name" under "user:" → "user:1:"), byte-exact, so binary names
// group like any other. Only the keys listed so far are grouped: a folder counts what is loaded, not the cluster.

export interface GroupedKey<T> {
  readonly key: Buffer;
  readonly item: T;
}

export interface KeyFolder<T> {
  /** Everything up to and including the delimiter that closes this folder ("user:1:"); empty for the root. */
  readonly prefix: Buffer;
  /** The folder's own segment, without the delimiter ("1"). */
  readonly segment: Buffer;
  readonly folders: KeyFolder<T>[];
  readonly keys: GroupedKey<T>[];
  /** Keys in this folder and below. */
  count: number;
}

function folder<T>(prefix: Buffer, segment: Buffer): KeyFolder<T> {
  return { prefix, segment, folders: [], keys: [], count: 0 };
}

/** A tree of `items` by `delimiter`; folders and keys sorted by their bytes. An empty delimiter gives one flat folder. */
export function groupKeys<T>(items: readonly T[], keyOf: (item: T) => Buffer, delimiter: Buffer): KeyFolder<T> {
  const root = folder<T>(Buffer.alloc(0), Buffer.alloc(0));
  const index = new Map<string, KeyFolder<T>>();
  for (const item of items) {
    const key = keyOf(item);
    let parent = root;
    parent.count++;
    let start = 0;
    for (let at = delimiter.length > 0 ? key.indexOf(delimiter, start) : -1; at !== -1; at = key.indexOf(delimiter, start)) {
      const prefix = key.subarray(0, at + delimiter.length);
      const id = prefix.toString('latin1');
      let child = index.get(id);
      if (!child) {
        child = folder<T>(prefix, key.subarray(start, at));
        index.set(id, child);
        parent.folders.push(child);
      }
      child.count++;
      parent = child;
      start = at + delimiter.length;
    }
    parent.keys.push({ key, item });
  }
  sortFolder(root);
  return root;
}

function sortFolder<T>(node: KeyFolder<T>): void {
  node.folders.sort((a, b) => Buffer.compare(a.segment, b.segment));
  node.keys.sort((a, b) => Buffer.compare(a.key, b.key));
  node.folders.forEach(sortFolder);
}
