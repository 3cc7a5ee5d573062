/**
 * `clickstream sql check APP.sql` and `clickstream sql discover FILE` (DESIGN.md, "SQL runner"). A host:
 * it reads files, calls the engine's parser and schema discovery, and formats what they say.
 *
 * - `check` parses the application and prints one line naming its streams, pumps and queries (exit 0),
 *   or the syntax error with its line, column, source line and caret (exit 1). Only the syntax is
 *   checked: names and types are the analyzer's, which arrives with the runtime.
 * - `discover` reads sample records, one a line: raw records (a JSON object or a CSV line) or the SQL
 *   runner's input lines `{"rowtime": T, "data": RECORD}` (rowtime bounds are skipped), and prints the
 *   InputSchema DiscoverInputSchema would propose, as JSON with a 2-space indent (exit 0), or why no
 *   schema could be found (exit 1).
 * - `run APP.sql --input [STREAM=]FILE [--schema SCHEMA.json] [--output FILE]` runs the application over
 *   recorded input lines and writes the output lines (exit 0); an invalid application exits 1 with its
 *   positioned error. Without `--schema` the schema is discovered from the input, like the console did.
 *   One input stream for now (joins of several inputs arrive with the join operators).
 * Bad usage and unreadable files exit 2. Nothing here prints a stack trace.
 */
import * as path from 'node:path';
import { discoverInputSchema, UnableToDetectSchemaError } from '../../engine/sql/input';
import { isJsonObject, JsonSyntaxError, parseJson, renderJson } from '../../engine/sql/input/json';
import type { JsonValue } from '../../engine/sql/input/json';
import { formatSqlError, parseApplication, SqlSyntaxError } from '../../engine/sql/syntax';
import { formatAnalysisError, SqlAnalysisError } from '../../engine/sql/analyze';
import { InputSchemaError, type InputSchema } from '../../engine/sql/input';
import { compileApplication, runApplication, RunnerInputError } from '../../engine/sql/runtime';
import type { Application, QualifiedName } from '../../engine/sql/syntax';

export const SQL_USAGE = `usage: clickstream sql check APP.sql
       clickstream sql discover FILE
       clickstream sql run APP.sql --input [STREAM=]FILE [--schema SCHEMA.json] [--output FILE]

  check APP.sql   parse a Kinesis Analytics SQL application (CREATE STREAM / CREATE PUMP statements,
                  or one SELECT STREAM query) and list its streams, pumps and queries; a syntax error
                  is shown with its line and column. Names and types are not checked yet.
  discover FILE   print the InputSchema (as in CreateApplication) inferred from sample records, like
                  DiscoverInputSchema. FILE holds one record a line: a JSON object or a CSV line, or
                  {"rowtime": T, "data": RECORD} lines ({"rowtime": T, "bound": true} lines are skipped)
  run APP.sql     run the application over FILE's {"rowtime": T, "data": RECORD} / {"rowtime": T,
                  "bound": true} lines and print {"stream", "rowtime", "row"} lines in emission order.
                  STREAM= names the input stream (default SOURCE_SQL_STREAM_001); --schema is the
                  KDA InputSchema (default: discovered from the input). Supported so far: streams,
                  pumps, projection and WHERE, tumbling GROUP BY windows, error_stream.

exit status: 0 ok, 1 invalid application or no schema found, 2 bad usage or unreadable file`;

export interface RunCommand {
  readonly app: string;
  readonly input: string;
  readonly inputStream?: string;
  readonly schema?: string;
  readonly output?: string;
}

