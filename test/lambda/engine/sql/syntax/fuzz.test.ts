/**
 * Whatever the input, the parser returns an AST whose positions are consistent, or throws a
 * SqlSyntaxError whose position is inside the input — never another exception, never a hang.
 */
import fc from 'fast-check';
import type { AstNode } from '../../../../../lambda/engine/sql/syntax/ast';
import { SqlSyntaxError, formatSqlError } from '../../../../../lambda/engine/sql/syntax/errors';
import { tokenize } from '../../../../../lambda/engine/sql/syntax/lexer';
import { parseApplication } from '../../../../../lambda/engine/sql/syntax/parser';
import { RESERVED_WORDS, TIME_UNITS } from '../../../../../lambda/engine/sql/syntax/tokens';
import { VALID_APPLICATIONS } from './corpus';
import { allNodes, lineColumn } from './helpers';

/** Checks one input; throws (failing the property) on anything but an AST or a well-placed SqlSyntaxError. */
function check(source: string): 'ok' | 'error' {
  let app;
  try {
    app = parseApplication(source);
  } catch (e) {
    if (!(e instanceof SqlSyntaxError)) throw e;
    if (e.offset < 0 || e.offset > source.length) throw new Error(`error offset ${e.offset} outside 0..${source.length}: ${e.message}`);
    if (e.length < 0 || e.offset + e.length > source.length) throw new Error(`error length ${e.length} at ${e.offset} overruns: ${e.message}`);
    const where = lineColumn(source, e.offset);
    if (where.line !== e.line || where.column !== e.column) {
      throw new Error(`error at ${e.line}:${e.column} but offset ${e.offset} is ${where.line}:${where.column}: ${e.message}`);
    }
    if (!e.message.startsWith(`line ${e.line}, column ${e.column}: `)) throw new Error(`message without position: ${e.message}`);
    const shown = formatSqlError(source, e);
    if (!shown.startsWith(e.message) || !shown.includes('^')) throw new Error(`bad rendering: ${shown}`);
    return 'error';
  }
  checkTree(source, app);
  return 'ok';
}

/** Every node lies inside the source and inside its parent, and its pos agrees with its offset. */
function checkTree(source: string, root: AstNode): void {
  const visit = (node: AstNode, parent: AstNode | undefined): void => {
    const { offset } = node.pos;
    if (!(offset >= 0 && offset <= node.end && node.end <= source.length)) {
      throw new Error(`${node.kind} spans ${offset}..${node.end} of ${source.length}`);
    }
    if (parent !== undefined && (offset < parent.pos.offset || node.end > parent.end)) {
      throw new Error(`${node.kind} ${offset}..${node.end} outside its parent ${parent.kind} ${parent.pos.offset}..${parent.end}`);
    }
    const where = lineColumn(source, offset);
    if (where.line !== node.pos.line || where.column !== node.pos.column) {
      throw new Error(`${node.kind} at ${node.pos.line}:${node.pos.column} but offset ${offset} is ${where.line}:${where.column}`);
    }
    for (const child of allNodes(node).slice(1).filter((n) => isDirectChild(node, n))) visit(child, node);
  };
  visit(root, undefined);
}

/** Whether `child` is held directly by a property (or array property) of `node`. */
function isDirectChild(node: AstNode, child: AstNode): boolean {
  return Object.entries(node).some(([key, value]) => key !== 'pos' && (value === child || (Array.isArray(value) && value.flat().includes(child))));
}

/** Words and symbols SQL is made of, for random token soup. */
const VOCABULARY: readonly string[] = [
  ...RESERVED_WORDS,
  ...TIME_UNITS,
  'STREAM', 'PUMP', 'REPLACE', 'DESCRIPTION', 'ROWTIME', 'STEP', 'FLOOR', 'CEIL', 'EXTRACT', 'SUBSTRING', 'POSITION',
  'TRIM', 'OVERLAY', 'LEADING', 'TRAILING', 'BOTH', 'PLACING', 'FOR', 'TO', 'BY', 'ROWS', 'RANGE', 'PRECEDING',
  'FOLLOWING', 'UNBOUNDED', 'CURRENT', 'ROW', 'STAGGER', 'CURSOR', 'TIMESTAMP', 'DATE', 'TIME', 'INTERVAL', 'VARCHAR',
  'INTEGER', 'DECIMAL', 'DOUBLE', 'PRECISION', 'NULLS', 'FIRST', 'LAST', 'IGNORE', 'RESPECT', 'NTH_VALUE', 'ASC',
  'DESC', 'UESCAPE', 'COUNT', 'AVG', 's', 't', 'x', '"Quoted"', '"a""b"', "'str'", "'2020-01-01 00:00:00'",
  "'1:30'", "U&'\\0041'", "X'0A'", '1', '2.5', '.5', '1e3', '(', ')', '(', ')', ',', '.', ';', '*', '+', '-', '/',
  '%', '||', '=', '<>', '!=', '<', '<=', '>', '>=', '[', ']', '--c\n', '/*c*/', '\n',
];

