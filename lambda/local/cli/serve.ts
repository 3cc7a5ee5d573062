/**
 * `clickstream serve [--host 127.0.0.1] [--port 4567] [--data-dir DIR] [--s3-dir DIR] [--throttle aws|off]
 * [--lambda TARGET=MODULE[#EXPORT]]...`: the local Kinesis and Firehose endpoint (DESIGN.md, "Local
 * endpoint"). Bad usage exits 2 with a message naming the flag; once listening it prints
 * `clickstream: listening on http://HOST:PORT (kinesis, firehose)`; SIGINT/SIGTERM stop accepting
 * requests, deliver every buffered Firehose record, print what each delivery stream did, and exit 0.
 */
import * as path from 'node:path';
import type { KinesisOperations } from '../../engine/kinesis/contract';
import type { FirehoseEngine } from '../../engine/firehose/engine';
import { createFirehose } from '../firehose-factory';
import { LambdaMappingError, LocalLambdas, parseLambdaMapping, PROJECT_TRANSFORM } from '../firehose/local-lambdas';
import type { KinesisFactoryOptions } from '../kinesis-factory';
import { firehoseService } from '../http/protocol';
import { startServer, type RunningServer } from '../http/server';
import { OptionError, parseOptions, type ParsedOptions } from './options';

/** How often the Firehose engine looks for due buffers and polls its Kinesis sources. */
const FIREHOSE_TICK_MS = 250;

export const SERVE_USAGE = `usage: clickstream serve [--host HOST] [--port PORT] [--data-dir DIR] [--s3-dir DIR] [--throttle aws|off]
                        [--lambda TARGET=MODULE[#EXPORT]]... [--postgres URL] [--opensearch URL] [--s3-endpoint URL]

  --host HOST         address to listen on (default 127.0.0.1)
  --port PORT         TCP port, 0 for any free one (default 4567)
  --data-dir DIR      keep Kinesis streams on disk in DIR (default: in memory)
  --s3-dir DIR        Firehose S3 destinations write <DIR>/<bucket>/<key> (default ./out/s3)
  --s3-endpoint URL   write Firehose objects to this S3-compatible endpoint instead (MinIO, AWS S3...;
                      credentials from the usual AWS environment variables or profile)
  --throttle aws|off  reproduce AWS's per-shard limits (aws, default) or not (off)
  --lambda T=M#E      run Firehose transforms for TARGET (a function ARN, name or *) with export E
                      (default handler) of module M; repeatable. Default: * runs the project's
                      own transform (lambda/handlers/firehose-transform.ts)
  --postgres URL      Redshift destinations COPY into this PostgreSQL database (postgres://...)
  --opensearch URL    OpenSearch destinations send _bulk requests here (default: the ClusterEndpoint
                      when it is an http(s) URL)`;

export const DEFAULT_S3_DIR = './out/s3';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4567;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir?: string;
  readonly throttle: 'aws' | 'off';
  readonly s3Dir: string;
  readonly postgres?: string;
  readonly opensearch?: string;
  readonly s3Endpoint?: string;
  /** `--lambda` values, in order. */
  readonly lambdas: readonly string[];
  readonly help: boolean;
}

const FLAGS = ['--host', '--port', '--data-dir', '--s3-dir', '--s3-endpoint', '--throttle', '--lambda', '--postgres', '--opensearch'] as const;
type Flag = (typeof FLAGS)[number];

