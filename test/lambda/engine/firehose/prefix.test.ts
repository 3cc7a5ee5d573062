import {
  ERROR_OUTPUT_TYPES,
  evaluatePrefix,
  implicitErrorOutputPrefix,
  parsePrefix,
  PrefixError,
  PrefixEvaluationError,
  validateDeliveryPrefixes,
  worstCaseEvaluatedLength,
} from '../../../../lambda/engine/firehose/prefix';
import type { DeliveryPrefixInput, PrefixEvaluationContext, PrefixPart, PrefixViolation } from '../../../../lambda/engine/firehose/prefix';
import { mulberry32 } from '../../../../lambda/engine/seeded-random';

// The doc's examples are stated "at 10:30 AM UTC on Aug 27, 2018".
const DOC_TIME = '2018-08-27T10:30:00Z';
const ERROR_PREFIX = 'errors/!{firehose:error-output-type}/';

function noRandom(): string {
  throw new Error('random-string was not expected here');
}

function evaluate(text: string, iso: string, ctx: Partial<PrefixEvaluationContext> = {}): string {
  return evaluatePrefix(parsePrefix(text), { arrival: new Date(iso), randomString: noRandom, ...ctx });
}

function evaluateError(text: string, iso: string, ctx: Partial<PrefixEvaluationContext> = {}): string {
  return evaluate(text, iso, { errorOutputType: 'processing-failed', prefixType: 'ErrorOutputPrefix', ...ctx });
}

function validate(input: Partial<DeliveryPrefixInput>): PrefixViolation[] {
  return validateDeliveryPrefixes({ destination: 'S3', dynamicPartitioning: false, ...input });
}

function rules(violations: PrefixViolation[]): string[] {
  return violations.map((v) => v.rule);
}

function parseError(text: string, field?: string): PrefixError {
  try {
    parsePrefix(text, field);
  } catch (e) {
    if (e instanceof PrefixError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

function evaluationError(fn: () => unknown): PrefixEvaluationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PrefixEvaluationError) return e;
    throw e;
  }
  throw new Error('expected a PrefixEvaluationError');
}