/** Splices `insert` into `source` at a random token boundary or replaces a token. */
const tokenEdits = (source: string) => {
  const tokens = tokenize(source).slice(0, -1);
  const edit = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(tokens.length - 1) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(tokens.length), text: fc.constantFrom(...VOCABULARY) }),
    fc.record({ op: fc.constant('swap' as const), at: fc.nat(tokens.length - 1), other: fc.nat(tokens.length - 1) }),
    fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(tokens.length - 1) }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    // Work on the list of token texts with their separating gaps, so edits compose.
    const pieces = tokens.map((t, i) => ({ text: t.text, gap: source.slice(t.end, tokens[i + 1]?.offset ?? source.length) }));
    const lead = source.slice(0, tokens[0]?.offset ?? 0);
    for (const e of edits) {
      const n = pieces.length;
      if (e.op === 'insert') pieces.splice(Math.min(e.at, n), 0, { text: e.text, gap: ' ' });
      else if (n === 0) continue;
      else if (e.op === 'delete') pieces.splice(e.at % n, 1);
      else if (e.op === 'duplicate') pieces.splice(e.at % n, 0, { ...(pieces[e.at % n] as { text: string; gap: string }) });
      else {
        const a = pieces[e.at % n] as { text: string; gap: string };
        const b = pieces[e.other % n] as { text: string; gap: string };
        [a.text, b.text] = [b.text, a.text];
      }
    }
    return lead + pieces.map((p) => p.text + p.gap).join('');
  });
};

/** Character-level edits: delete, insert or replace single characters. */
const charEdits = (source: string) =>
  fc
    .array(
      fc.record({ at: fc.nat(source.length), del: fc.nat(3), text: fc.constantFrom('', "'", '"', '(', ')', ' ', '-', '*', '/', ';', 'x', '.', '\n', '0') }),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => edits.reduce((s, e) => s.slice(0, Math.min(e.at, s.length)) + e.text + s.slice(Math.min(e.at, s.length) + e.del), source));

describe('the corpus', () => {
  it.each(VALID_APPLICATIONS.map((a, i) => [i, a] as const))('application %i parses, with every node inside its parent', (_, source) => {
    expect(check(source)).toBe('ok');
  });
});

describe('fuzzing', () => {
  it('random strings of any characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        check(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('random strings over the characters SQL is written in', () => {
    const unit = fc.constantFrom(...Array.from("abcSELECTFROMWHERE_xyz019.,;:()[]*+-/%|=<>!'\"&\n\t eEuUxX\u00A0😀"));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), (s) => {
        check(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('random sequences of SQL tokens', () => {
    const soup = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 60 }).map((words) => words.join(' '));
    const prefixed = fc.tuple(fc.constantFrom('SELECT STREAM ', 'CREATE OR REPLACE PUMP p AS INSERT INTO s ', 'CREATE STREAM s (', 'SELECT * FROM '), soup).map(([p, s]) => p + s);
    let parsed = 0;
    fc.assert(
      fc.property(fc.oneof(soup, prefixed), (s) => {
        if (check(s) === 'ok') parsed++;
      }),
      { numRuns: 2000 },
    );
    // Some soups are valid (e.g. the empty one); this is only a sanity check that both outcomes occur.
    expect(parsed).toBeGreaterThan(0);
  });

  it('token deletions, insertions, swaps and duplications in valid applications', () => {
    const mutated = fc.constantFrom(...VALID_APPLICATIONS).chain(tokenEdits);
    fc.assert(
      fc.property(mutated, (s) => {
        check(s);
      }),
      { numRuns: 1500 },
    );
  });

  it('character edits in valid applications', () => {
    const mutated = fc.constantFrom(...VALID_APPLICATIONS).chain(charEdits);
    fc.assert(
      fc.property(mutated, (s) => {
        check(s);
      }),
      { numRuns: 1500 },
    );
  });
});
