/**
 * `clickstream simulate`: the configured pipeline, offline, on a simulated clock (issue 7). A host: it
 * reads the configuration, the traffic and the analytics application, runs the engine's simulation
 * (lambda/engine/simulate/) and writes what it produced: Firehose objects under OUT/<destination>/,
 * analytics rows under OUT/analytics/<STREAM>.jsonl, and report.html. Progress goes to stderr (at most
 * four lines a second of wall time), the summary to stdout. Exit 0 done, 1 invalid configuration or
 * application, 2 bad usage or unreadable file. Nothing here prints a stack trace.
 */
import * as path from 'node:path';
import { ConfigError, parsePipelineConfig } from '../../engine/config/pipeline-config';
import type { TransformPort } from '../../engine/firehose/transform-invoker';
import type { AnalyticsApplication } from '../../engine/simulate/analytics-stage';
import { generateClickstream } from '../../engine/simulate/generator';
import { runSimulation, type Progress } from '../../engine/simulate/simulation';
import { formatSummary } from '../../engine/simulate/summary';
import type { TrafficRecord } from '../../engine/simulate/traffic';
import { parseTrafficFile, TrafficFileError } from '../../engine/simulate/traffic-file';
import type { InputSchema } from '../../engine/sql/input';
import { renderReport } from '../report/report';
import { OptionError, parseOptions, single, type ParsedOptions } from './options';

export const SIMULATE_USAGE = `usage: clickstream simulate [--config FILE] [--records N | --duration T] [--input FILE.jsonl]
                           [--seed N] [--out DIR] [--report FILE]

  Runs the configured pipeline offline on a simulated clock: producers → Kinesis stream (shards,
  per-shard throttling, retries with backoff) → each Firehose delivery (transform, buffering,
  compression) → the analytics application. Writes the delivered objects under DIR/<destination>/,
  the analytics rows under DIR/analytics/<STREAM>.jsonl and a self-contained report.html.

    --config FILE    the pipeline configuration (the "clickstream" object as JSON); default: cdk.json's
                     context.clickstream in the current directory, else the defaults
    --records N      records to generate (default 50000; with --input: the first N records)
    --duration T     simulated time of traffic: seconds, or 90s, 30m, 1h (default 1h)
    --input FILE     recorded traffic: {"rowtime": T, "data": RECORD[, "partitionKey": K]} lines
                     (the SQL runner's input format); default: the built-in clickstream generator
    --seed N         the generator's and the simulation's seed (default 1)
    --out DIR        where objects and rows go (default ./out)
    --report FILE    the report (default report.html)

exit status: 0 done, 1 invalid configuration or analytics application, 2 bad usage or unreadable file`;

export interface SimulateDeps {
  readonly readFile: (file: string) => string;
  readonly exists: (file: string) => boolean;
  /** Writes a file, creating its directory. */
  readonly writeFile: (file: string, data: string | Buffer) => void;
  readonly appendFile: (file: string, data: string) => void;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Wall-clock ms: only to pace the progress lines. */
  readonly now: () => number;
  /** The Firehose transform Lambda (bin/clickstream.ts maps it to the project's handler). */
  readonly transform: TransformPort;
}

const DEFAULT_RECORDS = 50_000;
const DEFAULT_DURATION_MS = 3_600_000;
/** The generator's fixed start: a Wednesday midnight UTC, so the diurnal curve starts at night. */
const GENERATOR_START_MS = Date.UTC(2026, 10, 25, 0, 0, 0);
const PROGRESS_EVERY_MS = 250;

class UsageError extends Error {}
class InvalidError extends Error {}

interface Options {
  config?: string;
  records?: number;
  durationMs?: number;
  input?: string;
  seed: number;
  out: string;
  report: string;
}

export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim());
  if (m === null) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'min' | 'h'];
  const ms = Math.round(Number(m[1]) * factor);
  return ms > 0 ? ms : undefined;
}

const VALUE_OPTIONS = ['--config', '--input', '--out', '--report', '--records', '--seed', '--duration'];

