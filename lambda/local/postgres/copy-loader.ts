/**
 * The Redshift loader port hosted on PostgreSQL: what Firehose's COPY into Redshift does, against a
 * local database. Redshift's rules (TIMEFORMAT, byte lengths, TRUNCATECOLUMNS, NOT NULL, MAXERROR)
 * come from the engine (lambda/engine/firehose/redshift.ts); this host looks up the table, streams
 * rows with `COPY … FROM STDIN (FORMAT csv)` and turns PostgreSQL's per-row errors into rejections.
 *
 * All or nothing: one transaction per load. A row PostgreSQL rejects (e.g. `abc` for an integer) is
 * found from the error's `COPY t, line N` context, dropped, and the COPY re-run from a savepoint; when
 * more rows are rejected than MAXERROR allows, the transaction is rolled back and nothing is loaded.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DatabaseError, Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  CopyOptions,
  IdentifierError,
  IdentifierOptions,
  LoaderResult,
  maxErrorsExceeded,
  prepareRow,
  quoteIdentifier,
  RedshiftLoaderPort,
  RedshiftLoadError,
  RejectedRow,
  TableName,
  TargetColumn,
  parseTableName,
} from '../../engine/firehose/redshift';

export type PostgresCopyLoaderOptions = IdentifierOptions;

interface ResolvedTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: ReadonlyMap<string, TargetColumn>;
}

/** PostgreSQL `information_schema.columns.data_type` → how Redshift treats the column. */
function columnKind(dataType: string): TargetColumn['kind'] {
  switch (dataType) {
    case 'character varying':
    case 'character':
    case 'text':
      return 'char';
    case 'timestamp without time zone':
      return 'timestamp';
    case 'timestamp with time zone':
      return 'timestamptz';
    case 'date':
      return 'date';
    default:
      return 'other';
  }
}

// The first schema on the search path that has the table, unless the name gives one (as PostgreSQL resolves it).
const DESCRIBE_TABLE = `
  SELECT c.table_schema, c.column_name, c.data_type, c.character_maximum_length, c.is_nullable
  FROM information_schema.columns c
  WHERE c.table_name = $2
    AND c.table_schema = COALESCE($1::text, (
      SELECT s.nspname::text
      FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(nspname, ord)
      WHERE EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = s.nspname AND t.table_name = $2)
      ORDER BY s.ord
      LIMIT 1))
  ORDER BY c.ordinal_position`;

/** SQLSTATE classes of row-level data problems: 22 data exception, 23 integrity constraint violation. */
const ROW_ERROR_CLASSES = ['22', '23'];

export class PostgresCopyLoader implements RedshiftLoaderPort {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;