/** Parse `serve`'s arguments (`--flag value` or `--flag=value`); throws UsageError naming the flag. */
export function parseServeArgs(args: readonly string[]): ServeOptions {
  const values = new Map<Flag, string>();
  let parsed: ParsedOptions;
  try {
    parsed = parseOptions(args, { values: FLAGS, flags: ['--help', '-h'] });
    for (const name of FLAGS) {
      // --lambda may be repeated; for the others the last one given counts.
      const given = parsed.values.get(name);
      if (name !== '--lambda' && given !== undefined) values.set(name, given[given.length - 1] as string);
    }
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
  const [extra] = parsed.positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const lambdas = [...(parsed.values.get('--lambda') ?? [])];
  const help = parsed.flags.has('--help') || parsed.flags.has('-h');

  const portText = values.get('--port');
  let port = DEFAULT_PORT;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 0 && port <= 65535)) throw new UsageError(`option --port must be an integer from 0 to 65535, got "${portText}"`);
  }
  const throttle = values.get('--throttle') ?? 'aws';
  if (throttle !== 'aws' && throttle !== 'off') throw new UsageError(`option --throttle must be aws or off, got "${throttle}"`);
  const dataDir = values.get('--data-dir');
  const postgres = values.get('--postgres');
  const opensearch = values.get('--opensearch');
  const s3Endpoint = values.get('--s3-endpoint');
  if (s3Endpoint !== undefined && !/^https?:\/\//.test(s3Endpoint)) throw new UsageError(`option --s3-endpoint must be an http:// or https:// URL, got "${s3Endpoint}"`);
  if (postgres !== undefined && !/^postgres(ql)?:\/\//.test(postgres)) throw new UsageError(`option --postgres must be a postgres:// URL, got "${postgres}"`);
  if (opensearch !== undefined && !/^https?:\/\//.test(opensearch)) throw new UsageError(`option --opensearch must be an http:// or https:// URL, got "${opensearch}"`);
  return {
    host: values.get('--host') ?? DEFAULT_HOST,
    port,
    throttle,
    s3Dir: values.get('--s3-dir') ?? DEFAULT_S3_DIR,
    lambdas,
    help,
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(postgres !== undefined ? { postgres } : {}),
    ...(opensearch !== undefined ? { opensearch } : {}),
    ...(s3Endpoint !== undefined ? { s3Endpoint } : {}),
  };
}

/** What `runServe` needs from the outside world (injected so tests run it in-process). */
export interface ServeDeps {
  readonly createKinesis: (options: KinesisFactoryOptions) => KinesisOperations;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where SIGINT/SIGTERM come from (the process). */
  readonly signals: { once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown; removeListener(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown };
  /** Called once the server listens (tests use it to reach the server). */
  readonly onListening?: (server: RunningServer) => void;
}

/** Run `serve` until a signal stops it; resolves with the exit status (0 stopped, 1 failed, 2 bad usage). */
export async function runServe(args: readonly string[], deps: ServeDeps): Promise<number> {
  let options: ServeOptions;
  try {
    options = parseServeArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    deps.stderr(`clickstream serve: ${err.message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    deps.stdout(`${SERVE_USAGE}\n`);
    return 0;
  }

  let lambdas: LocalLambdas;
  try {
    lambdas = new LocalLambdas(options.lambdas.length > 0 ? options.lambdas.map((m) => parseLambdaMapping(m)) : [PROJECT_TRANSFORM]);
  } catch (err) {
    if (!(err instanceof LambdaMappingError)) throw err;
    deps.stderr(`clickstream serve: ${err.message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }

  let kinesis: KinesisOperations;
  let firehose: FirehoseEngine;
  try {
    kinesis = deps.createKinesis({ throttle: options.throttle, ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}) });
  } catch (err) {
    deps.stderr(`clickstream: cannot start the Kinesis engine: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  try {
    lambdas.preload();
    firehose = createFirehose({
      s3Dir: path.resolve(options.s3Dir),
      ...(options.postgres !== undefined ? { postgresUrl: options.postgres } : {}),
      ...(options.opensearch !== undefined ? { opensearchUrl: options.opensearch } : {}),
      ...(options.s3Endpoint !== undefined ? { s3Endpoint: options.s3Endpoint } : {}),
      kinesis,
      transform: lambdas.invoke,
      onDeliveryError: (name, err) => deps.stderr(`clickstream: firehose ${name}: delivery failed, will retry: ${err instanceof Error ? err.message : String(err)}\n`),
    });
  } catch (err) {
    deps.stderr(`clickstream: cannot start the Firehose engine: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }

  let server: RunningServer;
  try {
    server = await startServer({ host: options.host, port: options.port, kinesis, services: [firehoseService(firehose)] });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    deps.stderr(`clickstream: cannot listen on ${options.host}:${options.port}: ${code}\n`);
    return 1;
  }
  const objectsAt = options.s3Endpoint ?? path.resolve(options.s3Dir);
  deps.stdout(`clickstream: listening on ${server.url} (${server.services.join(', ')}); Firehose S3 objects under ${objectsAt}\n`);
  deps.onListening?.(server);
  let ticking = false;
  const timer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void firehose.tick().finally(() => (ticking = false));
  }, FIREHOSE_TICK_MS);
  timer.unref();

  const signal = await new Promise<string>((resolve) => {
    const onInt = (): void => finish('SIGINT');
    const onTerm = (): void => finish('SIGTERM');
    const finish = (name: string): void => {
      deps.signals.removeListener('SIGINT', onInt);
      deps.signals.removeListener('SIGTERM', onTerm);
      resolve(name);
    };
    deps.signals.once('SIGINT', onInt);
    deps.signals.once('SIGTERM', onTerm);
  });
  deps.stderr(`clickstream: ${signal}, shutting down\n`);
  clearInterval(timer);
  await server.close();
  return (await deliverEverything(firehose, deps)) ? 0 : 1;
}

/** Shutdown: every buffered Firehose record is delivered before exit, and each stream's counts shown. */
async function deliverEverything(firehose: FirehoseEngine, deps: ServeDeps): Promise<boolean> {
  let ok = true;
  try {
    await firehose.flushAll();
  } catch (err) {
    ok = false;
    deps.stderr(`clickstream: could not deliver every buffered record: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  for (const name of firehose.names()) {
    const c = firehose.counts(name);
    deps.stderr(`clickstream: firehose ${name}: ${c.accepted} accepted, ${c.delivered} delivered, ${c.dropped} dropped, ${c.failed} to error output, ${c.pending} pending, ${c.objectsWritten} objects\n`);
  }
  return ok;
}
