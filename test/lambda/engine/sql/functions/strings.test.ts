import fc from 'fast-check';
import { SqlRuntimeError, SqlTypeError } from '../../../../../lambda/engine/sql/functions/numeric';
import {
  charLength,
  compileLike,
  compileSimilarTo,
  initcap,
  like,
  lower,
  overlay,
  overlayResultType,
  position,
  similarTo,
  substring,
  substringSimilar,
  trim,
  upper,
  varcharLike,
} from '../../../../../lambda/engine/sql/functions/strings';
import { t, errorOf } from '../support';



describe('CHAR_LENGTH, UPPER, LOWER', () => {
  it('counts Java chars (UTF-16 code units)', () => {
    expect(charLength('abc')).toBe(3);
    expect(charLength('')).toBe(0);
    expect(charLength('a😀')).toBe(3);
    expect(charLength(null)).toBeNull();
  });

  it('maps case like Java String.toUpperCase/toLowerCase', () => {
    expect(upper('Hello, World')).toBe('HELLO, WORLD');
    expect(upper('straße')).toBe('STRASSE');
    expect(lower('ÀBC')).toBe('àbc');
    expect(lower('İ')).toHaveLength(2);
    expect(upper(null)).toBeNull();
    expect(lower(null)).toBeNull();
  });
});

describe('INITCAP (sqlref/sql-reference-initcap)', () => {
  it("INITCAP('Each FIRST lEtTeR is cAPITALIZED') = 'Each First Letter Is Capitalized'", () => {
    expect(initcap('Each FIRST lEtTeR is cAPITALIZED')).toBe('Each First Letter Is Capitalized');
  });

  it('starts words only after whitespace, keeping the whitespace', () => {
    expect(initcap("o'NEIL-smith")).toBe("O'neil-smith");
    expect(initcap('  two   SPACES')).toBe('  Two   Spaces');
    expect(initcap('tab\tsep\nline')).toBe('Tab\tSep\nLine');
    expect(initcap('1st PLACE')).toBe('1st Place');
    expect(initcap('ßa')).toBe('ßa');
    expect(initcap('')).toBe('');
    expect(initcap(null)).toBeNull();
  });
});

describe('SUBSTRING (sqlref/sql-reference-substring examples)', () => {
  it.each([
    [3, 4, '3456'],
    [17, 4, ''],
    [-1, 4, '12'],
    [6, 0, ''],
    [8, 4, '89'],
  ])("SUBSTRING('123456789' FROM %d FOR %d) = '%s'", (from, len, expected) => {
    expect(substring('123456789', from, len)).toBe(expected);
  });

  it('defaults the length to the rest of the string and handles starts below 1', () => {
    expect(substring('hello world', 7)).toBe('world');
    expect(substring('hello world', 0)).toBe('hello world');
    expect(substring('hello world', -5)).toBe('hello world');
    expect(substring('hello', 6)).toBe('');
    expect(substring('hello', 0, 1)).toBe('');
    expect(substring('hello', -3, 5)).toBe('h');
    expect(substring('hello', 2n, 2n)).toBe('el');
  });

  it('raises SUBSTRING_ERROR for a negative length and propagates NULL', () => {
    expect(errorOf(() => substring('abc', 1, -1))).toMatchObject({ errorName: 'SUBSTRING_ERROR' });
    expect(substring(null, 1, 2)).toBeNull();
    expect(substring('abc', null)).toBeNull();
    expect(substring('abc', 1, null)).toBeNull();
  });

  it('equals SQL:2008 position arithmetic for all starts and lengths', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 20 }), (s, start, len) => {
        const expected = [...s.split('').entries()]
          .filter(([i]) => i + 1 >= start && i + 1 < start + len)
          .map(([, c]) => c)
          .join('');
        expect(substring(s, start, len)).toBe(expected);
      }),
    );
  });

  it('has the VARCHAR type of its source', () => {
    expect(varcharLike(t('CHAR', { length: 5 }))).toEqual(t('VARCHAR', { length: 5 }));
    expect(() => varcharLike(t('INTEGER'))).toThrow(SqlTypeError);
  });
});

describe('POSITION (sqlref/sql-reference-position examples)', () => {
  it.each([
    ['findme', '1234findmeXXX', 5],
    ['findme', '1234not-hereXXX', 0],
    ['1', '1234567', 1],
    ['7', '1234567', 7],
    ['', '1234567', 1],
  ])("POSITION('%s' IN '%s') = %d", (search, source, expected) => {
    expect(position(search, source)).toBe(expected);
  });

  it('returns null when either argument is null', () => {
    expect(position(null, 'abc')).toBeNull();
    expect(position('a', null)).toBeNull();
  });
});

