import fc from 'fast-check';
import { JavaRegexError } from '../../../../../lambda/engine/sql/functions/java-regex';
import {
  FastRegexSyntaxError,
  LOG_FIELD_LENGTH,
  LogParseError,
  W3C_PREDEFINED_FORMATS,
  compileFastRegexLogParse,
  compileFixedColumnLogParse,
  compileRegexLogParse,
  compileVariableColumnLogParse,
  compileW3cLogParse,
  describeField,
  logRowValue,
} from '../../../../../lambda/engine/sql/functions/log-parse';
import { typeToString } from '../../../../../lambda/engine/sql/types';

// The sample stock ticker stream of the Getting Started exercise: (ticker_symbol, sector, change, price).
const SECTORS = ['TECHNOLOGY', 'HEALTHCARE', 'ENERGY', 'FINANCIAL', 'RETAIL', 'MANUFACTURING'];

/** CAST(v AS VARCHAR(n)): KDA truncates silently (kda-sql.md §1 "Types"). */
const varchar = (n: number, v: string | null | undefined): string | null => (v === null || v === undefined ? null : v.slice(0, n));

describe('REGEX_LOG_PARSE', () => {
  // sqlref REGEX_LOG_PARSE, Examples 1 and 2: REGEX_LOG_PARSE(SECTOR, '.*([E].).*([R].*)'). The
  // reference shows the output as screenshots (rows for the healthcare and energy sectors); the
  // values below are java.util.regex's (checked with OpenJDK 17).
  const parse = compileRegexLogParse('.*([E].).*([R].*)');
  test.each([
    ['TECHNOLOGY', null],
    ['HEALTHCARE', ['EA', 'RE']],
    ['ENERGY', ['EN', 'RGY']],
    ['FINANCIAL', null],
    ['RETAIL', null],
    ['MANUFACTURING', null],
  ])("REGEX_LOG_PARSE(%j, '.*([E].).*([R].*)')", (sector, expected) => {
    expect(parse(sector)).toEqual(expected);
  });

  test('Example 2 selects the sector and both columns into VARCHAR(24) columns', () => {
    const rows = SECTORS.map((sector) => {
      const r = logRowValue(parse, parse(sector));
      return r === null ? null : [varchar(24, sector), varchar(24, r.COLUMN1 as string), varchar(24, r.COLUMN2 as string)];
    });
    expect(rows).toEqual([null, ['HEALTHCARE', 'EA', 'RE'], ['ENERGY', 'EN', 'RGY'], null, null, null]);
  });

  test('the ROW has fields COLUMN1..n of type VARCHAR(1024)', () => {
    expect(parse.fields.map((f) => f.name)).toEqual(['COLUMN1', 'COLUMN2']);
    expect(typeToString(parse.rowType)).toBe('ROW(COLUMN1 VARCHAR(1024), COLUMN2 VARCHAR(1024))');
    expect(logRowValue(parse, parse('HEALTHCARE'))).toEqual({ COLUMN1: 'EA', COLUMN2: 'RE' });
  });

  test('developer guide example: parsing an Apache log line', () => {
    // dev/examples-transforming-strings-regexlogparse: REGEX_LOG_PARSE(LOGENTRY, '(\w.+) (\d.+) (\w.+) (\w.+)')
    // selected into match1 VARCHAR(24), match2 VARCHAR(24).
    const logEntry = '203.0.113.24 - - [25/Mar/2018:15:25:37 -0700] "GET /index.php HTTP/1.1" 200 125 "-" "Mozilla/5.0 [en] Gecko/20100101 Firefox/52.0"';
    const p = compileRegexLogParse('(\\w.+) (\\d.+) (\\w.+) (\\w.+)');
    const row = p(logEntry);
    expect(row).toEqual([
      '203.0.113.24 - - [25/Mar/2018:15:25:37 -0700] "GET /index.php HTTP/1.1" 200',
      '125 "-" "Mozilla/5.0 [en]',
      'Gecko/20100101',
      'Firefox/52.0"',
    ]);
    expect([varchar(24, logEntry), varchar(24, row![0]), varchar(24, row![1])]).toEqual([
      '203.0.113.24 - - [25/Mar',
      '203.0.113.24 - - [25/Mar',
      '125 "-" "Mozilla/5.0 [en',
    ]);
  });

  test('the whole input must match (Matcher.matches), not just a part of it', () => {
    expect(compileRegexLogParse('(B)')('xxABCxx')).toBeNull();
    expect(compileRegexLogParse('.*(B).*')('xxABCxx')).toEqual(['B']);
    expect(compileRegexLogParse('(\\d+)')('12\n')).toBeNull();
  });

  test('a group that does not participate gives a NULL field', () => {
    expect(compileRegexLogParse('(a)|(b)')('b')).toEqual([null, 'b']);
  });

  test('values are VARCHAR(1024): longer captures are truncated', () => {
    const long = 'x'.repeat(1500);
    const row = compileRegexLogParse('(x*)-(y)')(`${long}-y`);
    expect(row![0]).toHaveLength(LOG_FIELD_LENGTH);
    expect(row![0]).toBe('x'.repeat(1024));
    expect(row![1]).toBe('y');
  });

  test('a NULL input gives NULL', () => {
    expect(parse(null)).toBeNull();
  });

  test('the optional column list names (and types) the fields', () => {
    const p = compileRegexLogParse('(\\d+) (\\w+)', 'code INTEGER, "Word" VARCHAR(3)');
    expect(p.fields.map(describeField)).toEqual(['CODE INTEGER', 'Word VARCHAR(3)']);
    expect(p('404 missing')).toEqual(['404', 'mis']);
    expect(() => compileRegexLogParse('(\\d+) (\\w+)', 'code INTEGER')).toThrow(
      new LogParseError('REGEX_LOG_PARSE', 'the column list names 1 columns but the regular expression has 2 groups'),
    );
  });

  test('arguments are validated when compiled', () => {
    expect(() => compileRegexLogParse('abc')).toThrow(LogParseError);
    expect(() => compileRegexLogParse('(a')).toThrow(JavaRegexError);
    expect(() => compileRegexLogParse('(\\X)')).toThrow(JavaRegexError);
  });

  test('agrees with a hand-written parse of "key=value" lines (property)', () => {
    const p = compileRegexLogParse('(\\w+)=(.*)');
    fc.assert(
      fc.property(fc.stringMatching(/^\w+$/), fc.string({ unit: fc.constantFrom('a', '=', ' ', '1') }), (key, value) => {
        expect(p(`${key}=${value}`)).toEqual([key, value]);
      }),
    );
  });
});

