import { spawnSync } from 'child_process';
import { EventEmitter } from 'events';
import * as path from 'path';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { systemClock } from '../../../lambda/engine/clock';
import { KinesisEngine } from '../../../lambda/engine/kinesis/engine';
import { parseServeArgs, runServe, UsageError, type ServeDeps } from '../../../lambda/local/cli/serve';
import type { RunningServer } from '../../../lambda/local/http/server';
import type { KinesisFactoryOptions } from '../../../lambda/local/kinesis-factory';
import { FakeKinesis, post } from './helpers';

describe('parseServeArgs', () => {
  it('has the documented defaults', () => {
    expect(parseServeArgs([])).toEqual({ host: '127.0.0.1', port: 4567, throttle: 'aws', s3Dir: './out/s3', lambdas: [], help: false });
  });

  it('reads every flag, as "--flag value" or "--flag=value"', () => {
    expect(
      parseServeArgs([
        '--host', '0.0.0.0', '--port=0', '--data-dir', '/tmp/k', '--throttle=off', '--s3-dir', '/tmp/s3', '--lambda', 'a=./a.ts', '--lambda=*=./b.ts#h',
        '--postgres', 'postgres://u:p@localhost/db', '--opensearch', 'http://localhost:9200', '--s3-endpoint', 'http://localhost:9000',
      ]),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/tmp/k',
      throttle: 'off',
      s3Dir: '/tmp/s3',
      lambdas: ['a=./a.ts', '*=./b.ts#h'],
      postgres: 'postgres://u:p@localhost/db',
      opensearch: 'http://localhost:9200',
      s3Endpoint: 'http://localhost:9000',
      help: false,
    });
  });

  it.each([
    [['--port', 'abc'], 'option --port must be an integer from 0 to 65535, got "abc"'],
    [['--port', '65536'], 'option --port must be an integer from 0 to 65535, got "65536"'],
    [['--port=-1'], 'option --port must be an integer from 0 to 65535, got "-1"'],
    [['--port'], 'option --port needs a value'],
    [['--host', '--port', '1'], 'option --host needs a value'],
    [['--data-dir='], 'option --data-dir needs a value'],
    [['--throttle', 'sometimes'], 'option --throttle must be aws or off, got "sometimes"'],
    [['--verbose'], 'unknown option --verbose'],
    [['--postgres', 'mysql://x'], 'option --postgres must be a postgres:// URL, got "mysql://x"'],
    [['--opensearch', 'localhost:9200'], 'option --opensearch must be an http:// or https:// URL, got "localhost:9200"'],
    [['--s3-endpoint', 's3.local'], 'option --s3-endpoint must be an http:// or https:// URL, got "s3.local"'],
    [['extra'], 'unexpected argument "extra"'],
  ])('%j is bad usage: %s', (args, message) => {
    expect(() => parseServeArgs(args)).toThrow(new UsageError(message));
  });
});

function harness(createKinesis: ServeDeps['createKinesis']) {
  const signals = new EventEmitter();
  const out: string[] = [];
  const err: string[] = [];
  let listening: (server: RunningServer) => void = () => undefined;
  const ready = new Promise<RunningServer>((resolve) => (listening = resolve));
  const deps: ServeDeps = {
    createKinesis,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    signals: signals as unknown as ServeDeps['signals'],
    onListening: (s) => listening(s),
  };
  return { deps, signals, out, err, ready };
}

