/**
 * Amazon Data Firehose → Amazon Redshift: the COPY options Firehose passes through, the COPY statement
 * it issues, how Redshift reads a staged S3 object into rows, the manifests, and the retry-then-skip
 * delivery loop. The database itself is a port ({@link RedshiftLoaderPort}); hosts implement it
 * (lambda/local/postgres/copy-loader.ts loads into PostgreSQL).
 *
 * Pure: no clock, no I/O. `deliverToRedshift` receives its time source; the loader is a port.
 * `parseCopyOptions` also runs at synth time, so a bad `copyOptions` prop fails `cdk synth`.
 *
 * Sources (R = Redshift Database Developer Guide, docs.aws.amazon.com/redshift/latest/dg/; F = Firehose
 * developer guide; ../shared/reference/firehose.md §4):
 * - [R-format]   copy-parameters-data-format: FORMAT [AS], CSV [QUOTE [AS] 'c'], DELIMITER [AS] 'c' (default
 *                '|', ',' with CSV, octal '\ddd'), JSON [AS] 'auto' | 'auto ignorecase' | 's3://jsonpaths';
 *                JSON 'auto' matches keys to column names case-sensitively; missing key → NULL; objects
 *                separated by white space only; non-white-space between objects is an error counted
 *                toward MAXERROR; LINE_NUMBER is the last line of the object; IGNOREHEADER counts lines
 *                of JSON too; CSV, DELIMITER, ESCAPE, FILLRECORD, FIXEDWIDTH, IGNOREBLANKLINES, NULL AS,
 *                READRATIO, REMOVEQUOTES are not supported with JSON; a quoted CSV field ignores white
 *                space between the delimiter and the quote.
 * - [R-json]     copy-usage_notes-copy-from-json: a nested object or array is loaded as its JSON text.
 * - [R-convert]  copy-parameters-data-conversion: ACCEPTINVCHARS [AS] ['c'] (default '?', one
 *                replacement per invalid byte), BLANKSASNULL, EMPTYASNULL (= NULL AS ''), empty/blank
 *                fields of non-character columns are always NULL, IGNOREHEADER [AS] n, NULL AS (default
 *                '\N'), TIMEFORMAT [AS] 'pattern' | 'auto' | 'epochsecs' | 'epochmillisecs' (the keywords
 *                are case-sensitive; default 'YYYY-MM-DD HH:MI:SS', TIMESTAMPTZ 'YYYY-MM-DD HH:MI:SSOF';
 *                no time zone specifier in the pattern), DATEFORMAT (default 'YYYY-MM-DD'; time parts are
 *                ignored), TRUNCATECOLUMNS (VARCHAR/CHAR, lengths in bytes).
 * - [R-timefmt]  r_DATEFORMAT_and_TIMEFORMAT_strings and automatic-recognition: dateparts YY YYYY MM MON
 *                DD HH HH24 HH12 MI SS AM PM (HH = HH24 in COPY); SS takes fractions to microseconds;
 *                'auto' recognises ISO 8601, Julian `J2451187`, `YYYYMMDD HHMISS`, `YYYY-MM-DD
 *                HH:MI:SS.SSS`, `MM/DD/YYYY HH:MI:SS.SS TZ`, `YYYY-MM-DD HH:MI:SS+/-TZ` (and others this
 *                engine does not model); 'auto' does not recognise epoch values.
 * - [R-load]     copy-parameters-data-load: MAXERROR [AS] n, default 0, limit 100000.
 * - [R-errors]   r_Load_Error_Reference: load error codes (1202 extra columns, 1204 out of range for the
 *                type, 1205 date, 1206 timestamp, 1211 no data, 1213 NOT NULL, 1214 delimiter not found,
 *                1216 input line not valid, 1220 invalid UTF-8).
 * - [R-manifest] loading-data-files-using-manifest: {"entries":[{"url":"s3://bucket/key","mandatory":true}]}.
 * - [R-ident]    r_enable_case_sensitive_identifier: identifiers are lower-cased unless quoted AND the
 *                setting is on (default off).
 * - [F-deliver]  basic-deliver (retry): after the retry duration Firehose skips the batch and writes a
 *                manifest of its objects to the `errors/` folder; create-destination: retries every 5 min.
 * - [API]        RedshiftRetryOptions: the duration includes the first attempt; 0 = no retry; no retry if
 *                the first attempt takes longer than the duration.
 *
 * UNCONFIRMED choices are marked where they are made; the report of this module lists them.
 */
import { TextDecoder } from 'node:util';
import { COPY_OPTIONS_LENGTH, MAXERROR_LIMIT, REDSHIFT_RETRY_INTERVAL_SECONDS, REDSHIFT_RETRY_SECONDS } from './limits';

// ---------------------------------------------------------------------------------------------------
// Facts

export { MAXERROR_LIMIT, REDSHIFT_RETRY_INTERVAL_SECONDS };
/** Defaults [R-format][R-convert]. */
export const COPY_DEFAULTS = {
  textDelimiter: '|',
  csvDelimiter: ',',
  quote: '"',
  nullAs: '\\N',
  acceptInvChars: '?',
  timeFormat: 'YYYY-MM-DD HH:MI:SS',
  dateFormat: 'YYYY-MM-DD',
} as const;

/**
 * Load error codes with the descriptions of Redshift's load error reference [R-errors]; for 1204 on a
 * character column the reason STL_LOAD_ERRORS shows ("String length exceeds DDL length", as reported
 * in practice, e.g. practo/tipoca-stream#163).
 */
export const LOAD_ERRORS = {
  extraColumns: { code: 1202, reason: 'Input data had more columns than were defined in the DDL' },
  stringLength: { code: 1204, reason: 'String length exceeds DDL length' },
  dateFormat: { code: 1205, reason: 'Date format is not valid' },
  timestampFormat: { code: 1206, reason: 'Timestamp format is not valid' },
  noData: { code: 1211, reason: 'Input line contained no data' },
  notNull: { code: 1213, reason: 'A field specified as NOT NULL contained no data' },
  delimiterNotFound: { code: 1214, reason: 'Delimiter not found' },
  invalidLine: { code: 1216, reason: 'Input line is not valid' },
  invalidUtf8: { code: 1220, reason: 'String contains invalid or unsupported UTF-8 code points' },
} as const;

function loadError(kind: keyof typeof LOAD_ERRORS, detail?: string): string {
  const { code, reason } = LOAD_ERRORS[kind];
  return `${reason} (error ${code})${detail === undefined ? '' : `: ${detail}`}`;
}

// ---------------------------------------------------------------------------------------------------
// Types

export type JsonMode = 'auto' | 'auto ignorecase';
export type DatePart = 'YYYY' | 'YY' | 'MM' | 'MON' | 'DD' | 'HH24' | 'HH12' | 'MI' | 'SS' | 'AMPM';
export type FormatToken = { readonly part: DatePart } | { readonly literal: string };

export type TimeFormat =
  | { readonly kind: 'auto' }
  | { readonly kind: 'epochsecs' }
  | { readonly kind: 'epochmillisecs' }
  | { readonly kind: 'pattern'; readonly pattern: string; readonly tokens: readonly FormatToken[] };

export type DateFormat =
  | { readonly kind: 'auto' }
  | { readonly kind: 'pattern'; readonly pattern: string; readonly tokens: readonly FormatToken[] };

/** A parsed `CopyOptions` string. Every field has its Redshift default when the option is absent. */
export interface CopyOptions {
  /** The options as given (trimmed): Firehose appends this text to its COPY verbatim. */
  readonly text: string;
  /** `text` = character-delimited UTF-8 (Redshift's default format). */
  readonly format: 'text' | 'csv' | 'json';
  /** Set when `format` is `json`. */
  readonly json: JsonMode | null;
  /** Field delimiter for `text` and `csv` (default `|`, `,` with CSV). */
  readonly delimiter: string;
  /** CSV quote character (default `"`). */
  readonly quote: string;
  /** The staged objects are GZIP-compressed; hosts decompress before {@link parseStagedObject}. */
  readonly gzip: boolean;
  /** null: the default format for the column type. */
  readonly timeFormat: TimeFormat | null;
  readonly dateFormat: DateFormat | null;
  readonly ignoreHeader: number;
  readonly ignoreBlankLines: boolean;
  /** Fields equal to this are NULL (text and CSV only; not supported with JSON). */
  readonly nullAs: string;
  readonly emptyAsNull: boolean;
  readonly blanksAsNull: boolean;
  readonly truncateColumns: boolean;
  readonly maxError: number;
  /** Replacement character for invalid UTF-8, or null when ACCEPTINVCHARS is absent. */
  readonly acceptInvChars: string | null;
  /** REGION of the bucket: accepted and recorded; it changes nothing offline. */
  readonly region: string | null;
}