  /**
   * @param pool a `pg.Pool` (left open by `close()`) or a connection string (a pool is created and
   *   closed by `close()`).
   * @param options `caseSensitiveIdentifiers` (default false, Redshift's default): false lower-cases
   *   every identifier in the table name, quoted or not; true keeps quoted identifiers' case.
   */
  constructor(
    pool: Pool | string,
    private readonly options: PostgresCopyLoaderOptions = {},
  ) {
    this.ownsPool = typeof pool === 'string';
    this.pool = typeof pool === 'string' ? new Pool({ connectionString: pool }) : pool;
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  async load(table: string, columns: readonly string[], rows: readonly (string | null)[][], options: CopyOptions): Promise<LoaderResult> {
    let name: TableName;
    try {
      name = parseTableName(table, this.options);
    } catch (e) {
      if (e instanceof IdentifierError) throw new RedshiftLoadError('invalid-name', e.message);
      throw e;
    }
    const client = await this.pool.connect();
    // A connection that failed mid-COPY is discarded instead of returned to the pool.
    let broken: Error | undefined;
    try {
      const resolved = await describe(client, table, name);
      const targets = columns.map((c) => {
        const target = resolved.columns.get(c);
        if (target === undefined) {
          throw new RedshiftLoadError('column-not-found', `column "${c}" of relation "${resolved.name}" does not exist`);
        }
        return target;
      });

      // Redshift's per-column rules first; they need no database round trip.
      const rejected: RejectedRow[] = [];
      const pending: { row: number; values: (string | null)[] }[] = [];
      rows.forEach((row, k) => {
        const prepared = prepareRow(row, targets, options);
        if (prepared.ok) pending.push({ row: k + 1, values: prepared.values });
        else rejected.push({ row: k + 1, message: `row ${k + 1}, column "${prepared.column}": ${prepared.message}` });
      });
      if (rejected.length > options.maxError) throw maxErrorsExceeded(table, options.maxError, rejected);

      const sql = `COPY ${quoteIdentifier(resolved.schema)}.${quoteIdentifier(resolved.name)} (${columns.map(quoteIdentifier).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
      await client.query('BEGIN');
      try {
        const loaded = await copyRejectingBadRows(client, sql, columns, pending, rejected, options.maxError, table);
        await client.query('COMMIT');
        rejected.sort((a, b) => a.row - b.row);
        return { loaded, rejected };
      } catch (e) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw e;
      }
    } finally {
      client.release(broken);
    }
  }
}

async function describe(client: PoolClient, text: string, name: TableName): Promise<ResolvedTable> {
  const result = await client.query<{
    table_schema: string;
    column_name: string;
    data_type: string;
    character_maximum_length: number | null;
    is_nullable: 'YES' | 'NO';
  }>(DESCRIBE_TABLE, [name.schema, name.name]);
  const first = result.rows[0];
  // Redshift's own message for a COPY into a missing table.
  if (first === undefined) throw new RedshiftLoadError('table-not-found', `Cannot COPY into nonexistent table ${text}`);
  const columns = new Map<string, TargetColumn>();
  for (const r of result.rows) {
    columns.set(r.column_name, {
      name: r.column_name,
      kind: columnKind(r.data_type),
      // PostgreSQL counts characters; the engine applies Redshift's byte count, which is never smaller.
      maxBytes: r.character_maximum_length,
      nullable: r.is_nullable === 'YES',
    });
  }
  return { schema: first.table_schema, name: name.name, columns };
}

/**
 * Runs the COPY from a savepoint until it succeeds, rejecting the row each row-level error names.
 * Returns the number of rows loaded; throws when rejections exceed `maxError` or on any other error.
 */
async function copyRejectingBadRows(
  client: PoolClient,
  sql: string,
  columns: readonly string[],
  pending: { row: number; values: (string | null)[] }[],
  rejected: RejectedRow[],
  maxError: number,
  table: string,
): Promise<number> {
  let rows = pending;
  for (;;) {
    await client.query('SAVEPOINT redshift_copy');
    try {
      const stream = client.query(copyFrom(sql));
      await pipeline(Readable.from(csvLines(rows)), stream);
      await client.query('RELEASE SAVEPOINT redshift_copy');
      return stream.rowCount;
    } catch (e) {
      const bad = e instanceof DatabaseError ? badRow(e, columns) : undefined;
      if (bad === undefined || bad.line > rows.length) throw asLoadError(e);
      await client.query('ROLLBACK TO SAVEPOINT redshift_copy');
      const entry = rows[bad.line - 1] as { row: number };
      const where = bad.column === undefined ? '' : `, column "${bad.column}"`;
      rejected.push({ row: entry.row, message: `row ${entry.row}${where}: ${(e as DatabaseError).message}` });
      if (rejected.length > maxError) throw maxErrorsExceeded(table, maxError, [...rejected].sort((a, b) => a.row - b.row));
      rows = rows.filter((_, k) => k !== bad.line - 1);
    }
  }
}

/** The 1-based data line (= row: one CSV record per row) and column from `COPY t, line N, column c: …`. */
function badRow(e: DatabaseError, columns: readonly string[]): { line: number; column?: string } | undefined {
  if (e.code === undefined || !ROW_ERROR_CLASSES.includes(e.code.slice(0, 2)) || e.where === undefined) return undefined;
  const context = e.where.split('\n').reverse().find((l) => l.startsWith('COPY '));
  const m = context === undefined ? null : /, line (\d+)(?:, column |$|:)/.exec(context);
  if (context === undefined || m === null) return undefined;
  const rest = context.slice(m.index + m[0].length);
  // Column names may hold ", " or ": ", so the longest configured name that the context names wins.
  const column = [...columns].sort((a, b) => b.length - a.length).find((c) => rest.startsWith(`${c}:`) || rest === c);
  return column === undefined ? { line: Number(m[1]) } : { line: Number(m[1]), column };
}

function asLoadError(e: unknown): Error {
  if (e instanceof RedshiftLoadError) return e;
  if (e instanceof DatabaseError) return new RedshiftLoadError('load-failed', e.message);
  return e instanceof Error ? e : new Error(String(e));
}

/** One CSV record per row: NULL is an unquoted empty field, every value is quoted (so '' stays ''). */
function* csvLines(rows: readonly { values: readonly (string | null)[] }[]): Generator<string> {
  for (const { values } of rows) {
    yield `${values.map((v) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`)).join(',')}\n`;
  }
}