describe('runServe', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves the SDK until %s, then closes and returns 0', async (signal) => {
    const fake = new FakeKinesis();
    fake.handlers.ListStreams = () => ({ StreamNames: ['clicks'], HasMoreStreams: false });
    const seen: KinesisFactoryOptions[] = [];
    const h = harness((options) => {
      seen.push(options);
      return fake;
    });
    const status = runServe(['--port', '0', '--data-dir', '/tmp/streams', '--throttle', 'off', '--s3-dir', '/tmp/s3-out'], h.deps);
    const server = await h.ready;

    expect(seen).toEqual([{ dataDir: '/tmp/streams', throttle: 'off' }]);
    expect(h.out).toEqual([`clickstream: listening on http://127.0.0.1:${server.port} (kinesis, firehose); Firehose S3 objects under /tmp/s3-out\n`]);
    const client = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    expect((await client.send(new ListStreamsCommand({}))).StreamNames).toEqual(['clicks']);
    client.destroy();

    h.signals.emit(signal);
    await expect(status).resolves.toBe(0);
    expect(h.signals.listenerCount('SIGINT') + h.signals.listenerCount('SIGTERM')).toBe(0);
    await expect(post(server.url, { target: 'Kinesis_20131202.ListStreams' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('defaults the throttle to aws and passes no data dir when none is given', async () => {
    const seen: KinesisFactoryOptions[] = [];
    const h = harness((options) => {
      seen.push(options);
      return new FakeKinesis();
    });
    const status = runServe(['--port=0'], h.deps);
    await h.ready;
    h.signals.emit('SIGTERM');
    await expect(status).resolves.toBe(0);
    expect(seen).toEqual([{ throttle: 'aws' }]);
  });

  it('bad usage returns 2 with a message naming the flag and the usage', async () => {
    const h = harness(() => new FakeKinesis());
    await expect(runServe(['--port', 'x'], h.deps)).resolves.toBe(2);
    expect(h.err.join('')).toMatch(/^clickstream serve: option --port must be an integer/);
    expect(h.err.join('')).toContain('usage: clickstream serve');
  });

  it('an engine that cannot be built returns 1 with its message', async () => {
    const h = harness(() => {
      throw new Error('engine not wired yet');
    });
    await expect(runServe(['--port', '0'], h.deps)).resolves.toBe(1);
    expect(h.err.join('')).toBe('clickstream: cannot start the Kinesis engine: engine not wired yet\n');
  });

  it('a port in use returns 1', async () => {
    const first = harness(() => new FakeKinesis());
    const running = runServe(['--port', '0'], first.deps);
    const server = await first.ready;
    const second = harness(() => new FakeKinesis());
    await expect(runServe(['--port', String(server.port)], second.deps)).resolves.toBe(1);
    expect(second.err.join('')).toBe(`clickstream: cannot listen on 127.0.0.1:${server.port}: EADDRINUSE\n`);
    first.signals.emit('SIGINT');
    await running;
  });
});

describe('runServe with Firehose', () => {
  it('on SIGTERM delivers every buffered record to --s3-dir before returning, and reports the counts', async () => {
    const s3Dir = mkdtempSync(path.join(tmpdir(), 'serve-s3-'));
    const h = harness(() => new KinesisEngine({ clock: systemClock, throttle: 'off' }));
    const status = runServe(['--port', '0', '--s3-dir', s3Dir], h.deps);
    const server = await h.ready;
    const firehose = new FirehoseClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'buffered',
        ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::out', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 900 } },
      }),
    );
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'buffered', Records: [{ Data: Buffer.from('a\n') }, { Data: Buffer.from('b\n') }] }));
    firehose.destroy();
    expect(readdirSync(s3Dir)).toEqual([]);

    h.signals.emit('SIGTERM');
    await expect(status).resolves.toBe(0);
    const files = readdirSync(s3Dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(files[0]!.parentPath, files[0]!.name), 'utf8')).toBe('a\nb\n');
    expect(h.err.join('')).toContain('clickstream: firehose buffered: 2 accepted, 2 delivered, 0 dropped, 0 to error output, 0 pending, 1 objects\n');
    rmSync(s3Dir, { recursive: true, force: true });
  });

  it('a malformed --lambda is bad usage (2); a module that cannot be loaded fails the start (1)', async () => {
    const bad = harness(() => new FakeKinesis());
    await expect(runServe(['--lambda', 'no-equals-sign'], bad.deps)).resolves.toBe(2);
    expect(bad.err.join('')).toMatch(/^clickstream serve: --lambda must be TARGET=MODULE\[#EXPORT\]/);
    const missing = harness(() => new FakeKinesis());
    await expect(runServe(['--port', '0', '--lambda', '*=./does-not-exist.ts'], missing.deps)).resolves.toBe(1);
    expect(missing.err.join('')).toMatch(/^clickstream: cannot start the Firehose engine: cannot load .*does-not-exist\.ts/);
  });
});

describe('bin/clickstream.js serve (process)', () => {
  const CLI = path.join(__dirname, '..', '..', '..', 'bin', 'clickstream.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30000 });

  it('bad usage exits 2 naming the flag', () => {
    const r = run('serve', '--throttle', 'maybe');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^clickstream serve: option --throttle must be aws or off, got "maybe"/);
    const unknown = run('serve', '--bogus');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option --bogus/);
  });

  it('serve --help prints the serve usage and exits 0', () => {
    const r = run('serve', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: clickstream serve \[--host HOST\] \[--port PORT\] \[--data-dir DIR\] \[--s3-dir DIR\] \[--throttle aws\|off\]/);
  });

  it('the top-level usage lists serve', () => {
    expect(run('--help').stdout).toMatch(/serve\s+local Kinesis\/Firehose-compatible endpoint/);
  });
});
