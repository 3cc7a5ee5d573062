/**
 * The Lambda processor stage of a delivery stream: builds the invocation events Firehose sends, invokes
 * the function through a port, checks the response against the contract, retries, and tells for every
 * record what became of it (../shared/reference/firehose.md §1).
 *
 * - Events stay within Lambda's 6 MB synchronous payload: a batch whose event would be larger is split.
 * - An invoke error, or a response that breaks the contract (checkTransformResponse), is retried
 *   `numberOfRetries` times (default 3); then every record of that event fails with the last error.
 *   UNCONFIRMED: AWS does not say whether a malformed response is retried; retrying is the safe choice.
 * - `Ok` records continue with the returned data and partition keys; `Dropped` records end there;
 *   `ProcessingFailed` records fail with `Lambda.ProcessingFailedStatus`.
 */
import type { FirehoseKinesisRecordMetadata, FirehoseTransformationEvent, FirehoseTransformationEventRecord } from './transform-contract';
import { checkTransformResponse } from './transform-contract';
import { LAMBDA_PAYLOAD_MAX_BYTES, TRANSFORM_DEFAULT_RETRIES } from './limits';

/** Invokes the function synchronously and returns its parsed JSON result; throws on an invoke error. */
export type TransformPort = (lambdaArn: string, event: FirehoseTransformationEvent) => Promise<unknown>;

/** An invoke error with the code Firehose logs for it (e.g. `Lambda.FunctionError`). */
export class InvokeError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvokeError';
  }
}

export interface TransformInput {
  readonly recordId: string;
  readonly data: Uint8Array;
  readonly arrivalMs: number;
  readonly kinesis?: FirehoseKinesisRecordMetadata;
}

export type TransformResult =
  | { readonly recordId: string; readonly result: 'Ok'; readonly data: Buffer; readonly partitionKeys?: Readonly<Record<string, string>> }
  | { readonly recordId: string; readonly result: 'Dropped' }
  | { readonly recordId: string; readonly result: 'Failed'; readonly errorCode: string; readonly errorMessage: string; readonly attemptsMade: number; readonly attemptEndingMs: number };

export interface TransformStage {
  readonly lambdaArn: string;
  readonly numberOfRetries?: number;
  readonly deliveryStreamArn: string;
  readonly sourceKinesisStreamArn?: string;
  readonly region: string;
  readonly invoke: TransformPort;
  readonly now: () => number;
  readonly newInvocationId: () => string;
}

/** Messages for the contract violations (the codes are AWS's; the wording is ours). */
const CONTRACT_MESSAGES: Record<string, string> = {
  'Lambda.JsonProcessingException': 'The Lambda function response does not follow the data transformation status model.',
  'Lambda.DuplicatedRecordId': 'The Lambda function response contains a duplicated recordId.',
  'Lambda.MissingRecordId': 'One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.',
};
export const PROCESSING_FAILED = { errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record' } as const;
/** Lambda's own error for an oversized synchronous response. */
export const RESPONSE_TOO_LARGE = {
  errorCode: 'Lambda.FunctionError',
  errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
} as const;

/** Runs the stage over `records`, in order; every record gets exactly one result. */
export async function runTransform(stage: TransformStage, records: readonly TransformInput[]): Promise<TransformResult[]> {
  const results: TransformResult[] = [];
  for (const batch of splitByEventSize(stage, records)) for (const r of await invokeBatch(stage, batch)) results.push(r);
  return results;
}

function eventRecord(r: TransformInput): FirehoseTransformationEventRecord {
  const base = { recordId: r.recordId, approximateArrivalTimestamp: r.arrivalMs, data: Buffer.from(r.data).toString('base64') };
  return r.kinesis === undefined ? base : { ...base, kinesisRecordMetadata: r.kinesis };
}

function event(stage: TransformStage, records: readonly FirehoseTransformationEventRecord[]): FirehoseTransformationEvent {
  return {
    invocationId: stage.newInvocationId(),
    deliveryStreamArn: stage.deliveryStreamArn,
    ...(stage.sourceKinesisStreamArn !== undefined ? { sourceKinesisStreamArn: stage.sourceKinesisStreamArn } : {}),
    region: stage.region,
    records,
  };
}

const EVENT_OVERHEAD_BYTES = 1024; // invocationId, ARNs, region and punctuation, generously

/** Batches whose JSON event stays within the synchronous payload limit (a lone oversized record goes alone). */
function* splitByEventSize(stage: TransformStage, records: readonly TransformInput[]): Generator<TransformInput[]> {
  let batch: TransformInput[] = [];
  let bytes = EVENT_OVERHEAD_BYTES + (stage.sourceKinesisStreamArn?.length ?? 0);
  for (const r of records) {
    const size = Buffer.byteLength(JSON.stringify(eventRecord(r))) + 1;
    if (batch.length > 0 && bytes + size > LAMBDA_PAYLOAD_MAX_BYTES) {
      yield batch;
      batch = [];
      bytes = EVENT_OVERHEAD_BYTES;
    }
    batch.push(r);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

async function invokeBatch(stage: TransformStage, batch: readonly TransformInput[]): Promise<TransformResult[]> {
  const attempts = 1 + (stage.numberOfRetries ?? TRANSFORM_DEFAULT_RETRIES);
  const records = batch.map(eventRecord);
  let failure: { errorCode: string; errorMessage: string } = { errorCode: 'Lambda.FunctionError', errorMessage: 'not invoked' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const ev = event(stage, records);
    let response: unknown;
    try {
      response = await stage.invoke(stage.lambdaArn, ev);
    } catch (err) {
      failure = err instanceof InvokeError ? { errorCode: err.errorCode, errorMessage: err.message } : { errorCode: 'Lambda.FunctionError', errorMessage: err instanceof Error ? err.message : String(err) };
      continue;
    }
    if (Buffer.byteLength(JSON.stringify(response) ?? '') > LAMBDA_PAYLOAD_MAX_BYTES) {
      failure = { ...RESPONSE_TOO_LARGE };
      continue;
    }
    const violation = checkTransformResponse(ev, response);
    if (violation !== null) {
      failure = { errorCode: violation, errorMessage: CONTRACT_MESSAGES[violation] ?? violation };
      continue;
    }
    return outcomes(batch, response as { records: { recordId: string; result: string; data: string; metadata?: { partitionKeys: Record<string, string> } }[] }, attempt, stage.now());
  }
  const ending = stage.now();
  return batch.map((r) => ({ recordId: r.recordId, result: 'Failed', ...failure, attemptsMade: attempts, attemptEndingMs: ending }));
}

function outcomes(
  batch: readonly TransformInput[],
  response: { records: { recordId: string; result: string; data: string; metadata?: { partitionKeys: Record<string, string> } }[] },
  attempt: number,
  now: number,
): TransformResult[] {
  const byId = new Map(response.records.map((r) => [r.recordId, r]));
  return batch.map((input): TransformResult => {
    const r = byId.get(input.recordId);
    if (r === undefined) throw new Error(`unreachable: checked response lacks ${input.recordId}`);
    if (r.result === 'Dropped') return { recordId: input.recordId, result: 'Dropped' };
    if (r.result === 'ProcessingFailed') return { recordId: input.recordId, result: 'Failed', ...PROCESSING_FAILED, attemptsMade: attempt, attemptEndingMs: now };
    const data = Buffer.from(r.data, 'base64');
    const keys = r.metadata?.partitionKeys;
    return keys === undefined ? { recordId: input.recordId, result: 'Ok', data } : { recordId: input.recordId, result: 'Ok', data, partitionKeys: { ...keys } };
  });
}
