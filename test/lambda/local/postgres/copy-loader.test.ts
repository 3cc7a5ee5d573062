import { Pool } from 'pg';
import { CLICK_EVENT_COLUMNS, transformClickRecord } from '../../../../lambda/engine/clickstream/click-event';
import {
  deliverToRedshift,
  parseCopyOptions,
  parseStagedObject,
  quoteIdentifier,
  RedshiftLoadError,
} from '../../../../lambda/engine/firehose/redshift';
import type { RetryTime } from '../../../../lambda/engine/firehose/redshift';
import { PostgresCopyLoader } from '../../../../lambda/local/postgres/copy-loader';
import { describePg, PG_URL, unreachable } from '../../../support/postgres';

const SUFFIX = `${process.pid}_${Date.now().toString(36)}`;
let counter = 0;
const uniqueName = (base: string): string => `${base}_${SUFFIX}_${++counter}`;

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describePg('PostgresCopyLoader against PostgreSQL', () => {
  let admin: Pool;
  let loader: PostgresCopyLoader;
  const cleanup: string[] = [];

  beforeAll(() => {
    admin = new Pool({ connectionString: PG_URL, max: 2 });
    loader = new PostgresCopyLoader(PG_URL);
  });

  afterEach(async () => {
    // Each test's own tables and schemas, dropped even when the test failed.
    for (const statement of cleanup.splice(0).reverse()) await admin.query(statement);
  });

  afterAll(async () => {
    await loader?.close();
    await admin?.end();
  });

  async function createTable(sqlName: string, definition: string): Promise<void> {
    cleanup.push(`DROP TABLE IF EXISTS ${sqlName}`);
    await admin.query(`CREATE TABLE ${sqlName} (${definition})`);
  }

  async function select(sql: string): Promise<unknown[][]> {
    return (await admin.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
  }

  /** Parses `text` with `options`, then loads it, as Firehose's COPY of one staged object would. */
  async function copy(table: string, columns: string[], text: string, options: string, target = loader) {
    const parsedOptions = parseCopyOptions(options);
    const staged = parseStagedObject(bytes(text), columns, parsedOptions);
    expect(staged.errors).toEqual([]);
    return target.load(table, columns, staged.rows, parsedOptions);
  }

  async function loadError(promise: Promise<unknown>): Promise<RedshiftLoadError> {
    try {
      await promise;
    } catch (e) {
      if (e instanceof RedshiftLoadError) return e;
      throw e;
    }
    throw new Error('expected the load to fail');
  }

  it('reaches PostgreSQL', () => {
    // With CI set and the server down, this is the test that says why.
    expect(unreachable).toBeUndefined();
  });

  it("delivers the project's click events with JSON 'auto' into a table with matching columns", async () => {
    const table = uniqueName('rs_click');
    const ddl = CLICK_EVENT_COLUMNS.map((c) => `${quoteIdentifier(c.name)} ${c.redshiftType === 'SUPER' ? 'jsonb' : c.redshiftType}`).join(', ');
    await createTable(table, ddl);
    const raw = [
      { eventType: 'Page_View', timestamp: '2026-11-25T10:00:00Z', url: 'https://Shop.example.com/cart?x=1', userId: 'u-1', eventId: 'e-1' },
      { eventType: 'click', timestamp: 1764064800123, url: 'https://shop.example.com/', anonymousId: 'a-9', referrer: '', properties: { button: 'buy', price: 9.5, tags: ['a', 'b'] } },
      { eventType: 'signup', timestamp: '2026-11-25T11:30:00.250+01:00', url: 'http://shop.example.com/join', userId: 'u-2', sessionId: 's-1', userAgent: 'Mozilla/5.0' },
    ];
    const lines = raw.map((e) => {
      const outcome = transformClickRecord(bytes(JSON.stringify(e)));
      if (outcome.result !== 'Ok') throw new Error('fixture event must be valid');
      return typeof outcome.data === 'string' ? outcome.data : Buffer.from(outcome.data).toString('utf8');
    });
    const sessionKeys = lines.map((l) => (JSON.parse(l) as { session_key: string }).session_key);
    const time: RetryTime = { now: () => Date.UTC(2026, 10, 25, 12), sleep: async () => undefined };
    const result = await deliverToRedshift(
      {
        table,
        columns: CLICK_EVENT_COLUMNS.map((c) => c.name),
        options: parseCopyOptions("JSON 'auto' TIMEFORMAT 'auto' GZIP"),
        // Firehose concatenates the transform's JSON lines into staged objects.
        objects: [
          { bucket: 'stage', key: 'redshift-staging/a', body: bytes(lines[0] as string) },
          { bucket: 'stage', key: 'redshift-staging/b', body: bytes(`${lines[1]}${lines[2]}`) },
        ],
        prefix: 'redshift-staging/',
      },
      loader,
      time,
      0,
    );
    expect(result).toEqual({ skipped: false, loaded: 3, rejected: [], attempts: 1 });
    expect(
      await select(
        `SELECT event_id, event_type, to_char(event_time, 'YYYY-MM-DD HH24:MI:SS.MS'), url, url_host, url_path, user_id, anonymous_id,
                session_key, referrer, user_agent, properties::text
         FROM ${table} ORDER BY event_time`,
      ),
    ).toEqual([
      [null, 'click', '2025-11-25 10:00:00.123', 'https://shop.example.com/', 'shop.example.com', '/', null, 'a-9', sessionKeys[1], '', null, '{"tags": ["a", "b"], "price": 9.5, "button": "buy"}'],
      ['e-1', 'page_view', '2026-11-25 10:00:00.000', 'https://Shop.example.com/cart?x=1', 'shop.example.com', '/cart', 'u-1', null, sessionKeys[0], null, null, '{}'],
      [null, 'signup', '2026-11-25 10:30:00.250', 'http://shop.example.com/join', 'shop.example.com', '/join', 'u-2', null, sessionKeys[2], null, 'Mozilla/5.0', '{}'],
    ]);
  });

  it("converts TIMEFORMAT 'epochmillisecs' for TIMESTAMP and TIMESTAMPTZ columns", async () => {
    const table = uniqueName('rs_epoch');
    await createTable(table, 'id int, at timestamp, at_tz timestamptz');
    const text = '{"id":1,"at":1764064800123,"at_tz":1764064800123}\n{"id":2,"at":"0","at_tz":-1500}\n';
    expect(await copy(table, ['id', 'at', 'at_tz'], text, "JSON 'auto' TIMEFORMAT 'epochmillisecs'")).toEqual({ loaded: 2, rejected: [] });
    expect(await select(`SELECT id, to_char(at, 'YYYY-MM-DD HH24:MI:SS.US'), to_char(at_tz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM ${table} ORDER BY id`)).toEqual([
      [1, '2025-11-25 10:00:00.123000', '2025-11-25 10:00:00.123000'],
      [2, '1970-01-01 00:00:00.000000', '1969-12-31 23:59:58.500000'],
    ]);
  });

  it("converts TIMEFORMAT 'auto' formats and rejects an epoch value, which 'auto' does not recognise", async () => {
    const table = uniqueName('rs_auto');
    await createTable(table, 'id int, at timestamp, at_tz timestamptz');
    const text = [
      '1,2026-11-25T10:00:00.000Z,2026-11-25T10:00:00.000Z',
      '2,1997-12-17 07:37:16-08,1997-12-17 07:37:16-08',
      '3,12/17/1997 07:37:16.00,19960108 040809',
      '4,J2451187,2026-11-25',
      '5,1764064800,2026-11-25',
    ].join('\n');
    const result = await copy(table, ['id', 'at', 'at_tz'], text, "CSV TIMEFORMAT 'auto' MAXERROR 1");
    expect(result.loaded).toBe(4);
    expect(result.rejected).toEqual([
      { row: 5, message: expect.stringMatching(/^row 5, column "at": Timestamp format is not valid \(error 1206\): "1764064800" is not a date\/time/) },
    ]);
    expect(await select(`SELECT id, to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS'), to_char(at_tz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM ${table} ORDER BY id`)).toEqual([
      [1, '2026-11-25 10:00:00.000', '2026-11-25 10:00:00.000'],
      // TIMESTAMP keeps the wall time; TIMESTAMPTZ converts the offset to UTC.
      [2, '1997-12-17 07:37:16.000', '1997-12-17 15:37:16.000'],
      [3, '1997-12-17 07:37:16.000', '1996-01-08 04:08:09.000'],
      [4, '1999-01-08 00:00:00.000', '2026-11-25 00:00:00.000'],
    ]);
  });

  it('with MAXERROR 0 a type error fails the whole load (nothing loaded) and names the row and column', async () => {
    const table = uniqueName('rs_types');
    await createTable(table, 'id int, n int');
    const e = await loadError(copy(table, ['id', 'n'], '1,10\n2,abc\n3,30\n', 'CSV'));
    expect(e.kind).toBe('max-errors-exceeded');
    expect(e.rejected).toEqual([{ row: 2, message: 'row 2, column "n": invalid input syntax for type integer: "abc"' }]);
    expect(e.message).toBe(
      `Load into table '${table}' failed. Check 'stl_load_errors' system table for details. 1 row(s) rejected, MAXERROR 0; first: row 2: row 2, column "n": invalid input syntax for type integer: "abc"`,
    );
    expect(await select(`SELECT count(*)::int FROM ${table}`)).toEqual([[0]]);
  });

  it('with MAXERROR 1 the other rows are loaded; two bad rows still fail the whole load', async () => {
    const table = uniqueName('rs_types');
    await createTable(table, 'id int, n int');
    expect(await copy(table, ['id', 'n'], '1,10\n2,abc\n3,30\n', 'CSV MAXERROR 1')).toEqual({
      loaded: 2,
      rejected: [{ row: 2, message: 'row 2, column "n": invalid input syntax for type integer: "abc"' }],
    });
    expect(await select(`SELECT id, n FROM ${table} ORDER BY id`)).toEqual([
      [1, 10],
      [3, 30],
    ]);
    const e = await loadError(copy(table, ['id', 'n'], '4,x\n5,50\n6,99999999999\n', 'CSV MAXERROR 1'));
    expect(e.rejected.map((r) => r.row)).toEqual([1, 3]);
    expect(e.rejected[1]?.message).toBe('row 3, column "n": value "99999999999" is out of range for type integer');
    expect(await select(`SELECT id, n FROM ${table} ORDER BY id`)).toEqual([
      [1, 10],
      [3, 30],
    ]);
  });

  it('nulls empty non-character fields, keeps empty strings, and rejects NULL in a NOT NULL column (1213)', async () => {
    const table = uniqueName('rs_nulls');
    await createTable(table, 'id int NOT NULL, name varchar(10), n int');
    expect(await copy(table, ['id', 'name', 'n'], '1,,\n2,"", \n,x,3\n', 'CSV MAXERROR 1')).toEqual({
      loaded: 2,
      rejected: [{ row: 3, message: 'row 3, column "id": A field specified as NOT NULL contained no data (error 1213)' }],
    });
    expect(await select(`SELECT id, name, n FROM ${table} ORDER BY id`)).toEqual([
      [1, '', null],
      [2, '', null],
    ]);
  });

  it('rejects over-long VARCHAR values (1204, counted in bytes) unless TRUNCATECOLUMNS', async () => {
    const table = uniqueName('rs_trunc');
    await createTable(table, 'id int, code varchar(5)');
    const text = '1|ééé\n2|abcdefgh\n3|ok\n';
    const e = await loadError(copy(table, ['id', 'code'], text, ''));
    expect(e.rejected).toEqual([
      { row: 1, message: 'row 1, column "code": String length exceeds DDL length (error 1204): 6 bytes > 5' },
      { row: 2, message: 'row 2, column "code": String length exceeds DDL length (error 1204): 8 bytes > 5' },
    ]);
    expect(await select(`SELECT count(*)::int FROM ${table}`)).toEqual([[0]]);
    expect(await copy(table, ['id', 'code'], text, 'TRUNCATECOLUMNS')).toEqual({ loaded: 3, rejected: [] });
    expect(await select(`SELECT id, code FROM ${table} ORDER BY id`)).toEqual([
      [1, 'éé'],
      [2, 'abcde'],
      [3, 'ok'],
    ]);
  });

  it('reports an unknown table, an unknown column and a bad name as typed errors, and keeps working', async () => {
    const missing = uniqueName('rs_missing');
    const e = await loadError(loader.load(missing, ['a'], [['1']], parseCopyOptions('')));
    expect({ kind: e.kind, message: e.message }).toEqual({ kind: 'table-not-found', message: `Cannot COPY into nonexistent table ${missing}` });

    const table = uniqueName('rs_after');
    await createTable(table, 'a int');
    const column = await loadError(loader.load(table, ['b'], [['1']], parseCopyOptions('')));
    expect({ kind: column.kind, message: column.message }).toEqual({ kind: 'column-not-found', message: `column "b" of relation "${table}" does not exist` });
    const name = await loadError(loader.load('a.b.c', ['a'], [['1']], parseCopyOptions('')));
    expect(name.kind).toBe('invalid-name');

    expect(await loader.load(table, ['a'], [['7']], parseCopyOptions(''))).toEqual({ loaded: 1, rejected: [] });
    expect(await select(`SELECT a FROM ${table}`)).toEqual([[7]]);
  });

  it('quotes mixed-case identifiers holding quotes and spaces (case-sensitive identifiers)', async () => {
    const schema = `Mixed "Sch" ${SUFFIX}`;
    const tableName = `Ev"ents; DROP ${SUFFIX}`;
    const sqlName = `${quoteIdentifier(schema)}.${quoteIdentifier(tableName)}`;
    cleanup.push(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await admin.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    await admin.query(`CREATE TABLE ${sqlName} ("Id" int, "Val ""q"", x" varchar(20), lower text)`);

    const caseSensitive = new PostgresCopyLoader(admin, { caseSensitiveIdentifiers: true });
    try {
      expect(await copy(sqlName, ['Id', 'Val "q", x', 'lower'], '1,"a,b",c\n2,"say ""hi""",\n', 'CSV', caseSensitive)).toEqual({ loaded: 2, rejected: [] });
    } finally {
      await caseSensitive.close();
    }
    // close() leaves a pool it was given open.
    expect(await select(`SELECT "Id", "Val ""q"", x", lower FROM ${sqlName} ORDER BY 1`)).toEqual([
      [1, 'a,b', 'c'],
      [2, 'say "hi"', ''],
    ]);

    // Redshift's default lower-cases even quoted identifiers, so the same name misses the mixed-case table.
    const e = await loadError(loader.load(sqlName, ['Id'], [['3']], parseCopyOptions('')));
    expect(e.kind).toBe('table-not-found');
  });

  it("resolves names like Redshift's default: unquoted and quoted parts lower-cased", async () => {
    const schema = `rs_lower_${SUFFIX}`;
    cleanup.push(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.events (id int)`);
    expect(await loader.load(`RS_Lower_${SUFFIX}.Events`, ['id'], [['1']], parseCopyOptions(''))).toEqual({ loaded: 1, rejected: [] });
    expect(await loader.load(`"RS_LOWER_${SUFFIX}"."EVENTS"`, ['id'], [['2']], parseCopyOptions(''))).toEqual({ loaded: 1, rejected: [] });
    expect(await select(`SELECT id FROM ${schema}.events ORDER BY id`)).toEqual([[1], [2]]);
  });

  it('closes a pool it created', async () => {
    const own = new PostgresCopyLoader(PG_URL);
    await own.close();
    await expect(own.load('anything', ['a'], [], parseCopyOptions(''))).rejects.toThrow(/pool/i);
  });
});