describe('parsePrefix', () => {
  it('returns no parts for an empty prefix and one literal for plain text', () => {
    expect(parsePrefix('')).toEqual([]);
    expect(parsePrefix('myFirehosePrefix')).toEqual([{ kind: 'literal', text: 'myFirehosePrefix' }]);
  });

  it('splits every namespace into typed parts', () => {
    const parts = parsePrefix('p/!{timestamp:yyyy}/!{firehose:random-string}/!{partitionKeyFromQuery:customer_id}/!{partitionKeyFromLambda:device}/');
    expect(parts).toEqual<PrefixPart[]>([
      { kind: 'literal', text: 'p/' },
      { kind: 'timestamp', pattern: 'yyyy' },
      { kind: 'literal', text: '/' },
      { kind: 'firehose', key: 'random-string' },
      { kind: 'literal', text: '/' },
      { kind: 'partitionKeyFromQuery', key: 'customer_id' },
      { kind: 'literal', text: '/' },
      { kind: 'partitionKeyFromLambda', key: 'device' },
      { kind: 'literal', text: '/' },
    ]);
    expect(parsePrefix('!{firehose:error-output-type}')).toEqual([{ kind: 'firehose', key: 'error-output-type' }]);
  });

  it('keeps quoted literals inside a timestamp pattern', () => {
    expect(parsePrefix("!{timestamp:'year='yyyy'/month='MM}")).toEqual([{ kind: 'timestamp', pattern: "'year='yyyy'/month='MM" }]);
  });

  it('treats "!", "{" and "}" as text when they do not form "!{"', () => {
    expect(parsePrefix('a{b}!c!/}')).toEqual([{ kind: 'literal', text: 'a{b}!c!/}' }]);
  });

  it('rejects an unclosed expression', () => {
    const e = parseError('logs/!{timestamp:yyyy');
    expect([e.field, e.rule]).toEqual(['prefix', 'expression-syntax']);
    expect(e.message).toBe('prefix has an unclosed expression at index 5: "!{timestamp:yyyy" '
      + '(Firehose rule: the sequence !{ can only appear in !{namespace:value} expressions [s3-prefixes])');
  });

  it('rejects "!{" outside a complete expression', () => {
    const e = parseError('a!{b!{timestamp:yyyy}');
    expect(e.rule).toBe('expression-syntax');
    expect(e.message).toContain('prefix has "!{" outside a complete expression at index 1');
  });

  it('rejects an expression without a namespace separator', () => {
    const e = parseError('!{timestamp}');
    expect(e.rule).toBe('expression-syntax');
    expect(e.message).toContain('prefix has !{timestamp}, which is not of the form !{namespace:value}');
  });

  it('rejects an unknown namespace (namespaces are case-sensitive)', () => {
    expect(parseError('!{foo:bar}').message).toContain('prefix uses unknown namespace "foo" in !{foo:bar} (Firehose rule: namespace must be firehose, timestamp, partitionKeyFromQuery or partitionKeyFromLambda');
    expect(parseError('!{Timestamp:yyyy}').rule).toBe('unknown-namespace');
  });

  it('rejects an unknown firehose key', () => {
    const e = parseError('!{firehose:uuid}');
    expect(e.rule).toBe('unknown-firehose-key');
    expect(e.message).toContain('prefix uses unknown firehose key "uuid" in !{firehose:uuid} (Firehose rule: the firehose namespace takes error-output-type or random-string');
  });

  it('rejects an empty key or pattern', () => {
    expect(parseError('!{partitionKeyFromQuery:}').message).toContain('prefix has an empty value in !{partitionKeyFromQuery:}');
    expect(parseError('!{partitionKeyFromLambda:}').rule).toBe('empty-value');
    expect(parseError('!{timestamp:}').rule).toBe('empty-value');
  });

  it.each([
    ['yyyy-MMMMMM', 'Too many pattern letters: M'],
    ["'year=yyyy", 'incomplete string literal'],
    ['yyyy]', 'without previous ['],
    ['v', 'Unknown pattern letter: v'],
  ])('rejects the invalid Java pattern %s', (pattern, reason) => {
    const e = parseError(`x/!{timestamp:${pattern}}/`);
    expect(e.rule).toBe('timestamp-pattern');
    expect(e.message).toContain(`prefix has an invalid timestamp pattern ${JSON.stringify(pattern)}: `);
    expect(e.message).toContain(reason);
    expect(e.message).toContain('(Firehose rule: timestamp values must be valid Java DateTimeFormatter patterns [s3-prefixes])');
  });

  it('accepts valid Java patterns that need locale text, which js-joda core cannot format', () => {
    expect(parsePrefix('!{timestamp:MMM}')).toEqual([{ kind: 'timestamp', pattern: 'MMM' }]);
    expect(parsePrefix('!{timestamp:YYYY/EEE/a}')).toEqual([{ kind: 'timestamp', pattern: 'YYYY/EEE/a' }]);
  });

  it('names the field it is given', () => {
    const e = parseError('!{foo:bar}', 'dataOutputPrefix');
    expect(e.field).toBe('dataOutputPrefix');
    expect(e.message.startsWith('dataOutputPrefix uses unknown namespace')).toBe(true);
  });
});

