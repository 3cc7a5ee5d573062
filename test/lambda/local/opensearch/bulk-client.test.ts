import * as http from 'http';
import type { AddressInfo } from 'net';
import {
  BulkTransportError,
  deliverToOpenSearch,
  documentId,
  failedDocumentLine,
  failedDocumentRecord,
  indexNameFor,
  parseBulkResponse,
} from '../../../../lambda/engine/firehose/opensearch';
import type { BulkDocument, RetryTime } from '../../../../lambda/engine/firehose/opensearch';
import { HttpBulkClient } from '../../../../lambda/local/opensearch/bulk-client';

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

type Answer = (req: Recorded, res: http.ServerResponse) => void;

/** A loopback server that records every request and answers from a script, one answer per request. */
async function fakeOpenSearch(script: Answer[]): Promise<{ endpoint: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      const answer = script[requests.length - 1];
      if (answer === undefined) {
        res.writeHead(500).end('unexpected request');
        return;
      }
      answer(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (status: number, body: unknown): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/** Simulated time: the retry waits cost nothing. */
function fakeTime(start = 1_456_405_260_000): RetryTime & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return { now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)), sleeps };
}

const ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks';
const ARRIVAL = Date.parse('2016-02-25T13:00:00Z');

function record(recordId: string, json: string): BulkDocument {
  return {
    index: indexNameFor('clicks', 'OneDay', ARRIVAL),
    id: documentId('FIREHOSE_DEFAULT', { deliveryStreamArn: ARN, recordId, arrivalMs: ARRIVAL }) as string,
    source: Buffer.from(json, 'utf8'),
  };
}

