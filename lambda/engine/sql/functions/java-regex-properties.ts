/**
 * Java's \p{...} character properties (java.util.regex.Pattern and CharPredicates, JDK 9–18) as
 * character sets for the ECMAScript translation (java-regex.ts).
 *
 * Name lookup follows Pattern.family():
 *   \p{In<block>}, \p{block=...}, \p{blk=...}    Unicode blocks: no ECMAScript equivalent → unsupported
 *   \p{Is<name>}                                  a Unicode binary property (IsAlphabetic, IsWhite_Space, IsAlpha ...),
 *                                                 else a category or POSIX/java* name (IsLu, IsAlnum), else a script (IsLatin)
 *   \p{sc=...}, \p{script=...}                    a script (case-insensitive, full name or ISO 15924 alias)
 *   \p{gc=...}, \p{general_category=...}          a general category
 *   \p{<name>}                                    a general category (Lu, L, LC, LD, L1, all), an ASCII POSIX class
 *                                                 (Alpha, Punct, ...) or a java.lang.Character class (javaLowerCase, ...)
 *
 * The ASCII POSIX classes are exact ranges. The rest map to ECMAScript property escapes, so they
 * follow the Unicode version of the JavaScript engine rather than of the JDK.
 */

import { CharSet, EVERYTHING, inter, not, prop, ranges, union } from './java-regex-charset';

/** Thrown for names Java accepts but that have no ECMAScript equivalent (Unicode blocks). */
export class UnsupportedPropertyError extends Error {}

const ASCII_POSIX: Record<string, () => CharSet> = {
  ASCII: () => ranges([0x00, 0x7f]),
  Alnum: () => ranges([0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]),
  Alpha: () => ranges([0x41, 0x5a], [0x61, 0x7a]),
  Blank: () => ranges(0x20, 0x09),
  Cntrl: () => ranges([0x00, 0x1f], 0x7f),
  Digit: () => ranges([0x30, 0x39]),
  Graph: () => ranges([0x21, 0x7e]),
  Lower: () => ranges([0x61, 0x7a]),
  Print: () => ranges([0x20, 0x7e]),
  Punct: () => ranges([0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]),
  Space: () => ranges(0x20, [0x09, 0x0d]),
  Upper: () => ranges([0x41, 0x5a]),
  XDigit: () => ranges([0x30, 0x39], [0x41, 0x46], [0x61, 0x66]),
};

const CATEGORIES = new Set([
  'Cn', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Me', 'Mc', 'Nd', 'Nl', 'No', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Co', 'Cs',
  'Pd', 'Ps', 'Pe', 'Pc', 'Po', 'Sm', 'Sc', 'Sk', 'So', 'Pi', 'Pf', 'L', 'M', 'N', 'Z', 'C', 'P', 'S', 'LC',
]);

const cased = (): CharSet => union(prop('Lowercase'), prop('Uppercase'), prop('Lt'));
const identifierIgnorable = (): CharSet => union(ranges([0x00, 0x08], [0x0e, 0x1b], [0x7f, 0x9f]), prop('Cf'));

/** Pattern's CharPredicates.forProperty: categories, ASCII POSIX classes and java.lang.Character classes. */
function forProperty(name: string, caseIns: boolean): CharSet | undefined {
  if (caseIns && (name === 'Lu' || name === 'Ll' || name === 'Lt')) return union(prop('Lu'), prop('Ll'), prop('Lt'));
  if (CATEGORIES.has(name)) return prop(name);
  switch (name) {
    case 'LD':
      return union(prop('L'), prop('Nd'));
    case 'L1':
      return ranges([0x00, 0xff]);
    case 'all':
      return EVERYTHING;
    case 'Lower':
    case 'Upper':
      return caseIns ? ASCII_POSIX.Alpha() : ASCII_POSIX[name]();
    case 'javaLowerCase':
      return caseIns ? cased() : prop('Lowercase');
    case 'javaUpperCase':
      return caseIns ? cased() : prop('Uppercase');
    case 'javaTitleCase':
      return caseIns ? cased() : prop('Lt');
    case 'javaAlphabetic':
      return prop('Alphabetic');
    case 'javaIdeographic':
      return prop('Ideographic');
    case 'javaDigit':
      return prop('Nd');
    case 'javaDefined':
      return prop('Cn', true);
    case 'javaLetter':
      return prop('L');
    case 'javaLetterOrDigit':
      return union(prop('L'), prop('Nd'));
    case 'javaSpaceChar':
      return union(prop('Zs'), prop('Zl'), prop('Zp'));
    case 'javaWhitespace':
      return union(
        inter(union(prop('Zs'), prop('Zl'), prop('Zp')), ranges([0, 0x9f], [0xa1, 0x2006], [0x2008, 0x202e], [0x2030, 0x10ffff])),
        ranges([0x09, 0x0d], [0x1c, 0x1f]),
      );
    case 'javaISOControl':
      return ranges([0x00, 0x1f], [0x7f, 0x9f]);
    case 'javaMirrored':
      return prop('Bidi_Mirrored');
    case 'javaIdentifierIgnorable':
      return identifierIgnorable();
    case 'javaJavaIdentifierStart':
      return union(prop('L'), prop('Nl'), prop('Sc'), prop('Pc'));
    case 'javaJavaIdentifierPart':
      return union(prop('L'), prop('Sc'), prop('Pc'), prop('Nd'), prop('Nl'), prop('Mc'), prop('Mn'), identifierIgnorable());
    case 'javaUnicodeIdentifierStart':
      return prop('ID_Start');
    case 'javaUnicodeIdentifierPart':
      return union(prop('ID_Continue'), identifierIgnorable());
  }
  const posix = ASCII_POSIX[name];
  return posix === undefined ? undefined : posix();
}

