/**
 * DataLoaders batch over a whole macrotask (setImmediate) instead of one microtask tick, so every
 * field at one depth of a query lands in one batch however the data makes resolvers interleave:
 * the number of statements depends on the query's shape, not on the page's content or size.
 */
import DataLoader from 'dataloader';

export function loader<K, V>(batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  return new DataLoader<K, V>(batch, { batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 1000 });
}

/** A loader of the rows belonging to each key (one query for all keys, grouped in one pass). */
export function groupedLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[]> {
  return loader<K, V[]>(async (keys) => {
    const groups = new Map<K, V[]>();
    for (const row of await fetch(keys)) {
      const k = keyOf(row);
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}
