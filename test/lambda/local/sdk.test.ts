/**
 * The real @aws-sdk/client-kinesis against the local endpoint: with its default request handler
 * (NodeHttp2Handler, i.e. cleartext HTTP/2, where kinesalite fails: mhart/kinesalite#118) and with an
 * HTTP/1.1 handler. The engine is a fake that records its calls.
 */
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { KinesisError } from '../../../lambda/engine/kinesis/contract';
import { startServer, type RunningServer } from '../../../lambda/local/http/server';
import { FakeKinesis, UUID } from './helpers';

const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };

type MakeClient = (endpoint: string, extra?: { maxAttempts?: number }) => KinesisClient;
const clients: [string, MakeClient][] = [
  ['default handler (HTTP/2 h2c)', (endpoint, extra) => new KinesisClient({ endpoint, region: 'us-east-1', credentials, ...extra })],
  [
    'NodeHttpHandler (HTTP/1.1)',
    (endpoint, extra) => new KinesisClient({ endpoint, region: 'us-east-1', credentials, requestHandler: new NodeHttpHandler(), ...extra }),
  ],
];

describe.each(clients)('KinesisClient with %s', (_label, makeClient) => {
  let server: RunningServer;
  let fake: FakeKinesis;
  let client: KinesisClient;
  const internalErrors: unknown[] = [];

  beforeEach(async () => {
    fake = new FakeKinesis();
    internalErrors.length = 0;
    server = await startServer({ host: '127.0.0.1', port: 0, kinesis: fake, onInternalError: (e) => internalErrors.push(e) });
    client = makeClient(server.url);
  });

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  it('PutRecord: Data arrives at the engine as bytes, the answer comes back', async () => {
    fake.handlers.PutRecord = () => ({ ShardId: 'shardId-000000000000', SequenceNumber: '49590338271490256608559692538361571095921575989136588898' });
    const data = new Uint8Array([0, 1, 2, 127, 128, 254, 255]);
    const out = await client.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'user-1', Data: data }));

    expect(out.ShardId).toBe('shardId-000000000000');
    expect(out.SequenceNumber).toBe('49590338271490256608559692538361571095921575989136588898');
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(UUID);
    const { operation, input } = fake.last();
    expect(operation).toBe('PutRecord');
    expect(input.Data).toBeInstanceOf(Uint8Array);
    expect([...(input.Data as Uint8Array)]).toEqual([...data]);
    expect(input).toMatchObject({ StreamName: 'clicks', PartitionKey: 'user-1' });
  });

  it('GetRecords: Data and ApproximateArrivalTimestamp come back to the SDK as Uint8Array and Date', async () => {
    const arrival = new Date('2026-11-25T10:11:12.345Z');
    fake.handlers.GetRecords = () => ({
      Records: [
        {
          SequenceNumber: '1',
          ApproximateArrivalTimestamp: arrival,
          Data: Buffer.from('{"page":"/"}'),
          PartitionKey: 'user-1',
        },
        { SequenceNumber: '2', ApproximateArrivalTimestamp: arrival, Data: new Uint8Array([]), PartitionKey: 'user-2' },
      ],
      NextShardIterator: 'AAAA',
      MillisBehindLatest: 0,
    });
    const out = await client.send(new GetRecordsCommand({ ShardIterator: 'AAAA', Limit: 10 }));

    expect(out.Records).toHaveLength(2);
    const [first, second] = out.Records ?? [];
    expect(first?.Data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(first?.Data ?? []).toString()).toBe('{"page":"/"}');
    expect(first?.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(first?.ApproximateArrivalTimestamp?.getTime()).toBe(arrival.getTime());
    expect(second?.Data).toEqual(new Uint8Array([]));
    expect(out.NextShardIterator).toBe('AAAA');
    expect(out.MillisBehindLatest).toBe(0);
    expect(fake.last().input).toEqual({ ShardIterator: 'AAAA', Limit: 10 });
  });

  it('GetShardIterator: a Timestamp reaches the engine as a Date', async () => {
    fake.handlers.GetShardIterator = () => ({ ShardIterator: 'it-1' });
    const at = new Date('2026-01-02T03:04:05.678Z');
    const out = await client.send(
      new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: at }),
    );
    expect(out.ShardIterator).toBe('it-1');
    const { input } = fake.last();
    expect(input.Timestamp).toBeInstanceOf(Date);
    expect((input.Timestamp as Date).getTime()).toBe(at.getTime());
  });

  it('operations without output and list outputs work', async () => {
    fake.handlers.ListStreams = () => ({ StreamNames: ['a', 'b'], HasMoreStreams: false });
    await client.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 2 }));
    expect(fake.last()).toEqual({ operation: 'CreateStream', input: { StreamName: 'clicks', ShardCount: 2 } });
    const list = await client.send(new ListStreamsCommand({}));
    expect(list.StreamNames).toEqual(['a', 'b']);
    expect(list.HasMoreStreams).toBe(false);
  });

  it('a KinesisError becomes the SDK exception class with AWS message and HTTP 400', async () => {
    fake.handlers.PutRecord = () => {
      throw new KinesisError('ResourceNotFoundException', 'Stream clicks under account 000000000000 not found.');
    };
    const err = await client
      .send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'k', Data: new Uint8Array([1]) }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Stream clicks under account 000000000000 not found.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('a ValidationException carries AWS coral message; the engine is not called', async () => {
    const err = await client
      .send(new PutRecordCommand({ StreamName: 'bad name!', PartitionKey: '', Data: new Uint8Array([1]) }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value 'bad name!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
      $metadata: { httpStatusCode: 400 },
    });
    expect(fake.calls).toHaveLength(0);
  });

  it('an engine bug is InternalFailure (HTTP 500) and the next request still works', async () => {
    let fail = true;
    fake.handlers.ListStreams = () => {
      if (fail) throw new Error('boom');
      return { StreamNames: [], HasMoreStreams: false };
    };
    const once = makeClient(server.url, { maxAttempts: 1 });
    const err = await once.send(new ListStreamsCommand({})).catch((e: unknown) => e);
    once.destroy();
    expect(err).toMatchObject({ name: 'InternalFailure', message: 'Internal service failure.', $metadata: { httpStatusCode: 500 } });
    expect(internalErrors).toHaveLength(1);
    fail = false;
    const out = await client.send(new ListStreamsCommand({}));
    expect(out.StreamNames).toEqual([]);
  });

  it('PutRecords with ~7.5 MiB of data (a 10 MiB JSON body) reaches the engine intact', async () => {
    fake.handlers.PutRecords = (input) => ({
      FailedRecordCount: 0,
      Records: (input.Records as unknown[]).map((_, i) => ({ ShardId: 'shardId-000000000000', SequenceNumber: String(i + 1) })),
    });
    const records = Array.from({ length: 5 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.alloc(1_572_864, i + 1) }));
    const out = await client.send(new PutRecordsCommand({ StreamName: 'clicks', Records: records }));
    expect(out.Records).toHaveLength(5);
    const got = fake.last().input.Records as { Data: Uint8Array; PartitionKey: string }[];
    expect(got.map((r) => r.Data.byteLength)).toEqual([1_572_864, 1_572_864, 1_572_864, 1_572_864, 1_572_864]);
    expect(got.every((r, i) => r.Data.every((b) => b === i + 1))).toBe(true);
  });
});

describe('the SDK default really is HTTP/2', () => {
  it('KinesisClient without a request handler uses NodeHttp2Handler', () => {
    const client = new KinesisClient({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', credentials });
    expect(client.config.requestHandler).toBeInstanceOf(NodeHttp2Handler);
    client.destroy();
  });
});