describe('FAST_REGEX_LOG_PARSE', () => {
  const frlp = (input: string, pattern: string): readonly (string | null)[] | null => compileFastRegexLogParse(pattern)(input);

  test("First FRLP Example: '(.*)_(._.*)_.*' (the reference prints COLUMN2 'a_little_lamb', which no reading allows)", () => {
    // The `_.*` after group 2 must consume an underscore that follows COLUMN2, so COLUMN2 cannot run
    // to the end of the input; the reference's own walkthrough ends group 2 at the next underscore.
    expect(frlp('Mary_had_a_little_lamb', '(.*)_(._.*)_.*')).toEqual(['Mary_had', 'a_little']);
  });

  test('"If the Fast Regex pattern had omitted the final asterisk, no results would be obtained."', () => {
    expect(frlp('Mary_had_a_little_lamb', '(.*)_(._.*)_.')).toBeNull();
  });

  test("Example A: '(.*)_+(._.*)' returns no fields (no backtracking)", () => {
    expect(frlp('Mary_had_a_little_lamb', '(.*)_+(._.*)')).toBeNull();
    // REGEX_LOG_PARSE backtracks and succeeds, as the reference says.
    expect(compileRegexLogParse('(.*)_+(._.*)')('Mary_had_a_little_lamb')).toEqual(['Mary_had', 'a_little_lamb']);
  });

  test("Example B: '(.*)_+(.*)'", () => {
    expect(frlp('Mary____had_a_little_lamb', '(.*)_+(.*)')).toEqual(['Mary', 'had_a_little_lamb']);
  });

  test("Example C: '(.*)_+(<Alpha>.*)'", () => {
    expect(frlp('Mary____had_a_little_lamb', '(.*)_+(<Alpha>.*)')).toEqual(['Mary', 'had_a_little_lamb']);
  });

  test('groups are lazy, runs outside groups are not', () => {
    expect(frlp('a b c', '(.*) (.*)')).toEqual(['a', 'b c']);
    expect(frlp('abc   def', '([^ ]*) +(.*)')).toEqual(['abc', 'def']);
    expect(frlp('abc', '(.*)(.*)')).toEqual(['', 'abc']);
    expect(frlp('12-345', '(<Digit>+)-(<Digit>+)')).toEqual(['12', '345']);
  });

  test('every character must be accounted for', () => {
    expect(frlp('12-345x', '(<Digit>+)-(<Digit>+)')).toBeNull();
    expect(frlp('x12-345', '(<Digit>+)-(<Digit>+)')).toBeNull();
  });

  test('named patterns, intervals, strings, any string, intersection', () => {
    expect(frlp('10.200', '(<0-255>)\\.(<0-255>)')).toEqual(['10', '200']);
    expect(frlp('10.256', '(<0-255>)\\.(<0-255>)')).toBeNull();
    expect(frlp('07:05', '(<00-59>):(<00-59>)')).toEqual(['07', '05']);
    expect(frlp('7:05', '(<00-59>):(<00-59>)')).toBeNull();
    expect(frlp('POST /x', '("GET"|"POST") (@)')).toEqual(['POST', '/x']);
    expect(frlp('abcx', '(@&[a-z]*)x')).toEqual(['abc']);
    expect(frlp('ab1x', '(@&[a-z]*)x')).toBeNull();
    expect(frlp('a', '(a)#')).toBeNull();
    expect(frlp('!a', '(<Punct>)(<Alnum>)')).toEqual(['!', 'a']);
    expect(frlp(' a', '(<Print>)(a)')).toBeNull();
  });

  test('classes, negation, escapes, counted repetition', () => {
    expect(frlp('x-1', '([^-]+)\\-([0-9]{1,3})')).toEqual(['x', '1']);
    expect(frlp('x-1234', '([^-]+)\\-([0-9]{1,3})')).toBeNull();
    expect(frlp('[ab]', '\\[([a-b]+)\\]')).toEqual(['ab']);
    expect(frlp('a~b', '(a)~(b)')).toEqual(['a', 'b']);
  });

  test('columns are VARCHAR(1024), truncated', () => {
    const p = compileFastRegexLogParse('(.*)');
    expect(typeToString(p.rowType)).toBe('ROW(COLUMN1 VARCHAR(1024))');
    expect(p('y'.repeat(2000))).toEqual(['y'.repeat(1024)]);
    expect(p(null)).toBeNull();
  });

  test('pattern errors are reported when compiled', () => {
    expect(() => compileFastRegexLogParse('(a|b')).toThrow(new FastRegexSyntaxError('(a|b', 4, "expected ')'"));
    expect(() => compileFastRegexLogParse('(<Foo>)')).toThrow(new FastRegexSyntaxError('(<Foo>)', 1, 'unknown named pattern <Foo>'));
    expect(() => compileFastRegexLogParse('(a)*')).toThrow(FastRegexSyntaxError);
    expect(() => compileFastRegexLogParse('a|(b)')).toThrow(FastRegexSyntaxError);
    expect(() => compileFastRegexLogParse('[z-a]')).toThrow(FastRegexSyntaxError);
    expect(() => compileFastRegexLogParse('abc')).toThrow(LogParseError);
  });
});