/** `run`'s arguments (after `run`): APP.sql and `--flag value` / `--flag=value` options; throws UsageError. */
export function parseRunArgs(args: readonly string[]): RunCommand {
  let app: string | undefined;
  const inputs: string[] = [];
  let schema: string | undefined;
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      if (app !== undefined) throw new UsageError(`unexpected argument "${arg}"`);
      app = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!['--input', '--schema', '--output'].includes(name)) throw new UsageError(`unknown option ${name}`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new UsageError(`option ${name} needs a value`);
    if (name === '--input') inputs.push(value);
    else if (name === '--schema') schema = value;
    else output = value;
  }
  if (app === undefined) throw new UsageError('missing APP.sql argument');
  if (inputs.length === 0) throw new UsageError('missing --input FILE');
  if (inputs.length > 1) throw new UsageError('several --input streams (joins) are not supported yet: give one --input');
  const input = inputs[0] as string;
  const eq = input.indexOf('=');
  const stream = eq > 0 ? input.slice(0, eq) : undefined;
  return {
    app,
    input: stream === undefined ? input : input.slice(eq + 1),
    ...(stream !== undefined ? { inputStream: stream } : {}),
    ...(schema !== undefined ? { schema } : {}),
    ...(output !== undefined ? { output } : {}),
  };
}

/** What `runSql` needs from the outside world (injected so tests run it in-process). */
export interface SqlDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The file's text as UTF-8; throws (an ErrnoException) when it cannot be read. */
  readonly readFile: (file: string) => string;
  /** Writes `--output`; throws when it cannot. */
  readonly writeFile?: (file: string, text: string) => void;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type SqlCommand = { readonly help: true } | { readonly help: false; readonly subcommand: 'check' | 'discover'; readonly file: string };

const SUBCOMMANDS = ['check', 'discover', 'run'] as const;

/** Parse `sql`'s arguments; throws UsageError. `--` ends the options (for a file named `-x`). */
export function parseSqlArgs(args: readonly string[]): SqlCommand {
  const positional: string[] = [];
  let help = false;
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg === '--') {
      optionsEnded = true;
    } else if (!optionsEnded && (arg === '--help' || arg === '-h')) {
      help = true;
    } else if (!optionsEnded && arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg}`);
    } else {
      positional.push(arg);
    }
  }
  const [subcommand, file, extra] = positional;
  if (subcommand !== undefined && !(SUBCOMMANDS as readonly string[]).includes(subcommand)) throw new UsageError(`unknown subcommand "${subcommand}"`);
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  if (help) return { help: true };
  if (subcommand === undefined) throw new UsageError('missing subcommand (check, discover or run)');
  if (subcommand === 'run') throw new UsageError('run must be the first argument: clickstream sql run APP.sql --input FILE');
  if (file === undefined || file === '') throw new UsageError(`missing ${subcommand === 'check' ? 'APP.sql' : 'FILE'} argument`);
  return { help: false, subcommand: subcommand as 'check' | 'discover', file };
}

/** Run `sql`; resolves with the exit status (0 ok, 1 invalid application or no schema, 2 bad usage or unreadable file). */
export async function runSql(args: readonly string[], deps: SqlDeps): Promise<number> {
  if (args[0] === 'run' && !args.includes('--help') && !args.includes('-h')) return run(args.slice(1), deps);
  let command: SqlCommand;
  try {
    command = parseSqlArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    deps.stderr(`clickstream sql: ${err.message}\n\n${SQL_USAGE}\n`);
    return 2;
  }
  if (command.help) {
    deps.stdout(`${SQL_USAGE}\n`);
    return 0;
  }
  const prefix = `clickstream sql ${command.subcommand}`;
  let text: string;
  try {
    text = stripBom(deps.readFile(command.file));
  } catch (err) {
    deps.stderr(`${prefix}: cannot read ${command.file}: ${describeFileError(err)}\n`);
    return 2;
  }
  try {
    return command.subcommand === 'check' ? check(command.file, text, deps) : discover(command.file, text, deps);
  } catch (err) {
    // A bug, not the user's input; still a message rather than a stack trace.
    deps.stderr(`${prefix}: internal error: ${messageOf(err)}\n`);
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// check

function check(file: string, source: string, deps: SqlDeps): number {
  let app: Application;
  try {
    app = parseApplication(source);
  } catch (err) {
    if (!(err instanceof SqlSyntaxError)) throw err;
    deps.stderr(`${file}: ${formatSqlError(source, err)}\n`);
    return 1;
  }
  if (app.statements.length === 0) {
    deps.stderr(`${file}: no statements: expected CREATE STREAM, CREATE PUMP or SELECT STREAM\n`);
    return 1;
  }
  deps.stdout(`${file}: syntax OK: ${summarize(app)}\n`);
  return 0;
}

/** `2 streams (A, B), 2 pumps (P, Q), 0 queries`. */
export function summarize(app: Application): string {
  const streams: string[] = [];
  const pumps: string[] = [];
  let queries = 0;
  for (const statement of app.statements) {
    if (statement.kind === 'CreateStream') streams.push(nameText(statement.name));
    else if (statement.kind === 'CreatePump') pumps.push(nameText(statement.name));
    else queries++;
  }
  const count = (n: number, one: string, many: string, names: readonly string[] = []): string =>
    `${n} ${n === 1 ? one : many}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
  return `${count(streams.length, 'stream', 'streams', streams)}, ${count(pumps.length, 'pump', 'pumps', pumps)}, ${count(queries, 'query', 'queries')}`;
}