describe('evaluatePrefix: the AWS documentation examples (s3-prefixes.html)', () => {
  it('Prefix unspecified, ErrorOutputPrefix myFirehoseFailures/!{firehose:error-output-type}/', () => {
    expect(validate({ errorOutputPrefix: 'myFirehoseFailures/!{firehose:error-output-type}/' })).toEqual([]);
    // The doc prints 2018/08/27/10 (older revision: 2018/08/10/); the default time path ends with "/".
    expect(evaluate('', DOC_TIME)).toBe('2018/08/27/10/');
    // No timestamp in an ErrorOutputPrefix: the doc shows no time path appended to it.
    expect(evaluateError('myFirehoseFailures/!{firehose:error-output-type}/', DOC_TIME)).toBe('myFirehoseFailures/processing-failed/');
  });

  it('Prefix !{timestamp:yyyy/MM/dd}, ErrorOutputPrefix unspecified: invalid input', () => {
    const violations = validate({ prefix: '!{timestamp:yyyy/MM/dd}' });
    expect(violations).toEqual([{
      field: 'errorOutputPrefix',
      rule: 'error-prefix-required',
      message: 'errorOutputPrefix is required when prefix contains expressions '
        + '(Firehose rule: ErrorOutputPrefix cannot be null or empty when Prefix contains expressions [s3-prefixes])',
    }]);
  });

  it('Prefix with DeliveredYear and random-string; ErrorOutputPrefix with two timestamps', () => {
    const prefix = 'myFirehose/DeliveredYear=!{timestamp:yyyy}/anyMonth/rand=!{firehose:random-string}';
    const error = 'myFirehoseFailures/!{firehose:error-output-type}/!{timestamp:yyyy}/anyMonth/!{timestamp:dd}';
    expect(validate({ prefix, errorOutputPrefix: error })).toEqual([]);
    expect(evaluate(prefix, DOC_TIME, { randomString: () => '5abf82daaa5' })).toBe('myFirehose/DeliveredYear=2018/anyMonth/rand=5abf82daaa5');
    // The doc prints day 10 although it states Aug 27; evaluated on Aug 10 it matches.
    expect(evaluateError(error, '2018-08-10T10:30:00Z')).toBe('myFirehoseFailures/processing-failed/2018/anyMonth/10');
  });

  it('Hive-style Prefix, and the ErrorOutputPrefix with quoted literals in one pattern', () => {
    const prefix = 'myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
    const quoted = "myErrorPrefix/!{timestamp:'year='yyyy'/month='MM'/day='dd'/hour='HH}/!{firehose:error-output-type}";
    const unquoted = 'myErrorPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/!{firehose:error-output-type}';
    expect(validate({ prefix, errorOutputPrefix: quoted })).toEqual([]);
    // The doc prints 2018-07-06 hour 23 whatever its stated time; evaluated then, it matches.
    const time = '2018-07-06T23:10:00Z';
    expect(evaluate(prefix, time)).toBe('myPrefix/year=2018/month=07/day=06/hour=23/');
    expect(evaluateError(quoted, time)).toBe('myErrorPrefix/year=2018/month=07/day=06/hour=23/processing-failed');
    expect(evaluateError(unquoted, time)).toBe('myErrorPrefix/year=2018/month=07/day=06/hour=23/processing-failed');
  });

  it('Prefix myFirehosePrefix, ErrorOutputPrefix unspecified: the rule, not the example', () => {
    expect(validate({ prefix: 'myFirehosePrefix' })).toEqual([]);
    // The doc's example prints myFirehosePrefix/2018/08/27/ (slash inserted, hour dropped), contradicting the
    // rule it illustrates ("appends !{timestamp:yyyy/MM/dd/HH/}"); the rule is what Firehose does.
    expect(evaluate('myFirehosePrefix', DOC_TIME)).toBe('myFirehosePrefix2018/08/27/10/');
    expect(evaluatePrefix(implicitErrorOutputPrefix('myFirehosePrefix'), {
      arrival: new Date(DOC_TIME), randomString: noRandom, errorOutputType: 'processing-failed', prefixType: 'ErrorOutputPrefix',
    })).toBe('myFirehosePrefixprocessing-failed/2018/08/27/10/');
  });

  it('firehose namespace table: error-output-type and random-string examples', () => {
    expect(evaluateError('myPrefix/result=!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}', '2018-08-03T00:00:00Z'))
      .toBe('myPrefix/result=processing-failed/2018/08/03');
    // The table shows the expression alone (myPrefix/046b6c7f-0b/); as a Prefix it also gets the time path.
    expect(evaluate('myPrefix/!{firehose:random-string}/', DOC_TIME, { randomString: () => '046b6c7f-0b' }))
      .toBe('myPrefix/046b6c7f-0b/2018/08/27/10/');
  });

  it('dynamic-partitioning.html: a partition-key prefix gets no time path', () => {
    const prefix = 'customer_id=!{partitionKeyFromQuery:customer_id}/device=!{partitionKeyFromQuery:device}/'
      + 'year=!{partitionKeyFromQuery:year}/month=!{partitionKeyFromQuery:month}/day=!{partitionKeyFromQuery:day}/hour=!{partitionKeyFromQuery:hour}/';
    const partitionKeys = { customer_id: '1234567890', device: 'mobile', year: '2019', month: '08', day: '09', hour: '20' };
    expect(validate({ prefix, errorOutputPrefix: ERROR_PREFIX, dynamicPartitioning: true })).toEqual([]);
    expect(evaluate(prefix, '2019-08-09T23:55:09Z', { partitionKeys })).toBe('customer_id=1234567890/device=mobile/year=2019/month=08/day=09/hour=20/');
  });

  it('Athena partition-projection doc: timestamps with a partition key', () => {
    const prefix = 'prefix/!{timestamp:yyyy}-!{timestamp:MM}-!{timestamp:dd}/!{partitionKeyFromQuery:customer_id}/';
    expect(evaluate(prefix, '2021-11-01T08:00:00Z', { partitionKeys: { customer_id: 'customer-1234' } })).toBe('prefix/2021-11-01/customer-1234/');
  });
});

