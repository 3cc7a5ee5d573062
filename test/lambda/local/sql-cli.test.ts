import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parseApplication } from '../../../lambda/engine/sql/syntax';
import { parseSqlArgs, runSql, sampleRecords, SQL_USAGE, UsageError, type SqlDeps } from '../../../lambda/local/cli/sql';

const ROOT = path.join(__dirname, '..', '..', '..');
const EXAMPLES = path.join(ROOT, 'examples', 'sql');
const APP = path.join(EXAMPLES, 'clicks.sql');
const SAMPLES = path.join(EXAMPLES, 'clicks.jsonl');
const SCHEMA = path.join(EXAMPLES, 'clicks.schema.json');

/** The InputSchema discovered from examples/sql/clicks.jsonl, written out in full. */
const CLICKS_SCHEMA = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'eventType', Mapping: '$.eventType', SqlType: 'VARCHAR(16)' },
    // "timestamp" is a reserved word: discovery renames it.
    { Name: 'COL_timestamp', Mapping: '$.timestamp', SqlType: 'VARCHAR(32)' },
    { Name: 'url', Mapping: '$.url', SqlType: 'VARCHAR(64)' },
    { Name: 'anonymousId', Mapping: '$.anonymousId', SqlType: 'VARCHAR(8)' },
    { Name: 'sessionId', Mapping: '$.sessionId', SqlType: 'VARCHAR(8)' },
    { Name: 'userAgent', Mapping: '$.userAgent', SqlType: 'VARCHAR(128)' },
    { Name: 'userId', Mapping: '$.userId', SqlType: 'VARCHAR(4)' },
    { Name: 'productId', Mapping: '$.properties.productId', SqlType: 'VARCHAR(4)' },
    { Name: 'price', Mapping: '$.properties.price', SqlType: 'REAL' },
    { Name: 'quantity', Mapping: '$.properties.quantity', SqlType: 'INTEGER' },
  ],
};

