/**
 * The connector options of the generated tables: one place, so a change of connector version is one
 * edit. The Kinesis tables use the SourceFunction-based `kinesis` connector (flink-sql-connector-kinesis),
 * whose options take a stream *name* and which exposes the `timestamp` metadata as a VIRTUAL column;
 * the newer flink-connector-aws-kinesis-streams factory needs `stream.arn` and (FLINK-36671) does not
 * support VIRTUAL metadata columns.
 */
import { str } from './identifiers';

export type ConnectorOptions = readonly (readonly [string, string])[];

export function kinesisSourceOptions(stream: string, region: string): ConnectorOptions {
  return [
    ['connector', 'kinesis'],
    ['stream', stream],
    ['aws.region', region],
    ['scan.stream.initpos', 'LATEST'],
  ];
}

export function kinesisSinkOptions(stream: string, region: string): ConnectorOptions {
  return [
    ['connector', 'kinesis'],
    ['stream', stream],
    ['aws.region', region],
    ['sink.partitioner', 'random'],
    ['format', 'json'],
  ];
}

export function firehoseSinkOptions(deliveryStream: string, region: string): ConnectorOptions {
  return [
    ['connector', 'firehose'],
    ['delivery-stream', deliveryStream],
    ['aws.region', region],
    ['format', 'json'],
  ];
}

/** `WITH (...)`, one option a line. Values are opaque text (a CDK token stays as written). */
export function withClause(options: ConnectorOptions): string {
  return `WITH (\n${options.map(([k, v]) => `  ${str(k)} = ${str(v)}`).join(',\n')}\n)`;
}
