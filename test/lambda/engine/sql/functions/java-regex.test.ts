import fc from 'fast-check';
import {
  JavaRegexError,
  compileJavaRegex,
  compileJavaRegexCached,
  javaFind,
  javaFindAll,
  javaGroupCount,
  javaGroupNames,
  javaMatchFull,
  javaMatches,
  javaReplace,
  javaReplaceAll,
  parseJavaReplacement,
} from '../../../../../lambda/engine/sql/functions/java-regex';

type Mode = 'find' | 'matches' | 'findall' | 'replace';
type Expected = null | string | (number | string | null)[] | [number, number][] | { syntax: string };

/**
 * [mode, Java pattern, input, replacement, expected]: expected results recorded by running
 * java.util.regex (OpenJDK 17) on the same pattern and input. find / matches give
 * [start, end, group0, group1, ...] or null; findall the [start, end] of successive find() calls;
 * replace Matcher.replaceAll; { syntax } the PatternSyntaxException description.
 */
const JDK17: [Mode, string, string, string | undefined, Expected][] = [
  // doc examples (REGEX_LOG_PARSE / REGEX_REPLACE patterns)
  ['matches', '.*([E].).*([R].*)', 'HEALTHCARE', undefined, [0, 10, 'HEALTHCARE', 'EA', 'RE']],
  ['matches', '.*([E].).*([R].*)', 'ENERGY', undefined, [0, 6, 'ENERGY', 'EN', 'RGY']],
  ['matches', '.*([E].).*([R].*)', 'TECHNOLOGY', undefined, null],
  ['replace', 'TECHNOLOGY', 'TECHNOLOGY', 'INFORMATION TECHNOLOGY', 'INFORMATION TECHNOLOGY'],
  // line terminators: . $ ^ \Z \z and (?d)
  ['find', '.', '\u0085', undefined, null],
  ['find', '.', '\u2028', undefined, null],
  ['find', '.', '\u000d', undefined, null],
  ['find', '(?s).', '\u000a', undefined, [0, 1, '\u000a']],
  ['find', '(?d).', '\u000d', undefined, [0, 1, '\u000d']],
  ['find', '(?d).', '\u000a', undefined, null],
  ['find', 'a$', 'a\u000a', undefined, [0, 1, 'a']],
  ['find', 'a$', 'a\u000d\u000a', undefined, [0, 1, 'a']],
  ['find', 'a$', 'a\u0085', undefined, [0, 1, 'a']],
  ['find', 'a$', 'a\u000a\u000a', undefined, null],
  ['findall', '$', 'a\u000d\u000a', undefined, [[1, 1], [3, 3]]],
  ['findall', '(?m)$', 'a\u000d\u000ab\u000d\u000a', undefined, [[1, 1], [4, 4], [6, 6]]],
  ['findall', '(?m)^', 'a\u000d\u000ab\u000d\u000a', undefined, [[0, 0], [3, 3]]],
  ['find', '(?m)^', '', undefined, null],
  ['find', '(?m)$', '', undefined, [0, 0, '']],
  ['findall', '(?m)^', 'a\u000a', undefined, [[0, 0]]],
  ['find', 'a\\Z', 'a\u000a', undefined, [0, 1, 'a']],
  ['find', 'a\\z', 'a\u000a', undefined, null],
  ['find', '\\Z', 'a\u000d\u000a', undefined, [1, 1, '']],
  ['find', '(?d)a$', 'a\u000d', undefined, null],
  ['find', '(?d)a$', 'a\u000a', undefined, [0, 1, 'a']],
  ['findall', '(?dm)^', 'a\u000db\u000ac', undefined, [[0, 0], [4, 4]]],
  ['find', '\\Aa', 'ba', undefined, null],
  ['find', '(?m)^b', 'a\u2028b', undefined, [2, 3, 'b']],
  // inline flags
  ['find', 'a(?i)b|c', 'C', undefined, [0, 1, 'C']],
  ['find', '(a(?i)b)c', 'aBC', undefined, null],
  ['find', '(a(?i)b)c', 'aBc', undefined, [0, 3, 'aBc', 'aB']],
  ['find', '(?i:a)b', 'AB', undefined, null],
  ['find', '(?i:a)b', 'Ab', undefined, [0, 2, 'Ab']],
  ['find', '(?-i)a', 'A', undefined, null],
  ['find', '(?i)(?-i:a)', 'A', undefined, null],
  ['find', '(?is)(?-s:a.)', 'A\u000a', undefined, null],
  ['find', '(?s:a.)b', 'a\u000ab', undefined, [0, 3, 'a\u000ab']],
  ['find', '(?ims)^A.$', 'x\u000aa\u000a', undefined, [2, 4, 'a\u000a']],
  // case-insensitive matching is ASCII-only unless (?iu)
  ['find', '(?i)\u00e9', '\u00c9', undefined, null],
  ['find', '(?iu)\u00e9', '\u00c9', undefined, [0, 1, '\u00c9']],
  ['find', '(?i)k', '\u212a', undefined, null],
  ['find', '(?iu)k', '\u212a', undefined, [0, 1, '\u212a']],
  ['find', '(?i)[^a-z]', 'A', undefined, null],
  ['find', '(?i)[Z-a]', 'z', undefined, [0, 1, 'z']],
  ['find', '(?i)[Z-a]', 'A', undefined, [0, 1, 'A']],
  ['find', '(?i)[A-C]', 'b', undefined, [0, 1, 'b']],
  ['find', '(?i)\\p{Lower}', 'A', undefined, [0, 1, 'A']],
  ['find', '(?i)\\p{Lu}', 'a', undefined, [0, 1, 'a']],
  ['find', '(?i)\\P{Lu}', 'a', undefined, null],
  ['find', '(?i)\\p{javaLowerCase}', 'A', undefined, [0, 1, 'A']],
  ['find', '(?i)\\p{IsLowercase}', 'A', undefined, [0, 1, 'A']],
  ['find', '(?i)[^k]', 'K', undefined, null],
  ['find', '(?i)\\w+', 'aBc', undefined, [0, 3, 'aBc']],
  // character classes: union, nesting, intersection, complement
  ['find', '[a-z&&[^aeiou]]+', 'abcde', undefined, [1, 4, 'bcd']],
  ['find', '[^a[b]]', 'b', undefined, null],
  ['find', '[^a[b]]', 'c', undefined, [0, 1, 'c']],
  ['find', '[^a&&b]', 'a', undefined, [0, 1, 'a']],
  ['find', '[^a-c&&b]', 'b', undefined, null],
  ['find', '[^a-c&&b]', 'd', undefined, [0, 1, 'd']],
  ['find', '[a-c[d]&&[b-d]]', 'd', undefined, [0, 1, 'd']],
  ['find', '[a-c[d]&&[b-d]]', 'a', undefined, null],
  ['find', '[&&a]', 'a', undefined, [0, 1, 'a']],
  ['find', '[a&&]', 'b', undefined, null],
  ['find', '[a-cx-z&&]', 'b', undefined, null],
  ['find', '[a-cx-z&&]', 'y', undefined, [0, 1, 'y']],
  ['find', '[a&&&&b]', 'a', undefined, null],
  ['find', '[\\w&&\\d]', '5', undefined, [0, 1, '5']],
  ['find', '[\\w&&\\d]', 'a', undefined, null],
  ['find', '[]a]', ']', undefined, [0, 1, ']']],
  ['find', '[^]a]', ']', undefined, null],
  ['find', '[a-]', '-', undefined, [0, 1, '-']],
  ['find', '[\\w-a]', '-', undefined, [0, 1, '-']],
  ['find', '[[a]]', 'a', undefined, [0, 1, 'a']],
  ['find', '[\\p{L}&&[^a-z]]', 'A', undefined, [0, 1, 'A']],
  ['find', '[\\p{L}&&[^a-z]]', 'b', undefined, null],
  ['find', '[a-z&&[^\\p{L}]]', 'a', undefined, null],
  ['find', '[^\\w]', '_', undefined, null],
  ['find', '[^\\W]', '_', undefined, [0, 1, '_']],
  ['find', '[\\v-\\x0c]', '\u000b', undefined, [0, 1, '\u000b']],
  ['find', '[a&b]', '&', undefined, [0, 1, '&']],
  ['find', '[a-z&&b-c&&c]', 'c', undefined, [0, 1, 'c']],
  // POSIX, java.lang.Character and Unicode properties
  ['find', '\\p{Punct}+', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', undefined, [0, 32, '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~']],
  ['find', '\\p{Punct}', '\u00a1', undefined, null],
  ['find', '\\p{Alpha}', '\u00e9', undefined, null],
  ['find', '\\p{IsAlpha}', '\u00e9', undefined, [0, 1, '\u00e9']],
  ['find', '\\p{Alnum}+', 'aZ09_', undefined, [0, 4, 'aZ09']],
  ['find', '\\p{XDigit}+', 'fF9g', undefined, [0, 3, 'fF9']],
  ['find', '\\p{Space}+', ' \u0009\u000a\u000b\u000c\u000d', undefined, [0, 6, ' \u0009\u000a\u000b\u000c\u000d']],
  ['find', '\\p{Cntrl}', '\u007f', undefined, [0, 1, '\u007f']],
  ['find', '\\p{Graph}+', 'a~ b', undefined, [0, 2, 'a~']],
  ['find', '\\p{Print}+', 'a~ b', undefined, [0, 4, 'a~ b']],
  ['find', '\\p{Blank}+', ' \u0009x', undefined, [0, 2, ' \u0009']],
  ['find', '\\p{ASCII}+', 'ab\u0080', undefined, [0, 2, 'ab']],
  ['find', '\\p{L}+', 'a\u00e9\u4e00!', undefined, [0, 3, 'a\u00e9\u4e00']],
  ['find', '\\pL', 'A', undefined, [0, 1, 'A']],
  ['find', '\\p{IsL}', 'a', undefined, [0, 1, 'a']],
  ['find', '\\p{Lu}', 'aB', undefined, [1, 2, 'B']],
  ['find', '\\p{IsLatin}+', 'ab\u03b1', undefined, [0, 2, 'ab']],
  ['find', '\\p{IsGreek}', '\u03b1', undefined, [0, 1, '\u03b1']],
  ['find', '\\p{sc=Greek}', '\u03b1', undefined, [0, 1, '\u03b1']],
  ['find', '\\p{script=greek}', '\u03b1', undefined, [0, 1, '\u03b1']],
  ['find', '\\p{sc=grek}', '\u03b1', undefined, [0, 1, '\u03b1']],
  ['find', '\\p{gc=Lu}', 'A', undefined, [0, 1, 'A']],
  ['find', '\\p{general_category=Nd}', '\u0663', undefined, [0, 1, '\u0663']],
  ['find', '\\p{L1}', '\u00ff', undefined, [0, 1, '\u00ff']],
  ['find', '\\p{LD}', '5', undefined, [0, 1, '5']],
  ['find', '\\p{all}', 'x', undefined, [0, 1, 'x']],
  ['find', '\\p{IsAlphabetic}', 'a', undefined, [0, 1, 'a']],
  ['find', '\\p{IsPunctuation}', '\u00a1', undefined, [0, 1, '\u00a1']],
  ['find', '\\p{IsWhite_Space}', '\u00a0', undefined, [0, 1, '\u00a0']],
  ['find', '\\p{IsDigit}', '\u0663', undefined, [0, 1, '\u0663']],
  ['find', '\\p{IsHex_Digit}', 'a', undefined, [0, 1, 'a']],
  ['find', '\\p{IsIdeographic}', '\u4e00', undefined, [0, 1, '\u4e00']],
  ['find', '\\p{javaWhitespace}', '\u00a0', undefined, null],
  ['find', '\\p{javaWhitespace}', '\u001c', undefined, [0, 1, '\u001c']],
  ['find', '\\p{javaSpaceChar}', '\u00a0', undefined, [0, 1, '\u00a0']],
  ['find', '\\p{javaMirrored}', '(', undefined, [0, 1, '(']],
  ['find', '\\p{javaLetterOrDigit}+', 'a1!', undefined, [0, 2, 'a1']],
  ['find', '\\p{isalpha}', 'a', undefined, { syntax: 'Unknown character property name {isalpha}' }],
  ['find', '\\p{lu}', 'A', undefined, { syntax: 'Unknown character property name {lu}' }],
  // predefined classes and escapes
  ['find', '\\h+', ' \u0009\u00a0\u1680\u180e\u2000\u200a\u202f\u205f\u3000', undefined, [0, 10, ' \u0009\u00a0\u1680\u180e\u2000\u200a\u202f\u205f\u3000']],
  ['find', '\\v+', '\u000a\u000b\u000c\u000d\u0085\u2028\u2029', undefined, [0, 7, '\u000a\u000b\u000c\u000d\u0085\u2028\u2029']],
  ['find', '\\s+', ' \u0009\u000a\u000b\u000c\u000d', undefined, [0, 6, ' \u0009\u000a\u000b\u000c\u000d']],
  ['find', '\\s', '\u001c', undefined, null],
  ['find', '\\w', '\u00e9', undefined, null],
  ['find', '\\W', '\u00e9', undefined, [0, 1, '\u00e9']],
  ['find', '\\d', '\u0663', undefined, null],
  ['find', '\\R\u000a', '\u000d\u000a', undefined, [0, 2, '\u000d\u000a']],
  ['find', '\\R', '\u2028', undefined, [0, 1, '\u2028']],
  ['find', '\\0101', 'A', undefined, [0, 1, 'A']],
  ['find', '\\0377', '\u00ff', undefined, [0, 1, '\u00ff']],
  ['find', '\\0400', ' 0', undefined, [0, 2, ' 0']],
  ['find', '\\08', 'x', undefined, { syntax: 'Illegal octal escape sequence' }],
  ['find', '\\c@', '\u0000', undefined, [0, 1, '\u0000']],
  ['find', '\\ca', '!', undefined, [0, 1, '!']],
  ['find', '\\e\\a\\f', '\u001b\u0007\u000c', undefined, [0, 3, '\u001b\u0007\u000c']],
  ['find', '\\x41\\x{42}', 'AB', undefined, [0, 2, 'AB']],
  ['find', '\\x{1F600}', '\ud83d\ude00', undefined, [0, 2, '\ud83d\ude00']],
  ['find', '\\x{110000}', 'A', undefined, { syntax: 'Hexadecimal codepoint is too big' }],
  ['find', 'A', 'A', undefined, [0, 1, 'A']],
  ['find', '\ud83d\ude00', '\ud83d\ude00', undefined, [0, 2, '\ud83d\ude00']],
  ['find', '.', '\ud83d\ude00', undefined, [0, 2, '\ud83d\ude00']],
  ['find', '\\y', 'y', undefined, { syntax: 'Illegal/unsupported escape sequence' }],
  ['find', '\\_\\-\\\u00e4', '_-\u00e4', undefined, [0, 3, '_-\u00e4']],
  ['find', '\\E', 'E', undefined, { syntax: 'Illegal/unsupported escape sequence' }],
  // \Q...\E quoting
  ['find', '\\Qa.b*\\E', 'a.b*', undefined, [0, 4, 'a.b*']],
  ['find', '\\Qa.b*\\E', 'axb', undefined, null],
  ['find', '\\Qab', 'ab', undefined, [0, 2, 'ab']],
  ['find', 'x\\Q\\E*', 'xx', undefined, [0, 2, 'xx']],
  ['find', '\\Q1\\E{2}', '11', undefined, [0, 2, '11']],
  ['find', '(a)\\1\\Q0\\E', 'aa0', undefined, [0, 3, 'aa0', 'a']],
  ['find', '[\\Q]\\E]', ']', undefined, [0, 1, ']']],
  ['find', '[\\Q^\\Ea]', '^', undefined, [0, 1, '^']],
  ['find', '[\\Qa-c\\E]', 'b', undefined, null],
  ['find', '[a-\\Qc\\E]', 'b', undefined, [0, 1, 'b']],
  ['find', '\\Qa\\b\\E', 'a\\b', undefined, [0, 3, 'a\\b']],
  // comments mode (?x)
  ['find', '(?x)a b # c\u000ad', 'abd', undefined, [0, 3, 'abd']],
  ['find', '(?x)a\\ b', 'a b', undefined, [0, 3, 'a b']],
  ['find', '(?x)[a b]', ' ', undefined, null],
  ['find', '(?x)[a#]b]', '#', undefined, { syntax: 'Unclosed character class' }],
  ['find', '(?x)a{1, 2}', 'a', undefined, [0, 1, 'a']],
  ['find', '(?x)a{ 1}', 'a', undefined, { syntax: 'Illegal repetition' }],
  ['find', '(?x)a +', 'aa', undefined, [0, 2, 'aa']],
  ['find', '(?x)a+ ?', 'aa', undefined, [0, 1, 'a']],
  ['find', '(?x)\\p{ Alpha}', 'a', undefined, [0, 1, 'a']],
  ['find', '(?x)[a- c]', 'b', undefined, [0, 1, 'b']],
  ['find', '(?x)( ?:a)', 'a', undefined, [0, 1, 'a']],
  ['find', '(?x)\\Q a \\E', ' a ', undefined, [0, 3, ' a ']],
  ['find', '(?x)[ ^a]', '^', undefined, [0, 1, '^']],
  ['find', '(?x)[^ a]', ' ', undefined, [0, 1, ' ']],
  ['find', '(?x) (\\d+)  # number\u000a \\s* (\\w+)', '  42   abc', undefined, [2, 10, '42   abc', '42', 'abc']],
  // groups, named groups and back-references
  ['find', '(?<name>a)\\k<name>', 'aa', undefined, [0, 2, 'aa', 'a']],
  ['find', '(?<n1>a)(?<n1>b)', 'ab', undefined, { syntax: 'Named capturing group <n1> is already defined' }],
  ['find', '(a)\\10', 'aa0', undefined, [0, 3, 'aa0', 'a']],
  ['find', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', 'abcdefghijj', undefined, [0, 11, 'abcdefghijj', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
  ['find', '\\8', '8', undefined, null],
  ['find', '(a)\\2', 'a', undefined, null],
  ['find', '(?<a_b>x)', 'x', undefined, { syntax: 'named capturing group is missing trailing \'>\'' }],
  ['find', '(?<1a>x)', 'x', undefined, { syntax: 'capturing group name does not start with a Latin letter' }],
  ['find', '\\k<nope>', 'x', undefined, { syntax: 'named capturing group <nope> does not exist' }],
  ['find', '(a)|b', 'b', undefined, [0, 1, 'b', null]],
  ['find', '(\\d*)?', 'x', undefined, [0, 0, '', '']],
  ['find', '(a?)?b', 'b', undefined, [0, 1, 'b', '']],
  ['find', '((a)|b)c', 'bc', undefined, [0, 2, 'bc', 'b', null]],
  ['find', '(?:(\\w+)=(\\w+);)+', 'a=1;b=2;', undefined, [0, 8, 'a=1;b=2;', 'b', '2']],
  ['matches', '(a|ab)(c|bcd)(d*)', 'abcd', undefined, [0, 4, 'abcd', 'a', 'bcd', '']],
  ['find', '(?=(a+))a', 'aaa', undefined, [0, 1, 'a', 'aaa']],
  ['find', '(', 'x', undefined, { syntax: 'Unclosed group' }],
  ['find', 'a)', 'x', undefined, { syntax: 'Unmatched closing \')\'' }],
  ['find', '(?<', 'x', undefined, { syntax: 'capturing group name does not start with a Latin letter' }],
  ['find', '(?@a)', 'x', undefined, { syntax: 'Unknown group type' }],
  ['find', '(?z)', 'x', undefined, { syntax: 'Unknown inline modifier' }],
  // possessive quantifiers and atomic groups
  ['find', 'a*+a', 'aaa', undefined, null],
  ['find', '(?>a|ab)c', 'abc', undefined, null],
  ['find', '(?>ab|a)c', 'abc', undefined, [0, 3, 'abc']],
  ['find', '(a+)++b', 'aab', undefined, [0, 3, 'aab', 'aa']],
  ['matches', '(\\w+)++x', 'aaax', undefined, null],
  ['matches', '"[^"]*+"', '"abc"', undefined, [0, 5, '"abc"']],
  ['find', 'a{1,2}+a', 'aa', undefined, null],
  ['find', 'a?+a', 'a', undefined, null],
  ['find', '(?>(\\d+))\\.(\\d+)', '12.5', undefined, [0, 4, '12.5', '12', '5']],
  // quantifier edge cases
  ['find', '{2}a', 'a', undefined, [0, 1, 'a']],
  ['find', 'x|{2}', 'y', undefined, [0, 0, '']],
  ['find', 'a{2}{3}', 'aaaaaa', undefined, [0, 2, 'aa']],
  ['find', 'a{2}*', 'aaaa', undefined, { syntax: 'Dangling meta character \'*\'' }],
  ['find', 'a**', 'aa', undefined, { syntax: 'Dangling meta character \'*\'' }],
  ['find', 'a{', 'a{', undefined, { syntax: 'Illegal repetition' }],
  ['find', 'x{2,1}', 'x', undefined, { syntax: 'Illegal repetition range' }],
  ['find', '*a', 'a', undefined, { syntax: 'Dangling meta character \'*\'' }],
  ['find', '^*a', 'a', undefined, [0, 1, 'a']],
  ['find', '(?=a)*a', 'a', undefined, [0, 1, 'a']],
  ['find', 'a{2,}?', 'aaaa', undefined, [0, 2, 'aa']],
  ['find', 'a{0}b', 'ab', undefined, [1, 2, 'b']],
  ['find', '(a){0}b', 'ab', undefined, [1, 2, 'b', null]],
  ['find', 'a}]', 'a}]', undefined, [0, 3, 'a}]']],
  // word boundaries (Unicode letters and digits, unlike \w)
  ['find', '\\b\u00e9', ' \u00e9', undefined, [1, 2, '\u00e9']],
  ['findall', '\\b', 'hello world', undefined, [[0, 0], [5, 5], [6, 6], [11, 11]]],
  ['find', '\\Bb', 'ab', undefined, [1, 2, 'b']],
  ['find', 'a\\b', 'a\u0301', undefined, null],
  ['find', '\\b\u0301', 'a\u0301', undefined, null],
  // lookbehind
  ['find', '(?<=a*)b', 'b', undefined, [0, 1, 'b']],
  ['find', '(?<=a+)b', 'ab', undefined, [1, 2, 'b']],
  ['find', '(?<=a{1,3})b', 'ab', undefined, [1, 2, 'b']],
  ['find', '(?<=(?:ab)*)c', 'abc', undefined, { syntax: 'Look-behind group does not have an obvious maximum length' }],
  ['find', '(?<=\\d{3})-', '123-', undefined, [3, 4, '-']],
  ['find', '(?<!x)y', 'xy', undefined, null],
  ['find', '(?<=\\w\\h+?)x', 'a x', undefined, { syntax: 'Look-behind group does not have an obvious maximum length' }],
  // \G
  ['find', '\\G\\w', 'ab', undefined, [0, 1, 'a']],
  ['findall', '\\Ga', 'aab', undefined, [[0, 1], [1, 2]]],
  ['findall', '\\G', 'ab', undefined, [[0, 0]]],
  ['findall', '\\Ga|\\Gb', 'abba', undefined, [[0, 1], [1, 2], [2, 3], [3, 4]]],
  // find after empty matches
  ['findall', 'x*', 'abc', undefined, [[0, 0], [1, 1], [2, 2], [3, 3]]],
  ['findall', 'a*', 'baaac', undefined, [[0, 0], [1, 4], [4, 4], [5, 5]]],
  ['findall', '\\b|a', 'a a', undefined, [[0, 0], [1, 1], [2, 2], [3, 3]]],
  // replacement syntax
  ['replace', '(a)(b)', 'xaby', '[$2$1]', 'x[ba]y'],
  ['replace', '(a)', 'xay', '$12', 'xa2y'],
  ['replace', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)', 'abcdefghijk', '$11-$10-$111', 'k-j-k1'],
  ['replace', '(?<first>a)', 'xay', '<${first}>', 'x<a>y'],
  ['replace', '(a)', 'xay', '\\\\', 'x\\y'],
  ['replace', '(a)', 'xay', '\\$1', 'x$1y'],
  ['replace', '(a)|b', 'xaby', '[$1]', 'x[a][]y'],
  ['replace', '^(\\S+) (\\S+)', 'GET /index.html HTTP', '$2 $1', '/index.html GET HTTP'],
  ['replace', '\\s+', 'a  b\u0009\u0009c', ' ', 'a b c'],
  ['replace', '(?m)^', 'a\u000ab', '> ', '> a\u000a> b'],
  ['replace', '$', 'a\u000a', '!', 'a!\u000a!'],
  ['replace', '\\b', 'hello world', '|', '|hello| |world|'],
  ['replace', 'x*', 'abc', '-', '-a-b-c-'],
  ['replace', '(a)', 'zzz', '$2', 'zzz'],
];

function run(mode: Mode, re: RegExp, input: string, replacement: string | undefined): Expected {
  switch (mode) {
    case 'find':
    case 'matches': {
      const m = mode === 'find' ? javaFind(re, input) : javaMatchFull(re, input);
      return m === null ? null : [m.start, m.end, ...m.groups];
    }
    case 'findall':
      return [...javaFindAll(re, input)].map((m): [number, number] => [m.start, m.end]);
    case 'replace':
      return javaReplaceAll(input, re, replacement!);
  }
}

describe('agrees with java.util.regex (expectations recorded from OpenJDK 17)', () => {
  test.each(JDK17)('%s %j on %j', (mode, pattern, input, replacement, expected) => {
    if (expected !== null && typeof expected === 'object' && 'syntax' in expected) {
      let error: unknown;
      try {
        compileJavaRegex(pattern);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(JavaRegexError);
      expect((error as JavaRegexError).kind).toBe('syntax');
      expect((error as JavaRegexError).message).toContain(expected.syntax);
      return;
    }
    expect(run(mode, compileJavaRegex(pattern), input, replacement)).toEqual(expected);
  });
});

function rejection(pattern: string, flags?: string): JavaRegexError {
  try {
    compileJavaRegex(pattern, flags);
  } catch (e) {
    if (e instanceof JavaRegexError) return e;
    throw e;
  }
  throw new Error(`${pattern} was accepted`);
}

describe('constructs without an ECMAScript equivalent are rejected, naming the construct and its index', () => {
  // [pattern, construct, index, part of the reason]
  const cases: [string, string, number, string][] = [
    ['ab\\X', '\\X', 2, 'grapheme clusters'],
    ['a\\b{g}', '\\b{g}', 1, 'grapheme cluster boundaries'],
    ['\\N{LATIN SMALL LETTER A}', '\\N{LATIN SMALL LETTER A}', 0, 'named characters'],
    ['x\\p{InGreek}', '\\p{InGreek}', 1, 'Unicode blocks'],
    ['\\p{block=Greek}', '\\p{block=Greek}', 0, 'Unicode blocks'],
    ['(?U)\\w', 'U', 2, 'UNICODE_CHARACTER_CLASS'],
    ['a(?c)', 'c', 3, 'CANON_EQ'],
    ['a(?iu)b', 'b', 6, 'only supported when it applies to the whole pattern'],
    ['(?iu)a(?-i)b', 'b', 11, 'case-sensitive'],
    ['(?i)(a)\\1', '\\1', 7, 'back-reference under (?i)'],
    ['(a)?\\1', '\\1', 4, 'may not have participated'],
    ['\\1(a)', '\\1', 0, 'may not have participated'],
    ['(?:(a)|b)+', '(?:(a)|b)+', 0, 'group 1 inside a repetition is not set on every iteration'],
    ['x(a?)*', '(a?)*', 1, 'can match the empty string'],
    ['(?:a|\\B){2,}', '(?:a|\\B){2,}', 0, 'in more than one way'],
    ['(?<=(a+))b', '(?<=(a+))b'.slice(0, 9), 0, 'capturing group inside lookbehind'],
    ['(?<=a*+)b', 'a*+', 4, 'inside lookbehind'],
    ['(?!(a))b', '(?!(a))', 0, 'negative lookaround'],
    ['(?=(a))b|a', '(?=(a))', 0, 'group 1 inside a lookaround is not set by every match'],
    ['(a)++x|a', '(a)++', 0, 'group 1 inside a possessive quantifier'],
    ['a|\\G', '\\G', 2, '\\G is only supported at the start'],
    ['(?<!\\h|[^a]{1,2}b+)', '(?<!\\h|[^a]{1,2}b+)', 0, 'Java computes a maximum length of 1'],
  ];
  test.each(cases)('%j', (pattern, construct, index, reason) => {
    const e = rejection(pattern);
    expect(e.kind).toBe('unsupported');
    expect(e.construct).toBe(construct);
    expect(e.index).toBe(index);
    expect(e.pattern).toBe(pattern);
    expect(e.message).toContain(reason);
  });

  test('Java syntax errors take precedence over unsupported constructs', () => {
    const e = rejection('\\X(?<=(?:ab)*)');
    expect(e.kind).toBe('syntax');
    expect(e.message).toContain('Look-behind group does not have an obvious maximum length');
  });

  test('unknown and unsupported flags', () => {
    expect(rejection('a', 'U').kind).toBe('unsupported');
    expect(rejection('a', 'q').kind).toBe('syntax');
  });
});

describe('the translated RegExp', () => {
  test('uses the u flag, or v when a class mixes properties with intersection or nested complement', () => {
    expect(compileJavaRegex('[a-z&&[^aeiou]]').flags).toBe('u');
    expect(compileJavaRegex('[^\\p{L}\\d]').flags).toBe('u');
    expect(compileJavaRegex('[\\p{L}&&[^a-z]]').flags).toBe('v');
    expect(compileJavaRegex('[a[^\\p{L}]]').flags).toBe('u'); // [a\P{L}]
    expect(compileJavaRegex('[a[^\\p{L}\\d]]').flags).toBe('v');
  });

  test('(?iu) over the whole pattern becomes the i flag; (?i) alone expands ASCII letters', () => {
    expect(compileJavaRegex('(?iu)straße').flags).toBe('iu');
    expect(compileJavaRegex('abc', 'iu').flags).toBe('iu');
    const ascii = compileJavaRegex('(?i)k');
    expect(ascii.flags).toBe('u');
    expect(ascii.source).toBe('[Kk]');
  });

  test('a leading \\G makes it sticky', () => {
    expect(compileJavaRegex('\\Ga').flags).toBe('uy');
  });

  test('emits Java line-terminator semantics explicitly', () => {
    expect(compileJavaRegex('.').source).toBe('[^\\u{A}\\u{D}\\u{85}\\u{2028}\\u{2029}]');
    expect(compileJavaRegex('(?d).').source).toBe('[^\\u{A}]');
  });

  test('hidden groups of atomic emulation are not reported', () => {
    const re = compileJavaRegex('(?>(a+))(b)');
    expect(re.source).toBe('(?=((a+)))(?:\\1)(b)');
    expect(javaGroupCount(re)).toBe(2);
    expect(javaFind(re, 'xaab')).toEqual({ start: 1, end: 4, groups: ['aab', 'aa', 'b'] });
  });

  test('named groups', () => {
    const re = compileJavaRegex('(?<host>[^ ]+) (?<user>\\S+)');
    expect([...javaGroupNames(re)]).toEqual([
      ['host', 1],
      ['user', 2],
    ]);
    expect(re.exec('h u')?.groups).toEqual({ host: 'h', user: 'u' });
  });

  test('javaMatches is a full match, javaFind a search from an index', () => {
    const re = compileJavaRegex('b+');
    expect(javaMatches(re, 'abb')).toBe(false);
    expect(javaMatches(re, 'bb')).toBe(true);
    expect(javaFind(re, 'abba', 3)).toBeNull();
    expect(javaFind(re, 'abbab', 3)).toEqual({ start: 4, end: 5, groups: ['b'] });
    expect(() => javaFind(re, 'ab', 3)).toThrow(RangeError);
  });

  test('\\G in javaFind(from) anchors at from', () => {
    const re = compileJavaRegex('\\G\\d');
    expect(javaFind(re, 'a1', 1)).toEqual({ start: 1, end: 2, groups: ['1'] });
    expect(javaFind(re, 'a1', 0)).toBeNull();
  });

  test('works on plain ECMAScript RegExps too', () => {
    expect(javaFind(/(b)(c)?/u, 'abc')).toEqual({ start: 1, end: 3, groups: ['bc', 'b', 'c'] });
    expect(javaGroupCount(/(b)(c)?/)).toBe(2);
  });

  test('the cache returns the same RegExp', () => {
    expect(compileJavaRegexCached('a+b')).toBe(compileJavaRegexCached('a+b'));
  });
});

describe('REGEX_REPLACE', () => {
  // sqlref REGEX_REPLACE Example 1, over the sectors of the sample stock ticker stream.
  test.each([
    ['TECHNOLOGY', 'INFORMATION TECHNOLOGY'],
    ['HEALTHCARE', 'HEALTHCARE'],
    ['ENERGY', 'ENERGY'],
    ['FINANCIAL', 'FINANCIAL'],
    ['RETAIL', 'RETAIL'],
  ])("REGEX_REPLACE(%j, 'TECHNOLOGY', 'INFORMATION TECHNOLOGY', 1, 0)", (sector, expected) => {
    expect(javaReplace(sector, 'TECHNOLOGY', 'INFORMATION TECHNOLOGY', 1, 0)).toBe(expected);
  });

  test('returns null when any argument is null', () => {
    expect(javaReplace(null, 'a', 'b', 1, 0)).toBeNull();
    expect(javaReplace('a', null, 'b', 1, 0)).toBeNull();
    expect(javaReplace('a', 'a', null, 1, 0)).toBeNull();
    expect(javaReplace('a', 'a', 'b', null, 0)).toBeNull();
    expect(javaReplace('a', 'a', 'b', 1, null)).toBeNull();
  });

  test('startPosition is 1-based; the text before it is kept and the search starts there', () => {
    expect(javaReplace('aXaXa', 'a', '-', 1, 0)).toBe('-X-X-');
    expect(javaReplace('aXaXa', 'a', '-', 2, 0)).toBe('aX-X-');
    expect(javaReplace('aXaXa', '^a', '-', 3, 0)).toBe('aX-Xa');
    expect(javaReplace('aXaXa', '(?<=X)a', '-', 3, 0)).toBe('aXaX-');
    expect(javaReplace('abc', 'c', '-', 3, 0)).toBe('ab-');
  });

  test('startPosition beyond the length returns the original', () => {
    expect(javaReplace('abc', 'c', '-', 4, 0)).toBe('abc');
    expect(javaReplace('', 'x*', '-', 1, 0)).toBe('');
  });

  test('occurrence n replaces only the n-th match, 0 every match', () => {
    expect(javaReplace('a1b22c333', '\\d+', '#', 1, 0)).toBe('a#b#c#');
    expect(javaReplace('a1b22c333', '\\d+', '#', 1, 2)).toBe('a1b#c333');
    expect(javaReplace('a1b22c333', '\\d+', '#', 1, 3)).toBe('a1b22c#');
    expect(javaReplace('a1b22c333', '\\d+', '#', 1, 4)).toBe('a1b22c333');
    expect(javaReplace('a1b22c333', '\\d+', '#', 4, 1)).toBe('a1b#c333');
  });

  test('startPosition < 1 and occurrence < 0 are errors', () => {
    expect(() => javaReplace('a', 'a', 'b', 0, 0)).toThrow(RangeError);
    expect(() => javaReplace('a', 'a', 'b', 1, -1)).toThrow(RangeError);
  });

  test('Java replacement syntax: $n (longest existing group), ${name}, backslash escapes', () => {
    expect(javaReplace('2024-05', '(\\d+)-(\\d+)', '$2/$1', 1, 0)).toBe('05/2024');
    expect(javaReplace('ab', '(a)', '$10', 1, 0)).toBe('a0b');
    expect(javaReplace('ab', '(?<x>a)', '[${x}]', 1, 0)).toBe('[a]b');
    expect(javaReplace('ab', 'a', '\\$\\\\', 1, 0)).toBe('$\\b');
    expect(javaReplace('ab', '(x)?a', '<$1>', 1, 0)).toBe('<>b');
  });

  test('a bad replacement fails only when there is something to replace, like Matcher.appendReplacement', () => {
    expect(javaReplace('zzz', 'a', '$', 1, 0)).toBe('zzz');
    const e = (() => {
      try {
        javaReplace('abc', 'b', 'x$', 1, 0);
      } catch (err) {
        return err as JavaRegexError;
      }
      throw new Error('no error');
    })();
    expect(e).toBeInstanceOf(JavaRegexError);
    expect(e.kind).toBe('replacement');
    expect(e.index).toBe(1);
    expect(e.message).toContain('Illegal group reference: group index is missing');
  });

  test('parseJavaReplacement', () => {
    const re = compileJavaRegex('(?<y>\\d{4})-(\\d\\d)');
    expect(parseJavaReplacement('${y}/$2 \\$1', re)).toEqual([1, '/', 2, ' $1']);
  });

  test('agrees with an ECMAScript global replace for simple patterns (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '1', '2', ' ', '-') }), fc.integer({ min: 1, max: 12 }), (text, start) => {
        const expected = start > text.length ? text : text.slice(0, start - 1) + text.slice(start - 1).replace(/[0-9]+/g, '<$&>');
        expect(javaReplace(text, '[0-9]+', '<$0>', start, 0)).toBe(expected);
      }),
    );
  });

  test('replacing every match with $0 is the identity (property)', () => {
    const patterns = ['a*', '\\b', '(?m)$', 'x|', '[ab]+?', '(?<=a)', '.', '\\s*'];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.string({ unit: fc.constantFrom('a', 'b', 'x', ' ', '\n', '\u{1F600}') }), (pattern, text) => {
        expect(javaReplace(text, pattern, '$0', 1, 0)).toBe(text);
      }),
    );
  });
});

describe('\\Q...\\E (property)', () => {
  test('a quoted string matches exactly itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '.', '*', '\\', '[', ']', '(', '$', '^', '{', '1', ' ', '#', '\u00e9', '\u{1F600}') }), (s) => {
        fc.pre(!s.includes('\\E'));
        const re = compileJavaRegex(`\\Q${s}\\E`);
        expect(javaMatches(re, s)).toBe(true);
        expect(javaMatches(re, `${s}a`)).toBe(false);
        expect(javaGroupCount(re)).toBe(0);
      }),
    );
  });
});
