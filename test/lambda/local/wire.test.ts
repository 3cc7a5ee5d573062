/**
 * The local endpoint on the wire: AWS's front-end errors (exact status, __type and message), CBOR, odd
 * bodies, HTTP/1.1 keep-alive and the HTTP/2 preface arriving in pieces.
 */
import * as http from 'http';
import { Encoder, Tag } from 'cbor-x';
import { KinesisError } from '../../../lambda/engine/kinesis/contract';
import { CborTag, decodeCbor } from '../../../lambda/local/http/cbor';
import { startServer, type RunningServer } from '../../../lambda/local/http/server';
import { CBOR_TYPE, FakeKinesis, JSON_TYPE, post, postH2, splittingProxy, UUID } from './helpers';

const cbor = new Encoder({ useRecords: false, tagUint8Array: false });

let server: RunningServer;
let fake: FakeKinesis;
const internalErrors: unknown[] = [];

beforeAll(async () => {
  fake = new FakeKinesis();
  server = await startServer({ port: 0, kinesis: fake, onInternalError: (e) => internalErrors.push(e) });
});
afterAll(() => server.close());
beforeEach(() => {
  fake.calls.length = 0;
  for (const key of Object.keys(fake.handlers)) delete fake.handlers[key];
  internalErrors.length = 0;
});

const PUT = 'Kinesis_20131202.PutRecord';
const LIST = 'Kinesis_20131202.ListStreams';