export type CopyOptionsRule =
  | 'syntax'
  | 'unknown-option'
  | 'unsupported-option'
  /** Valid Redshift, but the offline engine cannot reproduce it (a construct warns rather than fails). */
  | 'not-modelled'
  | 'duplicate-option'
  | 'missing-argument'
  | 'invalid-argument'
  | 'conflict'
  | 'api-length';

/** A CopyOptions string Redshift (or this engine) would reject. The message names the option and the rule. */
export class CopyOptionsError extends Error {
  constructor(
    readonly option: string,
    readonly rule: CopyOptionsRule,
    message: string,
  ) {
    super(message);
    this.name = 'CopyOptionsError';
  }
}

// ---------------------------------------------------------------------------------------------------
// CopyOptions: tokenizer

type Token =
  | { readonly kind: 'word'; readonly upper: string; readonly text: string; readonly pos: number }
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }
  | { readonly kind: 'number'; readonly text: string; readonly pos: number }
  | { readonly kind: 'semicolon'; readonly pos: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', upper: m[0].toUpperCase(), text: m[0], pos: i });
      i += m[0].length;
    } else if (/[-+0-9.]/.test(ch)) {
      const m = /^[-+]?[0-9]*\.?[0-9]+/.exec(text.slice(i));
      if (m === null) throw syntaxError(`unexpected character ${JSON.stringify(ch)} at position ${i}`);
      tokens.push({ kind: 'number', text: m[0], pos: i });
      i += m[0].length;
    } else if (ch === "'") {
      // SQL string literal: '' stands for one quote; no other escapes at this level.
      let value = '';
      let j = i + 1;
      for (;;) {
        const end = text.indexOf("'", j);
        if (end === -1) throw syntaxError(`unterminated quoted string starting at position ${i}`);
        value += text.slice(j, end);
        if (text[end + 1] === "'") {
          value += "'";
          j = end + 2;
        } else {
          j = end + 1;
          break;
        }
      }
      tokens.push({ kind: 'string', value, pos: i });
      i = j;
    } else if (ch === ';') {
      tokens.push({ kind: 'semicolon', pos: i });
      i++;
    } else {
      throw syntaxError(`unexpected character ${JSON.stringify(ch)} at position ${i}`);
    }
  }
  return tokens;
}

function syntaxError(detail: string): CopyOptionsError {
  return new CopyOptionsError('CopyOptions', 'syntax', `CopyOptions: ${detail}`);
}

// ---------------------------------------------------------------------------------------------------
// CopyOptions: parser

const COMPRESSION_ELSEWHERE = ['BZIP2', 'LZOP', 'ZSTD'];
const SUPPLIED_BY_FIREHOSE = ['MANIFEST', 'CREDENTIALS', 'WITH_CREDENTIALS', 'IAM_ROLE', 'ACCESS_KEY_ID', 'SECRET_ACCESS_KEY', 'SESSION_TOKEN'];
/** Real COPY options this engine does not model; rejected so that offline runs never silently differ. */
const UNMODELLED = [
  'ESCAPE', 'REMOVEQUOTES', 'FIXEDWIDTH', 'FILLRECORD', 'ACCEPTANYDATE', 'TRIMBLANKS', 'ROUNDEC', 'EXPLICIT_IDS',
  'ENCODING', 'NOLOAD', 'IGNOREALLERRORS', 'READRATIO', 'AVRO', 'PARQUET',
  'ORC', 'SHAPEFILE', 'SSH', 'ENCRYPTED', 'MASTER_SYMMETRIC_KEY', 'SIMPLIFY', 'SERIALIZETOJSON', 'RCFILE',
  'SEQUENCEFILE', 'TEXTFILE',
];
const FORMAT_WORDS = ['JSON', 'CSV', 'AVRO', 'PARQUET', 'ORC', 'SHAPEFILE', 'FIXEDWIDTH', 'RCFILE', 'SEQUENCEFILE', 'TEXTFILE'];
const SUPPORTED_LIST =
  "FORMAT [AS], JSON [AS] 'auto' | 'auto ignorecase', CSV [QUOTE [AS] 'c'], DELIMITER, GZIP, TIMEFORMAT, DATEFORMAT, " +
  'IGNOREHEADER, IGNOREBLANKLINES, NULL AS, EMPTYASNULL, BLANKSASNULL, TRUNCATECOLUMNS, MAXERROR, ACCEPTINVCHARS, REGION, ' +
  'COMPUPDATE, STATUPDATE, COMPROWS (accepted, no effect on loaded rows)';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Parses a Firehose `CopyOptions` string (the text Firehose appends to its COPY) into {@link CopyOptions}.
 * Keywords are case-insensitive, `AS` is optional where Redshift's syntax allows it, strings use SQL
 * quoting (`''` for a quote), a trailing `;` is allowed (the API's own examples end with one).
 * Anything Redshift rejects, or this engine does not model, throws a {@link CopyOptionsError}.
 */
export function parseCopyOptions(text: string): CopyOptions {
  const max = COPY_OPTIONS_LENGTH.max;
  if (max !== undefined && text.length > max) {
    throw new CopyOptionsError('CopyOptions', 'api-length', `CopyOptions must be at most ${max} characters (got ${text.length}) [API model]`);
  }
  const trimmed = text.trim();
  const options: Mutable<CopyOptions> = {
    text: trimmed,
    format: 'text',
    json: null,
    delimiter: COPY_DEFAULTS.textDelimiter,
    quote: COPY_DEFAULTS.quote,
    gzip: false,
    timeFormat: null,
    dateFormat: null,
    ignoreHeader: 0,
    ignoreBlankLines: false,
    nullAs: COPY_DEFAULTS.nullAs,
    emptyAsNull: false,
    blanksAsNull: false,
    truncateColumns: false,
    maxError: 0,
    acceptInvChars: null,
    region: null,
  };
  const seen = new Set<string>();
  const tokens = tokenize(trimmed);
  let i = 0;

  const peek = (): Token | undefined => tokens[i];
  const isWord = (t: Token | undefined, upper: string): boolean => t?.kind === 'word' && t.upper === upper;
  const skipAs = (): boolean => {
    if (isWord(peek(), 'AS')) {
      i++;
      return true;
    }
    return false;
  };
  const once = (option: string): void => {
    if (seen.has(option)) throw new CopyOptionsError(option, 'duplicate-option', `${option} may be given only once`);
    seen.add(option);
  };
  const stringArg = (option: string, what: string): string => {
    const t = peek();
    if (t?.kind !== 'string') throw new CopyOptionsError(option, 'missing-argument', `${option} needs ${what} in single quotes`);
    i++;
    return t.value;
  };
  const integerArg = (option: string, min: number, max: number): number => {
    const t = peek();
    if (t?.kind !== 'number') throw new CopyOptionsError(option, 'missing-argument', `${option} needs an integer from ${min} to ${max}`);
    i++;
    const n = Number(t.text);
    if (!/^\+?\d+$/.test(t.text) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new CopyOptionsError(option, 'invalid-argument', `${option} must be an integer from ${min} to ${max} (got ${t.text})`);
    }
    return n;
  };

  const parseFormat = (word: string): void => {
    switch (word) {
      case 'JSON': {
        once('JSON');
        const hadAs = skipAs();
        // UNCONFIRMED: a bare JSON means 'auto' ("The default is 'auto'" [R-format], though the syntax shows an argument).
        const arg = peek()?.kind === 'string' || hadAs ? stringArg('JSON', "'auto' or 'auto ignorecase'") : 'auto';
        options.format = 'json';
        options.json = jsonMode(arg);
        return;
      }
      case 'CSV':
        once('CSV');
        options.format = 'csv';
        return;
      default:
        throw new CopyOptionsError(word, 'not-modelled', `${word} data format is not supported by the offline engine (supported: JSON, CSV, or the default delimited text)`);
    }
  };

  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (t.kind === 'semicolon') {
      if (i !== tokens.length - 1) throw syntaxError(`';' may only end the options (position ${t.pos})`);
      i++;
      continue;
    }
    if (t.kind !== 'word') {
      throw syntaxError(`expected an option keyword at position ${t.pos}, got ${t.kind === 'string' ? `'${t.value}'` : t.text}`);
    }
    i++;
    const word = t.upper;
    switch (word) {
      case 'FORMAT': {
        once('FORMAT');
        skipAs();
        const f = peek();
        if (f?.kind !== 'word' || !FORMAT_WORDS.includes(f.upper)) {
          throw new CopyOptionsError('FORMAT', 'missing-argument', 'FORMAT [AS] must be followed by a data format keyword such as JSON or CSV');
        }
        i++;
        parseFormat(f.upper);
        break;
      }
      case 'JSON':
      case 'CSV':
        parseFormat(word);
        break;
      case 'QUOTE': {
        once('QUOTE');
        skipAs();
        const q = stringArg('QUOTE', 'one quote character');
        if ([...q].length !== 1) throw new CopyOptionsError('QUOTE', 'invalid-argument', `QUOTE must be exactly one character (got '${q}')`);
        options.quote = q;
        break;
      }
      case 'DELIMITER': {
        once('DELIMITER');
        skipAs();
        options.delimiter = delimiterValue(stringArg('DELIMITER', 'the delimiter'));
        break;
      }
      case 'GZIP':
        once('GZIP');
        options.gzip = true;
        break;
      case 'TIMEFORMAT':
        once('TIMEFORMAT');
        skipAs();
        options.timeFormat = parseTimeFormat(stringArg('TIMEFORMAT', "a format string, 'auto', 'epochsecs' or 'epochmillisecs'"));
        break;
      case 'DATEFORMAT':
        once('DATEFORMAT');
        skipAs();
        options.dateFormat = parseDateFormat(stringArg('DATEFORMAT', "a format string or 'auto'"));
        break;
      case 'IGNOREHEADER':
        once('IGNOREHEADER');
        skipAs();
        options.ignoreHeader = integerArg('IGNOREHEADER', 0, Number.MAX_SAFE_INTEGER);
        break;
      case 'IGNOREBLANKLINES':
        once('IGNOREBLANKLINES');
        options.ignoreBlankLines = true;
        break;
      case 'NULL': {
        once('NULL AS');
        skipAs();
        const n = stringArg('NULL AS', 'the null string');
        // "Do not use '\n' (newline) for the null_string value. Amazon Redshift reserves '\n' for use as a line delimiter" [R-convert].
        if (n === '\\n' || n.includes('\n')) {
          throw new CopyOptionsError('NULL AS', 'invalid-argument', "NULL AS must not be '\\n': Redshift reserves the newline as the line delimiter");
        }
        options.nullAs = n;
        break;
      }
      case 'EMPTYASNULL':
        once('EMPTYASNULL');
        options.emptyAsNull = true;
        break;
      case 'BLANKSASNULL':
        once('BLANKSASNULL');
        options.blanksAsNull = true;
        break;
      case 'TRUNCATECOLUMNS':
        once('TRUNCATECOLUMNS');
        options.truncateColumns = true;
        break;
      case 'MAXERROR':
        once('MAXERROR');
        skipAs();
        options.maxError = integerArg('MAXERROR', 0, MAXERROR_LIMIT);
        break;
      case 'ACCEPTINVCHARS': {
        once('ACCEPTINVCHARS');
        const hadAs = skipAs();
        const c = peek()?.kind === 'string' || hadAs ? stringArg('ACCEPTINVCHARS', 'one replacement character') : COPY_DEFAULTS.acceptInvChars;
        if (c.length !== 1 || c.charCodeAt(0) === 0 || c.charCodeAt(0) > 0x7f) {
          throw new CopyOptionsError('ACCEPTINVCHARS', 'invalid-argument', `ACCEPTINVCHARS replacement must be one ASCII character other than NUL (got '${c}')`);
        }
        options.acceptInvChars = c;
        break;
      }
      // Table statistics and compression encodings: no effect on which rows load, so accepted and ignored.
      case 'COMPUPDATE':
      case 'STATUPDATE': {
        once(word);
        const v = peek();
        if (v?.kind === 'word' && ['ON', 'OFF', 'TRUE', 'FALSE', 'PRESET'].includes(v.upper)) {
          if (v.upper === 'PRESET' && word === 'STATUPDATE') throw new CopyOptionsError(word, 'invalid-argument', 'STATUPDATE takes ON, OFF, TRUE or FALSE');
          i++;
        }
        break;
      }
      case 'COMPROWS':
        once('COMPROWS');
        integerArg('COMPROWS', 1000, 999_999_999);
        break;
      case 'REGION':
        once('REGION');
        skipAs();
        options.region = stringArg('REGION', 'an AWS Region');
        break;
      default:
        if (COMPRESSION_ELSEWHERE.includes(word)) {
          throw new CopyOptionsError(word, 'unsupported-option', `${word} cannot be used: Firehose stages only GZIP or uncompressed objects for Redshift`);
        }
        if (SUPPLIED_BY_FIREHOSE.includes(word)) {
          throw new CopyOptionsError(word, 'unsupported-option', `${word} must not be in CopyOptions: Firehose's COPY supplies the manifest and credentials itself`);
        }
        if (UNMODELLED.includes(word)) {
          throw new CopyOptionsError(word, 'not-modelled', `${word} is a Redshift COPY option the offline engine does not model (supported: ${SUPPORTED_LIST})`);
        }
        throw new CopyOptionsError(t.text, 'unknown-option', `${t.text} is not a COPY option (supported: ${SUPPORTED_LIST})`);
    }
  }
  checkCombinations(options, seen);
  return options;
}

