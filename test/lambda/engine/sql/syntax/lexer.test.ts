import { tokenize } from '../../../../../lambda/engine/sql/syntax/lexer';
import type { Token } from '../../../../../lambda/engine/sql/syntax/tokens';
import { syntaxError } from './helpers';

/** kind:value for each token but the final eof. */
const kinds = (source: string): string[] =>
  tokenize(source)
    .slice(0, -1)
    .map((t) => `${t.kind}:${t.value}`);

const at = (t: Token | undefined): string => (t === undefined ? 'none' : `${t.line}:${t.column}@${t.offset}-${t.end}`);

describe('identifiers and keywords', () => {
  it('folds unquoted names to upper case and keeps quoted names as written', () => {
    expect(kinds('select Ticker_Symbol, "Ticker_Symbol", _x1 FROM s')).toEqual([
      'word:SELECT',
      'word:TICKER_SYMBOL',
      'op:,',
      'quoted:Ticker_Symbol',
      'op:,',
      'word:_X1',
      'word:FROM',
      'word:S',
    ]);
  });

  it('unescapes "" inside a quoted name and keeps spaces and punctuation', () => {
    expect(kinds('"say ""hi"" - now"')).toEqual(['quoted:say "hi" - now']);
  });

  it('takes letters beyond ASCII in unquoted names', () => {
    expect(kinds('prix_été')).toEqual(['word:PRIX_ÉTÉ']);
  });

  it('accepts names of exactly 128 characters, quoted or not', () => {
    const name = 'a'.repeat(128);
    expect(kinds(`${name} "${name}"`)).toEqual([`word:${name.toUpperCase()}`, `quoted:${name}`]);
  });

  it('counts a quoted name after unescaping, so 128 doubled quotes are 128 characters', () => {
    expect(kinds(`"${'""'.repeat(128)}"`)).toEqual([`quoted:${'"'.repeat(128)}`]);
  });
});

describe('literals', () => {
  it("reads strings with '' escapes and line breaks inside", () => {
    expect(kinds("'it''s' 'a\nb' ''")).toEqual(["string:it's", 'string:a\nb', 'string:']);
  });

  it('keeps \\r\\n inside a string as written', () => {
    expect(tokenize("'a\r\nb'")[0]?.value).toBe('a\r\nb');
  });

  it('reads the three number forms', () => {
    const tokens = tokenize('42 1.5 .5 5. 1e2 1.5E-6 2e+3');
    expect(tokens.slice(0, -1).map((t) => `${t.value}/${t.numberKind ?? ''}`)).toEqual([
      '42/INTEGER',
      '1.5/DECIMAL',
      '.5/DECIMAL',
      '5./DECIMAL',
      '1e2/APPROXIMATE',
      '1.5E-6/APPROXIMATE',
      '2e+3/APPROXIMATE',
    ]);
  });

  it('reads U& strings raw (the parser decodes them) and X binary strings upper-cased', () => {
    expect(kinds("U&'\\0041''' x'0aFf'")).toEqual(["ustring:\\0041'", 'binary:0AFF']);
  });

  it('does not take a name that merely starts with U or X as a literal prefix', () => {
    // Only X' and U&' touching the quote are prefixes.
    expect(kinds("x 'a' xy'b' u")).toEqual(['word:X', 'string:a', 'word:XY', 'string:b', 'word:U']);
  });
});

describe('operators, comments and space', () => {
  it('reads every operator, longest first', () => {
    expect(kinds('|| = <> != < <= > >= + - * / % , . ; ( ) [ ]').map((k) => k.slice(3))).toEqual([
      '||',
      '=',
      '<>',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      '+',
      '-',
      '*',
      '/',
      '%',
      ',',
      '.',
      ';',
      '(',
      ')',
      '[',
      ']',
    ]);
  });

  it('skips -- and /* */ comments, which do not nest', () => {
    expect(kinds('a -- b\nc /* d /* e */ f */')).toEqual(['word:A', 'word:C', 'word:F', 'op:*', 'op:/']);
  });

  it('reads a--b as a then a comment, as SQL does', () => {
    expect(kinds('a--b')).toEqual(['word:A']);
  });

  it('treats non-breaking spaces and a byte-order mark as space', () => {
    expect(kinds('\uFEFFa\u00A0b')).toEqual(['word:A', 'word:B']);
  });
});

describe('positions', () => {
  it('gives line, column and offset of each token; \\n, \\r\\n and \\r each end a line', () => {
    const tokens = tokenize('a\n bc\r\n  d\re');
    expect(tokens.map(at)).toEqual(['1:1@0-1', '2:2@3-5', '3:3@9-10', '4:1@11-12', '4:2@12-12']);
  });

  it('counts a tab as one column and an astral character as one column but two offsets', () => {
    const tokens = tokenize('\t"😀" x');
    expect(tokens.map(at)).toEqual(['1:2@1-5', '1:6@6-7', '1:7@7-7']);
  });

  it('puts end of input after the last character', () => {
    const tokens = tokenize('x -- trailing comment');
    expect(at(tokens[1])).toBe('1:22@21-21');
  });
});

describe('lexical errors', () => {
  const error = (source: string): string => syntaxError(() => tokenize(source)).message;

  it('reports an unterminated string at its opening quote', () => {
    expect(error("SELECT\n  'abc")).toBe('line 2, column 3: unterminated string literal');
  });

  it('reports an unterminated quoted identifier and an unterminated comment', () => {
    expect(error('a "abc')).toBe('line 1, column 3: unterminated quoted identifier');
    expect(error('a /* b')).toBe('line 1, column 3: unterminated comment');
  });

  it('rejects an empty quoted identifier', () => {
    expect(error('x ""')).toBe('line 1, column 3: quoted identifier is empty');
  });

  it('rejects names longer than 128 characters', () => {
    expect(error(`${'a'.repeat(129)}`)).toBe('line 1, column 1: identifier is longer than 128 characters');
    expect(error(` "${'b'.repeat(129)}"`)).toBe('line 1, column 2: identifier is longer than 128 characters');
  });

  it('rejects control characters in quoted identifiers, at the character', () => {
    expect(error('"a\tb"')).toBe('line 1, column 3: quoted identifier contains the control character U+0009');
  });

  it('rejects characters that start no token', () => {
    expect(error('a # b')).toBe("line 1, column 3: unexpected character '#'");
    expect(error('a | b')).toBe("line 1, column 3: unexpected character '|'");
    expect(error('a ! b')).toBe("line 1, column 3: unexpected character '!'");
    // Typographic dashes come from copying the docs; they are not comment markers.
    expect(error('–- note')).toBe("line 1, column 1: unexpected character '–'");
    expect(error('a \u0007')).toBe('line 1, column 3: unexpected character U+0007');
  });

  it('rejects numbers run into letters or a second point', () => {
    expect(error('SELECT 12abc')).toBe("line 1, column 8: malformed number '12abc'");
    expect(error('1.2.3')).toBe("line 1, column 1: malformed number '1.2.3'");
    expect(error('1e')).toBe("line 1, column 1: malformed number '1e'");
  });

  it('rejects binary strings that are not whole bytes of hex', () => {
    expect(error("X'0G'")).toBe("line 1, column 1: binary string contains 'G', which is not a hex digit");
    expect(error("X'ABC'")).toBe('line 1, column 1: binary string has an odd number of hex digits');
    expect(error("X'AB")).toBe('line 1, column 1: unterminated binary string');
  });
});