const graph = (): CharSet => not(union(prop('Zs'), prop('Zl'), prop('Zp'), prop('Cc'), prop('Cs'), prop('Cn')));
const blank = (): CharSet => union(prop('Zs'), ranges(0x09));
const hexDigit = (): CharSet => union(prop('Nd'), prop('Hex_Digit'));

/** CharPredicates.forUnicodeProperty: binary properties and the Unicode flavour of the POSIX names (upper-cased). */
function forUnicodeProperty(upper: string, caseIns: boolean): CharSet | undefined {
  switch (upper) {
    case 'ALPHABETIC':
    case 'ALPHA':
      return prop('Alphabetic');
    case 'ASSIGNED':
      return prop('Cn', true);
    case 'CONTROL':
    case 'CNTRL':
      return prop('Cc');
    case 'HEXDIGIT':
    case 'HEX_DIGIT':
    case 'XDIGIT':
      return hexDigit();
    case 'IDEOGRAPHIC':
      return prop('Ideographic');
    case 'JOINCONTROL':
    case 'JOIN_CONTROL':
      return prop('Join_Control');
    case 'LETTER':
      return prop('L');
    case 'LOWERCASE':
    case 'LOWER':
      return caseIns ? cased() : prop('Lowercase');
    case 'UPPERCASE':
    case 'UPPER':
      return caseIns ? cased() : prop('Uppercase');
    case 'TITLECASE':
      return caseIns ? cased() : prop('Lt');
    case 'NONCHARACTERCODEPOINT':
    case 'NONCHARACTER_CODE_POINT':
      return prop('Noncharacter_Code_Point');
    case 'PUNCTUATION':
    case 'PUNCT':
      return prop('P');
    case 'WHITESPACE':
    case 'WHITE_SPACE':
    case 'SPACE':
      return prop('White_Space');
    case 'WORD':
      return union(prop('Alphabetic'), prop('M'), prop('Nd'), prop('Pc'), prop('Join_Control'));
    case 'ALNUM':
      return union(prop('Alphabetic'), prop('Nd'));
    case 'BLANK':
      return blank();
    case 'DIGIT':
      return prop('Nd');
    case 'GRAPH':
      return graph();
    case 'PRINT':
      return inter(union(graph(), blank()), not(prop('Cc')));
    default:
      return undefined;
  }
}

const SCRIPT_SPECIAL: Record<string, string> = { SIGNWRITING: 'SignWriting' };
const scriptCache = new Map<string, string | null>();

function validScript(name: string): boolean {
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Character.UnicodeScript.forName is case-insensitive and takes full names or aliases; ECMAScript wants the canonical spelling. */
function forScript(name: string): CharSet | undefined {
  const key = name.toUpperCase();
  let canonical = scriptCache.get(key);
  if (canonical === undefined) {
    const titled = key
      .split('_')
      .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
      .join('_');
    const candidates = [SCRIPT_SPECIAL[key], titled, name].filter((c): c is string => c !== undefined && /^[A-Za-z_]+$/.test(c));
    canonical = candidates.find(validScript) ?? null;
    scriptCache.set(key, canonical);
  }
  return canonical === null ? undefined : prop(`Script=${canonical}`);
}

/**
 * The set for the body of \p{...} (or the letter of \pL). Returns undefined for unknown names (a Java
 * syntax error) and throws UnsupportedPropertyError for Unicode blocks.
 */
export function javaProperty(name: string, caseIns: boolean): CharSet | undefined {
  const eq = name.indexOf('=');
  if (eq !== -1) {
    const key = name.slice(0, eq).toLowerCase();
    const value = name.slice(eq + 1);
    switch (key) {
      case 'sc':
      case 'script':
        return forScript(value);
      case 'blk':
      case 'block':
        throw new UnsupportedPropertyError('Unicode blocks have no ECMAScript equivalent');
      case 'gc':
      case 'general_category':
        return forProperty(value, caseIns);
      default:
        return undefined;
    }
  }
  if (name.startsWith('In')) throw new UnsupportedPropertyError('Unicode blocks have no ECMAScript equivalent');
  if (name.startsWith('Is')) {
    const short = name.slice(2);
    return forUnicodeProperty(short.toUpperCase(), caseIns) ?? forProperty(short, caseIns) ?? forScript(short);
  }
  return forProperty(name, caseIns);
}