describe('W3C_LOG_PARSE', () => {
  // sqlref W3C_LOG_PARSE, Example 1 (COMMON).
  const common = compileW3cLogParse('COMMON');
  const john = '192.168.254.30 - John [24/May/2004:22:01:02 -0700] "GET /icons/apache_pb.gif HTTP/1.1" 304 0';
  const jane = '192.168.254.30 - Jane [24/May/2004:22:01:02 -0700] "GET /icons/small/dir.gif HTTP/1.1" 304 0';

  test('Example 1: COMMON', () => {
    expect(common(john)).toEqual(['192.168.254.30', '-', 'John', '[24/May/2004:22:01:02 -0700]', 'GET /icons/apache_pb.gif HTTP/1.1', '304', '0']);
    expect(common(jane)).toEqual(['192.168.254.30', '-', 'Jane', '[24/May/2004:22:01:02 -0700]', 'GET /icons/small/dir.gif HTTP/1.1', '304', '0']);
    expect(common.fields.map((f) => f.name)).toEqual(['COLUMN1', 'COLUMN2', 'COLUMN3', 'COLUMN4', 'COLUMN5', 'COLUMN6', 'COLUMN7']);
  });

  test('Example 2: CAST(COLUMN3 AS VARCHAR(5)) AS LOG_USER, CAST(COLUMN1 AS VARCHAR(15)) AS ADDRESS, CAST(COLUMN4 AS VARCHAR(30)) AS TIME_DATES', () => {
    const reduced = [jane, john].map((line) => {
      const r = logRowValue(common, common(line))!;
      return [varchar(5, r.COLUMN3 as string), varchar(15, r.COLUMN1 as string), varchar(30, r.COLUMN4 as string)];
    });
    expect(reduced).toEqual([
      ['Jane', '192.168.254.30', '[24/May/2004:22:01:02 -0700]'],
      ['John', '192.168.254.30', '[24/May/2004:22:01:02 -0700]'],
    ]);
  });

  test('W3C Customized Formats: naming the specifiers gives the same results as COMMON', () => {
    // The reference writes the format as '%h %l %u %t \"%r\" %>s %b' (an Apache LogFormat escape).
    for (const format of ['%h %l %u %t \\"%r\\" %>s %b', '%h %l %u %t "%r" %>s %b']) {
      const custom = compileW3cLogParse(format);
      expect(custom(john)).toEqual(common(john));
      expect(custom(jane)).toEqual(common(jane));
    }
  });

  test('"If you change %t to [%t], the date column contains 24/May/2004:22:01:02 -0700"', () => {
    expect(compileW3cLogParse('%h %l %u [%t] "%r" %>s %b')(john)![3]).toBe('24/May/2004:22:01:02 -0700');
  });

  test('developer guide example: W3C_LOG_PARSE("log", \'COMMON\') into VARCHAR(16) columns', () => {
    const logs = [
      '192.168.254.30 - John [24/May/2004:22:01:02 -0700] "GET /icons/apache_pba.gif HTTP/1.1" 304 0',
      '192.168.254.30 - John [24/May/2004:22:01:03 -0700] "GET /icons/apache_pbb.gif HTTP/1.1" 304 0',
      '192.168.254.30 - John [24/May/2004:22:01:04 -0700] "GET /icons/apache_pbc.gif HTTP/1.1" 304 0',
    ];
    expect(logs.map((l) => common(l)!.map((v) => varchar(16, v)))).toEqual([
      ['192.168.254.30', '-', 'John', '[24/May/2004:22:', 'GET /icons/apach', '304', '0'],
      ['192.168.254.30', '-', 'John', '[24/May/2004:22:', 'GET /icons/apach', '304', '0'],
      ['192.168.254.30', '-', 'John', '[24/May/2004:22:', 'GET /icons/apach', '304', '0'],
    ]);
    expect(common(logs[1])![3]).toBe('[24/May/2004:22:01:03 -0700]');
  });

  test('the other predefined formats', () => {
    expect(W3C_PREDEFINED_FORMATS['NCSA EXTENDED']).toBe('%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"');
    expect(compileW3cLogParse('COMMON WITH VHOST')('www.example.com 10.0.0.1 - - [01/Jan/2020:00:00:00 +0000] "GET / HTTP/1.1" 200 1234')).toEqual([
      'www.example.com',
      '10.0.0.1',
      '-',
      '-',
      '[01/Jan/2020:00:00:00 +0000]',
      'GET / HTTP/1.1',
      '200',
      '1234',
    ]);
    expect(
      compileW3cLogParse('ncsa extended')(
        '10.0.0.1 - bob [01/Jan/2020:00:00:00 +0000] "GET /a?b=1 HTTP/1.1" 200 - "http://example.com/start" "Mozilla/5.0 (X11; Linux x86_64)"',
      ),
    ).toEqual(['10.0.0.1', '-', 'bob', '[01/Jan/2020:00:00:00 +0000]', 'GET /a?b=1 HTTP/1.1', '200', '-', 'http://example.com/start', 'Mozilla/5.0 (X11; Linux x86_64)']);
    expect(compileW3cLogParse('REFERER')('http://www.example.com/start.html ---> /index.html')).toEqual(['http://www.example.com/start.html', '/index.html']);
    expect(compileW3cLogParse('AGENT')('Mozilla/4.08 [en] (Win98; I ;Nav)')).toEqual(['Mozilla/4.08 [en] (Win98; I ;Nav)']);
    const iis = compileW3cLogParse('IIS');
    expect(iis.fields).toHaveLength(15);
    expect(iis('192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502, 163, 3223, 200, 0, GET, /DeptLogo.gif, -,')).toEqual([
      '192.168.114.201',
      '-',
      '03/20/01',
      '7:55:20',
      'W3SVC2',
      'SALES1',
      '172.21.13.45',
      '4502',
      '163',
      '3223',
      '200',
      '0',
      'GET',
      '/DeptLogo.gif',
      '-',
    ]);
  });

  test('a quoted field keeps Apache-escaped quotes; one trailing line terminator is ignored', () => {
    expect(common('1.2.3.4 - - [x] "GET /a\\"b HTTP/1.1" 200 5\r\n')).toEqual(['1.2.3.4', '-', '-', '[x]', 'GET /a\\"b HTTP/1.1', '200', '5']);
  });

  test('modifiers, parameters and %%', () => {
    const p = compileW3cLogParse('%!200,304{Referer}i %400,501>s 100%% %{%Y}t');
    expect(p('- 404 100% 2020')).toEqual(['-', '404', '2020']);
  });

  test('a line that does not fit the format gives NULL', () => {
    expect(common('not a log line')).toBeNull();
    expect(common(null)).toBeNull();
  });

  test('unknown names and specifiers are rejected when compiled', () => {
    expect(() => compileW3cLogParse('W3C EXTENDED')).toThrow(LogParseError);
    expect(() => compileW3cLogParse('W3C EXTENDED')).toThrow(/neither a predefined format/);
    expect(() => compileW3cLogParse('%h %Z')).toThrow(new LogParseError('W3C_LOG_PARSE', "unknown format specifier '%Z' at index 3 of format \"%h %Z\""));
    expect(() => compileW3cLogParse('%{Referer i')).toThrow(LogParseError);
  });
});

