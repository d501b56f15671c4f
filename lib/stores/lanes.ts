/**
 * How many of a version's files a store reads or writes at once: a few requests in flight keep the disk, or
 * S3's connections, busy, where one at a time waited out each round trip (a version with pages has 221 files).
 */
export const STORE_LANES = 8;

/**
 * `task` for every item, at most `lanes` at a time, started in the list's order; the results in the list's order.
 * After the first failure no task is started, the ones under way are awaited, and that first failure is thrown:
 * a caller that then cleans up (a staging folder) finds nothing still writing into it. (p-map rejects at once,
 * with its other tasks still running: hence these few lines.)
 */
export async function mapInLanes<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  lanes: number = STORE_LANES,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, lanes), items.length) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
