import { gunzipSync, gzipSync } from 'node:zlib';
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { KinesisStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { StateConflictError } from '../../../lambda/engine/analytics/invocation';
import { emptyState, type OutboxRow, type ShardState } from '../../../lambda/engine/analytics/shard-processor';
import { aggregate } from '../../../lambda/engine/kinesis/kpl';
import { createOutputSink, rowData } from '../../../lambda/handlers/analytics/output-sinks';
import { S3StateStore } from '../../../lambda/handlers/analytics/s3-state-store';
import { RuntimeConfigError, handle, runtimeFromEnv, shardRecords } from '../../../lambda/handlers/sql-runtime';

const s3 = mockClient(S3Client);
const kinesis = mockClient(KinesisClient);
const firehose = mockClient(FirehoseClient);
const lambda = mockClient(LambdaClient);
beforeEach(() => {
  s3.reset();
  kinesis.reset();
  firehose.reset();
  lambda.reset();
});

/** A GetObject body as the SDK gives it (only what the store reads). */
const body = (state: ShardState) => ({ transformToByteArray: async () => new Uint8Array(gzipSync(JSON.stringify(state))) }) as never;
const s3Error = (name: string, status: number) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });

describe('S3StateStore', () => {
  const store = new S3StateStore(new S3Client({ region: 'eu-west-1' }), 'state-bucket', 'sql-runtime/');

  it('loads a gzipped state with its ETag, and nothing for a shard never saved', async () => {
    s3.on(GetObjectCommand, { Key: 'sql-runtime/shardId-1.json.gz' }).resolves({ Body: body(emptyState('app')), ETag: '"e1"' });
    s3.on(GetObjectCommand, { Key: 'sql-runtime/shardId-2.json.gz' }).rejects(new NoSuchKey({ message: 'none', $metadata: { httpStatusCode: 404 } }));
    expect(await store.load('shardId-1')).toEqual({ state: emptyState('app'), version: '"e1"' });
    expect(await store.load('shardId-2')).toEqual({ state: undefined, version: undefined });
  });

  it('saves with If-Match, a new state with If-None-Match, and turns 412/409 into a conflict', async () => {
    s3.on(PutObjectCommand).resolves({ ETag: '"e2"' });
    expect(await store.save('shardId-1', emptyState('app'), '"e1"')).toBe('"e2"');
    expect(await store.save('shardId-3', emptyState('app'), undefined)).toBe('"e2"');
    const [first, second] = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect([first?.IfMatch, first?.IfNoneMatch, first?.Key]).toEqual(['"e1"', undefined, 'sql-runtime/shardId-1.json.gz']);
    expect([second?.IfMatch, second?.IfNoneMatch]).toEqual([undefined, '*']);
    expect(JSON.parse(gunzipSync(first?.Body as Buffer).toString())).toEqual(emptyState('app'));
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    await expect(store.save('shardId-1', emptyState('app'), '"old"')).rejects.toThrow(StateConflictError);
    s3.on(PutObjectCommand).rejects(s3Error('ConditionalRequestConflict', 409));
    await expect(store.save('shardId-1', emptyState('app'), '"old"')).rejects.toThrow(StateConflictError);
    s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
    await expect(store.save('shardId-1', emptyState('app'), '"old"')).rejects.toThrow('AccessDenied');
  });

  it('lists every shard across pages', async () => {
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({ Contents: [{ Key: 'sql-runtime/shardId-2.json.gz' }, { Key: 'sql-runtime/notes.txt' }], IsTruncated: true, NextContinuationToken: 't' });
    s3.on(ListObjectsV2Command, { ContinuationToken: 't' }).resolves({ Contents: [{ Key: 'sql-runtime/shardId-1.json.gz' }], IsTruncated: false });
    expect(await store.shards()).toEqual(['shardId-1', 'shardId-2']);
  });
});