function harness(readFile: SqlDeps['readFile'] = (file) => readFileSync(file, 'utf8')) {
  const out: string[] = [];
  const err: string[] = [];
  const deps: SqlDeps = { readFile, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { deps, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function sql(...args: string[]) {
  const h = harness();
  const status = await runSql(args, h.deps);
  return { status, stdout: h.stdout(), stderr: h.stderr() };
}

const EXPECTED_RUN = [
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:01:00.000Z","row":{"MINUTE_START":"2026-11-25 10:00:00","EVENT_TYPE":"page_view","EVENTS":5,"REVENUE":null}}',
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:01:00.000Z","row":{"MINUTE_START":"2026-11-25 10:00:00","EVENT_TYPE":"add_to_cart","EVENTS":2,"REVENUE":null}}',
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:01:00.000Z","row":{"MINUTE_START":"2026-11-25 10:00:00","EVENT_TYPE":"purchase","EVENTS":1,"REVENUE":39.98}}',
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:02:00.000Z","row":{"MINUTE_START":"2026-11-25 10:01:00","EVENT_TYPE":"page_view","EVENTS":5,"REVENUE":null}}',
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:02:00.000Z","row":{"MINUTE_START":"2026-11-25 10:01:00","EVENT_TYPE":"add_to_cart","EVENTS":2,"REVENUE":null}}',
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:02:00.000Z","row":{"MINUTE_START":"2026-11-25 10:01:00","EVENT_TYPE":"purchase","EVENTS":1,"REVENUE":89}}',
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:03:00.000Z","row":{"MINUTE_START":"2026-11-25 10:02:00","EVENT_TYPE":"page_view","EVENTS":2,"REVENUE":null}}',
  '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:03:00.000Z","row":{"MINUTE_START":"2026-11-25 10:02:00","EVENT_TYPE":"purchase","EVENTS":1,"REVENUE":19.99}}',
].map((l) => `${l}\n`).join('');

let tmp: string;
beforeAll(() => (tmp = mkdtempSync(path.join(tmpdir(), 'sql-cli-'))));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tmpFile(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('parseSqlArgs', () => {
  it('reads the subcommand and its file', () => {
    expect(parseSqlArgs(['check', 'app.sql'])).toEqual({ help: false, subcommand: 'check', file: 'app.sql' });
    expect(parseSqlArgs(['discover', 'in.jsonl'])).toEqual({ help: false, subcommand: 'discover', file: 'in.jsonl' });
    expect(parseSqlArgs(['check', '--', '-odd.sql'])).toEqual({ help: false, subcommand: 'check', file: '-odd.sql' });
  });

  it.each([[['--help']], [['-h']], [['check', '--help']], [['discover', '-h']], [['check', 'app.sql', '--help']]])('%j is help', (args) => {
    expect(parseSqlArgs(args)).toEqual({ help: true });
  });

  it.each([
    [[], 'missing subcommand (check, discover or run)'],
    [['check'], 'missing APP.sql argument'],
    [['discover'], 'missing FILE argument'],
    [['check', ''], 'missing APP.sql argument'],
    [['lint', 'app.sql'], 'unknown subcommand "lint"'],
    [['--help', 'lint'], 'unknown subcommand "lint"'],
    [['check', '--strict', 'app.sql'], 'unknown option --strict'],
    [['discover', '--format=csv', 'in.csv'], 'unknown option --format'],
    [['--verbose'], 'unknown option --verbose'],
    [['check', 'a.sql', 'b.sql'], 'unexpected argument "b.sql"'],
  ])('%j is bad usage: %s', (args, message) => {
    expect(() => parseSqlArgs(args)).toThrow(new UsageError(message));
  });
});

describe('sql check', () => {
  it('passes the sample application and names what it holds', async () => {
    const r = await sql('check', APP);
    expect(r).toEqual({
      status: 0,
      stdout: `${APP}: syntax OK: 2 streams (EVENTS_PER_MINUTE, SESSION_ACTIVITY), 2 pumps (EVENTS_PER_MINUTE_PUMP, SESSION_ACTIVITY_PUMP), 0 queries\n`,
      stderr: '',
    });
  });

  it('with --input, analyzes names and types against the inputs without running', async () => {
    const args = ['--input', 'ORDERS=examples/sql/orders.jsonl', '--input', 'SHIPMENTS=examples/sql/shipments.jsonl', '--table', 'PRODUCTS=examples/sql/products.json'];
    expect(await sql('check', 'examples/sql/orders.sql', ...args)).toEqual({
      status: 0,
      stdout: 'examples/sql/orders.sql: OK: 2 streams (ORDER_LINES, SHIPPED), 2 pumps (ORDER_LINES_PUMP, SHIPPED_PUMP), 0 queries, analyzed against ORDERS, SHIPMENTS\n',
      stderr: '',
    });
    const bad = tmpFile('unknown-column.sql', 'SELECT STREAM "nope" FROM "SOURCE_SQL_STREAM_001";\n');
    const r = await sql('check', bad, '--input', 'examples/sql/clicks.jsonl', '--schema', SCHEMA);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown-column\.sql: line 1, column 15: Column "nope" not found \(columns: /);
  });

  it('counts a lone query, in the singular', async () => {
    const file = tmpFile('query.sql', 'SELECT STREAM "eventType", COUNT(*) OVER (RANGE INTERVAL \'1\' MINUTE PRECEDING) FROM "SOURCE_SQL_STREAM_001";\n');
    expect(await sql('check', file)).toEqual({ status: 0, stdout: `${file}: syntax OK: 0 streams, 0 pumps, 1 query\n`, stderr: '' });
  });

  it('a syntax error exits 1 with the file, line, column, source line and caret', async () => {
    const source = readFileSync(APP, 'utf8');
    const broken = source.replace('  FROM "SOURCE_SQL_STREAM_001"\n  GROUP BY', '  FORM "SOURCE_SQL_STREAM_001"\n  GROUP BY');
    expect(broken).not.toBe(source);
    const file = tmpFile('broken.sql', broken);
    expect(await sql('check', file)).toEqual({
      status: 1,
      stdout: '',
      stderr: [
        `${file}: line 24, column 3: expected FROM but found 'FORM'`,
        `24 |   FORM "SOURCE_SQL_STREAM_001"`,
        `   |   ^^^^`,
        '',
      ].join('\n'),
    });
  });

  it('a lexical error is positioned the same way', async () => {
    const file = tmpFile('unterminated.sql', "CREATE STREAM s (a INTEGER);\nSELECT STREAM 'abc FROM s;\n");
    const r = await sql('check', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${file}: line 2, column 15: unterminated string literal\n2 | SELECT STREAM 'abc FROM s;\n  |               ^^^^^^^^^^^^\n`);
  });

  it('a byte order mark does not shift the columns', async () => {
    const file = tmpFile('bom.sql', '\ufeffSELECT STREAM a FORM s');
    expect((await sql('check', file)).stderr).toBe(`${file}: line 1, column 17: expected FROM but found 'FORM'\n1 | SELECT STREAM a FORM s\n  |                 ^^^^\n`);
  });

  it('an application without statements exits 1', async () => {
    const file = tmpFile('empty.sql', '-- nothing yet\n;\n');
    expect(await sql('check', file)).toEqual({ status: 1, stdout: '', stderr: `${file}: no statements: expected CREATE STREAM, CREATE PUMP or SELECT STREAM\n` });
  });

  it('an unreadable file exits 2 naming the path', async () => {
    const missing = path.join(tmp, 'missing.sql');
    expect(await sql('check', missing)).toEqual({ status: 2, stdout: '', stderr: `clickstream sql check: cannot read ${missing}: no such file or directory (ENOENT)\n` });
    expect(await sql('check', tmp)).toEqual({ status: 2, stdout: '', stderr: `clickstream sql check: cannot read ${tmp}: illegal operation on a directory (EISDIR)\n` });
  });

  it('any read failure is a message naming the path, never a stack trace', async () => {
    const h = harness(() => {
      throw new TypeError('boom');
    });
    await expect(runSql(['check', 'x.sql'], h.deps)).resolves.toBe(2);
    expect(h.stderr()).toBe('clickstream sql check: cannot read x.sql: boom\n');
  });
});

describe('sql discover', () => {
  it('prints the sample input schema, 2-space indented, exactly as examples/sql/clicks.schema.json', async () => {
    const r = await sql('discover', SAMPLES);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${JSON.stringify(CLICKS_SCHEMA, null, 2)}\n`);
    expect(r.stdout).toBe(readFileSync(SCHEMA, 'utf8'));
  });

  it('reads raw JSON records, one a line, the same as input lines holding them', async () => {
    const records = readFileSync(SAMPLES, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"data"'))
      .map((l) => JSON.stringify((JSON.parse(l) as { data: unknown }).data));
    const file = tmpFile('raw.jsonl', `${records.join('\n')}\n`);
    const r = await sql('discover', file);
    expect(r).toEqual({ status: 0, stdout: readFileSync(SCHEMA, 'utf8'), stderr: '' });
  });

  it('reads a CSV file, one record a line, with its header', async () => {
    const file = tmpFile('clicks.csv', 'event_type,session,price,at\r\npage_view,s-1,,2026-11-25 10:00:00\r\npurchase,s-1,19.99,2026-11-25 10:00:05.250\r\n');
    const r = await sql('discover', file);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'event_type', SqlType: 'VARCHAR(16)' },
        { Name: 'session', SqlType: 'VARCHAR(4)' },
        { Name: 'price', SqlType: 'REAL' },
        // AT is a reserved word.
        { Name: 'COL_at', SqlType: 'TIMESTAMP' },
      ],
    });
  });

  it('input lines may hold CSV lines; rowtime bounds are skipped', async () => {
    const file = tmpFile(
      'ticks.jsonl',
      [
        '{"rowtime": "2026-11-25 10:00:00", "data": "AMZN,101.5"}',
        '{"rowtime": "2026-11-25 10:00:01", "bound": true}',
        '',
        '{"rowtime": "2026-11-25T10:00:02.000Z", "data": "MSFT,3"}',
      ].join('\n'),
    );
    const r = await sql('discover', file);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'COL_0', SqlType: 'VARCHAR(4)' },
        { Name: 'COL_1', SqlType: 'REAL' },
      ],
    });
  });

  it('keeps numbers as written in input lines (1.0 is REAL, not INTEGER)', () => {
    expect(sampleRecords('{"rowtime": "2026-11-25 10:00:00", "data": {"x": 1.0, "y": [1, {"z": null}]}}\n', true)).toEqual(['{"x":1.0,"y":[1,{"z":null}]}']);
  });

  it.each([
    ['bad.jsonl', '{"a": 1}\n{"a": \n', 'line 2: not valid JSON (Unexpected end of input at position 6); expected one JSON record a line'],
    ['mixed.jsonl', '{"rowtime": "2026-11-25 10:00:00", "data": {"a": 1}}\n{"a": 2}\n', 'line 2: expected {"rowtime": T, "data": RECORD} or {"rowtime": T, "bound": true} as on the first line'],
    ['broken-input.txt', '{"rowtime": "2026-11-25 10:00:00", "data": {"a": 1}}\nnot json\n', 'line 2: not valid JSON; expected {"rowtime": T, "data": RECORD} as on the first line'],
  ])('%s: a line that is not a record exits 1 naming the line', async (name, text, message) => {
    const file = tmpFile(name, text);
    expect(await sql('discover', file)).toEqual({ status: 1, stdout: '', stderr: `clickstream sql discover: ${file} ${message}\n` });
  });

  it.each([
    ['empty.jsonl', '\n\n', 'No sample records to discover a schema from'],
    ['bounds-only.jsonl', '{"rowtime": "2026-11-25 10:00:00", "bound": true}\n', 'No sample records to discover a schema from'],
    ['no-fields.jsonl', '{}\n{}\n', 'The sample records have no fields'],
  ])('%s: when discovery fails it exits 1 with the reason', async (name, text, reason) => {
    const file = tmpFile(name, text);
    expect(await sql('discover', file)).toEqual({ status: 1, stdout: '', stderr: `clickstream sql discover: ${file}: unable to detect a schema: ${reason}\n` });
  });

  it('an unreadable file exits 2 naming the path', async () => {
    const missing = path.join(tmp, 'missing.jsonl');
    expect(await sql('discover', missing)).toEqual({ status: 2, stdout: '', stderr: `clickstream sql discover: cannot read ${missing}: no such file or directory (ENOENT)\n` });
  });
});

describe('sql usage', () => {
  it('--help prints the usage of check, discover and run, and exits 0', async () => {
    for (const args of [['--help'], ['-h'], ['check', '--help'], ['discover', '--help'], ['run', '--help']]) {
      expect(await sql(...args)).toEqual({ status: 0, stdout: `${SQL_USAGE}\n`, stderr: '' });
    }
    expect(SQL_USAGE).toMatch(/^usage: clickstream sql check APP\.sql \[--input \[STREAM=\]FILE\.\.\. \[--schema \.\.\.\] \[--table \.\.\.\]\]\n {7}clickstream sql discover FILE\n {7}clickstream sql run APP\.sql --input \[STREAM=\]FILE/);
  });

  it.each([
    [[], 'missing subcommand (check, discover or run)'],
    [['check'], 'missing APP.sql argument'],
    [['discover'], 'missing FILE argument'],
    [['explain', 'app.sql'], 'unknown subcommand "explain"'],
    [['check', '--strict', 'app.sql'], 'unknown option --strict'],
    [['discover', 'a.jsonl', 'b.jsonl'], 'unexpected argument "b.jsonl"'],
  ])('%j exits 2 with the message and the usage on stderr', async (args, message) => {
    expect(await sql(...args)).toEqual({ status: 2, stdout: '', stderr: `clickstream sql: ${message}\n\n${SQL_USAGE}\n` });
  });

  it.each([
    [['run'], 'missing APP.sql argument'],
    [['run', 'app.sql'], 'missing --input FILE'],
    [['run', '--input', 'in.jsonl'], 'missing APP.sql argument'],
    [['run', 'app.sql', '--input', 'a.jsonl', '--input', 'b.jsonl'], 'only one --input may omit STREAM= (it is SOURCE_SQL_STREAM_001); name the others: --input STREAM=FILE'],
    [['run', 'app.sql', '--input', 'A=a.jsonl', '--input', 'A=b.jsonl'], 'input stream A is given twice'],
    [['run', 'app.sql', '--input', 'a.jsonl', '--input', 'SOURCE_SQL_STREAM_001=b.jsonl'], 'input stream SOURCE_SQL_STREAM_001 is given twice'],
    [['run', 'app.sql', '--input', 'a.jsonl', '--table', 't.csv'], '--table t.csv: expected --table NAME=FILE'],
    [['run', 'app.sql', '--input', 'A=a.jsonl', '--table', 'A=t.csv'], 'A is given twice (streams and tables need distinct names)'],
    [['run', 'app.sql', '--input', 'a.jsonl', '--table', 'T=t.csv', '--table', 'T=u.csv'], 'T is given twice (streams and tables need distinct names)'],
    [['run', 'app.sql', '--input', 'a.jsonl', '--schema', 'B=b.json'], '--schema B=b.json: no --input or --table named B'],
    [['run', 'app.sql', '--input', 'a.jsonl', '--schema', 'a.json', '--schema', 'SOURCE_SQL_STREAM_001=b.json'], 'several --schema for SOURCE_SQL_STREAM_001'],
    [['run', 'app.sql', '--input', 'A=a.jsonl', '--schema', 'a.json', '--schema', 'A=b.json'], 'several --schema for A'],
    [['run', 'app.sql', '--input', 'a.jsonl', '--table'], 'option --table needs a value'],
    [['run', 'app.sql', '--input'], 'option --input needs a value'],
    [['run', 'app.sql', '--input', 'a', '--fast'], 'unknown option --fast'],
  ])('%j exits 2: %s', async (args, message) => {
    expect(await sql(...args)).toEqual({ status: 2, stdout: '', stderr: `clickstream sql: ${message}\n\n${SQL_USAGE}\n` });
  });
});

describe('the examples', () => {
  it('clicks.jsonl is ~20 input lines in the SQL runner format, in rowtime order, ending with a bound', () => {
    const lines = readFileSync(SAMPLES, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(18);
    const rowtimes = lines.map((l) => Date.parse(l.rowtime as string));
    expect(rowtimes.every((t, i) => !Number.isNaN(t) && (i === 0 || t >= (rowtimes[i - 1] as number)))).toBe(true);
    expect(lines.slice(0, -1).every((l) => Object.keys(l).sort().join() === 'data,rowtime')).toBe(true);
    expect(lines[lines.length - 1]).toEqual({ rowtime: '2026-11-25T10:03:00.000Z', bound: true });
  });

  it('clicks.sql uses only the columns of clicks.schema.json (or ROWTIME) from the source stream', () => {
    const app = parseApplication(readFileSync(APP, 'utf8'));
    const refs = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        const n = node as { kind?: string; parts?: { name: string }[] };
        if (n.kind === 'ColumnRef' && n.parts !== undefined) refs.add((n.parts[n.parts.length - 1] as { name: string }).name);
        Object.values(node).forEach(walk);
      }
    };
    walk(app.statements.filter((s) => s.kind === 'CreatePump'));
    const columns = new Set((JSON.parse(readFileSync(SCHEMA, 'utf8')) as typeof CLICKS_SCHEMA).RecordColumns.map((c) => c.Name));
    expect([...refs].filter((r) => r !== 'ROWTIME' && !columns.has(r))).toEqual([]);
    expect(refs).toEqual(new Set(['ROWTIME', 'eventType', 'price', 'quantity', 'sessionId', 'userId', 'anonymousId', 'url']));
  });
});

describe('sql run', () => {
  const args = ['run', 'examples/sql/clicks-per-minute.sql', '--input', 'examples/sql/clicks.jsonl'];

  it('runs the sample application and prints every output line in emission order', async () => {
    const result = await sql(...args, '--schema', SCHEMA);
    expect(result).toEqual({ status: 0, stdout: EXPECTED_RUN, stderr: '' });
  });

  it('discovers the schema from the input when --schema is not given (the sample schema is what discovery finds)', async () => {
    expect(await sql(...args)).toEqual({ status: 0, stdout: EXPECTED_RUN, stderr: '' });
  });

  it('writes --output instead of stdout', async () => {
    const written: Record<string, string> = {};
    const h = harness();
    const status = await runSql([...args, '--output', 'out.jsonl'], { ...h.deps, writeFile: (f, t) => (written[f] = t) });
    expect([status, h.stdout(), written['out.jsonl']]).toEqual([0, '', EXPECTED_RUN]);
  });

  it('runs the sample application with its sliding window (one row per input row)', async () => {
    const result = await sql('run', 'examples/sql/clicks.sql', '--input', 'examples/sql/clicks.jsonl', '--schema', SCHEMA);
    expect([result.status, result.stderr]).toEqual([0, '']);
    const lines = result.stdout.split('\n').filter((l) => l !== '');
    expect(lines.slice(0, 4)).toEqual([
      '{"stream":"SESSION_ACTIVITY","rowtime":"2026-11-25T10:00:01.120Z","row":{"SESSION_ID":"s-101","VISITOR":"a-5c1e","URL":"https://shop.example.com/","CLICKS_2M":1,"CART_ADDS_2M":0,"CART_VALUE_2M":0}}',
      '{"stream":"SESSION_ACTIVITY","rowtime":"2026-11-25T10:00:04.310Z","row":{"SESSION_ID":"s-102","VISITOR":"u-17","URL":"https://shop.example.com/products/p-42","CLICKS_2M":1,"CART_ADDS_2M":0,"CART_VALUE_2M":0}}',
      '{"stream":"SESSION_ACTIVITY","rowtime":"2026-11-25T10:00:09.775Z","row":{"SESSION_ID":"s-101","VISITOR":"a-5c1e","URL":"https://shop.example.com/products/p-7","CLICKS_2M":2,"CART_ADDS_2M":0,"CART_VALUE_2M":0}}',
      '{"stream":"SESSION_ACTIVITY","rowtime":"2026-11-25T10:00:15.002Z","row":{"SESSION_ID":"s-102","VISITOR":"u-17","URL":"https://shop.example.com/products/p-42","CLICKS_2M":2,"CART_ADDS_2M":1,"CART_VALUE_2M":39.98}}',
    ]);
  });

  it('an application the engine cannot run yet exits 1 with the construct and its position', async () => {
    const app = tmpFile(
      'join.sql',
      'CREATE STREAM s (n BIGINT);\nCREATE PUMP p AS INSERT INTO s\n  SELECT STREAM 1 FROM "SOURCE_SQL_STREAM_001" AS a\n  NATURAL JOIN "SOURCE_SQL_STREAM_001" OVER (ROWS 1 PRECEDING) AS b;\n',
    );
    const result = await sql('run', app, '--input', 'examples/sql/clicks.jsonl', '--schema', SCHEMA);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/join\.sql: line 3, column 24: NATURAL JOIN is not supported yet by this engine\n3 \|/);
  });

  it('a syntax error exits 1; an unreadable input exits 2', async () => {
    const app = tmpFile('broken.sql', 'SELECT STREAM a FORM s;');
    expect((await sql('run', app, '--input', 'examples/sql/clicks.jsonl')).stderr).toMatch(/line 1, column 17: expected FROM but found 'FORM'/);
    expect((await sql('run', app, '--input', 'examples/sql/clicks.jsonl')).status).toBe(1);
    const missing = await sql('run', 'examples/sql/clicks-per-minute.sql', '--input', 'nope.jsonl');
    expect([missing.status, missing.stderr]).toEqual([2, 'clickstream sql run: cannot read nope.jsonl: no such file or directory (ENOENT)\n']);
  });
});

describe('bin/clickstream.js sql (process)', () => {
  const CLI = path.join(ROOT, 'bin', 'clickstream.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });

  it('sql check examples/sql/clicks.sql exits 0 with the summary', () => {
    const r = run('sql', 'check', 'examples/sql/clicks.sql');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('examples/sql/clicks.sql: syntax OK: 2 streams (EVENTS_PER_MINUTE, SESSION_ACTIVITY), 2 pumps (EVENTS_PER_MINUTE_PUMP, SESSION_ACTIVITY_PUMP), 0 queries\n');
  });

  it('a syntax error exits 1 with the positioned message and no stack trace', () => {
    const file = tmpFile('process-broken.sql', 'SELECT STREAM a,\n  b FORM s;\n');
    const r = run('sql', 'check', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${file}: line 2, column 5: expected FROM but found 'FORM'\n2 |   b FORM s;\n  |     ^^^^\n`);
  });

  it('sql discover prints the schema, sql run runs the sample, bad usage exits 2', () => {
    const discovered = run('sql', 'discover', 'examples/sql/clicks.jsonl');
    expect(discovered.status).toBe(0);
    expect(discovered.stdout).toBe(readFileSync(SCHEMA, 'utf8'));
    const ran = run('sql', 'run', 'examples/sql/clicks-per-minute.sql', '--input', 'examples/sql/clicks.jsonl', '--schema', SCHEMA);
    expect([ran.status, ran.stderr]).toEqual([0, '']);
    expect(ran.stdout.split('\n')[0]).toBe(
      '{"stream":"EVENTS_PER_MINUTE","rowtime":"2026-11-25T10:01:00.000Z","row":{"MINUTE_START":"2026-11-25 10:00:00","EVENT_TYPE":"page_view","EVENTS":5,"REVENUE":null}}',
    );
    const bad = run('sql', 'check');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^clickstream sql: missing APP\.sql argument\n\nusage: clickstream sql check APP\.sql/);
  });

  it('the top-level usage lists sql check, discover and run', () => {
    expect(run('--help').stdout).toMatch(/sql\s+check and run Kinesis Analytics SQL applications, discover input schemas\n\s+check APP\.sql \| discover FILE \| run APP\.sql --input/);
  });
});

describe('sql run with several inputs and reference tables', () => {
  const line = (rowtime: string, data: unknown) => JSON.stringify({ rowtime: `2026-11-25T10:00:${rowtime}.000Z`, data });
  const schemaOf = (columns: [string, string][], format: 'CSV' | 'JSON' = 'CSV') => ({
    RecordFormat:
      format === 'CSV'
        ? { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } }
        : { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
    RecordEncoding: 'UTF-8',
    RecordColumns: columns.map(([Name, SqlType]) => ({ Name, SqlType, ...(format === 'JSON' ? { Mapping: `$.${Name}` } : {}) })),
  });

  // Two pumps copy A and B into one stream: its rows come out in the merged rowtime order.
  const MERGE_APP = `CREATE STREAM out_s (src VARCHAR(1), n INTEGER);
CREATE PUMP pa AS INSERT INTO out_s SELECT STREAM 'A', "n" FROM A;
CREATE PUMP pb AS INSERT INTO out_s SELECT STREAM 'B', "n" FROM B;
`;
  let mergeApp: string;
  let aFile: string;
  let bFile: string;
  beforeAll(() => {
    mergeApp = tmpFile('merge.sql', MERGE_APP);
    aFile = tmpFile('a.jsonl', [line('01', { n: 1 }), line('03', { n: 3 }), line('05', { n: 5 })].join('\n'));
    bFile = tmpFile('b.jsonl', [line('02', { n: 2 }), line('03', { n: 30 }), line('06', { n: 6 })].join('\n'));
  });
  const out = (rows: [string, string, number][]) => rows.map(([t, src, n]) => `{"stream":"OUT_S","rowtime":"2026-11-25T10:00:${t}.000Z","row":{"SRC":"${src}","N":${n}}}\n`).join('');

  it('merges two inputs by rowtime; equal rowtimes go in --input order', async () => {
    expect(await sql('run', mergeApp, '--input', `A=${aFile}`, '--input', `B=${bFile}`)).toEqual({
      status: 0,
      stdout: out([['01', 'A', 1], ['02', 'B', 2], ['03', 'A', 3], ['03', 'B', 30], ['05', 'A', 5], ['06', 'B', 6]]),
      stderr: '',
    });
    const swapped = await sql('run', mergeApp, '--input', `B=${bFile}`, '--input', `A=${aFile}`);
    expect(swapped.stdout).toBe(out([['01', 'A', 1], ['02', 'B', 2], ['03', 'B', 30], ['03', 'A', 3], ['05', 'A', 5], ['06', 'B', 6]]));
  });

  it('the input without STREAM= is SOURCE_SQL_STREAM_001, and --schema without NAME= is its schema', async () => {
    const app = tmpFile('default.sql', MERGE_APP.replace('FROM A', 'FROM SOURCE_SQL_STREAM_001').replace(/"n"/g, 'n'));
    const csv = tmpFile('a-csv.jsonl', [line('01', '1'), line('04', '4')].join('\n'));
    const bCsv = tmpFile('b-csv.jsonl', [line('02', 'x,2')].join('\n'));
    const aSchema = tmpFile('a.schema.json', JSON.stringify(schemaOf([['N', 'INTEGER']])));
    const bSchema = tmpFile('b.schema.json', JSON.stringify(schemaOf([['TAG', 'VARCHAR(4)'], ['N', 'INTEGER']])));
    const r = await sql('run', app, '--input', `B=${bCsv}`, '--input', csv, '--schema', aSchema, '--schema', `B=${bSchema}`);
    expect(r).toEqual({ status: 0, stdout: out([['01', 'A', 1], ['02', 'B', 2], ['04', 'A', 4]]), stderr: '' });
  });

  describe('reference tables', () => {
    const APP_T = `CREATE STREAM named (n INTEGER, name VARCHAR(8));
CREATE PUMP p AS INSERT INTO named SELECT STREAM a."n", t.name FROM A AS a LEFT JOIN T AS t ON a."n" = t.id;
`;
    const expected = '{"stream":"NAMED","rowtime":"2026-11-25T10:00:01.000Z","row":{"N":1,"NAME":"one"}}\n'
      + '{"stream":"NAMED","rowtime":"2026-11-25T10:00:03.000Z","row":{"N":3,"NAME":null}}\n'
      + '{"stream":"NAMED","rowtime":"2026-11-25T10:00:05.000Z","row":{"N":5,"NAME":"five"}}\n';
    const tableSchema = (format: 'CSV' | 'JSON') => tmpFile(`t-${format}.schema.json`, JSON.stringify(schemaOf([['ID', 'INTEGER'], ['NAME', 'VARCHAR(8)']], format)));

    it('reads a CSV table, one record a line (blank lines skipped), with its --schema', async () => {
      const table = tmpFile('t.csv', '1,one\n\n5,five\r\n');
      expect(await sql('run', tmpFile('t.sql', APP_T), '--input', `A=${aFile}`, '--table', `T=${table}`, '--schema', `T=${tableSchema('CSV')}`)).toEqual({ status: 0, stdout: expected, stderr: '' });
    });

    it('discovers a CSV table schema from its records (headerless columns are COL_0, COL_1)', async () => {
      const table = tmpFile('t-discover.csv', '1,one\n5,five\n');
      const app = tmpFile('t-discover.sql', APP_T.replace('t.name', 't.COL_1').replace('t.id', 't.COL_0'));
      expect(await sql('run', app, '--input', `A=${aFile}`, '--table', `T=${table}`)).toEqual({ status: 0, stdout: expected, stderr: '' });
    });

    it('a discovered CSV table with a header row takes its column names from it, and the header is not a record', async () => {
      const table = tmpFile('t-header.csv', 'ID,NAME\n1,one\n5,five\n');
      expect(await sql('run', tmpFile('t.sql', APP_T), '--input', `A=${aFile}`, '--table', `T=${table}`)).toEqual({ status: 0, stdout: expected, stderr: '' });
    });

    it('reads a JSON table, one object a line, with its --schema', async () => {
      const table = tmpFile('t.jsonl', '{"ID": 1, "NAME": "one"}\n{"ID": 5, "NAME": "five"}\n');
      expect(await sql('run', tmpFile('t.sql', APP_T), '--input', `A=${aFile}`, '--table', `T=${table}`, '--schema', `T=${tableSchema('JSON')}`)).toEqual({ status: 0, stdout: expected, stderr: '' });
    });

    it('reads a .json file holding an array of records, and discovers its schema', async () => {
      const table = tmpFile('t.json', '[\n  {"ID": 1, "NAME": "one"},\n  {"ID": 5, "NAME": "five"}\n]\n');
      expect(await sql('run', tmpFile('t.sql', APP_T), '--input', `A=${aFile}`, '--table', `T=${table}`)).toEqual({ status: 0, stdout: expected, stderr: '' });
    });
  });

  it('runs examples/sql/orders.sql: orders with products (a table), shipments with orders (a window)', async () => {
    const r = await sql(
      'run',
      'examples/sql/orders.sql',
      '--input',
      'ORDERS=examples/sql/orders.jsonl',
      '--input',
      'SHIPMENTS=examples/sql/shipments.jsonl',
      '--table',
      'PRODUCTS=examples/sql/products.json',
    );
    expect(r).toEqual({
      status: 0,
      stdout: [
        '{"stream":"ORDER_LINES","rowtime":"2026-11-25T10:00:05.000Z","row":{"ORDER_ID":1001,"PRODUCT":"Espresso cup","AMOUNT":19}}',
        '{"stream":"ORDER_LINES","rowtime":"2026-11-25T10:00:40.000Z","row":{"ORDER_ID":1002,"PRODUCT":"Coffee grinder","AMOUNT":89}}',
        '{"stream":"ORDER_LINES","rowtime":"2026-11-25T10:01:10.000Z","row":{"ORDER_ID":1003,"PRODUCT":"Milk jug","AMOUNT":42}}',
        '{"stream":"ORDER_LINES","rowtime":"2026-11-25T10:02:30.000Z","row":{"ORDER_ID":1004,"PRODUCT":"Espresso cup","AMOUNT":9.5}}',
        '{"stream":"SHIPPED","rowtime":"2026-11-25T10:03:00.000Z","row":{"ORDER_ID":1001,"PRODUCT":"Espresso cup","AMOUNT":19,"CARRIER":"UPS"}}',
        '{"stream":"SHIPPED","rowtime":"2026-11-25T10:04:15.000Z","row":{"ORDER_ID":1003,"PRODUCT":"Milk jug","AMOUNT":42,"CARRIER":"DHL"}}',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  describe('errors', () => {
    const aSchema = () => tmpFile('a-n.schema.json', JSON.stringify(schemaOf([['n', 'INTEGER']], 'JSON')));

    it('a malformed line exits 2 naming the file it is in and its line', async () => {
      const bad = tmpFile('b-bad.jsonl', `${line('02', { n: 2 })}\n\n{"rowtime": "yesterday", "data": {"n": 3}}\n`);
      const r = await sql('run', mergeApp, '--input', `A=${aFile}`, '--input', `B=${bad}`, '--schema', `A=${aSchema()}`, '--schema', `B=${aSchema()}`);
      expect(r).toEqual({ status: 2, stdout: '', stderr: `clickstream sql run: ${bad} input line 3: "rowtime" must be ISO-8601 or YYYY-MM-DD HH:MM:SS[.fff] (UTC), got "yesterday"\n` });
    });

    it('without its --schema, the line is found by discovery and still named with its file', async () => {
      const bad = tmpFile('b-notjson.jsonl', `${line('02', { n: 2 })}\nnot json\n`);
      const r = await sql('run', mergeApp, '--input', `A=${aFile}`, '--input', `B=${bad}`);
      expect(r).toEqual({ status: 2, stdout: '', stderr: `clickstream sql run: ${bad} line 2: not valid JSON; expected {"rowtime": T, "data": RECORD} as on the first line\n` });
    });

    it('a table record that is not a row exits 1 naming the file, the table and the record', async () => {
      const table = tmpFile('t-bad.csv', '1,one\n\ntwo,2\n');
      const schema = tmpFile('t-bad.schema.json', JSON.stringify(schemaOf([['ID', 'INTEGER'], ['NAME', 'VARCHAR(8)']])));
      const app = tmpFile('t-bad.sql', 'SELECT STREAM a."n", t.name FROM A AS a JOIN T AS t ON a."n" = t.id;');
      const r = await sql('run', app, '--input', `A=${aFile}`, '--table', `T=${table}`, '--schema', `T=${schema}`);
      expect(r).toEqual({ status: 1, stdout: '', stderr: `clickstream sql run: ${table}: reference table T, record 2: COERCION_ERROR: Column "ID" INTEGER (field 1): cannot convert string 'two' to INTEGER: not a number\n` });
    });

    it('a .json table that is not valid JSON exits 1', async () => {
      const table = tmpFile('t-broken.json', '[{"ID": 1},\n');
      const r = await sql('run', mergeApp, '--input', `A=${aFile}`, '--input', `B=${bFile}`, '--table', `T=${table}`);
      expect(r).toEqual({ status: 1, stdout: '', stderr: `clickstream sql run: ${table}: not valid JSON (Unexpected end of input at position 12); expected an array of records or one record a line\n` });
    });

    it('a table whose schema cannot be discovered exits 1 and says which --schema to give', async () => {
      const table = tmpFile('t-empty.csv', '\n');
      const r = await sql('run', mergeApp, '--input', `A=${aFile}`, '--input', `B=${bFile}`, '--table', `T=${table}`);
      expect(r).toEqual({ status: 1, stdout: '', stderr: `clickstream sql run: ${table}: unable to detect a schema (give --schema T=SCHEMA.json): No sample records to discover a schema from\n` });
    });

    it('an invalid InputSchema exits 1 naming its file', async () => {
      const schema = tmpFile('bad.schema.json', '{"RecordColumns": []}');
      const r = await sql('run', mergeApp, '--input', `A=${aFile}`, '--input', `B=${bFile}`, '--schema', `B=${schema}`);
      expect(r).toEqual({
        status: 1,
        stdout: '',
        stderr: `clickstream sql run: ${schema}: Invalid InputSchema: InputSchema.RecordFormat: RecordFormat is required [required]; InputSchema.RecordColumns: must have at least 1 item(s), has 0 [minItems]\n`,
      });
    });

    it('a stream the application reads but no --input gives is an analysis error (exit 1)', async () => {
      const r = await sql('run', mergeApp, '--input', `A=${aFile}`);
      expect(r).toEqual({
        status: 1,
        stdout: '',
        stderr: `${mergeApp}: line 3, column 65: Stream B not found (streams: A, OUT_S)\n3 | ${MERGE_APP.split('\n')[2]}\n  | ${' '.repeat(64)}^\n`,
      });
    });

    it('an unreadable table file exits 2', async () => {
      const missing = path.join(tmp, 'missing.csv');
      expect(await sql('run', mergeApp, '--input', `A=${aFile}`, '--input', `B=${bFile}`, '--table', `T=${missing}`)).toEqual({
        status: 2,
        stdout: '',
        stderr: `clickstream sql run: cannot read ${missing}: no such file or directory (ENOENT)\n`,
      });
    });
  });
});