function jsonMode(arg: string): JsonMode {
  if (arg === 'auto' || arg === 'auto ignorecase') return arg;
  if (/^s3:\/\//i.test(arg)) {
    throw new CopyOptionsError('JSON', 'not-modelled', "JSON 's3://jsonpaths_file' is not supported by the offline engine; use JSON 'auto' or 'auto ignorecase'");
  }
  // Redshift would take any other text for a JSONPaths location; the keywords are lower case in every
  // documented example. UNCONFIRMED: whether 'AUTO' is accepted as 'auto' (it is for no other option).
  throw new CopyOptionsError('JSON', 'invalid-argument', `JSON takes 'auto' or 'auto ignorecase' (lower case) (got '${arg}')`);
}

/** DELIMITER accepts `\t` and octal `\ddd` for non-printing ASCII characters [R-format]. */
function delimiterValue(raw: string): string {
  const decoded = raw.replace(/\\(t|[0-7]{3}|\\)/g, (_, esc: string) => {
    if (esc === 't') return '\t';
    if (esc === '\\') return '\\';
    const code = parseInt(esc, 8);
    if (code > 0x7f) throw new CopyOptionsError('DELIMITER', 'invalid-argument', `DELIMITER octal escape \\${esc} is not an ASCII character`);
    return String.fromCharCode(code);
  });
  if (decoded === '') throw new CopyOptionsError('DELIMITER', 'invalid-argument', 'DELIMITER must not be empty');
  if (/[\n\r\0]/.test(decoded)) throw new CopyOptionsError('DELIMITER', 'invalid-argument', 'DELIMITER must not contain a newline, carriage return or NUL');
  return decoded;
}

