/**
 * Redshift and OpenSearch destinations through the real @aws-sdk/client-firehose: COPY into a real
 * PostgreSQL (the local Redshift), `_bulk` to a loopback server, failures to S3 in AWS's formats.
 * Retries wait on the manual clock, so a 60-second retry window passes instantly.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand, type ProcessingConfiguration } from '@aws-sdk/client-firehose';
import { Pool } from 'pg';
import { ManualClock } from '../../lambda/engine/clock';
import { CLICK_EVENT_COLUMNS } from '../../lambda/engine/clickstream/click-event';
import { FirehoseEngine } from '../../lambda/engine/firehose/engine';
import { KinesisEngine } from '../../lambda/engine/kinesis/engine';
import { LocalLambdas } from '../../lambda/local/firehose/local-lambdas';
import { firehoseService } from '../../lambda/local/http/protocol';
import { startServer, type RunningServer } from '../../lambda/local/http/server';
import { HttpBulkClient } from '../../lambda/local/opensearch/bulk-client';
import { PostgresCopyLoader } from '../../lambda/local/postgres/copy-loader';
import { FolderObjectStore } from '../../lambda/local/s3/folder-object-store';
import { describePg, PG_URL } from '../support/postgres';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const ROLE = 'arn:aws:iam::000000000000:role/firehose';
const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:clickstream-transform';
const TABLE = `clicks_e2e_${process.pid}`;

let clock: ManualClock;
let s3Dir: string;
let engine: FirehoseEngine;
let server: RunningServer;
let client: FirehoseClient;
let pool: Pool;
let loader: PostgresCopyLoader;
let bulkServer: http.Server;
const bulkBodies: string[] = [];
/** Per bulk request: the status of each item, in order (default 201). */
const bulkPlans: number[][] = [];

function listFiles(bucket: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = path.join(s3Dir, bucket);
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else out.set(path.relative(root, file).split(path.sep).join('/'), readFileSync(file, 'utf8'));
    }
  };
  try {
    walk(root);
  } catch {
    // no objects yet
  }
  return out;
}

const click = (n: number, extra: object = {}) =>
  Buffer.from(JSON.stringify({ eventId: `e${n}`, eventType: 'page_view', timestamp: '2026-11-26T12:00:00Z', url: `https://shop.example.com/p/${n}`, userId: `u${n}`, sessionId: 's1', ...extra }));

beforeAll(async () => {
  clock = new ManualClock(T0);
  s3Dir = mkdtempSync(path.join(tmpdir(), 'firehose-dest-'));
  pool = new Pool({ connectionString: PG_URL, max: 2 });
  loader = new PostgresCopyLoader(PG_URL);
  bulkServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bulkBodies.push(body);
      const count = body.split('\n').filter((l) => l !== '').length / 2;
      const plan = bulkPlans.shift() ?? [];
      const items = Array.from({ length: count }, (_, i) => {
        const status = plan[i] ?? 201;
        return { index: status < 300 ? { status, result: 'created' } : { status, error: { type: status === 429 ? 'es_rejected_execution_exception' : 'mapper_parsing_exception', reason: `status ${status}` } } };
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ took: 1, errors: items.some((i) => i.index.status >= 300), items }));
    });
  });
  await new Promise<void>((resolve) => bulkServer.listen(0, '127.0.0.1', resolve));
  const bulkUrl = `http://127.0.0.1:${(bulkServer.address() as AddressInfo).port}`;
  let ids = 0;
  engine = new FirehoseEngine({
    clock,
    random: { uuid: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, randomString: () => 'abcdefghijk' },
    objects: new FolderObjectStore(s3Dir),
    transform: new LocalLambdas().invoke,
    redshift: () => loader,
    opensearch: () => new HttpBulkClient(bulkUrl),
    retryTime: { now: () => clock.now(), sleep: async (ms) => clock.advance(ms) },
  });
  const kinesis = new KinesisEngine({ clock, throttle: 'off' });
  server = await startServer({ port: 0, kinesis, services: [firehoseService(engine)] });
  client = new FirehoseClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' }, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await server.close();
  await new Promise((resolve) => bulkServer.close(resolve));
  await pool.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
  await pool.end();
  await loader.close();
  rmSync(s3Dir, { recursive: true, force: true });
});

const processing: ProcessingConfiguration = {
  Enabled: true,
  Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: LAMBDA }, { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '0' }] }],
};

