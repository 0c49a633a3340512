/**
 * Runs `worker` over `items` with at most `concurrency` in flight, in order of start. A worker's
 * rejection is the caller's bug (workers report per-item failures as values), so it propagates.
 */
export async function runBounded<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index]!, index);
    }
  });
  await Promise.all(lanes);
}
