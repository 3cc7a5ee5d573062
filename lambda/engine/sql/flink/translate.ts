/**
 * The statement plan of a translated application:
 * 1. CREATE TABLE for the input stream (Kinesis source, ROWTIME = arrival time with a watermark);
 * 2. CREATE TABLE per output stream (Kinesis or Firehose sink, JSON);
 * 3. CREATE TEMPORARY VIEW per intermediate stream (the UNION ALL of the pumps that feed it), each
 *    after the views it reads, and per subquery, CURSOR and table function;
 * 4. INSERT INTO per pump that writes an output stream.
 * Views carry a ROWTIME column so that windows downstream have a time attribute.
 */
import { DEFAULT_INPUT_STREAM, ERROR_STREAM, QUERY_STREAM, compileApplication, type CompiledQuery } from '../runtime';
import { parseInputSchema, type InputSchema } from '../input';
import { parseApplication, walkAst, type AstNode, type CreatePump, type Expr, type Identifier, type QueryStatement, type Statement } from '../syntax';
import type { ColumnSpec } from '../analyze';
import { FlinkTranslateError, noFlinkEquivalent } from './errors';
import { q } from './identifiers';
import type { FlinkTranslateOptions, FlinkTranslation } from './index';
import { aliased, translateQuery, type QueryEnv, type StreamInfo, type TranslatedQuery } from './query';
import { APPROXIMATE_ARRIVAL_TIME, ROWTIME, WATERMARK_DELAY, sinkTable, sourceTable } from './tables';
import { flinkType, sameFlinkType } from './types';
import { tumbleOf } from './windows';

const NOTE_ROWTIME = `ROWTIME is the Kinesis arrival time (metadata 'timestamp', as APPROXIMATE_ARRIVAL_TIME) cast to TIMESTAMP(3), with WATERMARK ROWTIME - ${WATERMARK_DELAY}: records arriving more than 1 second out of order are late and dropped by windows, where KDA orders rows by their arrival in the application.`;
const NOTE_UTC = 'Casts between TIMESTAMP_LTZ and TIMESTAMP (ROWTIME, TO_TIMESTAMP) assume the session time zone is UTC (table.local-time-zone), the default on Managed Service for Apache Flink; CURRENT_ROW_TIMESTAMP() is a TIMESTAMP_LTZ(3).';
const NOTE_JSON = "Malformed records and values that do not convert are read as NULL fields or skipped ('json.ignore-parse-errors'), where KDA sends the row to error_stream; Flink has no error_stream.";
const NOTE_CSV = "Each Kinesis record is read as one CSV row (KDA splits records on the row delimiter); malformed fields are read as NULL ('csv.ignore-parse-errors'), where KDA sends the row to error_stream.";
const NOTE_SINKS = 'Sinks write JSON objects keyed by column name; an INSERT casts each value to the destination column type (a longer VARCHAR is truncated, as in KDA).';
const NOTE_STATEMENT_SET = 'Run the INSERT statements together (one STATEMENT SET) so that they form one job reading the source once.';

/** A pump, or the bare query, with the engine's analysis of it. */
interface Writer {
  readonly name: string;
  readonly statement: CreatePump | QueryStatement;
  readonly target: string;
  readonly compiled: CompiledQuery;
}