function checkCombinations(o: Mutable<CopyOptions>, seen: Set<string>): void {
  if (seen.has('JSON') && seen.has('CSV')) {
    throw new CopyOptionsError('CSV', 'conflict', 'CSV cannot be used with JSON: a COPY reads one data format');
  }
  if (o.format === 'json') {
    // "The following options are not supported with JSON" [R-format].
    for (const option of ['DELIMITER', 'NULL AS', 'IGNOREBLANKLINES', 'QUOTE']) {
      if (seen.has(option)) throw new CopyOptionsError(option, 'conflict', `${option} is not supported with JSON`);
    }
  }
  if (seen.has('QUOTE') && o.format !== 'csv') {
    throw new CopyOptionsError('QUOTE', 'conflict', 'QUOTE can be used only with the CSV parameter');
  }
  if (o.format === 'csv') {
    if (!seen.has('DELIMITER')) o.delimiter = COPY_DEFAULTS.csvDelimiter;
    if (o.delimiter.includes(o.quote)) {
      throw new CopyOptionsError('DELIMITER', 'conflict', `DELIMITER must not contain the CSV quote character ${JSON.stringify(o.quote)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// TIMEFORMAT / DATEFORMAT

const PART_WORDS: ReadonlyArray<readonly [string, DatePart]> = [
  ['YYYY', 'YYYY'],
  ['YY', 'YY'],
  ['MON', 'MON'],
  ['MM', 'MM'],
  ['MI', 'MI'],
  ['DD', 'DD'],
  ['HH24', 'HH24'],
  ['HH12', 'HH12'],
  // "In DATEFORMAT and TIMEFORMAT strings for COPY, HH is the same as HH24" [R-timefmt].
  ['HH', 'HH24'],
  ['SS', 'SS'],
  ['AM', 'AMPM'],
  ['PM', 'AMPM'],
];
const TIME_KEYWORDS = ['auto', 'epochsecs', 'epochmillisecs'];

/** Parses a TIMEFORMAT argument; the keywords are case-sensitive [R-convert]. */
export function parseTimeFormat(text: string): TimeFormat {
  if (text === 'auto' || text === 'epochsecs' || text === 'epochmillisecs') return { kind: text };
  if (TIME_KEYWORDS.includes(text.toLowerCase())) {
    throw new CopyOptionsError('TIMEFORMAT', 'invalid-argument', `TIMEFORMAT '${text}': the keywords 'auto', 'epochsecs' and 'epochmillisecs' are case-sensitive`);
  }
  return { kind: 'pattern', pattern: text, tokens: formatTokens('TIMEFORMAT', text) };
}

/** Parses a DATEFORMAT argument ('auto' is case-sensitive [R-convert]). Time parts are allowed and ignored. */
export function parseDateFormat(text: string): DateFormat {
  if (text === 'auto') return { kind: 'auto' };
  if (text.toLowerCase() === 'auto') {
    throw new CopyOptionsError('DATEFORMAT', 'invalid-argument', `DATEFORMAT '${text}': the keyword 'auto' is case-sensitive`);
  }
  return { kind: 'pattern', pattern: text, tokens: formatTokens('DATEFORMAT', text) };
}

function formatTokens(option: string, pattern: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  const upper = pattern.toUpperCase();
  let i = 0;
  outer: while (i < pattern.length) {
    if (upper.startsWith('TZ', i) || upper.startsWith('OF', i)) {
      throw new CopyOptionsError(option, 'invalid-argument', `${option} '${pattern}' must not contain a time zone specifier (TZ, tz or OF)`);
    }
    for (const [word, part] of PART_WORDS) {
      if (upper.startsWith(word, i)) {
        tokens.push({ part });
        i += word.length;
        continue outer;
      }
    }
    const ch = pattern[i] as string;
    // UNCONFIRMED: a lone T (as in ISO 8601) is taken as a literal separator; other letters are errors.
    if (/[A-Za-z]/.test(ch) && ch !== 'T') {
      throw new CopyOptionsError(option, 'invalid-argument', `${option} '${pattern}' has an unknown datepart at ${JSON.stringify(pattern.slice(i))} (dateparts: YYYY YY MM MON DD HH HH24 HH12 MI SS AM PM)`);
    }
    tokens.push({ literal: ch });
    i++;
  }
  const parts = tokens.flatMap((t) => ('part' in t ? [t.part] : []));
  const duplicate = parts.find((p, k) => parts.indexOf(p) !== k);
  if (duplicate !== undefined) throw new CopyOptionsError(option, 'invalid-argument', `${option} '${pattern}' repeats the datepart ${duplicate}`);
  const has = (...ps: DatePart[]): boolean => ps.some((p) => parts.includes(p));
  if (!has('YYYY', 'YY') || !has('MM', 'MON') || !has('DD')) {
    // UNCONFIRMED: Redshift's default for missing dateparts is undocumented, so the engine requires them.
    throw new CopyOptionsError(option, 'invalid-argument', `${option} '${pattern}' must contain a year (YYYY or YY), a month (MM or MON) and a day (DD)`);
  }
  return tokens;
}

export type TimeTarget = 'timestamp' | 'timestamptz';
export type Conversion = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };

interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** Minutes east of UTC, when the input named a zone. */
  offset: number | null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * Converts one source value for a TIMESTAMP or TIMESTAMPTZ column as COPY's TIMEFORMAT would
 * (null format = the default for the type). The result is ISO-8601: for `timestamp` the wall time
 * with no zone (`2026-11-25T10:00:00.5`), for `timestamptz` the UTC instant (`…Z`). Fractions keep
 * up to microseconds (more digits are truncated, UNCONFIRMED) and drop trailing zeros.
 *
 * UNCONFIRMED: a zone offset in the input of a TIMESTAMP column is dropped (the wall time is kept),
 * as Redshift (and PostgreSQL) do for INSERT; TIMESTAMPTZ input is converted to UTC.
 */
export function convertTime(value: string, timeformat: TimeFormat | string | null, target: TimeTarget = 'timestamp'): Conversion {
  const format = typeof timeformat === 'string' ? parseTimeFormat(timeformat) : timeformat;
  let fields: DateTimeFields | string;
  if (format === null) {
    fields = target === 'timestamptz' ? matchDefaultTimestamptz(value) : matchTokens(value, DEFAULT_TIME_TOKENS, false);
  } else {
    switch (format.kind) {
      case 'auto':
        fields = autoDateTime(value);
        break;
      case 'epochsecs':
        fields = epochFields(value, 6);
        break;
      case 'epochmillisecs':
        fields = epochFields(value, 3);
        break;
      case 'pattern':
        fields = matchTokens(value, format.tokens, false);
        break;
    }
  }
  if (typeof fields === 'string') return { ok: false, error: fields };
  const invalid = checkFields(fields);
  if (invalid !== undefined) return { ok: false, error: invalid };
  if (target === 'timestamptz') return { ok: true, value: `${isoWallTime(toUtc(fields))}Z` };
  return { ok: true, value: isoWallTime(fields) };
}

/** Converts one source value for a DATE column as COPY's DATEFORMAT would; the result is `YYYY-MM-DD`. */
export function convertDate(value: string, dateformat: DateFormat | string | null): Conversion {
  const format = typeof dateformat === 'string' ? parseDateFormat(dateformat) : dateformat;
  const fields =
    format === null ? matchTokens(value, DEFAULT_DATE_TOKENS, true) : format.kind === 'auto' ? autoDateTime(value) : matchTokens(value, format.tokens, true);
  if (typeof fields === 'string') return { ok: false, error: fields };
  const invalid = checkFields(fields);
  if (invalid !== undefined) return { ok: false, error: invalid };
  return { ok: true, value: isoWallTime(fields).slice(0, 10) };
}

const DEFAULT_TIME_TOKENS = formatTokens('TIMEFORMAT', COPY_DEFAULTS.timeFormat);
const DEFAULT_DATE_TOKENS = formatTokens('DATEFORMAT', COPY_DEFAULTS.dateFormat);

function emptyFields(): DateTimeFields {
  return { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0, offset: null };
}

/** The TIMESTAMPTZ default `YYYY-MM-DD HH:MI:SSOF`, OF like `-8:00`, `+05`, `+0530` [R-convert]. */
function matchDefaultTimestamptz(value: string): DateTimeFields | string {
  const m = /^(.*?)([+-]\d{1,2}(?::?\d{2})?)?$/.exec(value) as RegExpExecArray;
  const fields = matchTokens(m[1] as string, DEFAULT_TIME_TOKENS, false);
  if (typeof fields === 'string' || m[2] === undefined) return fields;
  const offset = parseOffset(m[2]);
  return offset === undefined ? `time zone offset ${m[2]} is out of range` : { ...fields, offset };
}

function matchTokens(value: string, tokens: readonly FormatToken[], dateOnly: boolean): DateTimeFields | string {
  const f = emptyFields();
  let pm: boolean | null = null;
  let hour12 = false;
  let i = 0;
  const mismatch = (): string => `${JSON.stringify(value)} does not match the format ${tokens.map((t) => ('part' in t ? t.part : t.literal)).join('')}`;
  for (const token of tokens) {
    if ('literal' in token) {
      if (value[i] !== token.literal) return mismatch();
      i++;
      continue;
    }
    if (token.part === 'MON') {
      const rest = value.slice(i).toLowerCase();
      const index = MONTHS.findIndex((m) => rest.startsWith(m));
      const abbr = index === -1 ? MONTHS.findIndex((m) => rest.startsWith(m.slice(0, 3))) : index;
      if (abbr === -1) return mismatch();
      f.month = abbr + 1;
      i += index === -1 ? 3 : (MONTHS[index] as string).length;
      continue;
    }
    if (token.part === 'AMPM') {
      const word = value.slice(i, i + 2).toUpperCase();
      if (word !== 'AM' && word !== 'PM') return mismatch();
      pm = word === 'PM';
      i += 2;
      continue;
    }
    const width = token.part === 'YYYY' ? 4 : 2;
    const digits = /^\d+/.exec(value.slice(i, i + width))?.[0];
    if (digits === undefined) return mismatch();
    i += digits.length;
    const n = Number(digits);
    switch (token.part) {
      case 'YYYY':
        f.year = n;
        break;
      case 'YY':
        // UNCONFIRMED: Redshift's century rule for YY; PostgreSQL's (00–69 → 20xx, 70–99 → 19xx) is used.
        f.year = n < 70 ? 2000 + n : 1900 + n;
        break;
      case 'MM':
        f.month = n;
        break;
      case 'DD':
        f.day = n;
        break;
      case 'HH24':
        f.hour = n;
        break;
      case 'HH12':
        f.hour = n;
        hour12 = true;
        break;
      case 'MI':
        f.minute = n;
        break;
      case 'SS': {
        f.second = n;
        const frac = /^\.(\d+)/.exec(value.slice(i));
        if (frac !== null) {
          f.micros = Number((frac[1] as string).slice(0, 6).padEnd(6, '0'));
          i += frac[0].length;
        }
        break;
      }
    }
  }
  if (i !== value.length) return mismatch();
  if (hour12 || pm !== null) {
    if (hour12 && (f.hour < 1 || f.hour > 12)) return `hour ${f.hour} is not a 12-hour clock hour`;
    if (pm !== null) f.hour = (f.hour % 12) + (pm ? 12 : 0);
  }
  if (dateOnly) Object.assign(f, { hour: 0, minute: 0, second: 0, micros: 0, offset: null });
  return f;
}

const ZONE = String.raw`(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?`;
const AUTO_ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]${TIME})?\s*${ZONE}?$`, 'i');
const AUTO_US = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME})?\s*${ZONE}?$`, 'i');
const AUTO_COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\s+(\d{2})(\d{2})(\d{2}))?$/;
const AUTO_JULIAN = new RegExp(String.raw`^J(\d+)(?:\s+${TIME})?$`, 'i');

/**
 * TIMEFORMAT/DATEFORMAT 'auto': the engine recognises a subset of Redshift's list [R-timefmt] —
 * `YYYY-MM-DD[( |T)HH:MI[:SS[.f]]][zone]` (ISO 8601 and the SQL form), `MM/DD/YYYY [HH:MI[:SS[.f]]][zone]`,
 * `YYYYMMDD[ HHMISS]` and Julian `J<day>[ HH:MI[:SS[.f]]]`, where zone is Z, UTC, GMT or ±HH[[:]MM].
 * Other forms (named zones such as PST, BC dates, YYYY.DDD, two-digit years, month names) are
 * errors here. Epoch numbers are not recognised, as in Redshift.
 */
function autoDateTime(value: string): DateTimeFields | string {
  const trimmed = value.trim();
  let m: RegExpExecArray | null;
  if ((m = AUTO_ISO.exec(trimmed)) !== null) return withTime(Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4, 8), m[8]);
  if ((m = AUTO_US.exec(trimmed)) !== null) return withTime(Number(m[3]), Number(m[1]), Number(m[2]), m.slice(4, 8), m[8]);
  if ((m = AUTO_COMPACT.exec(trimmed)) !== null) {
    return withTime(Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? [] : [m[4], m[5], m[6]], undefined);
  }
  if ((m = AUTO_JULIAN.exec(trimmed)) !== null) {
    const [year, month, day] = julianDayToDate(Number(m[1]));
    return withTime(year, month, day, m.slice(2, 6), undefined);
  }
  return `${JSON.stringify(value)} is not a date/time the offline engine's 'auto' recognises (ISO 8601, YYYY-MM-DD HH:MI:SS[.f][±TZ], MM/DD/YYYY HH:MI:SS, YYYYMMDD HHMISS, Julian J<day>; not epoch values)`;
}

function withTime(year: number, month: number, day: number, time: readonly (string | undefined)[], zone: string | undefined): DateTimeFields | string {
  const [h, mi, s, frac] = time;
  const f: DateTimeFields = {
    year,
    month,
    day,
    hour: h === undefined ? 0 : Number(h),
    minute: mi === undefined ? 0 : Number(mi),
    second: s === undefined ? 0 : Number(s),
    micros: frac === undefined ? 0 : Number(frac.slice(0, 6).padEnd(6, '0')),
    offset: null,
  };
  if (zone !== undefined) {
    const offset = /^(z|utc|gmt)$/i.test(zone) ? 0 : parseOffset(zone);
    if (offset === undefined) return `time zone offset ${zone} is out of range`;
    f.offset = offset;
  }
  return f;
}

/** Minutes east of UTC for ±H, ±HH, ±HHMM, ±HH:MM; undefined when out of range. */
function parseOffset(zone: string): number | undefined {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 15 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Julian day number → proleptic Gregorian date (Fliegel–Van Flandern); J2451187 is 1999-01-08. */
function julianDayToDate(jdn: number): [number, number, number] {
  let l = jdn + 68569;
  const n = Math.floor((4 * l) / 146097);
  l -= Math.floor((146097 * n + 3) / 4);
  const i = Math.floor((4000 * (l + 1)) / 1461001);
  l = l - Math.floor((1461 * i) / 4) + 31;
  const j = Math.floor((80 * l) / 2447);
  const day = l - Math.floor((2447 * j) / 80);
  l = Math.floor(j / 11);
  return [100 * (n - 49) + i + l, j + 2 - 12 * l, day];
}

/** epochsecs (6 fraction digits kept) or epochmillisecs (3): UTC. UNCONFIRMED: whether fractions are accepted. */
function epochFields(value: string, fractionDigits: 3 | 6): DateTimeFields | string {
  const m = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/.exec(value);
  const unit = fractionDigits === 6 ? 'epochsecs' : 'epochmillisecs';
  if (m === null) return `${JSON.stringify(value)} is not a number of ${fractionDigits === 6 ? 'seconds' : 'milliseconds'} since the epoch (${unit})`;
  const scale = fractionDigits === 6 ? 1_000_000n : 1_000n;
  const fraction = BigInt(((m[3] ?? '') + '000000').slice(0, fractionDigits));
  // Microseconds: seconds × 10⁶ + 6 fraction digits, or milliseconds × 10³ + 3 fraction digits.
  const magnitude = BigInt(m[2] as string) * scale + fraction;
  const micros = m[1] === '-' ? -magnitude : magnitude;
  let seconds = micros / 1_000_000n;
  let rest = micros % 1_000_000n;
  if (rest < 0n) {
    rest += 1_000_000n;
    seconds -= 1n;
  }
  // 0001-01-01 .. 9999-12-31: the range the engine's ISO output covers.
  if (seconds < -62135596800n || seconds > 253402300799n) return `${JSON.stringify(value)} (${unit}) is outside 0001-01-01..9999-12-31`;
  const date = new Date(Number(seconds) * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    micros: Number(rest),
    offset: 0,
  };
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function checkFields(f: DateTimeFields): string | undefined {
  if (f.year < 1 || f.year > 9999) return `year ${f.year} is outside 0001..9999`;
  if (f.month < 1 || f.month > 12) return `month ${f.month} is not 1..12`;
  if (f.day < 1 || f.day > daysInMonth(f.year, f.month)) return `${f.year}-${pad(f.month, 2)} has no day ${f.day}`;
  if (f.hour > 23 || f.minute > 59 || f.second > 59) return `${f.hour}:${pad(f.minute, 2)}:${pad(f.second, 2)} is not a time of day`;
  return undefined;
}

function toUtc(f: DateTimeFields): DateTimeFields {
  if (f.offset === null || f.offset === 0) return { ...f, offset: 0 };
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute - f.offset, f.second, 0);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micros: f.micros,
    offset: 0,
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isoWallTime(f: DateTimeFields): string {
  const fraction = f.micros === 0 ? '' : `.${pad(f.micros, 6).replace(/0+$/, '')}`;
  return `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${fraction}`;
}

// ---------------------------------------------------------------------------------------------------
// Identifiers (DataTableName, DataTableColumns)

/** A table or column name that is not a valid SQL identifier (chain). */
export class IdentifierError extends Error {
  constructor(
    readonly text: string,
    message: string,
  ) {
    super(message);
    this.name = 'IdentifierError';
  }
}

export interface TableName {
  readonly schema: string | null;
  readonly name: string;
}

export interface IdentifierOptions {
  /**
   * Redshift's `enable_case_sensitive_identifier` (default false: every identifier, quoted or not, is
   * lower-cased [R-ident]). true keeps the case of quoted identifiers, as PostgreSQL always does.
   */
  readonly caseSensitiveIdentifiers?: boolean;
}

const UNQUOTED_IDENTIFIER = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/;

/** Splits `a.b` / `"A"."b ""c"""` into resolved names (unquoted parts lower-cased; `""` → `"`). */
function identifierChain(text: string, options: IdentifierOptions): string[] {
  const parts: string[] = [];
  let i = 0;
  const fail = (why: string): IdentifierError => new IdentifierError(text, `${JSON.stringify(text)} is not a valid identifier: ${why}`);
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '"') {
      let name = '';
      let j = i + 1;
      for (;;) {
        const end = text.indexOf('"', j);
        if (end === -1) throw fail('unterminated double quote');
        name += text.slice(j, end);
        if (text[end + 1] === '"') {
          name += '"';
          j = end + 2;
        } else {
          j = end + 1;
          break;
        }
      }
      if (name === '') throw fail('a quoted identifier must not be empty');
      if (name.includes('\0')) throw fail('identifiers must not contain NUL');
      parts.push(options.caseSensitiveIdentifiers === true ? name : name.toLowerCase());
      i = j;
    } else {
      const m = UNQUOTED_IDENTIFIER.exec(text.slice(i));
      if (m === null) throw fail(`expected a name at position ${i}`);
      parts.push(m[0].toLowerCase());
      i += m[0].length;
    }
    while (text[i] === ' ') i++;
    if (i === text.length) return parts;
    if (text[i] !== '.') throw fail(`unexpected ${JSON.stringify(text[i])} at position ${i}`);
    i++;
  }
}

/** Resolves a DataTableName: `table` or `schema.table`, each part plain or double-quoted. */
export function parseTableName(text: string, options: IdentifierOptions = {}): TableName {
  const parts = identifierChain(text.trim(), options);
  if (parts.length > 2) throw new IdentifierError(text, `${JSON.stringify(text)} must be table or schema.table`);
  return parts.length === 2 ? { schema: parts[0] as string, name: parts[1] as string } : { schema: null, name: parts[0] as string };
}

/** Resolves a DataTableColumns list (`a,b,"C d"`) into column names; empty text → []. */
export function parseColumnList(text: string, options: IdentifierOptions = {}): string[] {
  if (text.trim() === '') return [];
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      names.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  names.push(current);
  return names.map((n) => {
    const parts = identifierChain(n.trim(), options);
    if (parts.length !== 1) throw new IdentifierError(n, `${JSON.stringify(n.trim())} must be a single column name`);
    return parts[0] as string;
  });
}

/** A name as a double-quoted SQL identifier, safe for any content but NUL. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new IdentifierError(name, 'identifiers must not contain NUL');
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------------
// Staged objects → rows

export interface StagedRows {
  readonly rows: (string | null)[][];
  /** The source line of each row (JSON: the object's last line [R-format]; text/CSV: the record's first line). */
  readonly rowLines: number[];
  readonly errors: { line: number; message: string }[];
}