describe('output sinks', () => {
  const row = (stream: string, n: number): OutboxRow => ({ stream, line: `{"stream":"${stream}","rowtime":"2026-11-26T10:00:00.000Z","row":{"N":${n}}}`, id: `s:1:${n}` });
  const clients = () => ({ kinesis: new KinesisClient({ region: 'eu-west-1' }), firehose: new FirehoseClient({ region: 'eu-west-1' }), lambda: new LambdaClient({ region: 'eu-west-1' }) });
  const noWait = { sleep: async () => undefined };

  it('sends each stream to its destination in order, with the row id in the data', async () => {
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 0, Records: [{}, {}] });
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [{}] });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    const unrouted: string[] = [];
    const deliver = createOutputSink(
      { A: { kind: 'kinesis', name: 'a-stream' }, B: { kind: 'firehose', name: 'b-delivery' }, C: { kind: 'lambda', name: 'c-fn' } },
      clients(),
      { ...noWait, unrouted: (r) => unrouted.push(r.id) },
    );
    const rows = [row('A', 1), row('A', 2), row('B', 3), row('error_stream', 4), row('C', 5)];
    expect(await deliver(rows)).toBe(5);
    expect(rowData(row('A', 1))).toBe('{"stream":"A","rowtime":"2026-11-26T10:00:00.000Z","row":{"N":1},"id":"s:1:1"}');
    const put = kinesis.commandCalls(PutRecordsCommand)[0]?.args[0].input;
    expect(put?.StreamName).toBe('a-stream');
    expect(put?.Records?.map((r) => [Buffer.from(r.Data as Uint8Array).toString(), r.PartitionKey])).toEqual([
      [rowData(row('A', 1)), 's:1:1'],
      [rowData(row('A', 2)), 's:1:2'],
    ]);
    expect(Buffer.from(firehose.commandCalls(PutRecordBatchCommand)[0]?.args[0].input.Records?.[0]?.Data as Uint8Array).toString()).toBe(`${rowData(row('B', 3))}\n`);
    const payload = JSON.parse(Buffer.from(lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array).toString()) as unknown;
    expect(payload).toEqual({ rows: [{ stream: 'C', rowtime: '2026-11-26T10:00:00.000Z', row: { N: 5 }, id: 's:1:5' }] });
    expect(unrouted).toEqual(['s:1:4']);
  });

  it('retries only the entries PutRecords reports failed', async () => {
    kinesis
      .on(PutRecordsCommand)
      .resolvesOnce({ FailedRecordCount: 1, Records: [{ SequenceNumber: '1' }, { ErrorCode: 'ProvisionedThroughputExceededException' }] })
      .resolves({ FailedRecordCount: 0, Records: [{}] });
    const deliver = createOutputSink({ A: { kind: 'kinesis', name: 'a' } }, clients(), noWait);
    expect(await deliver([row('A', 1), row('A', 2)])).toBe(2);
    const calls = kinesis.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records?.map((r) => r.PartitionKey));
    expect(calls).toEqual([['s:1:1', 's:1:2'], ['s:1:2']]);
  });

  it('stops at a batch that keeps failing and says how many rows got through', async () => {
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 0, Records: [{}] });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled' });
    const waits: number[] = [];
    const deliver = createOutputSink({ A: { kind: 'kinesis', name: 'a' }, C: { kind: 'lambda', name: 'c' } }, clients(), { attempts: 3, backoffMs: 50, sleep: async (ms) => void waits.push(ms) });
    expect(await deliver([row('A', 1), row('C', 2), row('A', 3)])).toBe(1);
    expect(waits).toEqual([50, 100]);
  });
});

