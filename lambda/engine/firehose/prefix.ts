/**
 * Amazon Data Firehose S3 custom prefixes (`Prefix` / `ErrorOutputPrefix`): one implementation used by
 * the CDK constructs at synth time (validation) and by the offline engine (evaluation into object keys).
 *
 * Pure: no clock, no I/O; the arrival instant and the random-string source are passed in.
 *
 * Sources (../shared/reference/firehose.md §2):
 * - [S11] https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html ("Semantic rules", "Example prefixes")
 * - [S10] https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html (+ -error-handling, -s3bucketprefix)
 * - [S9]  API model: Prefix / ErrorOutputPrefix are strings of length 0–1024
 * - AWS's own wording for the null-error-prefix case, as reported by users of the API
 *   (hashicorp/terraform-provider-aws#13416): "ErrorOutputPrefix cannot be null or empty when Prefix
 *   contains expressions".
 */
import { DateTimeFormatter, DateTimeFormatterBuilder, Instant, ZonedDateTime, ZoneOffset } from '@js-joda/core';
import { PREFIX_MAX_LENGTH } from './limits';

// ---------------------------------------------------------------------------------------------------
// Facts

/**
 * Values of `!{firehose:error-output-type}` [S11]. `elasticsearch-failed` is the pre-OpenSearch name still
 * found in older docs and SDK models [S29]; streams created today report `AmazonOpenSearchService-failed`.
 */
export const ERROR_OUTPUT_TYPES = [
  'processing-failed',
  'AmazonOpenSearchService-failed',
  'splunk-failed',
  'format-conversion-failed',
  'http-endpoint-failed',
] as const;
export type ErrorOutputType = (typeof ERROR_OUTPUT_TYPES)[number];

/** API length limit of both fields (API model [S9]: `Prefix`, `ErrorOutputPrefix` max 1024). */
export const PREFIX_API_MAX_LENGTH = PREFIX_MAX_LENGTH;
/** "Neither Prefix nor ErrorOutputPrefix can be greater than 512 characters after they're evaluated" [S11]. */
export const MAX_EVALUATED_PREFIX_LENGTH = 512;
/** `!{firehose:random-string}` "evaluates to a random string of 11 characters" [S11]. */
export const RANDOM_STRING_LENGTH = 11;
/**
 * Appended to a `Prefix` that has no timestamp expression [S11]. The rules text once said
 * `YYYY/MM/DDD/HH/` (DDD = day of year) and the page header says `YYYY/MM/dd/HH`; the appended
 * expression the same page names, its examples (`.../2018/08/27/`) and observed keys use calendar year
 * and day of month, so we use `yyyy/MM/dd/HH/` (Java `YYYY` would be the week-based year).
 */
export const DEFAULT_TIME_PATTERN = 'yyyy/MM/dd/HH/';

const NAMESPACES = ['firehose', 'timestamp', 'partitionKeyFromQuery', 'partitionKeyFromLambda'] as const;
const FIREHOSE_KEYS = ['random-string', 'error-output-type'] as const;
const ERROR_OUTPUT_TYPE_EXPR = '!{firehose:error-output-type}';

// ---------------------------------------------------------------------------------------------------
// Types

export type FirehoseKey = (typeof FIREHOSE_KEYS)[number];
export type PartitionKeyNamespace = 'partitionKeyFromQuery' | 'partitionKeyFromLambda';

export type PrefixPart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'timestamp'; readonly pattern: string }
  | { readonly kind: 'firehose'; readonly key: FirehoseKey }
  | { readonly kind: PartitionKeyNamespace; readonly key: string };

/** Which API field a prefix is: only `Prefix` gets the default time path appended [S11]. */
export type PrefixType = 'Prefix' | 'ErrorOutputPrefix';

