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
  for (const batch of splitByEventSize(stage, records.map((input) => ({ input, record: eventRecord(input) })))) {
    for (const r of await invokeBatch(stage, batch)) results.push(r);
  }
  return results;
}

function eventRecord(r: TransformInput): FirehoseTransformationEventRecord {
  const base = { recordId: r.recordId, approximateArrivalTimestamp: r.arrivalMs, data: Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength).toString('base64') };
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

/**
 * A record's size in the JSON event, without serialising it: the base64 needs no escaping, so only
 * the short fields go through JSON.stringify.
 */
function eventRecordBytes(r: FirehoseTransformationEventRecord): number {
  const fixed = '{"recordId":,"approximateArrivalTimestamp":,"data":""}'.length;
  const kinesis = r.kinesisRecordMetadata === undefined ? 0 : ',"kinesisRecordMetadata":'.length + Buffer.byteLength(JSON.stringify(r.kinesisRecordMetadata));
  return fixed + Buffer.byteLength(JSON.stringify(r.recordId)) + String(r.approximateArrivalTimestamp).length + r.data.length + kinesis;
}

interface Prepared {
  readonly input: TransformInput;
  readonly record: FirehoseTransformationEventRecord;
}

/** Batches whose JSON event stays within the synchronous payload limit (a lone oversized record goes alone). */
function* splitByEventSize(stage: TransformStage, records: readonly Prepared[]): Generator<Prepared[]> {
  let batch: Prepared[] = [];
  const overhead = EVENT_OVERHEAD_BYTES + (stage.sourceKinesisStreamArn?.length ?? 0);
  let bytes = overhead;
  for (const r of records) {
    const size = eventRecordBytes(r.record) + 1;
    if (batch.length > 0 && bytes + size > LAMBDA_PAYLOAD_MAX_BYTES) {
      yield batch;
      batch = [];
      bytes = overhead;
    }
    batch.push(r);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

type ResponseRecord = { recordId: string; result: string; data: string; metadata?: { partitionKeys: Record<string, string> } };

/** The serialised size of a well-formed response (the fields the contract knows), without serialising the data. */
function responseBytes(records: readonly ResponseRecord[]): number {
  let bytes = '{"records":[]}'.length;
  for (const r of records) {
    bytes += '{"recordId":,"result":,"data":""},'.length + Buffer.byteLength(JSON.stringify(r.recordId)) + r.result.length + 2 + Buffer.byteLength(r.data);
    if (r.metadata !== undefined) bytes += ',"metadata":'.length + Buffer.byteLength(JSON.stringify(r.metadata));
  }
  return bytes;
}

async function invokeBatch(stage: TransformStage, batch: readonly Prepared[]): Promise<TransformResult[]> {
  const attempts = 1 + (stage.numberOfRetries ?? TRANSFORM_DEFAULT_RETRIES);
  const records = batch.map((p) => p.record);
  const inputs = batch.map((p) => p.input);
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
    const violation = checkTransformResponse(ev, response);
    if (violation !== null) {
      failure = { errorCode: violation, errorMessage: CONTRACT_MESSAGES[violation] ?? violation };
      continue;
    }
    const ok = response as { records: ResponseRecord[] };
    if (responseBytes(ok.records) > LAMBDA_PAYLOAD_MAX_BYTES) {
      failure = { ...RESPONSE_TOO_LARGE };
      continue;
    }
    return outcomes(inputs, ok, attempt, stage.now());
  }
  const ending = stage.now();
  return inputs.map((r) => ({ recordId: r.recordId, result: 'Failed', ...failure, attemptsMade: attempts, attemptEndingMs: ending }));
}

function outcomes(
  batch: readonly TransformInput[],
  response: { records: ResponseRecord[] },
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