describe('the handler', () => {
  const APPLICATION = JSON.stringify({
    sql: `CREATE STREAM counts (n INTEGER); CREATE PUMP p AS INSERT INTO counts SELECT STREAM COUNT(*) FROM SOURCE_SQL_STREAM_001 GROUP BY STEP(ROWTIME BY INTERVAL '10' SECOND);`,
    inputSchema: {
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [{ Name: 'K', Mapping: '$.k', SqlType: 'VARCHAR(4)' }],
    },
  });
  const env = { STATE_BUCKET: 'state', OUTPUTS: JSON.stringify({ COUNTS: { kind: 'kinesis', name: 'counts-stream' } }), AWS_REGION: 'eu-west-1' };

  it('refuses a wrong configuration with the variable and the rule', () => {
    expect(() => runtimeFromEnv({}, undefined)).toThrow(RuntimeConfigError);
    expect(() => runtimeFromEnv({ ...env, STATE_BUCKET: '' }, APPLICATION)).toThrow('STATE_BUCKET is not set');
    expect(() => runtimeFromEnv({ ...env, OUTPUTS: '{' }, APPLICATION)).toThrow(/^OUTPUTS is not valid JSON/);
    expect(() => runtimeFromEnv({ ...env, BOUND_LAG_SECONDS: '-1' }, APPLICATION)).toThrow('BOUND_LAG_SECONDS must be a non-negative number of seconds, got "-1"');
  });

  it('de-aggregates KPL records, keeping their sequence number and numbering the user records', () => {
    const kpl = aggregate([
      { partitionKey: 'a', data: Buffer.from('{"k":"a"}') },
      { partitionKey: 'b', data: Buffer.from('{"k":"b"}') },
    ]);
    expect(shardRecords('42', 1_764_151_200.5, kpl).map((r) => [r.sequenceNumber, r.arrival, Buffer.from(r.data).toString(), r.subSequence])).toEqual([
      ['42', 1_764_151_200_500, '{"k":"a"}', 0],
      ['42', 1_764_151_200_500, '{"k":"b"}', 1],
    ]);
    expect(shardRecords('43', 1, Buffer.from('{"k":"c"}'))).toEqual([{ sequenceNumber: '43', arrival: 1000, data: Buffer.from('{"k":"c"}') }]);
  });

  it('runs a batch: loads the state, saves it with the rows, delivers them, saves the emptied outbox; a tick closes the window', async () => {
    const saved: ShardState[] = [];
    s3.on(GetObjectCommand).callsFake(async () => {
      const last = saved[saved.length - 1];
      if (last === undefined) throw new NoSuchKey({ message: 'none', $metadata: { httpStatusCode: 404 } });
      return { Body: body(last), ETag: `"v${saved.length}"` };
    });
    s3.on(PutObjectCommand).callsFake(async (input: { Body: Buffer }) => {
      saved.push(JSON.parse(gunzipSync(input.Body).toString()) as ShardState);
      return { ETag: `"v${saved.length}"` };
    });
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'sql-runtime/shardId-000000000000.json.gz' }] });
    kinesis.on(PutRecordsCommand).resolves({ FailedRecordCount: 0, Records: [{}] });
    const rt = runtimeFromEnv(env, APPLICATION);
    const record = (seq: string, seconds: number, k: string) => ({
      eventID: `shardId-000000000000:${seq}`,
      kinesis: { sequenceNumber: seq, approximateArrivalTimestamp: seconds, data: Buffer.from(JSON.stringify({ k })).toString('base64'), partitionKey: k, kinesisSchemaVersion: '1.0' },
    });
    const t = 1_764_151_200; // 2025-11-26T10:00:00Z, a multiple of 10 s
    const event = { Records: [record('1', t + 1, 'a'), record('2', t + 2, 'b')] } as unknown as KinesisStreamEvent;
    expect(await handle(rt, event, (t + 3) * 1000)).toEqual([{ shardId: 'shardId-000000000000', processed: 2, skipped: 0, rows: 0, delivered: 0 }]);
    // Retried: nothing new.
    expect(await handle(rt, event, (t + 3) * 1000)).toEqual([{ shardId: 'shardId-000000000000', processed: 0, skipped: 2, rows: 0, delivered: 0 }]);
    // A tick 60 s behind the clock at t + 71 s: a bound at t + 11 s closes [t, t + 10 s).
    expect(await handle(rt, { action: 'tick' }, (t + 71) * 1000)).toEqual([{ shardId: 'shardId-000000000000', processed: 0, skipped: 0, rows: 1, delivered: 1 }]);
    const sent = kinesis.commandCalls(PutRecordsCommand)[0]?.args[0].input.Records?.[0];
    expect(JSON.parse(Buffer.from(sent?.Data as Uint8Array).toString())).toEqual({
      stream: 'COUNTS',
      rowtime: '2025-11-26T10:00:10.000Z',
      row: { N: 2 },
      id: `shardId-000000000000:b${(t + 11) * 1000}:0`,
    });
    expect(saved[saved.length - 1]?.outbox).toEqual([]);
    await expect(handle(rt, { action: 'flush' } as never, 0)).rejects.toThrow('unknown action "flush": expected "tick"');
  });
});