describePg('Redshift destination (COPY into PostgreSQL)', () => {
  beforeAll(async () => {
    const ddl = CLICK_EVENT_COLUMNS.map((c) => `${c.name} ${c.redshiftType === 'SUPER' ? 'jsonb' : c.redshiftType}`).join(', ');
    await pool.query(`CREATE TABLE ${TABLE} (${ddl})`);
  });

  it("stages GZIP objects, COPYs the project's transformed clicks into the table, and describes without the password", async () => {
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'to-redshift',
        RedshiftDestinationConfiguration: {
          RoleARN: ROLE,
          ClusterJDBCURL: 'jdbc:redshift://cluster.abc123.us-east-1.redshift.amazonaws.com:5439/dev',
          Username: 'firehose',
          Password: 'secret-password',
          CopyCommand: { DataTableName: TABLE, DataTableColumns: CLICK_EVENT_COLUMNS.map((c) => c.name).join(','), CopyOptions: "JSON 'auto' GZIP TIMEFORMAT 'auto'" },
          S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::staging', Prefix: 'redshift/', CompressionFormat: 'GZIP', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
          ProcessingConfiguration: processing,
        },
      }),
    );
    const { DeliveryStreamDescription: d } = await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'to-redshift' }));
    const description = d?.Destinations?.[0]?.RedshiftDestinationDescription;
    expect(description).toMatchObject({ Username: 'firehose', S3DestinationDescription: { BucketARN: 'arn:aws:s3:::staging', CompressionFormat: 'GZIP' } });
    expect(JSON.stringify(d)).not.toContain('secret-password');

    await client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-redshift', Records: [1, 2, 3].map((n) => ({ Data: click(n) })) }));
    await engine.tick(); // the transform (interval 0) runs; its output starts the destination's 60 s buffer
    expect(engine.counts('to-redshift')).toMatchObject({ delivered: 0, pending: 3 });
    clock.advance(60_000);
    await engine.tick();
    const { rows } = await pool.query(`SELECT event_id, event_type, user_id, event_time FROM ${TABLE} ORDER BY event_id`);
    expect(rows).toEqual([1, 2, 3].map((n) => ({ event_id: `e${n}`, event_type: 'page_view', user_id: `u${n}`, event_time: new Date('2026-11-26T12:00:00.000Z') })));
    expect([...listFiles('staging').keys()]).toEqual([expect.stringMatching(/^redshift\/2026\/11\/26\/12\/to-redshift-1-2026-11-26-12-00-00-[0-9a-f-]{36}\.gz$/)]);
    expect(engine.counts('to-redshift')).toMatchObject({ accepted: 3, delivered: 3, failed: 0, pending: 0 });
  });

  it('a COPY that keeps failing is retried for the retry duration, then skipped with a manifest under errors/', async () => {
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'to-missing-table',
        RedshiftDestinationConfiguration: {
          RoleARN: ROLE,
          ClusterJDBCURL: 'jdbc:redshift://cluster.abc123.us-east-1.redshift.amazonaws.com:5439/dev',
          CopyCommand: { DataTableName: 'no_such_table', DataTableColumns: 'event_id', CopyOptions: "JSON 'auto'" },
          RetryOptions: { DurationInSeconds: 600 },
          S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::staging2', Prefix: 'rs/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } },
        },
      }),
    );
    await client.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-missing-table', Records: [{ Data: Buffer.from('{"event_id":"x"}') }] }));
    const before = clock.now();
    await engine.tick();
    expect(clock.now() - before).toBe(600_000); // attempts at 0, 300 and 600 s
    const files = listFiles('staging2');
    const manifestKey = [...files.keys()].find((k) => k.startsWith('rs/errors/manifests/2026/11/26/12/')) as string;
    const staged = [...files.keys()].find((k) => k.startsWith('rs/2026/')) as string;
    expect(JSON.parse(files.get(manifestKey) as string)).toEqual({ entries: [{ url: `s3://staging2/${staged}`, mandatory: true }] });
    expect(engine.counts('to-missing-table')).toMatchObject({ accepted: 1, delivered: 0, failed: 1, pending: 0 });
  });
});

describe('OpenSearch destination (_bulk to a loopback server)', () => {
  it('sends the exact _bulk body, retries the 429, writes the rejected document to AmazonOpenSearchService-failed', async () => {
    await client.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'to-search',
        AmazonopensearchserviceDestinationConfiguration: {
          RoleARN: ROLE,
          DomainARN: 'arn:aws:es:us-east-1:000000000000:domain/clicks',
          IndexName: 'clicks',
          IndexRotationPeriod: 'OneDay',
          DocumentIdOptions: { DefaultDocumentIdFormat: 'NO_DOCUMENT_ID' },
          RetryOptions: { DurationInSeconds: 60 },
          BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
          S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::search-backup' },
        },
      }),
    );
    bulkPlans.push([201, 429, 400], [201]);
    const arrival = clock.now();
    await client.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'to-search', Records: ['{"a":1}', '{"a":2}', '{"a":3}'].map((t) => ({ Data: Buffer.from(t) })) }),
    );
    clock.advance(60_000);
    await engine.tick();
    const action = '{"index":{"_index":"clicks-2026-11-26"}}';
    expect(bulkBodies.splice(0)).toEqual([`${action}\n{"a":1}\n${action}\n{"a":2}\n${action}\n{"a":3}\n`, `${action}\n{"a":2}\n`]);
    const files = listFiles('search-backup');
    const [key, body] = [...files][0] as [string, string];
    expect(key).toMatch(/^AmazonOpenSearchService-failed\/2026\/11\/26\/1\d\/to-search-1-2026-11-26-1\d-\d\d-\d\d-[0-9a-f-]{36}$/);
    expect(JSON.parse(body)).toEqual({
      attemptsMade: 1,
      arrivalTimestamp: arrival,
      errorCode: '400',
      errorMessage: expect.stringContaining('mapper_parsing_exception'),
      attemptEndingTimestamp: expect.any(Number),
      esDocumentId: null,
      esIndexName: 'clicks-2026-11-26',
      esTypeName: null,
      rawData: Buffer.from('{"a":3}').toString('base64'),
    });
    expect(engine.counts('to-search')).toMatchObject({ accepted: 3, delivered: 2, failed: 1, pending: 0 });
  });
});