describe('TRIM (sqlref/sql-reference-trim examples)', () => {
  it.each([
    ['BOTH', ' ', ' Trim front and back ', 'Trim front and back'],
    ['LEADING', 'x', 'xxxTrim frontxxx', 'Trim frontxxx'],
    ['TRAILING', 'x', 'xxxTrimxBackxxx', 'xxxTrimxBack'],
    ['BOTH', 'y', 'xxxNo y to trimxxx', 'xxxNo y to trimxxx'],
  ] as const)('TRIM(%s %p FROM %p) = %p', (spec, c, source, expected) => {
    expect(trim(spec, c, source)).toBe(expected);
  });

  it('trims a string made only of the character to empty', () => {
    expect(trim('BOTH', 'x', 'xxxx')).toBe('');
    expect(trim('LEADING', ' ', '  a  ')).toBe('a  ');
  });

  it('raises TRIM_ERROR unless the trim character is exactly one character', () => {
    expect(errorOf(() => trim('BOTH', '', 'abc'))).toMatchObject({ errorName: 'TRIM_ERROR' });
    expect(errorOf(() => trim('BOTH', 'ab', 'abc'))).toBeInstanceOf(SqlRuntimeError);
  });

  it('returns null when either input is null', () => {
    expect(trim('BOTH', null, 'a')).toBeNull();
    expect(trim('BOTH', ' ', null)).toBeNull();
  });
});

describe('OVERLAY (sqlref/sql-reference-overlay examples)', () => {
  it.each([
    [1, undefined, 'foo45'],
    [0, undefined, 'foo345'],
    [-2, undefined, 'foo12345'],
    [4, undefined, '123foo'],
    [17, undefined, '12345foo'],
    [2, 0, '1foo2345'],
    [2, 2, '1foo45'],
    [2, 9, '1foo'],
  ])("OVERLAY('12345' PLACING 'foo' FROM %d FOR %p) = '%s'", (from, len, expected) => {
    expect(overlay('12345', 'foo', from, len)).toBe(expected);
  });

  it('raises an error for a negative length and propagates NULL', () => {
    expect(errorOf(() => overlay('12345', 'foo', 1, -1))).toMatchObject({ errorName: 'SUBSTRING_ERROR' });
    expect(overlay(null, 'a', 1)).toBeNull();
    expect(overlay('a', 'b', null)).toBeNull();
    expect(overlay('a', 'b', 1, null)).toBeNull();
  });

  it('types the result as VARCHAR of both lengths', () => {
    expect(overlayResultType(t('VARCHAR', { length: 5 }), t('CHAR', { length: 3 }))).toEqual(t('VARCHAR', { length: 8 }));
  });
});

describe('LIKE', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'a%', true],
    ['abc', '%c', true],
    ['abc', '_b_', true],
    ['abc', '__', false],
    ['', '%', true],
    ['', '_', false],
    ['ABC', 'abc', false],
    ['a.c', 'a.c', true],
    ['abc', 'a.c', false],
    ['a\nb', 'a_b', true],
    ['x😀y', 'x_y', true],
    ['(x)', '(%)', true],
    ['a\\b', 'a\\b', true],
    ['[ab]', '[ab]', true],
    ['a', '[ab]', false],
  ])('%p LIKE %p is %p', (value, pattern, expected) => {
    expect(compileLike(pattern)(value)).toBe(expected);
  });

  it('uses the ESCAPE character for %, _ and itself', () => {
    expect(compileLike('100!%', '!')('100%')).toBe(true);
    expect(compileLike('100!%', '!')('1000')).toBe(false);
    expect(compileLike('a!_c', '!')('a_c')).toBe(true);
    expect(compileLike('a!_c', '!')('abc')).toBe(false);
    expect(compileLike('a!!', '!')('a!')).toBe(true);
  });

  it('rejects bad escapes with SQL errors', () => {
    expect(errorOf(() => compileLike('a!b', '!'))).toMatchObject({ errorName: 'INVALID_ESCAPE_SEQUENCE' });
    expect(errorOf(() => compileLike('a!', '!'))).toMatchObject({ errorName: 'INVALID_ESCAPE_SEQUENCE' });
    expect(errorOf(() => compileLike('a', '!!'))).toMatchObject({ errorName: 'INVALID_ESCAPE_CHARACTER' });
  });

  it('propagates NULL', () => {
    expect(like(null, 'a')).toBeNull();
    expect(like('a', null)).toBeNull();
    expect(like('a', 'a', null)).toBeNull();
    expect(like('a', 'a')).toBe(true);
  });

  it('matches any literal string against itself and %-wrapped patterns', () => {
    const noMeta = fc.string({ maxLength: 10 }).filter((s) => !/[%_]/.test(s));
    fc.assert(
      fc.property(noMeta, fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), (s, pre, post) => {
        expect(compileLike(s)(s)).toBe(true);
        expect(compileLike(`%${s}%`)(pre + s + post)).toBe(true);
      }),
    );
  });
});