export type PrefixRule =
  | 'expression-syntax'
  | 'unknown-namespace'
  | 'unknown-firehose-key'
  | 'empty-value'
  | 'timestamp-pattern'
  | 'api-length'
  | 'evaluated-length'
  | 'error-output-type-in-prefix'
  | 'error-prefix-required'
  | 'error-prefix-needs-error-output-type'
  | 'partition-key-in-error-prefix'
  | 'partition-key-needs-dynamic-partitioning'
  | 'dynamic-partitioning-needs-partition-key'
  | 'dynamic-partitioning-needs-error-prefix'
  | 'dynamic-partitioning-s3-only'
  | 'redshift-prefix-expressions'
  | 'redshift-error-prefix';

export interface PrefixViolation {
  /** The field as the caller names it (`prefix`, `errorOutputPrefix`, or a prop name). */
  readonly field: string;
  readonly rule: PrefixRule;
  /** Starts with the field name and ends with `(Firehose rule: ...)`. */
  readonly message: string;
}

/** A prefix that Firehose would reject (thrown by parsePrefix). */
export class PrefixError extends Error implements PrefixViolation {
  constructor(readonly field: string, readonly rule: PrefixRule, message: string) {
    super(message);
    this.name = 'PrefixError';
  }
}

export type PrefixEvaluationRule =
  | 'missing-partition-key'
  | 'missing-error-output-type'
  | 'unsupported-timestamp-pattern'
  | 'evaluated-length';