/**
 * Reads one staged object's (already decompressed) bytes as Redshift's COPY would, producing values
 * for `columns` (column names as stored). Values are text (or null); conversion to the column types
 * (TIMEFORMAT, lengths, NOT NULL) needs the table and is {@link prepareRow}'s job. Bad records become
 * `errors` (they count toward MAXERROR) and reading goes on.
 */
export function parseStagedObject(bytes: Uint8Array, columns: readonly string[], options: CopyOptions): StagedRows {
  const { text, invalidLines } = decodeUtf8(bytes, options.acceptInvChars);
  const out: StagedRows = { rows: [], rowLines: [], errors: [] };
  const { rest, firstLine } = skipLines(text, options.ignoreHeader);
  const sink: RecordSink = {
    row(values, startLine, endLine) {
      for (let line = startLine; line <= endLine; line++) {
        if (invalidLines.has(line)) {
          out.errors.push({ line: startLine, message: loadError('invalidUtf8', 'use ACCEPTINVCHARS to replace them') });
          return;
        }
      }
      out.rows.push(values);
      out.rowLines.push(options.format === 'json' ? endLine : startLine);
    },
    error(line, message) {
      out.errors.push({ line, message });
    },
  };
  if (options.format === 'json') readJson(rest, firstLine, columns, options, sink);
  else readDelimited(rest, firstLine, columns.length, options, sink);
  return out;
}

