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
 * - `run APP.sql --input [STREAM=]FILE... [--schema [NAME=]SCHEMA.json]... [--table NAME=FILE]...
 *   [--output FILE]` runs the application over recorded input lines, merged by rowtime when there are
 *   several inputs, with reference tables loaded from files, and writes the output lines (exit 0). An
 *   invalid application or a table record that is not a row exits 1; a malformed input line exits 2,
 *   naming its file. An input or table without `--schema` gets one discovered from its own records.
 * Bad usage and unreadable files exit 2. Nothing here prints a stack trace.
 */
import * as path from 'node:path';
import { discoverInputSchema, InputSchemaError, parseInputSchema, UnableToDetectSchemaError, type ParsedInputSchema } from '../../engine/sql/input';
import { isJsonObject, JsonSyntaxError, parseJson, renderJson } from '../../engine/sql/input/json';
import type { JsonValue } from '../../engine/sql/input/json';
import { formatSqlError, parseApplication, SqlSyntaxError } from '../../engine/sql/syntax';
import { formatAnalysisError, SqlAnalysisError } from '../../engine/sql/analyze';
import { compileApplication, DEFAULT_INPUT_STREAM, ReferenceTableError, RunnerInputError, runInputs, type CompiledApplication } from '../../engine/sql/runtime';
import type { Application, QualifiedName } from '../../engine/sql/syntax';
import { describeFileError, messageOf, stripBom } from './file-errors';
import { OptionError, parseOptions, single } from './options';

export const SQL_USAGE = `usage: clickstream sql check APP.sql [--input [STREAM=]FILE... [--schema ...] [--table ...]]
       clickstream sql discover FILE
       clickstream sql run APP.sql --input [STREAM=]FILE... [--schema [NAME=]SCHEMA.json]...
                           [--table NAME=FILE]... [--output FILE]

  check APP.sql   parse a Kinesis Analytics SQL application (CREATE STREAM / CREATE PUMP statements,
                  or one SELECT STREAM query) and list its streams, pumps and queries; a syntax error
                  is shown with its line and column. With run's --input/--schema/--table options,
                  the application is also analyzed against those inputs (streams, columns, types,
                  windows, joins) without running it.
  discover FILE   print the InputSchema (as in CreateApplication) inferred from sample records, like
                  DiscoverInputSchema. FILE holds one record a line: a JSON object or a CSV line, or
                  {"rowtime": T, "data": RECORD} lines ({"rowtime": T, "bound": true} lines are skipped)
  run APP.sql     run the application over the inputs' {"rowtime": T, "data": RECORD} / {"rowtime": T,
                  "bound": true} lines, merged by rowtime (ties: --input order), and print
                  {"stream", "rowtime", "row"} lines in emission order.
    --input [STREAM=]FILE  an input stream (repeatable); without STREAM= it is SOURCE_SQL_STREAM_001
                  (at most one such); the one without STREAM=, else the first, is the main input
    --table NAME=FILE      a reference table (repeatable): one record a line (a JSON object or a CSV
                  line), or a .json file holding an array of records
    --schema [NAME=]SCHEMA.json  the KDA InputSchema of input stream or table NAME (without NAME=:
                  the main input); default: discovered from that input's or table's records
    --output FILE  write the output lines to FILE instead of stdout

exit status: 0 ok, 1 invalid application, bad reference table record or no schema found,
             2 bad usage, unreadable file or malformed input line`;

/** An input stream's file; `stream` is SOURCE_SQL_STREAM_001 for the `--input` without STREAM=. */
export interface RunInput {
  readonly stream: string;
  readonly file: string;
}

/** A reference table's file (`--table NAME=FILE`). */
export interface RunTable {
  readonly name: string;
  readonly file: string;
}

export interface RunCommand {
  readonly app: string;
  /** In command-line order, which breaks rowtime ties when the inputs are merged. */
  readonly inputs: readonly RunInput[];
  /** The main input's stream: the `--input` without STREAM=, else the first one. */
  readonly mainStream: string;
  readonly tables: readonly RunTable[];
  /** Schema files by input stream or table name. */
  readonly schemas: ReadonlyMap<string, string>;
  readonly output?: string;
}

