// Reads by key that many callers make at once (officers acting on requests side by side)
// share statements: while one read is on its way the keys asked for meanwhile wait, then go
// together in the next. A lone caller waits for nothing. Written here rather
// than taken from `dataloader`, which gathers keys per tick: these gather while a round trip
// is out, so the busier the database, the fewer statements (bench/fulfilment.ts).

/** Answers each key's value, or undefined when `load` found none; a caller is never answered by
 * a statement that began before it asked, so it sees every write committed before it asked. */
export function batchedReader<K, V>(
  load: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
): (key: K) => Promise<V | undefined> {
  let waiting: { key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[] = [];
  let reading = false;
  const readWhileWaiting = async () => {
    reading = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const found = await load([...new Set(batch.map(({ key }) => key))]);
        for (const { key, resolve } of batch) resolve(found.get(key));
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
    }
    reading = false;
  };
  return (key) =>
    new Promise((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      if (!reading) void readWhileWaiting();
    });
}