describe('startServer', () => {
  it('listens on an ephemeral port and reports its URL', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.services).toEqual(['kinesis']);
  });

  it('answers every response with an x-amzn-RequestId (a fresh UUID) and x-amz-id-2', async () => {
    const a = await post(server.url, { target: LIST });
    const b = await post(server.url, { target: 'Nope.Nope' });
    expect(a.status).toBe(200);
    expect(a.headers['x-amzn-requestid']).toMatch(UUID);
    expect(b.headers['x-amzn-requestid']).toMatch(UUID);
    expect(a.headers['x-amzn-requestid']).not.toBe(b.headers['x-amzn-requestid']);
    expect(Buffer.from(String(a.headers['x-amz-id-2']), 'base64')).toHaveLength(72);
    expect(a.headers['content-type']).toBe(JSON_TYPE);
    expect(a.headers['content-length']).toBe(String(a.body.length));
  });

  it('rejects a port in use', async () => {
    await expect(startServer({ port: server.port, kinesis: fake })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('AWS front-end errors (JSON)', () => {
  const cases: [string, Parameters<typeof post>[1], number, unknown][] = [
    ['an unknown operation', { target: 'Kinesis_20131202.DescribeEverything' }, 400, { __type: 'UnknownOperationException' }],
    ['an unknown target prefix', { target: 'DynamoDB_20120810.ListTables' }, 400, { __type: 'UnknownOperationException' }],
    ['no X-Amz-Target', {}, 400, { __type: 'UnknownOperationException' }],
    ['an inherited property name as operation', { target: 'Kinesis_20131202.constructor' }, 400, { __type: 'UnknownOperationException' }],
    ['an empty body', { target: LIST, body: '' }, 400, { __type: 'SerializationException' }],
    ['an empty body and an unknown operation', { target: 'Kinesis_20131202.Nope', body: '' }, 400, { __type: 'UnknownOperationException' }],
    ['an empty body without authentication', { target: LIST, body: '', auth: false }, 400, { __type: 'SerializationException' }],
    ['a body that is not JSON', { target: LIST, body: 'hello' }, 400, { __type: 'SerializationException' }],
    ['a JSON null body', { target: LIST, body: 'null' }, 400, { __type: 'SerializationException' }],
    ['a JSON string body', { target: LIST, body: '"x"' }, 400, { __type: 'SerializationException' }],
    ['a JSON list body', { target: LIST, body: '[]' }, 400, { __type: 'SerializationException', Message: 'Start of list found where not expected' }],
    [
      'no Authorization header',
      { target: LIST, auth: false },
      400,
      { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
    ],
    [
      'a malformed Authorization header',
      { target: LIST, auth: false, headers: { authorization: 'X' } },
      400,
      {
        __type: 'IncompleteSignatureException',
        message:
          "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
          "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
          'Authorization=X',
      },
    ],
    [
      'an Authorization header without SignedHeaders',
      { target: LIST, auth: false, headers: { authorization: 'AWS4-HMAC-SHA256 Signature=b, Credential=a', date: 'a' } },
      400,
      {
        __type: 'IncompleteSignatureException',
        message: "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Signature=b, Credential=a",
      },
    ],
    [
      'both an Authorization header and a presigned query',
      { target: LIST, path: '/?X-Amz-Algorithm' },
      400,
      {
        __type: 'InvalidSignatureException',
        message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
      },
    ],
    [
      'an incomplete presigned query',
      { target: LIST, auth: false, path: '/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d' },
      400,
      {
        __type: 'IncompleteSignatureException',
        message: "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
      },
    ],
    [
      'a number where a string belongs',
      { target: PUT, body: '{"StreamName":"s","PartitionKey":5,"Data":"AA=="}' },
      400,
      { __type: 'SerializationException', Message: 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String' },
    ],
    [
      'a string where an integer belongs',
      { target: 'Kinesis_20131202.CreateStream', body: '{"StreamName":"s","ShardCount":"2"}' },
      400,
      { __type: 'SerializationException', Message: 'class java.lang.String can not be converted to an Integer' },
    ],
    [
      'a boolean where a blob belongs',
      { target: PUT, body: '{"PartitionKey":"k","Data":true}' },
      400,
      { __type: 'SerializationException', Message: 'class java.lang.Boolean can not be converted to a Blob' },
    ],
    [
      'base64 of a wrong length',
      { target: PUT, body: '{"PartitionKey":"k","Data":"abc"}' },
      400,
      { __type: 'SerializationException', Message: "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3" },
    ],
    [
      'base64 with a bad character',
      { target: PUT, body: '{"PartitionKey":"k","Data":"ab$="}' },
      400,
      { __type: 'SerializationException', Message: "'ab$=' can not be converted to a Blob: Invalid Base64 character: '$'" },
    ],
    [
      'non-canonical base64',
      { target: PUT, body: '{"PartitionKey":"k","Data":"AB=="}' },
      400,
      { __type: 'SerializationException', Message: "'AB==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected" },
    ],
    [
      'a string timestamp',
      { target: 'Kinesis_20131202.GetShardIterator', body: '{"ShardId":"s","ShardIteratorType":"AT_TIMESTAMP","Timestamp":"2026-01-01"}' },
      400,
      { __type: 'SerializationException', Message: 'class java.lang.String can not be converted to milliseconds since epoch' },
    ],
    [
      'an object where a list belongs',
      { target: 'Kinesis_20131202.PutRecords', body: '{"StreamName":"s","Records":{}}' },
      400,
      { __type: 'SerializationException', Message: 'Start of structure or map found where not expected.' },
    ],
    [
      'a string where a list belongs',
      { target: 'Kinesis_20131202.PutRecords', body: '{"StreamName":"s","Records":"x"}' },
      400,
      { __type: 'SerializationException', Message: 'Expected list or null' },
    ],
    [
      'missing required members',
      { target: PUT, body: '{}' },
      400,
      {
        __type: 'ValidationException',
        message:
          "2 validation errors detected: Value null at 'data' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
      },
    ],
    [
      'a constraint broken inside a list',
      { target: 'Kinesis_20131202.PutRecords', body: '{"StreamName":"s","Records":[{"Data":"AA==","PartitionKey":""}, null]}' },
      400,
      {
        __type: 'ValidationException',
        message:
          "2 validation errors detected: Value '' at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value null at 'records.2.member' failed to satisfy constraint: Member must not be null",
      },
    ],
  ];

  it.each(cases)('%s', async (_name, request, status, body) => {
    const res = await post(server.url, request);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe(JSON_TYPE);
    expect(res.json()).toEqual(body);
    expect(fake.calls).toHaveLength(0);
  });

  it('accepts a well-formed presigned query instead of an Authorization header', async () => {
    const res = await post(server.url, {
      target: LIST,
      auth: false,
      path: '/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=host&X-Amz-Date=d',
    });
    expect(res.status).toBe(200);
    expect(fake.last().operation).toBe('ListStreams');
  });

  it('ignores members the model does not know, and nulls', async () => {
    const res = await post(server.url, { target: LIST, body: '{"Limit":5.9,"Bogus":1,"__proto__":{"x":1},"ExclusiveStartStreamName":null}' });
    expect(res.status).toBe(200);
    expect(fake.last().input).toEqual({ Limit: 5 }); // AWS truncates numbers for integer members
    expect(Object.getPrototypeOf(fake.last().input)).toBe(Object.prototype);
  });
});

describe('not an AWS JSON/CBOR request: 403 XML', () => {
  it('GET with credentials is AccessDeniedException', async () => {
    const res = await post(server.url, { method: 'GET', body: '' });
    expect(res.status).toBe(403);
    expect(res.body.toString()).toBe(
      '<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n',
    );
    expect(res.headers['x-amzn-requestid']).toMatch(UUID);
  });

  it('POST without a content type and without credentials is MissingAuthenticationTokenException', async () => {
    const res = await post(server.url, { target: LIST, contentType: null, auth: false });
    expect(res.status).toBe(403);
    expect(res.body.toString()).toBe(
      '<MissingAuthenticationTokenException>\n  <Message>Missing Authentication Token</Message>\n</MissingAuthenticationTokenException>\n',
    );
  });

  it('application/x-amz-json-1.0 is not Kinesis content', async () => {
    const res = await post(server.url, { target: LIST, contentType: 'application/x-amz-json-1.0' });
    expect(res.status).toBe(403);
    expect(res.body.toString()).toContain('<AccessDeniedException>');
  });
});

describe('engine errors', () => {
  it('a KinesisError is HTTP 400 with its __type and message', async () => {
    fake.handlers.PutRecord = () => {
      throw new KinesisError('ResourceNotFoundException', 'Stream s under account 000000000000 not found.');
    };
    const res = await post(server.url, { target: PUT, body: '{"StreamName":"s","PartitionKey":"k","Data":"AA=="}' });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ __type: 'ResourceNotFoundException', message: 'Stream s under account 000000000000 not found.' });
  });

  it('a KinesisError whose model shape is a fault (InternalFailureException) is HTTP 500', async () => {
    fake.handlers.GetRecords = () => {
      throw new KinesisError('InternalFailureException', 'Internal service failure.');
    };
    const res = await post(server.url, { target: 'Kinesis_20131202.GetRecords', body: '{"ShardIterator":"AAAA"}' });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ __type: 'InternalFailureException', message: 'Internal service failure.' });
  });

  it('a plain Error is HTTP 500 InternalFailure, reported, and the server keeps serving', async () => {
    fake.handlers.ListStreams = () => {
      throw new Error('boom');
    };
    const res = await post(server.url, { target: LIST });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ __type: 'InternalFailure', message: 'Internal service failure.' });
    expect(internalErrors).toEqual([new Error('boom')]);
    delete fake.handlers.ListStreams;
    expect((await post(server.url, { target: LIST })).status).toBe(200);
  });

  it('an engine result that does not fit the output shape is InternalFailure', async () => {
    fake.handlers.GetRecords = () => ({ Records: [{ SequenceNumber: '1', PartitionKey: 'k', Data: 'not bytes' }] });
    const res = await post(server.url, { target: 'Kinesis_20131202.GetRecords', body: '{"ShardIterator":"AAAA"}' });
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({ __type: 'InternalFailure' });
    expect(String(internalErrors[0])).toMatch(/Records\[0\]\.Data/);
  });
});