export function translateApplication(source: string, inputSchema: InputSchema, options: FlinkTranslateOptions): FlinkTranslation {
  const inputStream = options.inputStream ?? DEFAULT_INPUT_STREAM;
  const app = parseApplication(source);
  const declared = new Set(app.statements.flatMap((s) => (s.kind === 'CreateStream' ? [s.name.parts.map((p) => p.name).join('.')] : [])));
  precheck(app.statements, declared, inputStream);
  const compiled = compileApplication(source, inputSchema, { inputStream });
  checkOutputs(options, declared, app.statements);

  const writers = writersOf(app.statements, compiled.queries);
  const notes = new Set<string>([NOTE_ROWTIME, NOTE_UTC, parseInputSchema(inputSchema).format.type === 'JSON' ? NOTE_JSON : NOTE_CSV, NOTE_SINKS]);
  const views: string[] = [];
  const inserts: string[] = [];
  const infos = new Map<string, StreamInfo>();
  const inProgress = new Set<string>();
  const hiddenCount = new Map<string, number>();

  const input = compiled.streams.get(inputStream);
  const inputColumns = (input?.columns ?? []).slice(0, input?.starColumns ?? input?.columns.length).map((c) => c.name);
  infos.set(inputStream, { name: inputStream, columns: inputColumns, timeAttribute: true });

  const envFor = (owner: string): QueryEnv => ({
    stream: (name, node) => streamInfo(name, node),
    hide: (kind, body, columns, timeAttribute) => {
      const n = (hiddenCount.get(owner) ?? 0) + 1;
      hiddenCount.set(owner, n);
      let name = `${owner}_${kind}_${n}`;
      while (compiled.streams.has(name)) name += '_'; // never shadow a stream of the application
      views.push(`CREATE TEMPORARY VIEW ${q(name)} AS\n${body}`);
      return { name, columns, timeAttribute };
    },
    note: (text) => notes.add(text),
  });

  /** The select of a writer, its columns cast and named as the target's, plus ROWTIME for a view. */
  const writerSelect = (w: Writer, columns: readonly ColumnSpec[], forView: boolean): { sql: string; t: TranslatedQuery } => {
    const query = w.statement.kind === 'CreatePump' ? w.statement.insert.query : w.statement.query;
    const t = translateQuery(query, envFor(w.name));
    const map = w.compiled.insertMap ?? columns.map((_, i) => i);
    const list = columns.map((c, j) => {
      const src = map[j] ?? -1;
      const item = t.items[src];
      const type = w.compiled.columns[src]?.expr.type;
      if (item === undefined || type === undefined) return `CAST(NULL AS ${flinkType(c.type)}) AS ${q(c.name)}`;
      // Flink checks INSERT types strictly (BIGINT into INT fails) and does not truncate: cast unless the type is known equal.
      const sql = item.node !== undefined && keepsType(item.node) && sameFlinkType(type, c.type) ? item.sql : `CAST(${item.sql} AS ${flinkType(c.type)})`;
      return aliased(sql, c.name);
    });
    if (forView) list.push(aliased(t.rowtime, ROWTIME));
    return { sql: t.render(list, forView), t };
  };

  /** The view of an intermediate stream, translated on first use so that it follows what it reads. */
  function streamInfo(name: string, node: AstNode): StreamInfo | undefined {
    const known = infos.get(name);
    if (known !== undefined) return known;
    const def = compiled.streams.get(name);
    if (def === undefined || !declared.has(name)) return undefined;
    if (options.outputs[name] !== undefined) {
      throw noFlinkEquivalent(node, `Reading the output stream ${name}`, 'its Flink table is a sink; write the rows to an intermediate stream as well and read that one');
    }
    const feeding = writers.filter((w) => w.target === name);
    if (feeding.length === 0) throw noFlinkEquivalent(node, `Reading the stream ${name}`, 'no pump writes it');
    if (inProgress.has(name)) throw noFlinkEquivalent(node, `The stream ${name}`, 'it reads itself');
    inProgress.add(name);
    const branches = feeding.map((w) => writerSelect(w, def.columns, true));
    const info: StreamInfo = { name, columns: def.columns.map((c) => c.name), timeAttribute: branches.every((b) => b.t.timeAttribute) };
    views.push(`CREATE TEMPORARY VIEW ${q(name)} AS\n${branches.map((b) => b.sql).join('\nUNION ALL\n')}`);
    infos.set(name, info);
    return info;
  }

  const statements: string[] = [sourceTable(inputStream, compiled.inputSchema, options.inputStreamName, options.region)];
  const sinkNames = Object.keys(options.outputs);
  for (const st of app.statements) {
    if (st.kind === 'CreateStream') {
      const name = st.name.parts.map((p) => p.name).join('.');
      const sink = options.outputs[name];
      const def = compiled.streams.get(name);
      // OR REPLACE may declare a stream twice: one table, as declared last.
      if (sink !== undefined && def !== undefined && !statements.some((s) => s.startsWith(`CREATE TABLE ${q(name)} (`))) {
        statements.push(sinkTable(name, def.columns, sink, options.region));
      }
    }
  }
  // Intermediate streams, in declaration order (each after the streams it reads).
  for (const name of declared) {
    if (!sinkNames.includes(name) && writers.some((w) => w.target === name)) streamInfo(name, app);
  }
  for (const w of writers) {
    const sink = options.outputs[w.target];
    if (sink === undefined) continue;
    const columns = w.target === QUERY_STREAM ? w.compiled.columns.map((c) => ({ name: c.name, type: c.expr.type })) : (compiled.streams.get(w.target)?.columns ?? []);
    if (w.target === QUERY_STREAM) statements.push(sinkTable(QUERY_STREAM, columns, sink, options.region));
    inserts.push(`INSERT INTO ${q(w.target)}\n${writerSelect(w, columns, false).sql}`);
  }
  if (inserts.length > 1) notes.add(NOTE_STATEMENT_SET);
  return { statements: [...statements, ...views, ...inserts], notes: [...notes] };
}