const mapping = { type: 'mapper_parsing_exception', reason: "failed to parse field [price] of type [float] in document with id 'x'" };
const throttled = { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' };

describe('HttpBulkClient', () => {
  it('delivers a batch with a partial failure: retries only the 429 document, backs up the 400 one', async () => {
    const batch = [record('1', '{"page":"/a","price":1.5}'), record('2', '{"page":"/b","price":2}'), record('3', '{"page":"/c","price":"free"}')];
    const [id1, id2, id3] = batch.map((d) => d.id as string);
    const os = await fakeOpenSearch([
      json(200, {
        took: 5,
        errors: true,
        items: [
          { index: { _index: 'clicks-2016-02-25', _id: id1, status: 201, result: 'created' } },
          { index: { _index: 'clicks-2016-02-25', _id: id2, status: 429, error: throttled } },
          { index: { _index: 'clicks-2016-02-25', _id: id3, status: 400, error: mapping } },
        ],
      }),
      json(200, { took: 2, errors: false, items: [{ index: { _index: 'clicks-2016-02-25', _id: id2, status: 201, result: 'created' } }] }),
    ]);
    try {
      const time = fakeTime();
      const result = await deliverToOpenSearch(batch, new HttpBulkClient(os.endpoint), time, 300);

      expect(os.requests.map((r) => [r.method, r.url, r.headers['content-type']])).toEqual([
        ['POST', '/_bulk', 'application/x-ndjson'],
        ['POST', '/_bulk', 'application/x-ndjson'],
      ]);
      expect(os.requests[0]!.body.toString('utf8')).toBe(
        `{"index":{"_index":"clicks-2016-02-25","_id":"${id1}"}}\n{"page":"/a","price":1.5}\n` +
          `{"index":{"_index":"clicks-2016-02-25","_id":"${id2}"}}\n{"page":"/b","price":2}\n` +
          `{"index":{"_index":"clicks-2016-02-25","_id":"${id3}"}}\n{"page":"/c","price":"free"}\n`,
      );
      // The retry re-sends the same id, so a document indexed by a lost response is overwritten, not duplicated.
      expect(os.requests[1]!.body.toString('utf8')).toBe(`{"index":{"_index":"clicks-2016-02-25","_id":"${id2}"}}\n{"page":"/b","price":2}\n`);
      expect(os.requests[0]!.headers['content-length']).toBe(String(os.requests[0]!.body.length));
      expect(time.sleeps).toEqual([1000]);

      expect(result.delivered).toEqual([batch[0], batch[1]]);
      expect(result.failed).toEqual([{ doc: batch[2], errorCode: '400', errorMessage: JSON.stringify(mapping), attemptsMade: 1, attemptEndingMs: 1_456_405_260_000 }]);
      expect(failedDocumentLine(failedDocumentRecord(result.failed[0]!, ARRIVAL))).toBe(
        `{"attemptsMade":1,"arrivalTimestamp":${ARRIVAL},"errorCode":"400","errorMessage":${JSON.stringify(JSON.stringify(mapping))},` +
          `"attemptEndingTimestamp":1456405260000,"esDocumentId":"${id3}","esIndexName":"clicks-2016-02-25","esTypeName":null,` +
          `"rawData":"${Buffer.from('{"page":"/c","price":"free"}').toString('base64')}"}\n`,
      );
    } finally {
      await os.close();
    }
  });

  it('posts to <endpoint>/_bulk under a path prefix, with basic auth from the URL', async () => {
    const os = await fakeOpenSearch([json(200, { items: [] })]);
    try {
      const client = new HttpBulkClient(`${os.endpoint.replace('http://', 'http://admin:s%3Acret@')}/search/`);
      expect(client.url).toBe(`${os.endpoint}/search/_bulk`);
      await client.bulk(Buffer.from('x'));
      expect(os.requests[0]!.url).toBe('/search/_bulk');
      expect(os.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('admin:s:cret').toString('base64')}`);
    } finally {
      await os.close();
    }
  });

  it('returns a non-JSON body as text and an empty one as undefined, without throwing', async () => {
    const os = await fakeOpenSearch([
      (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>'),
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"items": [tru'),
      (_req, res) => res.writeHead(503).end(),
    ]);
    try {
      const client = new HttpBulkClient(os.endpoint);
      const body = Buffer.from('{"index":{"_index":"i"}}\n{}\n');
      const bad = await client.bulk(body);
      expect(bad).toEqual({ status: 502, body: '<html><body>502 Bad Gateway</body></html>' });
      expect(parseBulkResponse(bad.status, bad.body, 1)).toEqual([
        { ok: false, retryable: true, errorCode: '502', errorMessage: '<html><body>502 Bad Gateway</body></html>' },
      ]);
      const truncated = await client.bulk(body);
      expect(truncated).toEqual({ status: 200, body: '{"items": [tru' });
      expect(parseBulkResponse(truncated.status, truncated.body, 1)).toEqual([
        { ok: false, retryable: true, errorCode: 'OpenSearch.MalformedResponse', errorMessage: 'Expected a bulk response with 1 items, got no items: {"items": [tru' },
      ]);
      expect(await client.bulk(body)).toEqual({ status: 503, body: undefined });
    } finally {
      await os.close();
    }
  });

  it('connection refused: throws a BulkTransportError, and the delivery retries it then fails the batch', async () => {
    const os = await fakeOpenSearch([]);
    const endpoint = os.endpoint;
    await os.close(); // nothing listens on that port any more
    const client = new HttpBulkClient(endpoint);
    const error = await client.bulk(Buffer.from('{}\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkTransportError);
    expect((error as BulkTransportError).errorCode).toBe('OpenSearch.ConnectionFailed');
    expect((error as BulkTransportError).message).toBe(`Cannot reach ${endpoint}/_bulk: ECONNREFUSED: connect ECONNREFUSED ${endpoint.slice('http://'.length)}`);

    const batch = [record('1', '{"a":1}')];
    const time = fakeTime(0);
    const result = await deliverToOpenSearch(batch, client, time, 5);
    expect(time.sleeps).toEqual([1000, 2000, 2000]);
    expect(result.delivered).toEqual([]);
    expect(result.failed).toEqual([{ doc: batch[0], errorCode: 'OpenSearch.ConnectionFailed', errorMessage: (error as Error).message, attemptsMade: 4, attemptEndingMs: 5000 }]);
  });

  it('a silent server: throws a timeout BulkTransportError', async () => {
    const os = await fakeOpenSearch([() => undefined]); // never answers
    try {
      const client = new HttpBulkClient(os.endpoint, { timeoutMs: 100 });
      const error = await client.bulk(Buffer.from('{}\n')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BulkTransportError);
      expect((error as BulkTransportError).errorCode).toBe('OpenSearch.Timeout');
      expect((error as BulkTransportError).message).toBe(`No response from ${os.endpoint}/_bulk within 100 ms`);
    } finally {
      await os.close();
    }
  });

  it('a response cut off mid-body: throws a BulkTransportError', async () => {
    const os = await fakeOpenSearch([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"items":[', () => res.socket?.destroy());
      },
    ]);
    try {
      const error = await new HttpBulkClient(os.endpoint).bulk(Buffer.from('{}\n')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BulkTransportError);
      expect((error as BulkTransportError).errorCode).toBe('OpenSearch.ConnectionFailed');
    } finally {
      await os.close();
    }
  });

  it('rejects an endpoint that is not an http(s) URL', () => {
    expect(() => new HttpBulkClient('localhost:9200')).toThrow(new TypeError("OpenSearch endpoint 'localhost:9200' must use http: or https:, not localhost:"));
    expect(() => new HttpBulkClient('not a url')).toThrow(new TypeError("OpenSearch endpoint 'not a url' is not a URL (expected e.g. http://127.0.0.1:9200)"));
  });
});