/** A valid prefix that cannot be evaluated for this object; the engine routes its records to the error output. */
export class PrefixEvaluationError extends Error {
  constructor(readonly rule: PrefixEvaluationRule, message: string) {
    super(message);
    this.name = 'PrefixEvaluationError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Rule texts: one place for what each rule says and where it comes from.

const RULE_TEXT: Record<PrefixRule, string> = {
  'expression-syntax': 'the sequence !{ can only appear in !{namespace:value} expressions [s3-prefixes]',
  'unknown-namespace': 'namespace must be firehose, timestamp, partitionKeyFromQuery or partitionKeyFromLambda [s3-prefixes]',
  'unknown-firehose-key': 'the firehose namespace takes error-output-type or random-string [s3-prefixes]',
  'empty-value': 'expressions have the form !{namespace:value} with a non-empty value [s3-prefixes]',
  'timestamp-pattern': 'timestamp values must be valid Java DateTimeFormatter patterns [s3-prefixes]',
  'api-length': `Prefix and ErrorOutputPrefix are at most ${PREFIX_API_MAX_LENGTH} characters [API model]`,
  'evaluated-length': `neither Prefix nor ErrorOutputPrefix can be greater than ${MAX_EVALUATED_PREFIX_LENGTH} characters after they're evaluated [s3-prefixes]`,
  'error-output-type-in-prefix': 'the error-output-type value can only be used in the ErrorOutputPrefix field [s3-prefixes]',
  'error-prefix-required': 'ErrorOutputPrefix cannot be null or empty when Prefix contains expressions [s3-prefixes]',
  'error-prefix-needs-error-output-type': `if you specify an ErrorOutputPrefix, it must include at least one instance of ${ERROR_OUTPUT_TYPE_EXPR} [s3-prefixes]`,
  'partition-key-in-error-prefix': 'ErrorOutputPrefix cannot use partitionKeyFromQuery or partitionKeyFromLambda: records that fail partitioning have no keys [s3-prefixes, dynamic-partitioning]',
  'partition-key-needs-dynamic-partitioning': 'partitionKeyFromQuery and partitionKeyFromLambda expressions need dynamic partitioning enabled [dynamic-partitioning]',
  'dynamic-partitioning-needs-partition-key': 'with dynamic partitioning, the S3 prefix must use at least one partitionKeyFromQuery or partitionKeyFromLambda expression [dynamic-partitioning]',
  'dynamic-partitioning-needs-error-prefix': 'you must specify an S3 error prefix to enable dynamic partitioning [dynamic-partitioning]',
  'dynamic-partitioning-s3-only': 'dynamic partitioning is only supported for Amazon S3 destinations [API DynamicPartitioningConfiguration]',
  'redshift-prefix-expressions': 'if the destination is Amazon Redshift, Prefix must not contain expressions and ErrorOutputPrefix must be null [s3-prefixes]',
  'redshift-error-prefix': 'if the destination is Amazon Redshift, Prefix must not contain expressions and ErrorOutputPrefix must be null [s3-prefixes]',
};

function violation(field: string, rule: PrefixRule, problem: string): PrefixViolation {
  return { field, rule, message: `${field} ${problem} (Firehose rule: ${RULE_TEXT[rule]})` };
}

function prefixError(field: string, rule: PrefixRule, problem: string): PrefixError {
  return new PrefixError(field, rule, violation(field, rule, problem).message);
}

// ---------------------------------------------------------------------------------------------------
// Parsing

/**
 * Splits a prefix into literal text and expressions. An expression runs from `!{` to the first `}`
 * (Java patterns reserve `{}`, so a timestamp pattern never needs one). `field` names the prefix in errors.
 */
export function parsePrefix(text: string, field = 'prefix'): PrefixPart[] {
  const parts: PrefixPart[] = [];
  let pos = 0;
  while (pos < text.length) {
    const start = text.indexOf('!{', pos);
    if (start < 0) {
      pushLiteral(parts, text.slice(pos));
      break;
    }
    pushLiteral(parts, text.slice(pos, start));
    const end = text.indexOf('}', start + 2);
    if (end < 0) {
      throw prefixError(field, 'expression-syntax', `has an unclosed expression at index ${start}: ${JSON.stringify(text.slice(start))}`);
    }
    const body = text.slice(start + 2, end);
    if (body.includes('!{')) {
      throw prefixError(field, 'expression-syntax', `has "!{" outside a complete expression at index ${start}`);
    }
    parts.push(parseExpression(body, field));
    pos = end + 1;
  }
  return parts;
}

function pushLiteral(parts: PrefixPart[], text: string): void {
  if (text === '') return;
  const last = parts[parts.length - 1];
  if (last?.kind === 'literal') parts[parts.length - 1] = { kind: 'literal', text: last.text + text };
  else parts.push({ kind: 'literal', text });
}

function parseExpression(body: string, field: string): PrefixPart {
  const expr = `!{${body}}`;
  const colon = body.indexOf(':');
  if (colon < 0) throw prefixError(field, 'expression-syntax', `has ${expr}, which is not of the form !{namespace:value}`);
  const namespace = body.slice(0, colon);
  const value = body.slice(colon + 1);
  if (!isNamespace(namespace)) throw prefixError(field, 'unknown-namespace', `uses unknown namespace ${JSON.stringify(namespace)} in ${expr}`);
  if (value === '') throw prefixError(field, 'empty-value', `has an empty value in ${expr}`);
  switch (namespace) {
    case 'timestamp':
      checkTimestampPattern(value, field);
      return { kind: 'timestamp', pattern: value };
    case 'firehose':
      if (!isFirehoseKey(value)) throw prefixError(field, 'unknown-firehose-key', `uses unknown firehose key ${JSON.stringify(value)} in ${expr}`);
      return { kind: 'firehose', key: value };
    default:
      return { kind: namespace, key: value };
  }
}

function isNamespace(value: string): value is (typeof NAMESPACES)[number] {
  return (NAMESPACES as readonly string[]).includes(value);
}

function isFirehoseKey(value: string): value is FirehoseKey {
  return (FIREHOSE_KEYS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------
// Timestamp patterns (js-joda implements Java's DateTimeFormatter pattern language)

/**
 * js-joda core parses every Java pattern but has no locale data for text fields (MMM, EEE, a, z, G,
 * and the week fields Y/w/W/e/c): it throws from these four builder hooks, which @js-joda/locale
 * overrides. Such patterns are valid Java, so we record them instead of rejecting them.
 */
class PatternChecker extends DateTimeFormatterBuilder {
  usesLocalizedText = false;
  appendText(): this { return this.markLocalized(); }
  appendZoneText(): this { return this.markLocalized(); }
  appendLocalizedOffset(): this { return this.markLocalized(); }
  appendWeekField(): this { return this.markLocalized(); }
  private markLocalized(): this {
    this.usesLocalizedText = true;
    return this;
  }
}

/** Returns the formatter, or undefined for a valid pattern that needs locale text. Throws on invalid patterns. */
function compilePattern(pattern: string): DateTimeFormatter | undefined {
  const checker = new PatternChecker();
  checker.appendPattern(pattern);
  return checker.usesLocalizedText ? undefined : checker.toFormatter();
}

function checkTimestampPattern(pattern: string, field: string): void {
  try {
    compilePattern(pattern);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw prefixError(field, 'timestamp-pattern', `has an invalid timestamp pattern ${JSON.stringify(pattern)}: ${reason}`);
  }
}

function toUtc(instant: Date): ZonedDateTime {
  return ZonedDateTime.ofInstant(Instant.ofEpochMilli(instant.getTime()), ZoneOffset.UTC);
}

/**
 * The instant at which every numeric field is at its widest for a 4-digit year: day-of-year 365,
 * hour 23 (h/K 11, k 23), nano-of-second 999000000, milli-of-day 8 digits, nano-of-day 14 digits.
 */
const WIDEST_INSTANT = ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000, ZoneOffset.UTC);

/** Widest output of a pattern, or 0 when it needs locale text (width unknown, like a partition key). */
function widestTimestamp(pattern: string): number {
  const formatter = compilePattern(pattern);
  return formatter ? charLength(WIDEST_INSTANT.format(formatter)) : 0;
}

/** S3/Firehose limits count characters; count code points so a surrogate pair counts once. */
function charLength(text: string): number {
  return [...text].length;
}

// ---------------------------------------------------------------------------------------------------
// Evaluation

export interface PrefixEvaluationContext {
  /** Approximate arrival time of the oldest record in the object; every timestamp expression uses it [S11]. */
  readonly arrival: Date;
  /** Value of `!{firehose:error-output-type}` (one of ERROR_OUTPUT_TYPES); the same for every occurrence. */
  readonly errorOutputType?: string;
  /** Keys for `!{partitionKeyFromQuery:k}` / `!{partitionKeyFromLambda:k}`. */
  readonly partitionKeys?: Readonly<Record<string, string>>;
  /** Called once per `!{firehose:random-string}` occurrence; should return 11 characters. */
  readonly randomString: () => string;
  /** Default `Prefix`: only the data prefix gets the default time path appended. */
  readonly prefixType?: PrefixType;
}

/**
 * Evaluates parsed parts into the key prefix, in UTC. A `Prefix` without a timestamp (or partition key)
 * expression gets `yyyy/MM/dd/HH/` appended as is (no separator: `logs` gives `logs2018/08/27/10/`); an absent or
 * empty prefix is `parsePrefix('')`, which gives the default `2018/08/27/10/`.
 * The doc's example shows `myFirehosePrefix` -> `myFirehosePrefix/2018/08/27/`, with an inserted `/` and
 * no hour, contradicting the rule it illustrates; we follow the rule. The doc's example also shows an
 * `ErrorOutputPrefix` without timestamps evaluating with no time path, so nothing is appended to it.
 */
export function evaluatePrefix(parts: readonly PrefixPart[], ctx: PrefixEvaluationContext): string {
  const time = toUtc(ctx.arrival);
  const pieces = parts.map((part) => evaluatePart(part, time, ctx));
  if (needsDefaultTimePath(parts, ctx.prefixType ?? 'Prefix')) pieces.push(formatTimestamp(DEFAULT_TIME_PATTERN, time));
  const result = pieces.join('');
  if (charLength(result) > MAX_EVALUATED_PREFIX_LENGTH) {
    throw new PrefixEvaluationError('evaluated-length',
      `evaluated prefix is ${charLength(result)} characters, more than ${MAX_EVALUATED_PREFIX_LENGTH} (Firehose rule: ${RULE_TEXT['evaluated-length']})`);
  }
  return result;
}

/**
 * Only a `Prefix` with neither a timestamp nor a partition key gets the time path: the
 * dynamic-partitioning doc's example prefix (`customer_id=!{partitionKeyFromQuery:customer_id}/.../hour=...`)
 * has no timestamp and its object key has no time path appended.
 */
function needsDefaultTimePath(parts: readonly PrefixPart[], type: PrefixType): boolean {
  return type === 'Prefix' && !parts.some((p) => p.kind === 'timestamp' || isPartitionKey(p));
}

function isPartitionKey(part: PrefixPart): part is Extract<PrefixPart, { kind: PartitionKeyNamespace }> {
  return part.kind === 'partitionKeyFromQuery' || part.kind === 'partitionKeyFromLambda';
}

function evaluatePart(part: PrefixPart, time: ZonedDateTime, ctx: PrefixEvaluationContext): string {
  switch (part.kind) {
    case 'literal':
      return part.text;
    case 'timestamp':
      return formatTimestamp(part.pattern, time);
    case 'firehose':
      return part.key === 'random-string' ? ctx.randomString() : errorOutputType(ctx);
    default:
      return partitionKey(part.kind, part.key, ctx);
  }
}

function formatTimestamp(pattern: string, time: ZonedDateTime): string {
  const formatter = compilePattern(pattern);
  if (!formatter) {
    throw new PrefixEvaluationError('unsupported-timestamp-pattern',
      `timestamp pattern ${JSON.stringify(pattern)} uses localized text (month/day names, am/pm, zone names, week fields), which the offline engine cannot format`);
  }
  return time.format(formatter);
}

function errorOutputType(ctx: PrefixEvaluationContext): string {
  if (ctx.errorOutputType === undefined) {
    throw new PrefixEvaluationError('missing-error-output-type', `${ERROR_OUTPUT_TYPE_EXPR} needs an error output type, and none was given`);
  }
  return ctx.errorOutputType;
}

function partitionKey(namespace: PartitionKeyNamespace, key: string, ctx: PrefixEvaluationContext): string {
  const value = ctx.partitionKeys?.[key];
  if (value === undefined) {
    throw new PrefixEvaluationError('missing-partition-key', `partition key ${JSON.stringify(key)} for !{${namespace}:${key}} is missing from the record`);
  }
  return value;
}

/**
 * The error prefix Firehose uses when `ErrorOutputPrefix` is absent (allowed only when `Prefix` has no
 * expressions): `<prefix><error-output-type>/yyyy/MM/dd/HH/`. UNCONFIRMED: the rules text says
 * `<specified-prefix><error-output-type>YYYY/MM/DDD/HH/` (no `/`, day of year) and the example
 * `myFirehosePrefix/processing-failed/2018/08/27/`; we keep the separator after the type, as in the
 * documented `processing-failed/` folder, and the same time path as `Prefix`.
 */
export function implicitErrorOutputPrefix(prefix: string | undefined): PrefixPart[] {
  const parts: PrefixPart[] = [];
  pushLiteral(parts, prefix ?? '');
  parts.push({ kind: 'firehose', key: 'error-output-type' }, { kind: 'literal', text: '/' }, { kind: 'timestamp', pattern: DEFAULT_TIME_PATTERN });
  return parts;
}

// ---------------------------------------------------------------------------------------------------
// Worst-case evaluated length (synth-time check of the 512 limit)

/** Longest value any `!{firehose:error-output-type}` can take. */
const LONGEST_ERROR_OUTPUT_TYPE = Math.max(...ERROR_OUTPUT_TYPES.map((t) => t.length));

/**
 * The longest evaluation we can know before any record arrives: literals as written, random-string 11,
 * error-output-type its longest value (30, AmazonOpenSearchService-failed), each timestamp at its widest
 * (see WIDEST_INSTANT), the default time path when Firehose appends it. Partition keys, and patterns
 * that need locale text, count 0: their length is unknown, so the result is a lower bound of the worst
 * case and a violation is certain.
 */
export function worstCaseEvaluatedLength(parts: readonly PrefixPart[], type: PrefixType = 'Prefix'): number {
  const base = parts.reduce((sum, part) => sum + worstCasePartLength(part), 0);
  return base + (needsDefaultTimePath(parts, type) ? widestTimestamp(DEFAULT_TIME_PATTERN) : 0);
}

function worstCasePartLength(part: PrefixPart): number {
  switch (part.kind) {
    case 'literal':
      return charLength(part.text);
    case 'timestamp':
      return widestTimestamp(part.pattern);
    case 'firehose':
      return part.key === 'random-string' ? RANDOM_STRING_LENGTH : LONGEST_ERROR_OUTPUT_TYPE;
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------------
// Validation of a destination's pair of prefixes

export interface DeliveryPrefixInput {
  /** Absent or empty means Firehose's default prefix. */
  readonly prefix?: string;
  /** Absent or empty means none (AWS treats both the same: "cannot be null or empty"). */
  readonly errorOutputPrefix?: string;
  readonly destination: 'S3' | 'Redshift';
  readonly dynamicPartitioning: boolean;
  /** Names to use in messages, e.g. `{ prefix: 'dataOutputPrefix', errorOutputPrefix: 'errorOutputPrefix' }`. */
  readonly fields?: { readonly prefix: string; readonly errorOutputPrefix: string };
}

/** One field after parsing: `parts` is undefined when it is absent or failed to parse. */
interface Checked {
  readonly field: string;
  readonly text: string | undefined;
  readonly parts: PrefixPart[] | undefined;
}

/** Every rule Firehose applies to a destination's `Prefix` and `ErrorOutputPrefix`; all violations, not just the first. */
export function validateDeliveryPrefixes(input: DeliveryPrefixInput): PrefixViolation[] {
  const names = input.fields ?? { prefix: 'prefix', errorOutputPrefix: 'errorOutputPrefix' };
  const violations: PrefixViolation[] = [];
  const prefix = check(names.prefix, input.prefix, violations);
  const error = check(names.errorOutputPrefix, input.errorOutputPrefix, violations);
  const destinationRules = input.destination === 'Redshift' ? redshiftRules : s3Rules;
  violations.push(...destinationRules(prefix, error, input.dynamicPartitioning));
  violations.push(...evaluatedLength(prefix, 'Prefix'), ...evaluatedLength(error, 'ErrorOutputPrefix'));
  return violations;
}

function check(field: string, text: string | undefined, out: PrefixViolation[]): Checked {
  if (text === undefined || text === '') return { field, text: undefined, parts: undefined };
  const length = charLength(text);
  if (length > PREFIX_API_MAX_LENGTH) {
    out.push(violation(field, 'api-length', `is ${length} characters long, more than the ${PREFIX_API_MAX_LENGTH} allowed`));
  }
  try {
    return { field, text, parts: parsePrefix(text, field) };
  } catch (e) {
    if (!(e instanceof PrefixError)) throw e;
    out.push({ field: e.field, rule: e.rule, message: e.message });
    return { field, text, parts: undefined };
  }
}

function hasExpressions(c: Checked): boolean {
  return c.parts ? c.parts.some((p) => p.kind !== 'literal') : (c.text ?? '').includes('!{');
}

function partitionKeyExpressions(c: Checked): string[] {
  return (c.parts ?? []).flatMap((p) => (isPartitionKey(p) ? [`!{${p.kind}:${p.key}}`] : []));
}

function usesErrorOutputType(c: Checked): boolean {
  return (c.parts ?? []).some((p) => p.kind === 'firehose' && p.key === 'error-output-type');
}

function redshiftRules(prefix: Checked, error: Checked, dynamicPartitioning: boolean): PrefixViolation[] {
  const out: PrefixViolation[] = [];
  if (hasExpressions(prefix)) out.push(violation(prefix.field, 'redshift-prefix-expressions', 'cannot contain expressions when the destination is Redshift'));
  if (error.text !== undefined) out.push(violation(error.field, 'redshift-error-prefix', 'must be absent when the destination is Redshift'));
  if (dynamicPartitioning) out.push(violation(prefix.field, 'dynamic-partitioning-s3-only', 'cannot use dynamic partitioning when the destination is Redshift'));
  return out;
}

function s3Rules(prefix: Checked, error: Checked, dynamicPartitioning: boolean): PrefixViolation[] {
  return [
    ...dataPrefixRules(prefix, dynamicPartitioning),
    ...errorPrefixPresence(prefix, error, dynamicPartitioning),
    ...errorPrefixRules(error),
  ];
}

function dataPrefixRules(prefix: Checked, dynamicPartitioning: boolean): PrefixViolation[] {
  const out: PrefixViolation[] = [];
  if (usesErrorOutputType(prefix)) {
    out.push(violation(prefix.field, 'error-output-type-in-prefix', `cannot contain ${ERROR_OUTPUT_TYPE_EXPR}; use it in the error output prefix`));
  }
  const keys = partitionKeyExpressions(prefix);
  if (keys.length > 0 && !dynamicPartitioning) {
    out.push(violation(prefix.field, 'partition-key-needs-dynamic-partitioning', `uses ${keys.join(', ')} but dynamic partitioning is not enabled`));
  }
  if (dynamicPartitioning && keys.length === 0 && (prefix.parts || prefix.text === undefined)) {
    out.push(violation(prefix.field, 'dynamic-partitioning-needs-partition-key', 'must contain a !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} expression when dynamic partitioning is enabled'));
  }
  return out;
}

/** One violation at most: dynamic partitioning's own requirement is the more specific message. */
function errorPrefixPresence(prefix: Checked, error: Checked, dynamicPartitioning: boolean): PrefixViolation[] {
  if (error.text !== undefined) return [];
  if (dynamicPartitioning) return [violation(error.field, 'dynamic-partitioning-needs-error-prefix', 'is required when dynamic partitioning is enabled')];
  if (hasExpressions(prefix)) return [violation(error.field, 'error-prefix-required', `is required when ${prefix.field} contains expressions`)];
  return [];
}

function errorPrefixRules(error: Checked): PrefixViolation[] {
  if (!error.parts) return [];
  const out: PrefixViolation[] = [];
  if (!usesErrorOutputType(error)) out.push(violation(error.field, 'error-prefix-needs-error-output-type', `must contain ${ERROR_OUTPUT_TYPE_EXPR}`));
  const keys = partitionKeyExpressions(error);
  if (keys.length > 0) out.push(violation(error.field, 'partition-key-in-error-prefix', `cannot use ${keys.join(', ')}`));
  return out;
}

function evaluatedLength(c: Checked, type: PrefixType): PrefixViolation[] {
  if (!c.parts) return [];
  const worst = worstCaseEvaluatedLength(c.parts, type);
  if (worst <= MAX_EVALUATED_PREFIX_LENGTH) return [];
  return [violation(c.field, 'evaluated-length',
    `can be ${worst} characters once evaluated, more than the ${MAX_EVALUATED_PREFIX_LENGTH} allowed (counting random-string as ${RANDOM_STRING_LENGTH}, error-output-type as ${LONGEST_ERROR_OUTPUT_TYPE}, timestamps at their widest, partition keys as 0)`)];
}