/**
 * Whether Flink gives `e` the type the engine gives it: columns, window_start, COUNT (BIGINT both) and
 * MIN/MAX/FIRST_VALUE/LAST_VALUE of a column. Anything else is cast to the destination column's type.
 */
function keepsType(e: Expr): boolean {
  // APPROXIMATE_ARRIVAL_TIME is read as TIMESTAMP_LTZ(3) (the connector's metadata type), KDA's TIMESTAMP otherwise.
  if (e.kind === 'ColumnRef') return (e.parts[e.parts.length - 1] as Identifier).name !== APPROXIMATE_ARRIVAL_TIME;
  if (tumbleOf(e) !== undefined) return true;
  if (e.kind !== 'FunctionCall' || e.name.parts.length !== 1) return false;
  const fn = (e.name.parts[0] as Identifier).name;
  if (fn === 'COUNT') return true;
  return ['MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE'].includes(fn) && e.args.length === 1 && e.args[0]?.kind === 'ColumnRef';
}

/** The pumps (the last of a name wins, as OR REPLACE does) and the bare query, with the engine's analysis. */
function writersOf(statements: readonly Statement[], queries: readonly CompiledQuery[]): Writer[] {
  const top = queries.filter((q) => q.statement !== undefined);
  const byName = new Map<string, Writer>();
  statements
    .filter((s): s is CreatePump | QueryStatement => s.kind !== 'CreateStream')
    .forEach((st, i) => {
      const compiled = top[i] as CompiledQuery;
      if (st.kind === 'QueryStatement') {
        byName.set(`\u0000${i}`, { name: QUERY_STREAM, statement: st, target: QUERY_STREAM, compiled });
        return;
      }
      const name = st.name.parts.map((p) => p.name).join('.');
      byName.delete(name); // a replaced pump runs in its new place
      byName.set(name, { name, statement: st, target: st.insert.target.parts.map((p) => p.name).join('.'), compiled });
    });
  return [...byName.values()];
}

/**
 * Positioned errors the engine would report less precisely: error_stream (which SQL cannot use) and
 * joins with a reference table (no table source is known to the translation).
 */
function precheck(statements: readonly Statement[], declared: ReadonlySet<string>, inputStream: string): void {
  for (const st of statements) {
    if (st.kind === 'CreatePump' && isErrorStream(st.insert.target.parts.map((p) => p.name).join('.'))) {
      throw noFlinkEquivalent(st.insert.target, ERROR_STREAM, 'Flink has no stream of rejected rows');
    }
    walkAst(st, (node) => {
      if (node.kind === 'TableRef') {
        const name = node.name.parts.map((p) => p.name).join('.');
        if (isErrorStream(name)) throw noFlinkEquivalent(node.name, ERROR_STREAM, 'Flink has no stream of rejected rows');
      }
      if (node.kind !== 'Join') return;
      for (const side of [node.left, node.right]) {
        if (side.kind !== 'TableRef') continue;
        const name = side.name.parts.map((p) => p.name).join('.');
        if (name !== inputStream && !declared.has(name)) {
          throw noFlinkEquivalent(side.name, `The reference-table join with ${name}`, 'no Flink table source is known for it; declare a filesystem (S3) table and a lookup join by hand');
        }
      }
    });
  }
}

/** error_stream, however it is written (unquoted it reads ERROR_STREAM; the engine knows no such stream). */
const isErrorStream = (name: string): boolean => name.toLowerCase() === ERROR_STREAM;

function checkOutputs(options: FlinkTranslateOptions, declared: ReadonlySet<string>, statements: readonly Statement[]): void {
  const hasQuery = statements.some((s) => s.kind === 'QueryStatement');
  for (const name of Object.keys(options.outputs)) {
    if (isErrorStream(name)) throw new FlinkTranslateError(`outputs: ${ERROR_STREAM} has no Flink equivalent (Flink has no stream of rejected rows)`);
    if (!declared.has(name) && !(name === QUERY_STREAM && hasQuery)) {
      throw new FlinkTranslateError(`outputs: ${name} is not a stream of the application (streams: ${[...declared].join(', ') || 'none'})`);
    }
  }
  const bare = statements.find((s): s is QueryStatement => s.kind === 'QueryStatement');
  if (bare !== undefined && options.outputs[QUERY_STREAM] === undefined) {
    throw noFlinkEquivalent(bare, 'A query without a destination', `name it ${QUERY_STREAM} in outputs, or write it with a pump`);
  }
}
