/**
 * Where the SQL runtime's output rows go: each in-application stream named in OUTPUTS to a Kinesis
 * stream (PutRecords), a Firehose delivery stream (PutRecordBatch) or a Lambda function (Invoke), in
 * order, in batches of consecutive rows bound for the same place. Entries a batch call reports as
 * failed are retried with backoff; a batch that still fails ends the delivery, and the count of rows
 * delivered before it is returned (the invocation saves it and the retry resumes there).
 *
 * Each row's data is its output line (`{"stream","rowtime","row"}`) plus its id, for consumers that
 * want to drop a repeat: a row is sent again only when an invocation ends between a destination's
 * acceptance and the save of that fact.
 */
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { OutputSink } from '../../engine/analytics/invocation';
import type { OutboxRow } from '../../engine/analytics/shard-processor';

export type OutputTarget = { readonly kind: 'kinesis' | 'firehose' | 'lambda'; readonly name: string };

export interface OutputClients {
  readonly kinesis: KinesisClient;
  readonly firehose: FirehoseClient;
  readonly lambda: LambdaClient;
}

export interface SinkOptions {
  /** Attempts per batch (first try included). @default 4 */
  readonly attempts?: number;
  /** Waits between attempts, ms (doubled each time). @default 100 */
  readonly backoffMs?: number;
  /** Rows of a stream with no target (e.g. error_stream when not routed): reported, not sent. */
  readonly unrouted?: (row: OutboxRow) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** 500 entries: the PutRecords and PutRecordBatch limit; Invoke payloads stay far below 6 MB at this size for rows of ≤ 8 KB. */
const BATCH = 500;

/** The data sent for a row: its line with its id. */
export function rowData(row: OutboxRow): string {
  return `${row.line.slice(0, -1)},"id":${JSON.stringify(row.id)}}`;
}

export function createOutputSink(targets: Readonly<Record<string, OutputTarget>>, clients: OutputClients, options: SinkOptions = {}): OutputSink {
  const attempts = options.attempts ?? 4;
  const backoff = options.backoffMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const send = (target: OutputTarget, rows: readonly OutboxRow[]): Promise<boolean> => withRetries(target, rows, clients, attempts, backoff, sleep);
  return async (rows) => {
    let done = 0;
    while (done < rows.length) {
      const target = targets[(rows[done] as OutboxRow).stream];
      if (target === undefined) {
        options.unrouted?.(rows[done] as OutboxRow);
        done++;
        continue;
      }
      let end = done + 1;
      while (end < rows.length && end - done < BATCH && targets[(rows[end] as OutboxRow).stream] === target) end++;
      if (!(await send(target, rows.slice(done, end)))) return done;
      done = end;
    }
    return done;
  };
}

/** Sends one batch, retrying the entries that failed; true when every row got through. */
async function withRetries(target: OutputTarget, batch: readonly OutboxRow[], clients: OutputClients, attempts: number, backoff: number, sleep: (ms: number) => Promise<void>): Promise<boolean> {
  let left = batch;
  for (let attempt = 0; attempt < attempts && left.length > 0; attempt++) {
    if (attempt > 0) await sleep(backoff * 2 ** (attempt - 1));
    try {
      left = await sendOnce(target, left, clients);
    } catch {
      // A throttled or failed call: the whole batch is tried again.
    }
  }
  return left.length === 0;
}

/** One call; returns the rows that failed. */
const encoder = new TextEncoder();

async function sendOnce(target: OutputTarget, rows: readonly OutboxRow[], clients: OutputClients): Promise<readonly OutboxRow[]> {
  switch (target.kind) {
    case 'kinesis': {
      const out = await clients.kinesis.send(
        new PutRecordsCommand({ StreamName: target.name, Records: rows.map((r) => ({ Data: encoder.encode(rowData(r)), PartitionKey: r.id })) }),
      );
      return rows.filter((_, i) => out.Records?.[i]?.ErrorCode !== undefined);
    }
    case 'firehose': {
      const out = await clients.firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: target.name, Records: rows.map((r) => ({ Data: encoder.encode(`${rowData(r)}\n`) })) }));
      return rows.filter((_, i) => out.RequestResponses?.[i]?.ErrorCode !== undefined);
    }
    case 'lambda': {
      const payload = { rows: rows.map((r) => JSON.parse(rowData(r)) as unknown) };
      const out = await clients.lambda.send(new InvokeCommand({ FunctionName: target.name, InvocationType: 'RequestResponse', Payload: encoder.encode(JSON.stringify(payload)) }));
      return out.FunctionError === undefined ? [] : rows;
    }
  }
}