describe('SIMILAR TO', () => {
  it.each([
    ['INFO TECH', '%TECH%', true],
    ['ENERGY', '%TECH%', false],
    ['abc', 'abc|def', true],
    ['def', 'abc|def', true],
    ['abcdef', 'abc|def', false],
    ['aaa', 'a*', true],
    ['', 'a*', true],
    ['', 'a+', false],
    ['ab', 'ab?', true],
    ['a', 'ab?', true],
    ['abab', '(ab)+', true],
    ['aaa', 'a{3}', true],
    ['aa', 'a{3}', false],
    ['aaaa', 'a{2,}', true],
    ['aaaa', 'a{1,3}', false],
    ['b', '[a-c]', true],
    ['d', '[a-c]', false],
    ['d', '[^a-c]', true],
    ['x7', '[[:ALPHA:]][[:DIGIT:]]', true],
    ['7x', '[[:ALPHA:]][[:DIGIT:]]', false],
    ['Ab', '[[:UPPER:]][[:LOWER:]]', true],
    ['a c', 'a[[:SPACE:]]c', true],
    ['a.c', 'a.c', true],
    ['abc', 'a.c', false],
    ['a$', 'a$', true],
    ['a\\', 'a\\', true],
    ['x_y', 'x_y', true],
  ])('%p SIMILAR TO %p is %p', (value, pattern, expected) => {
    expect(compileSimilarTo(pattern)(value)).toBe(expected);
  });

  it('makes the escaped character literal', () => {
    expect(compileSimilarTo('a#%', '#')('a%')).toBe(true);
    expect(compileSimilarTo('a#%', '#')('ab')).toBe(false);
    expect(compileSimilarTo('#(x#)', '#')('(x)')).toBe(true);
    expect(compileSimilarTo('[#]]', '#')(']')).toBe(true);
  });

  it('raises INVALID_REGULAR_EXPRESSION for malformed patterns', () => {
    for (const bad of ['(a', 'a)', '[abc', '[]', 'a{x}', '[[:FOO:]]', '[z-a]', '*a']) {
      expect(errorOf(() => compileSimilarTo(bad))).toMatchObject({ errorName: 'INVALID_REGULAR_EXPRESSION' });
    }
    expect(errorOf(() => compileSimilarTo('a#', '#'))).toMatchObject({ errorName: 'INVALID_REGULAR_EXPRESSION' });
  });

  it('propagates NULL', () => {
    expect(similarTo(null, '%')).toBeNull();
    expect(similarTo('a', null)).toBeNull();
    expect(similarTo('a', '%')).toBe(true);
  });
});

describe('SUBSTRING(… SIMILAR … ESCAPE …)', () => {
  it('returns the part between the escaped quotes', () => {
    expect(substringSimilar('Thomas', '%#"o_a#"_', '#')).toBe('oma');
    expect(substringSimilar('abc123def', '%#"[0-9]+#"%', '#')).toBe('123');
    expect(substringSimilar('foobar', '#"o_b#"%', '#')).toBeNull();
  });

  it('takes the shortest prefix, then the shortest suffix', () => {
    expect(substringSimilar('aaa', '%#"a%#"%', '#')).toBe('aaa');
    expect(substringSimilar('xyz', '%#"%#"', '#')).toBe('xyz');
  });

  it('needs exactly two separators', () => {
    expect(errorOf(() => substringSimilar('abc', '%#"a', '#'))).toMatchObject({ errorName: 'INVALID_ESCAPE_SEQUENCE' });
    expect(substringSimilar(null, '%#"a#"%', '#')).toBeNull();
  });
});
