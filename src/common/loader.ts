/**
 * DataLoaders batch over a whole macrotask (setImmediate) instead of one microtask tick, so every
 * field at one depth of a query lands in one batch however the data makes resolvers interleave:
 * the number of statements depends on the query's shape, not on the page's content or size.
 */
import DataLoader from 'dataloader';

export function loader<K, V>(batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  return new DataLoader<K, V>(batch, { batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 1000 });
}