/** `NAME=VALUE` (a leading `=` is part of a file name) or just `VALUE`. */
function splitName(value: string): { readonly name?: string; readonly file: string } {
  const eq = value.indexOf('=');
  return eq > 0 ? { name: value.slice(0, eq), file: value.slice(eq + 1) } : { file: value };
}

/** An OptionError as this command's UsageError. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
}

/** `run`'s arguments (after `run`): APP.sql and `--flag value` / `--flag=value` options; throws UsageError. */
export function parseRunArgs(args: readonly string[]): RunCommand {
  const parsed = usage(() => parseOptions(args, { values: ['--input', '--schema', '--table', '--output'] }));
  const [app, extra] = parsed.positional;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const output = usage(() => single(parsed, '--output'));
  const valuesOf = (name: string): string[] => [...(parsed.values.get(name) ?? [])];
  if (app === undefined) throw new UsageError('missing APP.sql argument');
  const { inputs, mainStream } = parseInputs(valuesOf('--input'));
  const tables = parseTables(valuesOf('--table'), inputs);
  const schemas = parseSchemas(valuesOf('--schema'), mainStream, inputs, tables);
  return { app, inputs, mainStream, tables, schemas, ...(output !== undefined ? { output } : {}) };
}

function parseInputs(values: readonly string[]): { inputs: RunInput[]; mainStream: string } {
  if (values.length === 0) throw new UsageError('missing --input FILE');
  const inputs = values.map((v) => {
    const { name, file } = splitName(v);
    return { stream: name ?? DEFAULT_INPUT_STREAM, file, named: name !== undefined };
  });
  const unnamed = inputs.filter((i) => !i.named);
  if (unnamed.length > 1) throw new UsageError(`only one --input may omit STREAM= (it is ${DEFAULT_INPUT_STREAM}); name the others: --input STREAM=FILE`);
  checkUnique(inputs.map((i) => i.stream), (n) => `input stream ${n} is given twice`);
  const main = unnamed[0] ?? (inputs[0] as RunInput);
  return { inputs: inputs.map(({ stream, file }) => ({ stream, file })), mainStream: main.stream };
}

function parseTables(values: readonly string[], inputs: readonly RunInput[]): RunTable[] {
  const tables = values.map((v) => {
    const { name, file } = splitName(v);
    if (name === undefined) throw new UsageError(`--table ${v}: expected --table NAME=FILE`);
    return { name, file };
  });
  checkUnique([...inputs.map((i) => i.stream), ...tables.map((t) => t.name)], (n) => `${n} is given twice (streams and tables need distinct names)`);
  return tables;
}

/** A schema without NAME= is the main input's; a named one must name an input stream or a table. */
function parseSchemas(values: readonly string[], mainStream: string, inputs: readonly RunInput[], tables: readonly RunTable[]): Map<string, string> {
  const known = new Set([...inputs.map((i) => i.stream), ...tables.map((t) => t.name)]);
  const schemas = new Map<string, string>();
  for (const value of values) {
    const { name = mainStream, file } = splitName(value);
    if (!known.has(name)) throw new UsageError(`--schema ${value}: no --input or --table named ${name}`);
    if (schemas.has(name)) throw new UsageError(`several --schema for ${name}`);
    schemas.set(name, file);
  }
  return schemas;
}

function checkUnique(names: readonly string[], message: (name: string) => string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new UsageError(message(name));
    seen.add(name);
  }
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
  const help = args.includes('--help') || args.includes('-h');
  if (args[0] === 'run' && !help) return run(args.slice(1), deps);
  if (args[0] === 'check' && !help && args.slice(1).some((a) => a.startsWith('--input'))) return run(args.slice(1), deps, 'check');
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

