/**
 * CREATE TABLE statements: the Kinesis source standing for the KDA input stream, and one sink per
 * output stream.
 *
 * The source keeps KDA's column names. Flink's json format matches top-level keys by name, while a
 * KDA column reads any JSONPath (`$.properties.price`) under any name: the table declares the JSON
 * shape as physical columns (nested objects as ROW) and adds a computed column per KDA column whose
 * name or path differs. ROWTIME is KDA's arrival time (kda-sql.md §1 "Time"), so it is derived from
 * the Kinesis arrival timestamp and carries the watermark.
 */
import type { ParsedInputSchema } from '../input';
import type { PathSegment } from '../input/json-path';
import type { SqlType } from '../types';
import { firehoseSinkOptions, kinesisSinkOptions, kinesisSourceOptions, withClause, type ConnectorOptions } from './connectors';
import { FlinkTranslateError } from './errors';
import { q } from './identifiers';
import { flinkType } from './types';

export const ROWTIME = 'ROWTIME';
export const APPROXIMATE_ARRIVAL_TIME = 'APPROXIMATE_ARRIVAL_TIME';
/** How far behind the newest arrival time the watermark trails: late arrivals within it still count. */
export const WATERMARK_DELAY = "INTERVAL '1' SECOND";

export interface SinkSpec {
  readonly kind: 'kinesis' | 'firehose';
  readonly name: string;
}

export interface TableColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** The source table for the KDA input stream `name`, reading Kinesis stream `stream`. */
export function sourceTable(name: string, schema: ParsedInputSchema, stream: string, region: string): string {
  const lines: string[] = [];
  const options: (readonly [string, string])[] = [...kinesisSourceOptions(stream, region)];
  if (schema.format.type === 'JSON') {
    if (schema.flattenedArray !== undefined) {
      throw new FlinkTranslateError('InputSchema: a Mapping with [0:] (one row per array element) has no Flink json-format equivalent; use an UNNEST view instead');
    }
    lines.push(...jsonColumns(schema, schema.format.recordRowPath.segments));
    options.push(['format', 'json'], ['json.ignore-parse-errors', 'true']);
  } else {
    if ([...schema.format.columnDelimiter].length !== 1) {
      throw new FlinkTranslateError(`InputSchema: the CSV column delimiter ${JSON.stringify(schema.format.columnDelimiter)} is not one character, which Flink's csv format needs`);
    }
    lines.push(...schema.columns.map((c) => `${q(c.name)} ${flinkType(c.type)}`));
    options.push(['format', 'csv'], ['csv.field-delimiter', schema.format.columnDelimiter], ['csv.ignore-parse-errors', 'true']);
  }
  lines.push(
    `${q(APPROXIMATE_ARRIVAL_TIME)} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL`,
    `${q(ROWTIME)} AS CAST(${q(APPROXIMATE_ARRIVAL_TIME)} AS TIMESTAMP(3))`,
    `WATERMARK FOR ${q(ROWTIME)} AS ${q(ROWTIME)} - ${WATERMARK_DELAY}`,
  );
  return createTable(name, lines, options);
}

/** The sink table of an output stream. */
export function sinkTable(name: string, columns: readonly TableColumn[], sink: SinkSpec, region: string): string {
  const options = sink.kind === 'kinesis' ? kinesisSinkOptions(sink.name, region) : firehoseSinkOptions(sink.name, region);
  return createTable(
    name,
    columns.map((c) => `${q(c.name)} ${flinkType(c.type, true)}`),
    options,
  );
}

function createTable(name: string, lines: readonly string[], options: ConnectorOptions): string {
  return `CREATE TABLE ${q(name)} (\n${lines.map((l) => `  ${l}`).join(',\n')}\n) ${withClause(options)}`;
}

/** A JSON object's members as declared (insertion order = first use); a leaf has a type. */
interface JsonNode {
  type?: SqlType;
  readonly members: Map<string, JsonNode>;
}

function jsonColumns(schema: ParsedInputSchema, rowPath: readonly PathSegment[]): string[] {
  const root: JsonNode = { members: new Map() };
  const paths = new Map<string, readonly string[]>();
  for (const column of schema.columns) {
    const segments = [...rowPath, ...(column.mapping?.segments ?? [])];
    const names = segments.map((s) => {
      if (s.kind !== 'member') throw new FlinkTranslateError(`InputSchema: the Mapping of column ${column.name} (${column.mapping?.text ?? ''}) indexes an array, which Flink's json format cannot map to a column`);
      return s.name;
    });
    if (names.length === 0) throw new FlinkTranslateError(`InputSchema: column ${column.name} maps the whole record, which Flink's json format cannot read as one column`);
    let node = root;
    names.forEach((n, i) => {
      let next = node.members.get(n);
      if (next === undefined) {
        next = { members: new Map() };
        node.members.set(n, next);
      }
      const leaf = i === names.length - 1;
      if ((leaf && next.members.size > 0) || (!leaf && next.type !== undefined)) {
        throw new FlinkTranslateError(`InputSchema: ${column.mapping?.text ?? column.name} is read both as a value and as an object`);
      }
      if (leaf) {
        if (next.type !== undefined && flinkType(next.type) !== flinkType(column.type)) {
          throw new FlinkTranslateError(`InputSchema: ${column.mapping?.text ?? column.name} is read with two different types`);
        }
        next.type = column.type;
      }
      node = next;
    });
    paths.set(column.name, names);
  }
  const physical = [...root.members.entries()].map(([name, node]) => `${q(name)} ${jsonType(node)}`);
  const computed: string[] = [];
  for (const column of schema.columns) {
    const names = paths.get(column.name) as readonly string[];
    if (names.length === 1 && names[0] === column.name) continue; // read as it is
    if (root.members.has(column.name)) {
      throw new FlinkTranslateError(`InputSchema: column ${column.name} has the name of another JSON member; rename the column`);
    }
    computed.push(`${q(column.name)} AS ${names.map(q).join('.')}`);
  }
  return [...physical, ...computed];
}

function jsonType(node: JsonNode): string {
  if (node.type !== undefined) return flinkType(node.type);
  return `ROW<${[...node.members.entries()].map(([name, child]) => `${q(name)} ${jsonType(child)}`).join(', ')}>`;
}
