import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDuration, runSimulate, type SimulateDeps } from '../../../lambda/local/cli/simulate';
import { transform } from '../engine/simulate/helpers';

const ROOT = path.join(__dirname, '..', '..', '..');

/** Reads the repository (and `extra` files) relative to its root; writes go to memory. */
function deps(extra: Record<string, string> = {}) {
  const written = new Map<string, string | Buffer>();
  let out = '';
  let err = '';
  let clock = 0;
  const d: SimulateDeps = {
    readFile: (file) => extra[file] ?? readFileSync(path.join(ROOT, file), 'utf8'),
    exists: (file) => file in extra || existsSync(path.join(ROOT, file)),
    writeFile: (file, data) => void written.set(file, data),
    appendFile: (file, data) => void written.set(file, `${String(written.get(file) ?? '')}${data}`),
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    now: () => (clock += 100),
    transform,
  };
  return { d, written, out: () => out, err: () => err };
}

const SMALL_CONFIG = JSON.stringify({ stream: { shardCount: 2 }, s3: { bufferIntervalSeconds: 60 } });

describe('clickstream simulate', () => {
  test('--help prints the usage, exit 0', async () => {
    const t = deps();
    expect(await runSimulate(['--help'], t.d)).toBe(0);
    expect(t.out()).toMatch(/^usage: clickstream simulate \[--config FILE\] \[--records N \| --duration T\] \[--input FILE\.jsonl\]/);
  });

  test.each([
    [['--records', 'many'], /--records must be an integer ≥ 1, got "many"/],
    [['--duration', 'forever'], /--duration must be seconds or a number with s, m or h/],
    [['--bogus'], /unknown option --bogus/],
    [['--input', 'no/such/file.jsonl'], /cannot read input no\/such\/file\.jsonl/],
    [['--config'], /--config needs a value/],
  ])('bad usage %j: exit 2, the reason and the usage on stderr, no stack', async (argv, message) => {
    const t = deps();
    expect(await runSimulate(argv, t.d)).toBe(2);
    expect(t.err()).toMatch(message);
    expect(t.err()).toMatch(/usage: clickstream simulate/);
    expect(t.err()).not.toMatch(/\n\s+at /);
  });

  test('an invalid configuration: exit 1 naming the key and the rule', async () => {
    const t = deps({ 'bad.json': JSON.stringify({ stream: { shardCount: 0 } }) });
    expect(await runSimulate(['--config', 'bad.json'], t.d)).toBe(1);
    expect(t.err()).toMatch(/clickstream\.stream\.shardCount: must be an integer ≥ 1/);
  });

  test('a small generated run: summary on stdout, progress on stderr, objects, rows and report written', async () => {
    const t = deps({ 'small.json': SMALL_CONFIG });
    const status = await runSimulate(['--config', 'small.json', '--records', '2000', '--duration', '5m', '--out', 'o', '--report', 'r.html'], t.d);
    expect(t.err()).not.toMatch(/Error/);
    expect(status).toBe(0);
    expect(t.out()).toMatch(/records in\s+2,000/);
    expect(t.out()).toMatch(/s3 \(clickstream-to-s3\)\s+\d+/);
    expect(t.out()).toMatch(/analytics stream .*examples\/analytics\/clickstream\.sql \(example: no analytics in the configuration\)/);
    expect(t.out()).toMatch(/wrote r\.html/);
    expect(t.err()).toMatch(/^simulate: [\d,]+\/2,000 records, \d\d:\d\d:\d\d of 00:05:00 simulated/m);
    const files = [...t.written.keys()];
    expect(files.filter((f) => f.startsWith(path.join('o', 's3', 'events'))).length).toBeGreaterThan(0);
    expect(files).toContain(path.join('o', 'analytics', 'CLICKS_PER_MINUTE.jsonl'));
    expect(String(t.written.get('r.html'))).toMatch(/^<!DOCTYPE html>/);
  });

  test('--input replays recorded traffic (the SQL runner\'s input format)', async () => {
    const t = deps({ 'small.json': SMALL_CONFIG });
    expect(await runSimulate(['--config', 'small.json', '--input', 'examples/sql/clicks.jsonl', '--out', 'o', '--report', 'r.html'], t.d)).toBe(0);
    const lines = readFileSync(path.join(ROOT, 'examples/sql/clicks.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.includes('"bound"')).length;
    expect(t.out()).toMatch(new RegExp(`records in\\s+${lines}\\b`));
    expect(t.out()).toMatch(new RegExp(`stored\\s+${lines}\\b`));
  });

  test('every destination of examples/all-destinations.json, Redshift and OpenSearch as their S3 objects with a note', async () => {
    const t = deps();
    expect(await runSimulate(['--config', 'examples/all-destinations.json', '--records', '1500', '--duration', '5m', '--out', 'o', '--report', 'r.html'], t.d)).toBe(0);
    for (const d of ['s3', 'redshift', 'opensearch']) expect(t.out()).toMatch(new RegExp(`^${d} \\(clickstream-to-${d}\\)\\s+[1-9]`, 'm'));
    expect(t.out()).toMatch(/note: redshift: staged S3 objects only/);
    expect(t.out()).toMatch(/note: opensearch: each bulk batch is written as one object/);
    // Dynamic partitioning: the constructs' Hive-style prefix from the transform's partition keys.
    expect([...t.written.keys()].some((k) => k.includes(path.join('o', 's3', 'events', 'event_type=page_view', 'year=2026')))).toBe(true);
    // Without configured outputs, the example application's result streams (not its stage 1).
    expect(t.out()).not.toMatch(/SESSION_MINUTES/);
  });

  test('a malformed input line: exit 2 naming the line', async () => {
    const t = deps({ 'bad.jsonl': '{"rowtime": "2026-11-25T10:00:00Z", "data": {"a": 1}}\nnot json\n' });
    expect(await runSimulate(['--input', 'bad.jsonl'], t.d)).toBe(2);
    expect(t.err()).toMatch(/bad\.jsonl: line 2: not valid JSON/);
  });

  test('parseDuration', () => {
    expect(parseDuration('90')).toBe(90_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('0')).toBeUndefined();
    expect(parseDuration('1d')).toBeUndefined();
  });
});