describe('VARIABLE_COLUMN_LOG_PARSE', () => {
  test('reference: with comma delimiter and backslash escape, "a,b" is two fields and "a\\,b" one', () => {
    const p = compileVariableColumnLogParse(2, ',', '\\');
    expect(p('a,b')).toEqual(['a', 'b']);
    expect(p('a\\,b')).toEqual(['a,b', null]);
  });

  test("reference: a tab delimiter, u&'\\0009'", () => {
    expect(compileVariableColumnLogParse(3, '\u0009')('x\ty\tz')).toEqual(['x', 'y', 'z']);
  });

  test('reference: a one-character quote string begins and ends quoted strings', () => {
    expect(compileVariableColumnLogParse(2, ',', '', '"')('"a,b",c')).toEqual(['a,b', 'c']);
  });

  test('reference: a two-character quote string has different begin and end characters', () => {
    const p = compileVariableColumnLogParse(3, ' ', null, '[]');
    expect(p('1.2.3.4 [10/Oct/2000:13:55:36 -0700] 200')).toEqual(['1.2.3.4', '10/Oct/2000:13:55:36 -0700', '200']);
  });

  test('reference: a column list with a TIMESTAMP format', () => {
    const p = compileVariableColumnLogParse('"name" TYPE TIMESTAMP \'dd/MMM/yyyy:HH:mm:ss\', code TYPE INTEGER NOT NULL, msg TYPE VARCHAR(5)', '|');
    expect(p.fields).toEqual([
      { name: 'name', type: { name: 'TIMESTAMP', nullable: true }, format: 'dd/MMM/yyyy:HH:mm:ss' },
      { name: 'CODE', type: { name: 'INTEGER', nullable: false } },
      { name: 'MSG', type: { name: 'VARCHAR', length: 5, nullable: true } },
    ]);
    expect(p('10/Oct/2000:13:55:36|200|finished')).toEqual(['10/Oct/2000:13:55:36', '200', 'finis']);
    expect(p('10/Oct/2000:13:55:36')).toBeNull(); // NOT NULL code missing
  });

  test('the default fields are COLUMN1..n VARCHAR(1024)', () => {
    expect(typeToString(compileVariableColumnLogParse(2, ',').rowType)).toBe('ROW(COLUMN1 VARCHAR(1024), COLUMN2 VARCHAR(1024))');
  });

  test('missing fields are NULL, extra fields ignored, empty fields empty', () => {
    const p = compileVariableColumnLogParse(3, ',');
    expect(p('a')).toEqual(['a', null, null]);
    expect(p('a,,b,c,d')).toEqual(['a', '', 'b']);
    expect(p('')).toEqual(['', null, null]);
    expect(p(null)).toBeNull();
  });

  test('a delimiter string is matched as a whole', () => {
    expect(compileVariableColumnLogParse(3, ' | ')('a|b | c | d')).toEqual(['a|b', 'c', 'd']);
  });

  test('escapes apply inside quotes and make the next character literal', () => {
    const p = compileVariableColumnLogParse(2, ',', '\\', '"');
    expect(p('"a\\"b,c",d')).toEqual(['a"b,c', 'd']);
    expect(p('a\\\\,b')).toEqual(['a\\', 'b']);
  });

  test('splitting joined fields gives them back (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ') }), { minLength: 1, maxLength: 6 }), (fields) => {
        expect(compileVariableColumnLogParse(fields.length, ';')(fields.join(';'))).toEqual(fields);
      }),
    );
  });

  test('arguments are validated when compiled', () => {
    expect(() => compileVariableColumnLogParse(0, ',')).toThrow(LogParseError);
    expect(() => compileVariableColumnLogParse(1.5, ',')).toThrow(LogParseError);
    expect(() => compileVariableColumnLogParse(2, '')).toThrow(new LogParseError('VARIABLE_COLUMN_LOG_PARSE', 'the delimiter must not be empty'));
    expect(() => compileVariableColumnLogParse(2, ',', '\\\\')).toThrow(LogParseError);
    expect(() => compileVariableColumnLogParse(2, ',', '', '"\'`')).toThrow(LogParseError);
    expect(() => compileVariableColumnLogParse('a TYPE VARCHAR(3), a TYPE INTEGER', ',')).toThrow(/duplicate column name A/);
    expect(() => compileVariableColumnLogParse('a TYPE BLOB', ',')).toThrow(/expected a data type/);
    expect(() => compileVariableColumnLogParse('a TYPE INTEGER \'x\'', ',')).toThrow(/only DATE, TIME and TIMESTAMP columns take a format/);
  });
});

