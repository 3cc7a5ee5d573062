/**
 * A Kinesis event source mapping, as Lambda runs one for a shard (docs: "Using Lambda with Kinesis"):
 * batches of up to `batchSize` records in shard order; a batch whose invocation fails is retried whole,
 * and with BisectBatchOnFunctionError split in two halves that are retried separately; after
 * `maxRetries` retries a batch's records go to the on-failure destination (as metadata) and the
 * mapping moves on. The next batch starts only when the previous one succeeded or was given up.
 * Lambda's tumbling-window state is not simulated: the runtime keeps its state in S3, not in it.
 */
export interface EsmOptions {
  readonly batchSize: number;
  readonly maxRetries: number;
  readonly bisect: boolean;
}

export interface EsmResult<R> {
  /** Batches as invoked (retries included), by their records. */
  readonly invocations: (readonly R[])[];
  /** Records sent to the on-failure destination. */
  readonly failed: R[];
}

export async function runEventSourceMapping<R>(records: readonly R[], options: EsmOptions, invoke: (batch: readonly R[]) => Promise<void>): Promise<EsmResult<R>> {
  const invocations: (readonly R[])[] = [];
  const failed: R[] = [];
  const attempt = async (batch: readonly R[], retriesLeft: number): Promise<void> => {
    invocations.push(batch);
    try {
      await invoke(batch);
      return;
    } catch {
      if (retriesLeft === 0) {
        failed.push(...batch);
        return;
      }
    }
    if (options.bisect && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      await attempt(batch.slice(0, half), retriesLeft - 1);
      await attempt(batch.slice(half), retriesLeft - 1);
    } else await attempt(batch, retriesLeft - 1);
  };
  for (let i = 0; i < records.length; i += options.batchSize) await attempt(records.slice(i, i + options.batchSize), options.maxRetries);
  return { invocations, failed };
}