interface RecordSink {
  row(values: (string | null)[], startLine: number, endLine: number): void;
  error(line: number, message: string): void;
}

/** IGNOREHEADER counts lines, for JSON too ("Newline characters in the JSON data are always counted") [R-format]. */
function skipLines(text: string, n: number): { rest: string; firstLine: number } {
  let pos = 0;
  for (let k = 0; k < n; k++) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1) return { rest: '', firstLine: n + 1 };
    pos = nl + 1;
  }
  return { rest: text.slice(pos), firstLine: n + 1 };
}

/**
 * Strict UTF-8 decoding. Without ACCEPTINVCHARS the lines holding invalid bytes are reported (their
 * records are rejected); with it, each invalid byte becomes one replacement character ("an invalid
 * three-byte character will be replaced with '^^^'" [R-convert]).
 */
function decodeUtf8(bytes: Uint8Array, replacement: string | null): { text: string; invalidLines: Set<number> } {
  const invalidLines = new Set<number>();
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), invalidLines };
  } catch {
    // fall through to the byte-by-byte walk
  }
  const lenient = new TextDecoder('utf-8');
  const chunks: string[] = [];
  let line = 1;
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = utf8SequenceLength(bytes, i);
    if (len > 0) {
      if (b === 0x0a) line++;
      i += len;
      continue;
    }
    chunks.push(lenient.decode(bytes.subarray(runStart, i)));
    chunks.push(replacement ?? '\ufffd');
    if (replacement === null) invalidLines.add(line);
    i++;
    runStart = i;
  }
  chunks.push(lenient.decode(bytes.subarray(runStart)));
  return { text: chunks.join(''), invalidLines };
}

/** Length of the valid UTF-8 sequence at i, or 0 if the byte there cannot start one. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

const BLANK = /^[ \t\r\n\v\f]+$/;

/** EMPTYASNULL / BLANKSASNULL; for non-character columns the loader nulls empty and blank values anyway. */
function nullIfEmpty(value: string, options: CopyOptions): string | null {
  if (options.emptyAsNull && value === '') return null;
  if (options.blanksAsNull && BLANK.test(value)) return null;
  return value;
}

// --- delimited text and CSV ----------------------------------------------------------------------

function readDelimited(text: string, firstLine: number, columnCount: number, options: CopyOptions, sink: RecordSink): void {
  const csv = options.format === 'csv';
  const delimiter = options.delimiter;
  const quote = options.quote;
  let pos = 0;
  let line = firstLine;
  const isPad = (p: number): boolean => (text[p] === ' ' || text[p] === '\t') && !text.startsWith(delimiter, p);
  const countNewlines = (from: number, to: number): number => {
    let n = 0;
    for (let k = text.indexOf('\n', from); k !== -1 && k < to; k = text.indexOf('\n', k + 1)) n++;
    return n;
  };
  const skipToLineEnd = (): void => {
    const nl = text.indexOf('\n', pos);
    pos = nl === -1 ? text.length : nl;
  };

  while (pos < text.length) {
    const startLine = line;
    if (text[pos] === '\n') {
      // UNCONFIRMED: an empty line is error 1211 unless IGNOREBLANKLINES.
      if (!options.ignoreBlankLines) sink.error(line, loadError('noData'));
      pos++;
      line++;
      continue;
    }
    const fields: string[] = [];
    let failed: string | undefined;
    for (;;) {
      let p = pos;
      if (csv) while (isPad(p)) p++;
      if (csv && text[p] === quote) {
        // RFC 4180 quoting with the QUOTE character; white space around a quoted field is ignored [R-format].
        let value = '';
        let j = p + 1;
        let closed = false;
        for (;;) {
          const end = text.indexOf(quote, j);
          if (end === -1) break;
          value += text.slice(j, end);
          if (text[end + 1] === quote) {
            value += quote;
            j = end + 2;
          } else {
            j = end + 1;
            closed = true;
            break;
          }
        }
        if (!closed) {
          line += countNewlines(pos, text.length);
          pos = text.length;
          failed = loadError('invalidLine', 'unterminated quoted field');
          break;
        }
        line += countNewlines(p, j);
        p = j;
        while (isPad(p)) p++;
        fields.push(value);
        if (text.startsWith(delimiter, p)) {
          pos = p + delimiter.length;
          continue;
        }
        if (p >= text.length || text[p] === '\n') {
          pos = p;
          break;
        }
        pos = p;
        failed = loadError('invalidLine', `unexpected ${JSON.stringify(text[p])} after a closing quote`);
        skipToLineEnd();
        break;
      }
      const nl = text.indexOf('\n', pos);
      const lineEnd = nl === -1 ? text.length : nl;
      const d = text.indexOf(delimiter, pos);
      if (d !== -1 && d < lineEnd) {
        fields.push(text.slice(pos, d));
        pos = d + delimiter.length;
        continue;
      }
      fields.push(text.slice(pos, lineEnd));
      pos = lineEnd;
      break;
    }
    const endLine = line;
    if (text[pos] === '\n') {
      pos++;
      line++;
    }
    if (failed !== undefined) {
      sink.error(startLine, failed);
      continue;
    }
    if (fields.length > columnCount) {
      sink.error(startLine, loadError('extraColumns', `expected ${columnCount} fields, found ${fields.length}`));
      continue;
    }
    if (fields.length < columnCount) {
      sink.error(startLine, loadError('delimiterNotFound', `expected ${columnCount} fields, found ${fields.length}`));
      continue;
    }
    // UNCONFIRMED: NULL AS, EMPTYASNULL and BLANKSASNULL also apply to quoted CSV fields.
    sink.row(fields.map((f) => (f === options.nullAs ? null : nullIfEmpty(f, options))), startLine, endLine);
  }
}