describe('FIXED_COLUMN_LOG_PARSE', () => {
  test('reference: starting position 0, a TIMESTAMP column with a format', () => {
    const p = compileFixedColumnLogParse('"name" TYPE TIMESTAMP \'dd/MMM/yyyy:HH:mm:ss\' START 0 FOR 20, status TYPE INTEGER START 21 FOR 3');
    expect(p.fields.map(describeField)).toEqual(["name TIMESTAMP 'dd/MMM/yyyy:HH:mm:ss'", 'STATUS INTEGER']);
    expect(p('10/Oct/2000:13:55:36 200 OK')).toEqual(['10/Oct/2000:13:55:36', '200']);
  });

  test('without FOR a field runs to the end; past the end it is NULL; text is not trimmed', () => {
    const p = compileFixedColumnLogParse('a TYPE CHAR(3) START 0, b TYPE VARCHAR(10) START 3 FOR 4, c TYPE VARCHAR(20) START 7');
    expect(p('abc 42 hello')).toEqual(['abc', ' 42 ', 'hello']);
    expect(p('abc 4')).toEqual(['abc', ' 4', null]);
    expect(p('')).toEqual([null, null, null]);
  });

  test('a NOT NULL field past the end makes the result NULL', () => {
    expect(compileFixedColumnLogParse('a TYPE CHAR(2) NOT NULL START 5 FOR 2')('abc')).toBeNull();
  });

  test('declared lengths truncate', () => {
    expect(compileFixedColumnLogParse('a TYPE CHAR(2) START 0')('abcdef')).toEqual(['ab']);
  });

  test('arguments are validated when compiled', () => {
    expect(() => compileFixedColumnLogParse('a TYPE INTEGER')).toThrow(/expected 'START'/);
    expect(() => compileFixedColumnLogParse('a TYPE INTEGER START 0 FOR 0')).toThrow(/the length must be positive/);
    expect(() => compileFixedColumnLogParse('a TYPE DECIMAL(20,2) START 0')).toThrow(/DECIMAL precision must be 1 to 19/);
    expect(() => compileFixedColumnLogParse('')).toThrow(LogParseError);
  });
});
