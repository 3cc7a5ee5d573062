/**
 * The contract between the Kinesis engine and its hosts (the local HTTP endpoint, Lambda, the CLI).
 *
 * Hosts decode the wire format (AWS JSON 1.1 or CBOR), validate the input against AWS's API model
 * (lambda/engine/aws-model), and then call `call(operation, input)`:
 * - `operation` is the AWS operation name, e.g. `PutRecords` (the part after `Kinesis_20131202.`);
 * - `input` is the AWS-shaped request object with member names as in the API (`StreamName`, `Records`,
 *   ...), blobs as `Uint8Array` (Buffer) and timestamps as `Date`;
 * - the result is the AWS-shaped response object, blobs as `Uint8Array`, timestamps as `Date`;
 * - a failure is thrown as `KinesisError` with AWS's exception name and AWS's exact message.
 * Anything else thrown is a bug in the engine; hosts answer it with `InternalFailure`.
 */
export interface KinesisOperations {
  call(operation: string, input: Record<string, unknown>): Record<string, unknown>;
}

export class KinesisError extends Error {
  constructor(
    /** AWS's exception name, e.g. `ResourceNotFoundException`; the wire `__type`. */
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'KinesisError';
  }
}