// --- JSON 'auto' ---------------------------------------------------------------------------------

type JsonValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly raw: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, JsonValue])[] }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[] };

class JsonSyntaxError extends Error {}

const MAX_JSON_DEPTH = 512;

/**
 * A strict JSON reader over the whole object that keeps numbers' source text (so `12345678901234567890`
 * loads exactly) and tracks lines. JSON strings cannot hold raw newlines, so lines only change in
 * white space.
 */
class JsonReader {
  pos = 0;
  line: number;

  constructor(
    readonly text: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === '\n') this.line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
      this.pos++;
    }
  }

  fail(what: string): never {
    const c = this.text[this.pos];
    throw new JsonSyntaxError(`${what}${c === undefined ? ' at end of data' : ` at ${JSON.stringify(c)}`}`);
  }

  value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH}`);
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { kind: 'string', value: this.string() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', { kind: 'boolean', value: true }], ['false', { kind: 'boolean', value: false }], ['null', { kind: 'null' }]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail('expected a JSON value');
  }

  object(depth: number): JsonValue {
    this.pos++;
    const entries: [string, JsonValue][] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a quoted key');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      entries.push([key, this.value(depth + 1)]);
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return { kind: 'object', entries };
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or '}'");
      }
    }
  }

  array(depth: number): JsonValue {
    this.pos++;
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  string(): string {
    this.pos++;
    let out = '';
    let runStart = this.pos;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        out += this.text.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < ' ') this.fail('control character in string');
      if (c !== '\\') {
        this.pos++;
        continue;
      }
      out += this.text.slice(runStart, this.pos);
      const e = this.text[this.pos + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.pos += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else {
        this.pos++;
        this.fail('invalid escape');
      }
      runStart = this.pos;
    }
  }

  number(): JsonValue {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 1100));
    if (m === null) this.fail('invalid number');
    this.pos += m[0].length;
    return { kind: 'number', raw: m[0] };
  }
}

/** Compact JSON text of a nested value. UNCONFIRMED: Redshift's exact white space in this text. */
function jsonText(v: JsonValue): string {
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.value);
    case 'number':
      return v.raw;
    case 'boolean':
      return String(v.value);
    case 'null':
      return 'null';
    case 'object':
      return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
    case 'array':
      return `[${v.items.map(jsonText).join(',')}]`;
  }
}

function readJson(text: string, firstLine: number, columns: readonly string[], options: CopyOptions, sink: RecordSink): void {
  const ignoreCase = options.json === 'auto ignorecase';
  const index = new Map<string, number>();
  columns.forEach((c, k) => {
    const key = ignoreCase ? c.toLowerCase() : c;
    if (!index.has(key)) index.set(key, k);
  });
  const reader = new JsonReader(text, firstLine);
  for (;;) {
    reader.skipWhitespace();
    if (reader.pos >= text.length) return;
    const startLine = reader.line;
    const c = text[reader.pos];
    if (c !== '{' && c !== '[') {
      // "non–white space characters ... between valid JSON objects": one error per run [R-format].
      const m = /^[^\s{[]+/.exec(text.slice(reader.pos)) as RegExpExecArray;
      sink.error(startLine, `Invalid JSON: unexpected ${JSON.stringify(m[0].slice(0, 20))} outside a JSON object`);
      reader.pos += m[0].length;
      continue;
    }
    let value: JsonValue;
    try {
      value = reader.value(0);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      sink.error(reader.line, `Invalid JSON: ${e.message}`);
      // Resynchronise at the next line: the broken object's extent is unknown.
      const nl = text.indexOf('\n', reader.pos);
      reader.pos = nl === -1 ? text.length : nl;
      continue;
    }
    if (value.kind === 'array') {
      sink.error(reader.line, "Invalid JSON: a JSON array needs a JSONPaths file; JSON 'auto' loads objects");
      continue;
    }
    const row: (string | null)[] = columns.map(() => null);
    for (const [key, v] of (value as Extract<JsonValue, { kind: 'object' }>).entries) {
      const k = index.get(ignoreCase ? key.toLowerCase() : key);
      if (k === undefined) continue; // "Any names that don't match a column name are ignored" [R-format]
      row[k] = scalarText(v, options);
    }
    sink.row(row, startLine, reader.line);
  }
}

/** UNCONFIRMED: booleans load as the text true/false (what a BOOLEAN column parses). */
function scalarText(v: JsonValue, options: CopyOptions): string | null {
  switch (v.kind) {
    case 'string':
      return nullIfEmpty(v.value, options);
    case 'number':
      return v.raw;
    case 'boolean':
      return String(v.value);
    case 'null':
      return null;
    default:
      return jsonText(v);
  }
}

// ---------------------------------------------------------------------------------------------------
// Row preparation: what Redshift does per column type (hosts supply the table's columns)

/** A target column as the loader needs it: `maxBytes` is VARCHAR(n)/CHAR(n)'s n — bytes in Redshift. */
export interface TargetColumn {
  readonly name: string;
  readonly kind: 'char' | 'timestamp' | 'timestamptz' | 'date' | 'other';
  readonly maxBytes: number | null;
  readonly nullable: boolean;
}

export type PreparedRow =
  | { readonly ok: true; readonly values: (string | null)[] }
  | { readonly ok: false; readonly column: string; readonly message: string };

/**
 * Converts one row's text values for the target columns: empty or blank values of non-character
 * columns are NULL [R-convert]; TIMEFORMAT/DATEFORMAT for timestamps and dates; VARCHAR/CHAR lengths in
 * bytes, truncated with TRUNCATECOLUMNS (at a character boundary) and rejected otherwise (1204); NULL in a
 * NOT NULL column is rejected (1213). Other types pass through as text for the database to check.
 */
export function prepareRow(row: readonly (string | null)[], columns: readonly TargetColumn[], options: CopyOptions): PreparedRow {
  const values: (string | null)[] = [];
  for (let k = 0; k < columns.length; k++) {
    const column = columns[k] as TargetColumn;
    let value = row[k] ?? null;
    if (value !== null && column.kind !== 'char' && (value === '' || BLANK.test(value))) value = null;
    if (value === null) {
      if (!column.nullable) return { ok: false, column: column.name, message: loadError('notNull') };
      values.push(null);
      continue;
    }
    switch (column.kind) {
      case 'char': {
        const bytes = Buffer.byteLength(value, 'utf8');
        if (column.maxBytes !== null && bytes > column.maxBytes) {
          if (!options.truncateColumns) {
            return { ok: false, column: column.name, message: loadError('stringLength', `${bytes} bytes > ${column.maxBytes}`) };
          }
          value = truncateUtf8(value, column.maxBytes);
        }
        values.push(value);
        break;
      }
      case 'timestamp':
      case 'timestamptz': {
        const converted = convertTime(value, options.timeFormat, column.kind);
        if (!converted.ok) return { ok: false, column: column.name, message: loadError('timestampFormat', converted.error) };
        values.push(converted.value);
        break;
      }
      case 'date': {
        const converted = convertDate(value, options.dateFormat);
        if (!converted.ok) return { ok: false, column: column.name, message: loadError('dateFormat', converted.error) };
        values.push(converted.value);
        break;
      }
      case 'other':
        values.push(value);
        break;
    }
  }
  return { ok: true, values };
}

/** The longest prefix of `value` that is at most `maxBytes` bytes of UTF-8, cut at a character boundary. */
function truncateUtf8(value: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of value) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Manifests, keys and the COPY statement

export interface S3ObjectRef {
  readonly bucket: string;
  readonly key: string;
}

/**
 * A Redshift COPY manifest of the objects [R-manifest]. UNCONFIRMED: Firehose's own manifests are not
 * documented byte for byte; this is compact JSON with every entry mandatory.
 */
export function manifestFor(objects: readonly S3ObjectRef[]): string {
  return JSON.stringify({ entries: objects.map((o) => ({ url: `s3://${o.bucket}/${o.key}`, mandatory: true })) });
}

