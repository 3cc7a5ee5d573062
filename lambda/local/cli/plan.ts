/**
 * `clickstream plan`: shard count, hot shards and monthly cost for a workload (DESIGN.md, issue 7). A
 * host: it reads the input, configuration and price files, calls the engine's planner (engine/plan/)
 * and prints its report. Nothing here prints a stack trace.
 */
import defaultPrices from '../../../pricing/kinesis-firehose-us-east-1.json';
import { ConfigError, parsePipelineConfig } from '../../engine/config/pipeline-config';
import { MAX_RECORD_SIZE_KIB } from '../../engine/kinesis/limits';
import { buildPlan, summarizeConfig, type PipelineSummary } from '../../engine/plan/plan';
import { parsePriceTable, PriceTableError, type PriceTable } from '../../engine/plan/prices';
import { parseRecordedLines, RecordedInputError } from '../../engine/plan/recorded-input';
import { formatPlan, planToJson } from '../../engine/plan/report';
import { DEFAULT_HEADROOM } from '../../engine/plan/shards';
import { recordedWorkload, uniformWorkload, WorkloadError, type Workload } from '../../engine/plan/workload';
import { describeFileError, messageOf, stripBom } from './file-errors';
import { OptionError, parseOptions, single, type ParsedOptions } from './options';

export const DEFAULT_PRICES_FILE = 'pricing/kinesis-firehose-us-east-1.json';

export const PLAN_USAGE = `usage: clickstream plan --peak-rps N --record-bytes B [options]
       clickstream plan --input FILE.jsonl [--peak-rps N] [options]

  Recommends a provisioned shard count (or on-demand), shows hot shards of the even hash-key layout
  with the SplitShard NewStartingHashKey that fixes each, and estimates the monthly cost of both
  capacity modes from a price table.

  workload (one of):
    --peak-rps N --record-bytes B  N records/s at the peak, B bytes each (partition key + data),
                          random partition keys
    --input FILE.jsonl    recorded traffic, one record a line: {"partitionKey"?, "data", "time"?},
                          the SQL runner's {"rowtime", "data"} lines, or raw click events (keyed by
                          sessionId, else userId, else anonymousId); times are epoch ms or ISO-8601.
                          With --peak-rps, the file's rates are scaled so that its peak is N.
  options:
    --average-rps N       the average rate the month is costed at (default: the peak, or the file's)
    --headroom H          shards are sized for the peak times H (default ${DEFAULT_HEADROOM}, at least 1)
    --config FILE         the pipeline configuration (as examples/*.json; default: the "clickstream"
                          object in ./cdk.json, else the built-in defaults)
    --prices FILE         the price table (default: ${DEFAULT_PRICES_FILE}, in the repository)
    --json                print the plan as JSON

exit status: 0 ok, 1 invalid configuration or price table, or a workload with no rates,
             2 bad usage, unreadable file or malformed input line`;

/** What `runPlan` needs from the outside world (injected so tests run it in-process). */
export interface PlanDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The file's text as UTF-8; throws (an ErrnoException) when it cannot be read. */
  readonly readFile: (file: string) => string;
}

export class PlanUsageError extends Error {}

export interface PlanCommand {
  readonly help: boolean;
  readonly input?: string;
  readonly peakRps?: number;
  readonly recordBytes?: number;
  readonly averageRps?: number;
  readonly headroom: number;
  readonly config?: string;
  readonly prices?: string;
  readonly json: boolean;
}

const VALUE_OPTIONS = ['--input', '--peak-rps', '--record-bytes', '--average-rps', '--headroom', '--config', '--prices'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

function positiveNumber(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new PlanUsageError(`${name} must be a number > 0, got "${value}"`);
  return n;
}

/** `plan`'s arguments: `--flag value` or `--flag=value`; throws PlanUsageError. */
export function parsePlanArgs(args: readonly string[]): PlanCommand {
  let parsed: ParsedOptions;
  const values = new Map<ValueOption, string>();
  try {
    parsed = parseOptions(args, { values: VALUE_OPTIONS, flags: ['--json', '--help', '-h'] });
    for (const name of VALUE_OPTIONS) {
      const value = single(parsed, name);
      if (value !== undefined) values.set(name, value);
    }
  } catch (e) {
    if (e instanceof OptionError) throw new PlanUsageError(e.message);
    throw e;
  }
  const [extra] = parsed.positional;
  if (extra !== undefined) throw new PlanUsageError(`unexpected argument "${extra}"`);
  const json = parsed.flags.has('--json');
  const help = parsed.flags.has('--help') || parsed.flags.has('-h');
  if (help) return { help: true, headroom: DEFAULT_HEADROOM, json };
  const num = (name: ValueOption): number | undefined => {
    const v = values.get(name);
    return v === undefined ? undefined : positiveNumber(name, v);
  };
  const input = values.get('--input');
  const peakRps = num('--peak-rps');
  const recordBytes = num('--record-bytes');
  const averageRps = num('--average-rps');
  const headroom = num('--headroom') ?? DEFAULT_HEADROOM;
  if (headroom < 1) throw new PlanUsageError(`--headroom must be at least 1, got ${headroom}`);
  if (input !== undefined && recordBytes !== undefined) throw new PlanUsageError('--record-bytes goes with --peak-rps, not --input (the file gives the sizes)');
  if (input === undefined && (peakRps === undefined || recordBytes === undefined)) {
    throw new PlanUsageError('give a workload: --peak-rps N --record-bytes B, or --input FILE.jsonl');
  }
  const maxBytes = MAX_RECORD_SIZE_KIB.max * 1024;
  if (recordBytes !== undefined && (!Number.isInteger(recordBytes) || recordBytes > maxBytes)) {
    throw new PlanUsageError(`--record-bytes must be an integer from 1 to ${maxBytes} (a record's largest size)`);
  }
  if (averageRps !== undefined && peakRps !== undefined && averageRps > peakRps) throw new PlanUsageError('--average-rps must not exceed --peak-rps');
  const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));
  return {
    help: false,
    headroom,
    json,
    ...opt('input', input),
    ...opt('peakRps', peakRps),
    ...opt('recordBytes', recordBytes),
    ...opt('averageRps', averageRps),
    ...opt('config', values.get('--config')),
    ...opt('prices', values.get('--prices')),
  };
}