describe('odd bodies never crash the server', () => {
  it('garbage bytes are a SerializationException (JSON and CBOR)', async () => {
    const garbage = Buffer.from([0xff, 0x00, 0xfe, 0x9f, 0xc3, 0x28, 0x1b, 0x7b]);
    const json = await post(server.url, { target: LIST, body: garbage });
    expect(json.status).toBe(400);
    expect(json.json()).toEqual({ __type: 'SerializationException' });
    const asCbor = await post(server.url, { target: LIST, body: garbage, contentType: CBOR_TYPE });
    expect(asCbor.status).toBe(400);
    expect(asCbor.headers['content-type']).toBe(CBOR_TYPE);
    expect(decodeCbor(asCbor.body)).toEqual({ __type: 'SerializationException' });
  });

  it('a 10 MiB body of garbage is a SerializationException', async () => {
    const res = await post(server.url, { target: PUT, body: Buffer.alloc(10 * 1024 * 1024, 0x41) });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ __type: 'SerializationException' });
  });

  it('a 10 MiB JSON body (PutRecord of 7.5 MiB) reaches the engine intact', async () => {
    fake.handlers.PutRecord = () => ({ ShardId: 'shardId-000000000000', SequenceNumber: '1' });
    const data = Buffer.alloc(7_864_320);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    const body = JSON.stringify({ StreamName: 's', PartitionKey: 'k', Data: data.toString('base64') });
    expect(body.length).toBeGreaterThan(10 * 1024 * 1024 - 100);
    const res = await post(server.url, { target: PUT, body });
    expect(res.status).toBe(200);
    expect(Buffer.compare(fake.last().input.Data as Buffer, data)).toBe(0);
  });

  it('a blob over the model maximum (10 MiB) is a ValidationException', async () => {
    const body = JSON.stringify({ PartitionKey: 'k', Data: Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64') });
    const res = await post(server.url, { target: PUT, body });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value at 'data' failed to satisfy constraint: Member must have length less than or equal to 10485760",
    });
  });

  it('a body over the endpoint limit is HTTP 413 and the server keeps serving', async () => {
    const small = await startServer({ port: 0, kinesis: fake, maxBodyBytes: 1024 });
    try {
      const res = await post(small.url, { target: LIST, body: Buffer.alloc(64 * 1024, 0x20) });
      expect(res.status).toBe(413);
      expect(res.body).toHaveLength(0);
      expect((await post(small.url, { target: LIST })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('malformed HTTP/1.1 gets 400 and the server keeps serving', async () => {
    const net = await import('net');
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write('POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await post(server.url, { target: LIST })).status).toBe(200);
  });
});

describe('CBOR (application/x-amz-cbor-1.1)', () => {
  it('a hand-built request with a byte-string blob reaches the engine; the answer is CBOR', async () => {
    fake.handlers.PutRecord = () => ({ ShardId: 'shardId-000000000001', SequenceNumber: '42' });
    const body = cbor.encode({ StreamName: 'clicks', PartitionKey: 'user-1', Data: Buffer.from([0, 1, 2, 255]) });
    const res = await post(server.url, { target: PUT, body, contentType: CBOR_TYPE });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(CBOR_TYPE);
    expect(decodeCbor(res.body)).toEqual({ ShardId: 'shardId-000000000001', SequenceNumber: '42' });
    const { input } = fake.last();
    expect(input.Data).toBeInstanceOf(Uint8Array);
    expect([...(input.Data as Uint8Array)]).toEqual([0, 1, 2, 255]);
  });

  it('reads a timestamp as the AWS SDK for Java writes it: tag 1 + epoch milliseconds, in an indefinite-length map', async () => {
    fake.handlers.GetShardIterator = () => ({ ShardIterator: 'it' });
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    // {_ "ShardId": "shardId-000000000000", "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": 1(ms) } as Jackson writes it
    const text = (s: string): Buffer => Buffer.concat([cbor.encode(s)]);
    const stamp = Buffer.alloc(10);
    stamp[0] = 0xc1;
    stamp[1] = 0x1b;
    stamp.writeBigUInt64BE(BigInt(ms), 2);
    const body = Buffer.concat([
      Buffer.from([0xbf]),
      text('ShardId'),
      text('shardId-000000000000'),
      text('ShardIteratorType'),
      text('AT_TIMESTAMP'),
      text('Timestamp'),
      stamp,
      Buffer.from([0xff]),
    ]);
    const res = await post(server.url, { target: 'Kinesis_20131202.GetShardIterator', body, contentType: CBOR_TYPE });
    expect(res.status).toBe(200);
    const { input } = fake.last();
    expect(input.Timestamp).toBeInstanceOf(Date);
    expect((input.Timestamp as Date).getTime()).toBe(ms);
    expect(decodeCbor(res.body)).toEqual({ ShardIterator: 'it' });
  });

  it('writes GetRecords blobs as byte strings and timestamps as tag 1 + integer epoch milliseconds', async () => {
    const ms = Date.UTC(2026, 10, 25, 10, 11, 12, 345);
    fake.handlers.GetRecords = () => ({
      Records: [{ SequenceNumber: '1', ApproximateArrivalTimestamp: new Date(ms), Data: Buffer.from('hi'), PartitionKey: 'k' }],
      MillisBehindLatest: 5_000_000_000,
    });
    const res = await post(server.url, { target: 'Kinesis_20131202.GetRecords', body: cbor.encode({ ShardIterator: 'AAAA' }), contentType: CBOR_TYPE });
    expect(res.status).toBe(200);
    const out = decodeCbor(res.body) as { Records: Record<string, unknown>[]; MillisBehindLatest: unknown };
    const record = out.Records[0] as Record<string, unknown>;
    expect(record.Data).toEqual(Buffer.from('hi'));
    expect(record.ApproximateArrivalTimestamp).toEqual(new CborTag(1, ms));
    expect(out.MillisBehindLatest).toBe(5_000_000_000);
    const stamp = Buffer.alloc(9);
    stamp[0] = 0x1b;
    stamp.writeBigUInt64BE(BigInt(ms), 1);
    expect(res.body.includes(Buffer.concat([Buffer.from([0xc1]), stamp]))).toBe(true); // integer, not a float
  });

  it('a cbor-x Tag(ms, 1) timestamp round-trips through the engine', async () => {
    fake.handlers.GetShardIterator = (input) => ({ ShardIterator: String((input.Timestamp as Date).toISOString()) });
    const ms = Date.UTC(2025, 5, 6, 7, 8, 9, 10);
    const body = cbor.encode({ ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Tag(ms, 1) });
    const res = await post(server.url, { target: 'Kinesis_20131202.GetShardIterator', body, contentType: CBOR_TYPE });
    expect(decodeCbor(res.body)).toEqual({ ShardIterator: new Date(ms).toISOString() });
  });

  it('errors are CBOR too', async () => {
    const validation = await post(server.url, { target: PUT, body: cbor.encode({ PartitionKey: 'k' }), contentType: CBOR_TYPE });
    expect(validation.status).toBe(400);
    expect(validation.headers['content-type']).toBe(CBOR_TYPE);
    expect(decodeCbor(validation.body)).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'data' failed to satisfy constraint: Member must not be null",
    });
    const typeError = await post(server.url, { target: PUT, body: cbor.encode({ PartitionKey: Buffer.from('k'), Data: Buffer.from('d') }), contentType: CBOR_TYPE });
    expect(decodeCbor(typeError.body)).toEqual({ __type: 'SerializationException', Message: 'class [B can not be converted to an String' });
    const missing = await post(server.url, { target: LIST, body: cbor.encode({}), contentType: CBOR_TYPE, auth: false });
    expect(decodeCbor(missing.body)).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('an empty CBOR body is a SerializationException in CBOR', async () => {
    const res = await post(server.url, { target: LIST, body: '', contentType: CBOR_TYPE });
    expect(res.status).toBe(400);
    expect(decodeCbor(res.body)).toEqual({ __type: 'SerializationException' });
  });
});

describe('connections', () => {
  it('HTTP/1.1 keep-alive reuses the socket', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await post(server.url, { target: LIST, agent });
      const second = await post(server.url, { target: LIST, agent });
      const third = await post(server.url, { target: 'Nope', agent });
      expect([first.status, second.status, third.status]).toEqual([200, 200, 400]);
      expect(first.reusedSocket).toBe(false);
      expect(second.reusedSocket).toBe(true);
      expect(third.reusedSocket).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('HTTP/2 requests (h2c, prior knowledge) are served, errors included', async () => {
    fake.handlers.ListStreams = () => ({ StreamNames: ['s'], HasMoreStreams: false });
    const ok = await postH2(server.url, { target: LIST, body: '{}' });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-amzn-requestid']).toMatch(UUID);
    expect(JSON.parse(ok.body.toString())).toEqual({ StreamNames: ['s'], HasMoreStreams: false });
    const missing = await postH2(server.url, { target: LIST, body: '{}', auth: false });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body.toString())).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    const garbage = await postH2(server.url, { target: LIST, body: Buffer.from([0xde, 0xad]), contentType: CBOR_TYPE });
    expect(decodeCbor(garbage.body)).toEqual({ __type: 'SerializationException' });
  });

  it.each([1, 5, 23])('the HTTP/2 preface split after %i bytes across two TCP writes still reaches HTTP/2', async (splitAt) => {
    const proxy = await splittingProxy(server.port, splitAt);
    try {
      const res = await postH2(proxy.url, { target: LIST, body: '{}' });
      expect(res.status).toBe(200);
      expect(fake.last().operation).toBe('ListStreams');
    } finally {
      await proxy.close();
    }
  });

  it.each([1, 3])('an HTTP/1.1 request split after %i bytes (a preface look-alike start) still reaches HTTP/1.1', async (splitAt) => {
    const proxy = await splittingProxy(server.port, splitAt);
    try {
      const res = await post(proxy.url, { target: LIST });
      expect(res.status).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('close() ends idle HTTP/1.1 and HTTP/2 connections and resolves', async () => {
    const other = await startServer({ port: 0, kinesis: fake });
    const agent = new http.Agent({ keepAlive: true });
    const { connect } = await import('http2');
    const session = connect(other.url);
    await new Promise<void>((r) => session.once('connect', () => r()));
    await post(other.url, { target: LIST, agent });
    const sessionClosed = new Promise<void>((r) => session.once('close', () => r()));
    const started = Date.now();
    await other.close();
    await sessionClosed;
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(post(other.url, { target: LIST })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });
});