/**
 * Where a skipped batch's manifest goes: `<prefix>errors/manifests/YYYY/MM/DD/HH/YYYY-MM-DD-HH-mm-ss-SSS[-id]`
 * (UTC). Documented: "a manifest file in the errors/ folder" [F-deliver]; third-party backfill scripts
 * read `<prefix>errors/manifests/YYYY/MM/…` (firehose.md [S31]). UNCONFIRMED: the rest of the key (day and
 * hour folders, the file name); `id` keeps two batches skipped in the same millisecond apart.
 */
export function errorManifestKey(prefix: string, now: number | Date, id?: string): string {
  const d = new Date(typeof now === 'number' ? now : now.getTime());
  const [y, mo, da, h, mi, s, ms] = [
    pad(d.getUTCFullYear(), 4),
    pad(d.getUTCMonth() + 1, 2),
    pad(d.getUTCDate(), 2),
    pad(d.getUTCHours(), 2),
    pad(d.getUTCMinutes(), 2),
    pad(d.getUTCSeconds(), 2),
    pad(d.getUTCMilliseconds(), 3),
  ];
  return `${prefix}errors/manifests/${y}/${mo}/${da}/${h}/${y}-${mo}-${da}-${h}-${mi}-${s}-${ms}${id === undefined || id === '' ? '' : `-${id}`}`;
}

/** Credentials are never rendered: the COPY text is for logs and reports. */
export const REDACTED_CREDENTIALS = 'aws_iam_role=<redacted>';

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The COPY Firehose issues: `COPY <DataTableName> (<DataTableColumns>) FROM '<manifest url>' CREDENTIALS
 * '…' MANIFEST <CopyOptions>`. Table and columns are written as configured (Firehose does not quote
 * them); no column list when `columns` is empty. UNCONFIRMED: the exact credentials clause and spacing.
 */
export function copyCommandText(
  table: string,
  columns: readonly string[],
  manifestUrl: string,
  options: CopyOptions | string,
  credentials: string = REDACTED_CREDENTIALS,
): string {
  const optionsText = typeof options === 'string' ? options.trim() : options.text;
  const columnList = columns.length === 0 ? '' : ` (${columns.join(',')})`;
  return `COPY ${table}${columnList} FROM ${sqlString(manifestUrl)} CREDENTIALS ${sqlString(credentials)} MANIFEST${optionsText === '' ? '' : ` ${optionsText}`}`;
}

// ---------------------------------------------------------------------------------------------------
// Delivery: the loader port, MAXERROR, retries, skipping

export interface LoaderResult {
  readonly loaded: number;
  /** `row` is the 1-based position in the rows given to `load`. */
  readonly rejected: readonly { readonly row: number; readonly message: string }[];
}

/**
 * Loads rows into a table, all or nothing. Up to `options.maxError` rows may be rejected (they are
 * reported, the rest is committed); more rejections, or any error that is not a row's, throw (a
 * {@link RedshiftLoadError} where the cause is known) and nothing is loaded.
 */
export interface RedshiftLoaderPort {
  load(table: string, columns: readonly string[], rows: readonly (string | null)[][], options: CopyOptions): Promise<LoaderResult>;
}

export type RedshiftLoadErrorKind = 'max-errors-exceeded' | 'table-not-found' | 'column-not-found' | 'invalid-name' | 'load-failed';

export interface RejectedRow {
  readonly row: number;
  readonly message: string;
}

/** A failed load; nothing was loaded. Messages follow Redshift's where its wording is known. */
export class RedshiftLoadError extends Error {
  constructor(
    readonly kind: RedshiftLoadErrorKind,
    message: string,
    readonly rejected: readonly RejectedRow[] = [],
  ) {
    super(message);
    this.name = 'RedshiftLoadError';
  }
}

/**
 * More rejected rows than MAXERROR allows. Redshift reports "Load into table 't' failed. Check
 * 'stl_load_errors' system table for details."; the first rejection is appended so logs are useful.
 */
export function maxErrorsExceeded(table: string, maxError: number, rejected: readonly RejectedRow[]): RedshiftLoadError {
  const first = rejected[0];
  const detail = first === undefined ? '' : ` ${rejected.length} row(s) rejected, MAXERROR ${maxError}; first: row ${first.row}: ${first.message}`;
  return new RedshiftLoadError('max-errors-exceeded', `Load into table '${table}' failed. Check 'stl_load_errors' system table for details.${detail}`, rejected);
}

/** Time for the retry loop: injected so that tests and simulations run instantly. */
export interface RetryTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** One staged object of the batch, already decompressed (hosts gunzip when `options.gzip`). */
export interface StagedObject extends S3ObjectRef {
  readonly body: Uint8Array;
}

export interface RedshiftBatch {
  /** DataTableName, as configured. */
  readonly table: string;
  /** Column names (as stored) the COPY fills, in order. */
  readonly columns: readonly string[];
  readonly options: CopyOptions;
  readonly objects: readonly StagedObject[];
  /** The intermediate S3 prefix; a skipped batch's manifest goes under `<prefix>errors/manifests/`. */
  readonly prefix: string;
  /** Optional batch id, appended to the error manifest's name. */
  readonly id?: string;
}

/** A rejected record: the staged object and line it came from. */
export interface LoadRejection {
  readonly key: string;
  readonly line: number;
  readonly message: string;
}

export type RedshiftDeliveryResult =
  | { readonly skipped: false; readonly loaded: number; readonly rejected: readonly LoadRejection[]; readonly attempts: number }
  | {
      readonly skipped: true;
      /** Manifest text of the batch's objects, for backfill. */
      readonly manifest: string;
      /** Where the host writes `manifest` in the intermediate bucket. */
      readonly manifestKey: string;
      /** The last attempt's error. */
      readonly error: Error;
      readonly attempts: number;
    };

/**
 * Delivers one batch the way Firehose does: COPY (here: parse the staged objects, then `loader.load`),
 * and on failure retry every {@link REDSHIFT_RETRY_INTERVAL_SECONDS} while the retry duration, counted
 * from the first attempt, allows (0 = one attempt [API]); then skip the batch and hand back its manifest.
 * MAXERROR counts parse errors and the loader's rejections together.
 *
 * UNCONFIRMED: a retry is made when it would start at most `retryDurationSeconds` after the first
 * attempt started (so 3600 s with instant failures gives 13 attempts).
 */
export async function deliverToRedshift(
  batch: RedshiftBatch,
  loader: RedshiftLoaderPort,
  time: RetryTime,
  retryDurationSeconds: number = REDSHIFT_RETRY_SECONDS.default,
): Promise<RedshiftDeliveryResult> {
  const { min, max } = REDSHIFT_RETRY_SECONDS;
  if (!Number.isInteger(retryDurationSeconds) || retryDurationSeconds < min || retryDurationSeconds > max) {
    throw new RangeError(`retryDurationSeconds must be an integer from ${min} to ${max} (got ${retryDurationSeconds})`);
  }
  if (batch.columns.length === 0) throw new RangeError('batch.columns must name at least one column');

  // Parsing is deterministic: done once, its errors count toward MAXERROR in every attempt.
  const rows: (string | null)[][] = [];
  const origins: { key: string; line: number }[] = [];
  const parseErrors: LoadRejection[] = [];
  for (const object of batch.objects) {
    const staged = parseStagedObject(object.body, batch.columns, batch.options);
    staged.rows.forEach((r, k) => {
      rows.push(r);
      origins.push({ key: object.key, line: staged.rowLines[k] as number });
    });
    for (const e of staged.errors) parseErrors.push({ key: object.key, line: e.line, message: e.message });
  }

  const attempt = async (): Promise<{ loaded: number; rejected: LoadRejection[] }> => {
    if (parseErrors.length > batch.options.maxError) {
      throw maxErrorsExceeded(batch.table, batch.options.maxError, parseErrors.map((e, k) => ({ row: k + 1, message: `${e.key} line ${e.line}: ${e.message}` })));
    }
    const remaining = { ...batch.options, maxError: batch.options.maxError - parseErrors.length };
    const result = await loader.load(batch.table, batch.columns, rows, remaining);
    const rejected = result.rejected.map((r) => {
      const origin = origins[r.row - 1] ?? { key: '', line: 0 };
      return { key: origin.key, line: origin.line, message: r.message };
    });
    return { loaded: result.loaded, rejected: [...parseErrors, ...rejected] };
  };

  const started = time.now();
  const windowMs = retryDurationSeconds * 1000;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      const { loaded, rejected } = await attempt();
      return { skipped: false, loaded, rejected, attempts };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      const next = time.now() + REDSHIFT_RETRY_INTERVAL_SECONDS * 1000;
      if (next - started > windowMs) {
        return {
          skipped: true,
          manifest: manifestFor(batch.objects),
          manifestKey: errorManifestKey(batch.prefix, time.now(), batch.id),
          error,
          attempts,
        };
      }
      await time.sleep(next - time.now());
    }
  }
}
