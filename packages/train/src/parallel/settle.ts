/** Wait for every peer; on any failure clean up and throw the first cause. */
export async function settle<T>(pending: Promise<T>[], cleanup: () => void): Promise<T[]> {
  const all = await Promise.allSettled(pending);
  const failed = all.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    cleanup();
    throw failed.reason;
  }
  return all.map((r) => (r as PromiseFulfilledResult<T>).value);
}