const nameText = (name: QualifiedName): string => name.parts.map((p) => p.name).join('.');

// ---------------------------------------------------------------------------------------------
// run

function run(args: readonly string[], deps: SqlDeps): number {
  let command: RunCommand;
  try {
    command = parseRunArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    deps.stderr(`clickstream sql: ${err.message}\n\n${SQL_USAGE}\n`);
    return 2;
  }
  const read = (file: string): string | undefined => {
    try {
      return stripBom(deps.readFile(file));
    } catch (err) {
      deps.stderr(`clickstream sql run: cannot read ${file}: ${describeFileError(err)}\n`);
      return undefined;
    }
  };
  const source = read(command.app);
  const input = source === undefined ? undefined : read(command.input);
  const schemaText = input === undefined || command.schema === undefined ? undefined : read(command.schema);
  if (source === undefined || input === undefined || (command.schema !== undefined && schemaText === undefined)) return 2;
  try {
    let schema: unknown;
    if (schemaText !== undefined) {
      try {
        schema = JSON.parse(schemaText);
      } catch (err) {
        deps.stderr(`clickstream sql run: ${command.schema} is not JSON: ${messageOf(err)}\n`);
        return 1;
      }
    } else {
      schema = discoverInputSchema(sampleRecords(input, true));
    }
    const app = compileApplication(source, schema as InputSchema, command.inputStream !== undefined ? { inputStream: command.inputStream } : {});
    const lines = runApplication(app, input.split(/\r\n|\n|\r/).filter((l) => l.trim() !== ''));
    const text = lines.map((l) => `${l}\n`).join('');
    if (command.output !== undefined) {
      if (deps.writeFile === undefined) throw new Error('no file writer');
      deps.writeFile(command.output, text);
    } else deps.stdout(text);
    return 0;
  } catch (err) {
    if (err instanceof SqlSyntaxError) deps.stderr(`${command.app}: ${formatSqlError(source, err)}\n`);
    else if (err instanceof SqlAnalysisError) deps.stderr(`${command.app}: ${formatAnalysisError(source, err)}\n`);
    else if (err instanceof InputSchemaError) deps.stderr(`clickstream sql run: invalid InputSchema: ${err.message}\n`);
    else if (err instanceof UnableToDetectSchemaError) deps.stderr(`clickstream sql run: ${command.input}: unable to detect a schema (give --schema): ${err.message}\n`);
    else if (err instanceof SampleFileError || err instanceof RunnerInputError) {
      deps.stderr(`clickstream sql run: ${command.input} ${err.message}\n`);
      return 2;
    } else {
      deps.stderr(`clickstream sql run: internal error: ${messageOf(err)}\n`);
    }
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// discover

/** Thrown for a sample file that cannot be read as records; exit 1 with `FILE line N: ...`. */
class SampleFileError extends Error {}

const JSON_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.json']);

function discover(file: string, text: string, deps: SqlDeps): number {
  let samples: string[];
  try {
    samples = sampleRecords(text, JSON_EXTENSIONS.has(path.extname(file).toLowerCase()));
  } catch (err) {
    if (!(err instanceof SampleFileError)) throw err;
    deps.stderr(`clickstream sql discover: ${file} ${err.message}\n`);
    return 1;
  }
  try {
    deps.stdout(`${JSON.stringify(discoverInputSchema(samples), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof UnableToDetectSchemaError)) throw err;
    deps.stderr(`clickstream sql discover: ${file}: unable to detect a schema: ${err.message}\n`);
    return 1;
  }
}

type Envelope = { readonly bound: true } | { readonly bound: false; readonly data: JsonValue };

/**
 * `{"rowtime": T, "data": RECORD}` or `{"rowtime": T, "bound": true}` and nothing else, else undefined.
 * (A raw record with exactly these keys would be taken for an input line; such records are unlikely.)
 */
function asEnvelope(value: JsonValue): Envelope | undefined {
  if (!isJsonObject(value) || !value.has('rowtime')) return undefined;
  const keys = [...value.keys()].sort().join(',');
  if (keys === 'data,rowtime') return { bound: false, data: value.get('data') as JsonValue };
  if (keys === 'bound,rowtime' && value.get('bound') === true) return { bound: true };
  return undefined;
}

function tryParseJson(line: string): JsonValue | undefined {
  try {
    return parseJson(line);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return undefined;
    throw err;
  }
}

/**
 * The sample records of a file, one a line (blank lines skipped). When the first line is an input line
 * (`{"rowtime": ..., "data"|"bound": ...}`) every line must be one, and the samples are their `data`: a
 * string is a CSV line, anything else its JSON text. Otherwise each line is a record as it is; in a
 * .jsonl/.ndjson/.json file each must be JSON.
 */
export function sampleRecords(text: string, jsonFile: boolean): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  const samples: string[] = [];
  let envelopes: boolean | undefined;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const at = `line ${index + 1}`;
    if (envelopes === undefined) {
      const first = tryParseJson(line);
      envelopes = first !== undefined && asEnvelope(first) !== undefined;
    }
    if (envelopes) {
      const value = tryParseJson(line);
      if (value === undefined) throw new SampleFileError(`${at}: not valid JSON; expected {"rowtime": T, "data": RECORD} as on the first line`);
      const envelope = asEnvelope(value);
      if (envelope === undefined) throw new SampleFileError(`${at}: expected {"rowtime": T, "data": RECORD} or {"rowtime": T, "bound": true} as on the first line`);
      if (!envelope.bound) samples.push(typeof envelope.data === 'string' ? envelope.data : renderJson(envelope.data));
      return;
    }
    if (jsonFile) {
      try {
        parseJson(line);
      } catch (err) {
        if (err instanceof JsonSyntaxError) throw new SampleFileError(`${at}: not valid JSON (${err.message}); expected one JSON record a line`);
        throw err;
      }
    }
    samples.push(line);
  });
  return samples;
}

// ---------------------------------------------------------------------------------------------

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `no such file or directory (ENOENT)`, from Node's `ENOENT: no such file or directory, open 'x'`. */
function describeFileError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = messageOf(err);
  const match = /^([A-Z0-9_]+): ([^,]+)/.exec(message);
  if (match !== null && match[1] === code) return `${match[2]} (${code})`;
  return message;
}

/** An error's message; `instanceof Error` is not used, as errors may come from another realm (fs under jest). */
function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(err);
}