/** A failure the user can fix: `message` goes to stderr as it is, and plan exits with `status`. */
class PlanFailure extends Error {
  constructor(
    readonly status: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

const PREFIX = 'clickstream plan';

/** Run `plan`; resolves with the exit status (0 ok, 1 invalid configuration/prices/workload, 2 bad usage or input). */
export async function runPlan(args: readonly string[], deps: PlanDeps): Promise<number> {
  let command: PlanCommand;
  try {
    command = parsePlanArgs(args);
  } catch (err) {
    if (!(err instanceof PlanUsageError)) throw err;
    deps.stderr(`${PREFIX}: ${err.message}\n\n${PLAN_USAGE}\n`);
    return 2;
  }
  if (command.help) {
    deps.stdout(`${PLAN_USAGE}\n`);
    return 0;
  }
  try {
    const { prices, pricesSource } = loadPrices(command, deps);
    const pipeline = loadConfig(command, deps);
    const workload = loadWorkload(command, deps);
    const plan = buildPlan(workload, pipeline, prices, { headroom: command.headroom });
    deps.stdout(command.json ? `${JSON.stringify(planToJson(plan, pricesSource), null, 2)}\n` : formatPlan(plan, pricesSource));
    return 0;
  } catch (err) {
    if (err instanceof PlanFailure) {
      deps.stderr(`${err.message}\n`);
      return err.status;
    }
    // A bug, not the user's input; still a message rather than a stack trace.
    deps.stderr(`${PREFIX}: internal error: ${messageOf(err)}\n`);
    return 1;
  }
}

function readText(file: string, deps: PlanDeps): string {
  try {
    const text = deps.readFile(file);
    return stripBom(text);
  } catch (err) {
    throw new PlanFailure(2, `${PREFIX}: cannot read ${file}: ${describeFileError(err)}`);
  }
}

function readJson(file: string, deps: PlanDeps): unknown {
  const text = readText(file, deps);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PlanFailure(1, `${PREFIX}: ${file} is not JSON: ${messageOf(err)}`);
  }
}

function loadPrices(command: PlanCommand, deps: PlanDeps): { prices: PriceTable; pricesSource: string } {
  const file = command.prices;
  const raw = file === undefined ? defaultPrices : readJson(file, deps);
  const pricesSource = file ?? DEFAULT_PRICES_FILE;
  try {
    return { prices: parsePriceTable(raw, pricesSource), pricesSource };
  } catch (err) {
    if (err instanceof PriceTableError) throw new PlanFailure(1, `${PREFIX}: ${err.message}`);
    throw err;
  }
}

/** --config FILE, else ./cdk.json's "clickstream" context (what `cdk synth` reads), else the defaults. */
function loadConfig(command: PlanCommand, deps: PlanDeps): PipelineSummary {
  let raw: unknown = {};
  let source = 'defaults';
  if (command.config !== undefined) {
    raw = readJson(command.config, deps);
    source = command.config;
  } else {
    let text: string | undefined;
    try {
      text = deps.readFile('cdk.json');
    } catch {
      // No cdk.json here: plan against the defaults.
    }
    if (text !== undefined) {
      let cdk: unknown;
      try {
        cdk = JSON.parse(text);
      } catch (err) {
        throw new PlanFailure(1, `${PREFIX}: cdk.json is not JSON: ${messageOf(err)}`);
      }
      const context = (cdk as { context?: { clickstream?: unknown } } | null)?.context;
      if (context?.clickstream !== undefined) {
        raw = context.clickstream;
        source = 'cdk.json';
      }
    }
  }
  try {
    return summarizeConfig(parsePipelineConfig(raw, source), source);
  } catch (err) {
    if (err instanceof ConfigError) throw new PlanFailure(1, `${PREFIX}: ${err.message}`);
    throw err;
  }
}

function loadWorkload(command: PlanCommand, deps: PlanDeps): Workload {
  try {
    if (command.input === undefined) {
      return uniformWorkload(command.peakRps as number, command.recordBytes as number, command.averageRps);
    }
    const file = command.input;
    const text = readText(file, deps);
    const records = parseRecordedLines(text, (lines) => deps.stderr(`${PREFIX}: ${file}: ${lines.toLocaleString('en-US')} lines read\n`));
    try {
      return recordedWorkload(records, {
        ...(command.peakRps !== undefined ? { peakRecordsPerSecond: command.peakRps } : {}),
        ...(command.averageRps !== undefined ? { averageRecordsPerSecond: command.averageRps } : {}),
      });
    } catch (err) {
      if (err instanceof RecordedInputError) throw new PlanFailure(2, `${PREFIX}: ${file} ${err.message}`);
      if (err instanceof WorkloadError) throw new PlanFailure(1, `${PREFIX}: ${file}: ${err.message}`);
      throw err;
    }
  } catch (err) {
    if (err instanceof WorkloadError) throw new PlanFailure(1, `${PREFIX}: ${err.message}`);
    throw err;
  }
}

