import { spawnSync } from 'child_process';
import { EventEmitter } from 'events';
import * as path from 'path';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { parseServeArgs, runServe, UsageError, type ServeDeps } from '../../../lambda/local/cli/serve';
import type { RunningServer } from '../../../lambda/local/http/server';
import type { KinesisFactoryOptions } from '../../../lambda/local/kinesis-factory';
import { FakeKinesis, post } from './helpers';

describe('parseServeArgs', () => {
  it('has the documented defaults', () => {
    expect(parseServeArgs([])).toEqual({ host: '127.0.0.1', port: 4567, throttle: 'aws', help: false });
  });

  it('reads every flag, as "--flag value" or "--flag=value"', () => {
    expect(parseServeArgs(['--host', '0.0.0.0', '--port=0', '--data-dir', '/tmp/k', '--throttle=off'])).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/tmp/k',
      throttle: 'off',
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
    const status = runServe(['--port', '0', '--data-dir', '/tmp/streams', '--throttle', 'off'], h.deps);
    const server = await h.ready;

    expect(seen).toEqual([{ dataDir: '/tmp/streams', throttle: 'off' }]);
    expect(h.out).toEqual([`clickstream: listening on http://127.0.0.1:${server.port} (kinesis)\n`]);
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
    expect(r.stdout).toMatch(/^usage: clickstream serve \[--host HOST\] \[--port PORT\] \[--data-dir DIR\] \[--throttle aws\|off\]/);
  });

  it('the top-level usage lists serve', () => {
    expect(run('--help').stdout).toMatch(/serve\s+local Kinesis\/Firehose-compatible endpoint/);
  });
});