describe('evaluatePrefix: semantics', () => {
  it('appends the default time path to a prefix with no timestamp, with no separator added', () => {
    expect(evaluate('logs/', DOC_TIME)).toBe('logs/2018/08/27/10/');
    expect(evaluate('logs', DOC_TIME)).toBe('logs2018/08/27/10/');
  });

  it('evaluates every timestamp expression at the same instant, in UTC', () => {
    const prefix = '!{timestamp:yyyy}/!{timestamp:MM}/!{timestamp:dd}/!{timestamp:HH}/!{timestamp:mm}/!{timestamp:ss}/!{timestamp:SSS}/!{timestamp:yyyy-MM-dd\'T\'HH:mm:ss.SSSX}';
    expect(evaluate(prefix, '2018-12-31T23:59:59.999Z')).toBe('2018/12/31/23/59/59/999/2018-12-31T23:59:59.999Z');
    // 2019-01-01T08:59:59.999+09:00 is the same instant: the prefix is evaluated in UTC.
    expect(evaluate(prefix, '2019-01-01T08:59:59.999+09:00')).toBe('2018/12/31/23/59/59/999/2018-12-31T23:59:59.999Z');
  });

  it('draws a new random string for each random-string occurrence', () => {
    let calls = 0;
    const randomString = () => `rand${String(++calls).padStart(7, '0')}`;
    expect(evaluate('!{firehose:random-string}/!{firehose:random-string}/', DOC_TIME, { randomString }))
      .toBe('rand0000001/rand0000002/2018/08/27/10/');
    expect(calls).toBe(2);
  });

  it('uses the same error output type for every occurrence', () => {
    expect(evaluateError('!{firehose:error-output-type}/x/!{firehose:error-output-type}', DOC_TIME, { errorOutputType: 'splunk-failed' }))
      .toBe('splunk-failed/x/splunk-failed');
  });

  it('gives the implicit error prefix of an absent prefix', () => {
    expect(evaluatePrefix(implicitErrorOutputPrefix(undefined), {
      arrival: new Date(DOC_TIME), randomString: noRandom, errorOutputType: 'format-conversion-failed', prefixType: 'ErrorOutputPrefix',
    })).toBe('format-conversion-failed/2018/08/27/10/');
  });

  it('throws a typed error for a partition key the record does not have', () => {
    const e = evaluationError(() => evaluate('c=!{partitionKeyFromLambda:customer}/', DOC_TIME, { partitionKeys: { other: 'x' } }));
    expect(e.rule).toBe('missing-partition-key');
    expect(e.message).toBe('partition key "customer" for !{partitionKeyFromLambda:customer} is missing from the record');
  });

  it('throws a typed error when error-output-type has no value', () => {
    expect(evaluationError(() => evaluate('!{firehose:error-output-type}/', DOC_TIME, { prefixType: 'ErrorOutputPrefix' })).rule)
      .toBe('missing-error-output-type');
  });

  it('throws a typed error for a pattern that needs locale text', () => {
    const e = evaluationError(() => evaluate('!{timestamp:MMM}/', DOC_TIME));
    expect(e.rule).toBe('unsupported-timestamp-pattern');
    expect(e.message).toContain('"MMM"');
  });

  it('throws a typed error when partition key values push the prefix past 512 characters', () => {
    const prefix = 'k=!{partitionKeyFromLambda:k}/';
    expect(evaluate(prefix, DOC_TIME, { partitionKeys: { k: 'v'.repeat(509) } })).toHaveLength(512);
    const e = evaluationError(() => evaluate(prefix, DOC_TIME, { partitionKeys: { k: 'v'.repeat(510) } }));
    expect(e.rule).toBe('evaluated-length');
    expect(e.message).toContain('evaluated prefix is 513 characters, more than 512');
  });
});