function parseArgs(argv: readonly string[]): Options | 'help' {
  let parsed: ParsedOptions;
  const value = (name: string): string | undefined => {
    try {
      return single(parsed, name);
    } catch (e) {
      if (e instanceof OptionError) throw new UsageError(e.message);
      throw e;
    }
  };
  try {
    parsed = parseOptions(argv, { values: VALUE_OPTIONS, flags: ['--help', '-h'] });
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
  if (parsed.flags.size > 0) return 'help';
  const [extra] = parsed.positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const integer = (name: string, min: number): number | undefined => {
    const v = value(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got "${v}"`);
    return Number(v);
  };
  const o: Options = { seed: integer('--seed', 0) ?? 1, out: value('--out') ?? 'out', report: value('--report') ?? 'report.html' };
  const config = value('--config');
  const input = value('--input');
  const records = integer('--records', 1);
  if (config !== undefined) o.config = config;
  if (input !== undefined) o.input = input;
  if (records !== undefined) o.records = records;
  const duration = value('--duration');
  if (duration !== undefined) {
    const ms = parseDuration(duration);
    if (ms === undefined) throw new UsageError(`--duration must be seconds or a number with s, m or h (e.g. 90s, 30m, 1h), got "${duration}"`);
    o.durationMs = ms;
  }
  return o;
}

function readText(deps: SimulateDeps, file: string, what: string): string {
  try {
    return deps.readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readJson(deps: SimulateDeps, file: string, what: string): unknown {
  const text = readText(deps, file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${what} ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function loadConfig(deps: SimulateDeps, file: string | undefined): { raw: unknown; source: string } {
  if (file !== undefined) return { raw: readJson(deps, file, 'configuration'), source: file };
  if (!deps.exists('cdk.json')) return { raw: {}, source: 'defaults (no cdk.json)' };
  const cdk = readJson(deps, 'cdk.json', 'cdk.json') as { context?: { clickstream?: unknown } };
  return { raw: cdk.context?.clickstream ?? {}, source: 'cdk.json' };
}

/** The configured application, else the shipped example (examples/analytics, else examples/sql). */
function loadAnalytics(deps: SimulateDeps, config: ReturnType<typeof parsePipelineConfig>): AnalyticsApplication | undefined {
  const a = config.analytics;
  let sqlFile: string;
  let schemaFile: string;
  if (a !== undefined) {
    sqlFile = a.application;
    schemaFile = a.inputSchema;
  } else {
    const candidates = [['examples/analytics/clickstream.sql', 'examples/analytics/clickstream.schema.json'], ['examples/sql/clicks.sql', 'examples/sql/clicks.schema.json']];
    const found = candidates.find(([s, j]) => deps.exists(s as string) && deps.exists(j as string));
    if (found === undefined) return undefined;
    [sqlFile, schemaFile] = found as [string, string];
  }
  return {
    sql: readText(deps, sqlFile, 'analytics application'),
    inputSchema: readJson(deps, schemaFile, 'analytics input schema') as InputSchema,
    source: a === undefined ? `${sqlFile} (example: no analytics in the configuration)` : sqlFile,
    ...(a !== undefined ? { outputs: Object.keys(a.outputs) } : {}),
    ...(a?.lambda?.batchSize !== undefined ? { batchSize: a.lambda.batchSize } : {}),
    ...(a?.lambda?.boundLagSeconds !== undefined ? { boundLagMs: a.lambda.boundLagSeconds * 1000 } : {}),
  };
}

function traffic(deps: SimulateDeps, o: Options): { records: TrafficRecord[]; startMs: number; durationMs: number; label: string } {
  if (o.input !== undefined) {
    let records: TrafficRecord[];
    try {
      records = parseTrafficFile(readText(deps, o.input, 'input'));
    } catch (err) {
      if (err instanceof TrafficFileError) throw new UsageError(`${o.input}: ${err.message}`);
      throw err;
    }
    if (records.length === 0) throw new UsageError(`${o.input} holds no records`);
    const startMs = (records[0] as TrafficRecord).atMs;
    if (o.durationMs !== undefined) records = records.filter((r) => r.atMs < startMs + (o.durationMs as number));
    if (o.records !== undefined) records = records.slice(0, o.records);
    return { records, startMs, durationMs: o.durationMs ?? 0, label: o.input };
  }
  // --duration alone keeps the default rate (records per hour); --records alone keeps the hour.
  const durationMs = o.durationMs ?? DEFAULT_DURATION_MS;
  const count = o.records ?? Math.max(1, Math.round((DEFAULT_RECORDS * durationMs) / DEFAULT_DURATION_MS));
  return { records: generateClickstream({ seed: o.seed, records: count, startMs: GENERATOR_START_MS, durationMs }), startMs: GENERATOR_START_MS, durationMs, label: `generated, seed ${o.seed}` };
}

function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function progressLine(p: Progress): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const time = p.simulatedMs <= p.totalMs ? `${clockText(p.simulatedMs)} of ${clockText(p.totalMs)} simulated` : `${clockText(p.totalMs)} simulated, draining +${clockText(p.simulatedMs - p.totalMs)}`;
  return `simulate: ${n(p.produced)}/${n(p.total)} records, ${time}, ${n(p.stored)} stored, ${n(p.throttled)} throttled, ${n(p.retries)} retries\n`;
}

export async function runSimulate(argv: readonly string[], deps: SimulateDeps): Promise<number> {
  try {
    const options = parseArgs(argv);
    if (options === 'help') {
      deps.stdout(`${SIMULATE_USAGE}\n`);
      return 0;
    }
    const { raw, source } = loadConfig(deps, options.config);
    let config: ReturnType<typeof parsePipelineConfig>;
    try {
      config = parsePipelineConfig(raw, source);
    } catch (err) {
      if (err instanceof ConfigError) throw new InvalidError(err.message);
      throw err;
    }
    const analytics = loadAnalytics(deps, config);
    const input = traffic(deps, options);

    const started = new Set<string>();
    let lastProgress = -Infinity;
    let last: Progress | undefined;
    const result = await runSimulation(
      { config, traffic: input.records, seed: options.seed, startMs: input.startMs, durationMs: input.durationMs, ...(analytics !== undefined ? { analytics } : {}) },
      {
        transform: deps.transform,
        writeObject: (destination, key, body) => deps.writeFile(path.join(options.out, destination, key), body),
        writeRows: (stream, lines) => {
          const file = path.join(options.out, 'analytics', `${stream}.jsonl`);
          const text = lines.map((l) => `${l}\n`).join('');
          // The first rows of a run replace an earlier run's file.
          if (started.has(stream)) deps.appendFile(file, text);
          else deps.writeFile(file, text);
          started.add(stream);
        },
        progress: (p) => {
          last = p;
          const now = deps.now();
          if (now - lastProgress < PROGRESS_EVERY_MS) return;
          lastProgress = now;
          deps.stderr(progressLine(p));
        },
      },
    ).catch((err: unknown) => {
      // The analytics application is compiled when the run starts: its errors are the user's to fix.
      if (err instanceof Error && /^(Sql|InputSchema|SqlType)\w*Error$/.test(err.name)) throw new InvalidError(`analytics application ${analytics?.source ?? ''}: ${err.message}`);
      throw err;
    });
    if (last !== undefined) deps.stderr(progressLine(last));
    deps.writeFile(options.report, renderReport(result, { traffic: input.label, config: source }));
    deps.stdout(formatSummary(result));
    deps.stdout(`\nwrote ${options.report}, objects under ${path.join(options.out, path.sep)}${result.analytics !== undefined ? `, rows under ${path.join(options.out, 'analytics', path.sep)}` : ''}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      deps.stderr(`clickstream simulate: ${err.message}\n\n${SIMULATE_USAGE}\n`);
      return 2;
    }
    if (err instanceof InvalidError) {
      deps.stderr(`clickstream simulate: ${err.message}\n`);
      return 1;
    }
    deps.stderr(`clickstream simulate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