/** A run that cannot go on: `message` goes to stderr as it is, and the run exits with `status`. */
class RunFailure extends Error {
  constructor(
    readonly status: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

const RUN = 'clickstream sql run';

/** `run`, or `check` with inputs: the same options; `check` stops after the analysis and prints a summary. */
function run(args: readonly string[], deps: SqlDeps, mode: 'run' | 'check' = 'run'): number {
  let command: RunCommand;
  try {
    command = parseRunArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    deps.stderr(`clickstream sql: ${err.message}\n\n${SQL_USAGE}\n`);
    return 2;
  }
  try {
    const texts = readRunFiles(command, deps);
    if (mode === 'check') {
      const source = texts.get(command.app) as string;
      compileFor(command, texts);
      deps.stdout(`${command.app}: OK: ${summarize(parseApplication(source))}, analyzed against ${command.inputs.map((i) => i.stream).join(', ')}\n`);
      return 0;
    }
    const text = runOnce(command, texts).map((l) => `${l}\n`).join('');
    if (command.output !== undefined) {
      if (deps.writeFile === undefined) throw new Error('no file writer');
      deps.writeFile(command.output, text);
    } else deps.stdout(text);
    return 0;
  } catch (err) {
    // Anything else is a bug, not the user's input; still a message rather than a stack trace.
    const failure = err instanceof RunFailure ? err : new RunFailure(1, `${RUN}: internal error: ${messageOf(err)}`);
    deps.stderr(`${failure.message}\n`);
    return failure.status;
  }
}

/** Every file's text by path, read in command-line order; the first unreadable one stops the run (exit 2). */
function readRunFiles(command: RunCommand, deps: SqlDeps): Map<string, string> {
  const files = [command.app, ...command.inputs.map((i) => i.file), ...command.schemas.values(), ...command.tables.map((t) => t.file)];
  const texts = new Map<string, string>();
  for (const file of files) {
    if (texts.has(file)) continue;
    try {
      texts.set(file, stripBom(deps.readFile(file)));
    } catch (err) {
      throw new RunFailure(2, `${RUN}: cannot read ${file}: ${describeFileError(err)}`);
    }
  }
  return texts;
}

/** Compiles the application against the inputs' and tables' schemas; every error the user can fix becomes a RunFailure. */
function compileFor(command: RunCommand, texts: ReadonlyMap<string, string>): { app: CompiledApplication; tableRecords: Map<string, string[]> } {
  const textOf = (file: string): string => texts.get(file) as string;
  const source = textOf(command.app);
  const inputSchemas = new Map(command.inputs.map((i) => [i.stream, inputSchema(command, i, textOf)] as const));
  const tableRecords = new Map(command.tables.map((t) => [t.name, readTableRecords(t.file, textOf(t.file))] as const));
  const tableSchemas = Object.fromEntries(command.tables.map((t) => [t.name, tableSchema(command, t, tableRecords.get(t.name) as string[], textOf)] as const));
  for (const t of command.tables) {
    // A discovered CSV schema named by a header row: that row is not a record.
    const schema = tableSchemas[t.name] as ParsedInputSchema;
    if (!command.schemas.has(t.name) && schema.format.type === 'CSV' && schema.columns.some((c) => !/^COL_\d+$/.test(c.name))) tableRecords.get(t.name)?.shift();
  }
  const others = Object.fromEntries([...inputSchemas].filter(([stream]) => stream !== command.mainStream));
  try {
    const app = compileApplication(source, inputSchemas.get(command.mainStream) as ParsedInputSchema, { inputStream: command.mainStream, inputs: others, tables: tableSchemas });
    return { app, tableRecords };
  } catch (err) {
    throw asRunFailure(err, command, source);
  }
}

/** Compiles and runs the application; every error the user can fix becomes a RunFailure. */
function runOnce(command: RunCommand, texts: ReadonlyMap<string, string>): string[] {
  const { app, tableRecords } = compileFor(command, texts);
  try {
    const inputs = command.inputs.map((i) => ({ stream: i.stream, lines: (texts.get(i.file) as string).split(/\r\n|\n|\r/) }));
    return runInputs(app, inputs, { tables: Object.fromEntries(tableRecords) });
  } catch (err) {
    throw asRunFailure(err, command, texts.get(command.app) as string);
  }
}

function asRunFailure(err: unknown, command: RunCommand, source: string): RunFailure {
  if (err instanceof SqlSyntaxError) return new RunFailure(1, `${command.app}: ${formatSqlError(source, err)}`);
  if (err instanceof SqlAnalysisError) return new RunFailure(1, `${command.app}: ${formatAnalysisError(source, err)}`);
  if (err instanceof RunnerInputError) {
    // The engine names the stream; the user knows the file.
    const file = command.inputs.find((i) => i.stream === err.stream)?.file ?? command.inputs[0]?.file;
    return new RunFailure(2, `${RUN}: ${file} ${err.message}`);
  }
  if (err instanceof ReferenceTableError) {
    const file = command.tables.find((t) => t.name === err.table)?.file;
    return new RunFailure(1, `${RUN}: ${file}: ${err.message}`);
  }
  // A bug, not the user's input; still a message rather than a stack trace.
  return new RunFailure(1, `${RUN}: internal error: ${messageOf(err)}`);
}

/** An input's schema: its --schema file, else discovered from its own records. */
function inputSchema(command: RunCommand, input: RunInput, textOf: (file: string) => string): ParsedInputSchema {
  const schemaFile = command.schemas.get(input.stream);
  if (schemaFile !== undefined) return readSchema(schemaFile, textOf(schemaFile));
  let samples: string[];
  try {
    samples = sampleRecords(textOf(input.file), true);
  } catch (err) {
    if (err instanceof SampleFileError) throw new RunFailure(2, `${RUN}: ${input.file} ${err.message}`);
    throw err;
  }
  const hint = input.stream === command.mainStream && command.inputs.length === 1 ? '--schema' : `--schema ${input.stream}=SCHEMA.json`;
  return discoverSchema(input.file, samples, hint);
}

/** A reference table's schema: its --schema file, else discovered from its records. */
function tableSchema(command: RunCommand, table: RunTable, records: readonly string[], textOf: (file: string) => string): ParsedInputSchema {
  const schemaFile = command.schemas.get(table.name);
  if (schemaFile !== undefined) return readSchema(schemaFile, textOf(schemaFile));
  return discoverSchema(table.file, records, `--schema ${table.name}=SCHEMA.json`);
}

function discoverSchema(file: string, samples: readonly string[], hint: string): ParsedInputSchema {
  try {
    return parseInputSchema(discoverInputSchema(samples));
  } catch (err) {
    if (err instanceof UnableToDetectSchemaError) throw new RunFailure(1, `${RUN}: ${file}: unable to detect a schema (give ${hint}): ${err.message}`);
    throw err;
  }
}

/** Parsed here rather than by compileApplication, so that an invalid schema is reported with its file. */
function readSchema(file: string, text: string): ParsedInputSchema {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RunFailure(1, `${RUN}: ${file} is not JSON: ${messageOf(err)}`);
  }
  try {
    return parseInputSchema(value);
  } catch (err) {
    if (err instanceof InputSchemaError) throw new RunFailure(1, `${RUN}: ${file}: ${err.message}`); // the message says "Invalid InputSchema: ..."
    throw err;
  }
}

/**
 * A reference table's records: one a line (blank lines skipped), a JSON object or a CSV line; or, in a
 * .json file holding a top-level array, its elements. Elements keep their numbers as written (1.0 stays
 * REAL for discovery), as sampleRecords does.
 */
export function readTableRecords(file: string, text: string): string[] {
  if (path.extname(file).toLowerCase() === '.json' && text.trimStart().startsWith('[')) {
    let value: JsonValue;
    try {
      value = parseJson(text);
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw new RunFailure(1, `${RUN}: ${file}: not valid JSON (${err.message}); expected an array of records or one record a line`);
      throw err;
    }
    return (value as JsonValue[]).map(renderJson);
  }
  return text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
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