describe('validateDeliveryPrefixes', () => {
  it('lists the error output types of the doc (AmazonOpenSearchService-failed replaces elasticsearch-failed)', () => {
    expect(ERROR_OUTPUT_TYPES).toEqual(['processing-failed', 'AmazonOpenSearchService-failed', 'splunk-failed', 'format-conversion-failed', 'http-endpoint-failed']);
  });

  it('accepts this repository\'s default prefixes', () => {
    const errorOutputPrefix = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/';
    expect(validate({ prefix: 'events/!{timestamp:yyyy/MM/dd/HH}/', errorOutputPrefix })).toEqual([]);
    const partitioned = 'events/event_type=!{partitionKeyFromLambda:event_type}/year=!{partitionKeyFromLambda:year}/'
      + 'month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/';
    expect(validate({ prefix: partitioned, errorOutputPrefix, dynamicPartitioning: true })).toEqual([]);
    expect(validate({ prefix: 'source-backup/', errorOutputPrefix: 'source-backup-errors/!{firehose:error-output-type}/' })).toEqual([]);
  });

  it('accepts a literal-only prefix, or none, without an error prefix', () => {
    expect(validate({ prefix: 'plain/text/' })).toEqual([]);
    expect(validate({})).toEqual([]);
  });

  describe('error prefix required when the prefix has expressions', () => {
    it('accepts an error prefix', () => {
      expect(validate({ prefix: 'logs/!{timestamp:yyyy}/', errorOutputPrefix: ERROR_PREFIX })).toEqual([]);
    });
    it('rejects an absent or empty one', () => {
      expect(rules(validate({ prefix: 'logs/!{firehose:random-string}/' }))).toEqual(['error-prefix-required']);
      expect(rules(validate({ prefix: 'logs/!{timestamp:yyyy}/', errorOutputPrefix: '' }))).toEqual(['error-prefix-required']);
    });
  });

  describe('error prefix must contain !{firehose:error-output-type}', () => {
    it('accepts one that does', () => {
      expect(validate({ errorOutputPrefix: 'e/!{timestamp:yyyy}/!{firehose:error-output-type}' })).toEqual([]);
    });
    it('rejects one that does not, even with a literal-only prefix', () => {
      const [v, ...rest] = validate({ prefix: 'logs/', errorOutputPrefix: 'errors/!{timestamp:yyyy}/' });
      expect(rest).toEqual([]);
      expect(v.field).toBe('errorOutputPrefix');
      expect(v.rule).toBe('error-prefix-needs-error-output-type');
      expect(v.message).toBe('errorOutputPrefix must contain !{firehose:error-output-type} (Firehose rule: if you specify an ErrorOutputPrefix, '
        + 'it must include at least one instance of !{firehose:error-output-type} [s3-prefixes])');
    });
  });

  describe('!{firehose:error-output-type} only in the error prefix', () => {
    it('rejects it in the prefix', () => {
      const violations = validate({ prefix: 'logs/!{firehose:error-output-type}/', errorOutputPrefix: ERROR_PREFIX });
      expect(violations).toHaveLength(1);
      expect(violations[0].field).toBe('prefix');
      expect(violations[0].message).toContain('prefix cannot contain !{firehose:error-output-type}; use it in the error output prefix '
        + '(Firehose rule: the error-output-type value can only be used in the ErrorOutputPrefix field');
    });
  });

  describe('partition keys need dynamic partitioning', () => {
    const prefix = 'c=!{partitionKeyFromLambda:customer}/d=!{partitionKeyFromQuery:device}/';
    it('accepts them with dynamic partitioning', () => {
      expect(validate({ prefix, errorOutputPrefix: ERROR_PREFIX, dynamicPartitioning: true })).toEqual([]);
    });
    it('rejects them without, naming each expression', () => {
      const [v, ...rest] = validate({ prefix, errorOutputPrefix: ERROR_PREFIX });
      expect(rest).toEqual([]);
      expect(v.rule).toBe('partition-key-needs-dynamic-partitioning');
      expect(v.message).toContain('prefix uses !{partitionKeyFromLambda:customer}, !{partitionKeyFromQuery:device} but dynamic partitioning is not enabled');
    });
  });

  describe('dynamic partitioning needs a partition key in the prefix', () => {
    it('rejects a prefix without one, and an absent prefix', () => {
      const [v] = validate({ prefix: 'logs/!{timestamp:yyyy}/', errorOutputPrefix: ERROR_PREFIX, dynamicPartitioning: true });
      expect(v.rule).toBe('dynamic-partitioning-needs-partition-key');
      expect(v.message).toContain('prefix must contain a !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} expression when dynamic partitioning is enabled');
      expect(rules(validate({ errorOutputPrefix: ERROR_PREFIX, dynamicPartitioning: true }))).toEqual(['dynamic-partitioning-needs-partition-key']);
    });
  });

  describe('dynamic partitioning needs an error prefix', () => {
    it('reports it once (not also as error-prefix-required)', () => {
      const violations = validate({ prefix: 'c=!{partitionKeyFromQuery:c}/', dynamicPartitioning: true });
      expect(violations).toEqual([{
        field: 'errorOutputPrefix',
        rule: 'dynamic-partitioning-needs-error-prefix',
        message: 'errorOutputPrefix is required when dynamic partitioning is enabled (Firehose rule: you must specify an S3 error prefix to enable dynamic partitioning [dynamic-partitioning])',
      }]);
    });
  });

  describe('no partition keys in the error prefix', () => {
    it('rejects them', () => {
      const violations = validate({
        prefix: 'c=!{partitionKeyFromQuery:c}/', errorOutputPrefix: 'e/!{firehose:error-output-type}/!{partitionKeyFromQuery:c}/', dynamicPartitioning: true,
      });
      expect(rules(violations)).toEqual(['partition-key-in-error-prefix']);
      expect(violations[0].message).toContain('errorOutputPrefix cannot use !{partitionKeyFromQuery:c} (Firehose rule: ErrorOutputPrefix cannot use partitionKeyFromQuery or partitionKeyFromLambda');
    });
  });

  describe('Redshift', () => {
    const redshift = { destination: 'Redshift' as const, fields: { prefix: 'intermediatePrefix', errorOutputPrefix: 'errorOutputPrefix' } };
    it('accepts a literal prefix and no error prefix', () => {
      expect(validate({ ...redshift, prefix: 'redshift-staging/' })).toEqual([]);
    });
    it('rejects expressions in the prefix (and only that: no error prefix is asked for)', () => {
      const violations = validate({ ...redshift, prefix: 'staging/!{timestamp:yyyy}/' });
      expect(violations).toEqual([{
        field: 'intermediatePrefix',
        rule: 'redshift-prefix-expressions',
        message: 'intermediatePrefix cannot contain expressions when the destination is Redshift (Firehose rule: if the destination is Amazon Redshift, '
          + 'Prefix must not contain expressions and ErrorOutputPrefix must be null [s3-prefixes])',
      }]);
    });
    it('rejects an error prefix and dynamic partitioning', () => {
      const violations = validate({ ...redshift, prefix: 'staging/', errorOutputPrefix: ERROR_PREFIX, dynamicPartitioning: true });
      expect(rules(violations)).toEqual(['redshift-error-prefix', 'dynamic-partitioning-s3-only']);
      expect(violations[0].message.startsWith('errorOutputPrefix must be absent when the destination is Redshift (Firehose rule: ')).toBe(true);
    });
  });

  describe('API length limit of 1024 characters', () => {
    it('is checked apart from the evaluated length', () => {
      expect(rules(validate({ prefix: 'a'.repeat(1024) }))).toEqual(['evaluated-length']);
      const violations = validate({ prefix: 'a'.repeat(1025) });
      expect(rules(violations)).toEqual(['api-length', 'evaluated-length']);
      expect(violations[0].message).toBe('prefix is 1025 characters long, more than the 1024 allowed '
        + '(Firehose rule: Prefix and ErrorOutputPrefix are at most 1024 characters [API model])');
    });
  });

  describe('512 characters once evaluated, worst case', () => {
    it('counts the default time path (14) appended to a literal prefix', () => {
      expect(validate({ prefix: 'a'.repeat(498) })).toEqual([]);
      const [v] = validate({ prefix: 'a'.repeat(499) });
      expect(v.rule).toBe('evaluated-length');
      expect(v.message).toBe('prefix can be 513 characters once evaluated, more than the 512 allowed (counting random-string as 11, '
        + 'error-output-type as 30, timestamps at their widest, partition keys as 0) (Firehose rule: neither Prefix nor ErrorOutputPrefix '
        + "can be greater than 512 characters after they're evaluated [s3-prefixes])");
    });

    it('counts error-output-type as its longest value (30) and no time path in the error prefix', () => {
      expect(validate({ errorOutputPrefix: 'x'.repeat(482) + '!{firehose:error-output-type}' })).toEqual([]);
      const [v] = validate({ errorOutputPrefix: 'x'.repeat(483) + '!{firehose:error-output-type}' });
      expect([v.field, v.rule]).toEqual(['errorOutputPrefix', 'evaluated-length']);
    });

    it('counts random-string as 11 and timestamps at their widest output', () => {
      const time = '!{timestamp:yyyy-MM-dd-HH-mm-ss-SSS}'; // 23 characters
      expect(validate({ prefix: 'x'.repeat(478) + time + '!{firehose:random-string}', errorOutputPrefix: ERROR_PREFIX })).toEqual([]);
      expect(rules(validate({ prefix: 'x'.repeat(479) + time + '!{firehose:random-string}', errorOutputPrefix: ERROR_PREFIX }))).toEqual(['evaluated-length']);
    });

    it('computes widths from the pattern', () => {
      expect(worstCaseEvaluatedLength(parsePrefix('!{timestamp:N}'))).toBe(14); // nano-of-day, 86399999000000
      expect(worstCaseEvaluatedLength(parsePrefix('!{timestamp:D}'))).toBe(3); // day-of-year
      expect(worstCaseEvaluatedLength(parsePrefix("!{timestamp:'hour='H}"))).toBe(7);
      expect(worstCaseEvaluatedLength(parsePrefix('r/!{firehose:random-string}'))).toBe(2 + 11 + 14);
      expect(worstCaseEvaluatedLength(parsePrefix('k=!{partitionKeyFromQuery:k}/'))).toBe(3);
      expect(worstCaseEvaluatedLength(parsePrefix('e/!{firehose:error-output-type}'), 'ErrorOutputPrefix')).toBe(32);
    });
  });

  it('returns every violation, with the caller\'s field names', () => {
    const violations = validate({
      prefix: 'logs/!{firehose:error-output-type}/!{partitionKeyFromQuery:id}/',
      errorOutputPrefix: 'errors/',
      fields: { prefix: 'dataOutputPrefix', errorOutputPrefix: 'errorOutputPrefix' },
    });
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ['dataOutputPrefix', 'error-output-type-in-prefix'],
      ['dataOutputPrefix', 'partition-key-needs-dynamic-partitioning'],
      ['errorOutputPrefix', 'error-prefix-needs-error-output-type'],
    ]);
    for (const v of violations) expect(v.message.startsWith(`${v.field} `)).toBe(true);
  });

  it('reports a syntax error as a violation, next to the other rules', () => {
    const violations = validate({ prefix: 'x/!{foo:bar}/', fields: { prefix: 'dataOutputPrefix', errorOutputPrefix: 'errorOutputPrefix' } });
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ['dataOutputPrefix', 'unknown-namespace'],
      ['errorOutputPrefix', 'error-prefix-required'],
    ]);
    expect(violations[1].message).toContain('errorOutputPrefix is required when dataOutputPrefix contains expressions');
  });
});

describe('property: text without "!{" is a literal', () => {
  const alphabet = ['a', 'Z', '0', '/', '!', '{', '}', ':', "'", '=', '-', '_', ' ', '.', '%', 'é', '日', '😀'];

  function randomLiteral(next: () => number): string {
    let text = '';
    const length = Math.floor(next() * 60);
    while (text.length < length) {
      const ch = alphabet[Math.floor(next() * alphabet.length)];
      if (!(ch === '{' && text.endsWith('!'))) text += ch;
    }
    return text;
  }

  it('parses to one literal and evaluates to itself followed by the default time path', () => {
    const next = mulberry32(20180827);
    for (let i = 0; i < 500; i++) {
      const text = randomLiteral(next);
      expect(text.includes('!{')).toBe(false);
      expect(parsePrefix(text)).toEqual(text === '' ? [] : [{ kind: 'literal', text }]);
      expect(evaluate(text, DOC_TIME)).toBe(`${text}2018/08/27/10/`);
      expect(validate({ prefix: text })).toEqual([]);
    }
  });
});
