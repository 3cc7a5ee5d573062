/**
 * What an expression can see: the relations of its FROM clause, each with ordered, typed columns,
 * and how the runtime hands their current rows to a compiled expression (RowValues).
 *
 * Name resolution (sqlref/sql-reference-identifiers; kda-sql.md §1 "Identifiers"):
 * - Names are compared exactly as stored: the parser has already upper-cased unquoted names, so
 *   `price` finds PRICE and `"price"` finds only a column created as "price".
 * - A qualified reference `q.col[.field...]` first tries every relation whose alias (or full
 *   qualified name, `AGGTEST.WEATHERSTREAM`) is a prefix of the parts, the longest prefix winning;
 *   the part after it is a column of that relation and the rest are fields of a ROW column.
 * - Otherwise the first part is a column of exactly one relation (`r.COLUMN1` is field COLUMN1 of
 *   a ROW column R); several relations having it is an ambiguity error.
 * - ROWTIME is a TIMESTAMP NOT NULL column of every relation, after its declared columns. With
 *   `rowtime: 'row'` an unqualified ROWTIME instead means the row time of the row being produced,
 *   `RowValues.rowtime` (the runtime's choice for SELECT lists, where KDA gives ROWTIME that meaning).
 */
import type { ColumnRef, Identifier } from '../syntax/ast';
import type { SqlType, SqlValue } from '../types';
import { SqlAnalysisError, closeNames, sqlName } from './errors';

export interface ColumnSpec {
  /** As stored: upper-case for a name created unquoted, exact for a quoted one. */
  readonly name: string;
  readonly type: SqlType;
}

export interface RelationSpec {
  /** The name the query uses for the relation: its alias, or the stream's (last) name. */
  readonly alias: string;
  /** The full name when the stream was written qualified (`['AGGTEST', 'WEATHERSTREAM']`): `AGGTEST.WEATHERSTREAM.COL` then resolves too. */
  readonly qualifiedName?: readonly string[];
  /** In order; must not include ROWTIME, which every relation has implicitly. */
  readonly columns: readonly ColumnSpec[];
  /**
   * True for a relation that may have no current row (the padded side of an outer join): the
   * runtime then passes `null` for it and all its columns, ROWTIME included, are typed nullable.
   */
  readonly optional?: boolean;
}

export interface ScopeOptions {
  /** What an unqualified ROWTIME means: a column of the (single) relation (default), or `RowValues.rowtime`. */
  readonly rowtime?: 'relations' | 'row';
}

export interface ScopeRelation {
  /** Position in `Scope.relations` and in `RowValues.rows`. */
  readonly index: number;
  readonly alias: string;
  readonly names: readonly (readonly string[])[];
  readonly columns: readonly ColumnSpec[];
  /** Index of ROWTIME in the relation's row array: `columns.length`. */
  readonly rowtimeIndex: number;
  readonly rowtimeType: SqlType;
  readonly optional: boolean;
  /** Column name → indices (several when a relation has duplicate names). */
  readonly byName: ReadonlyMap<string, readonly number[]>;
}

/** The columns visible to an expression. Build it with createScope. */
export interface Scope {
  readonly relations: readonly ScopeRelation[];
  readonly rowtime: 'relations' | 'row';
}

/**
 * How the runtime passes the current row(s) to `CompiledExpression.evaluate`. The runtime may
 * reuse one mutable object for every row; compiled expressions keep no reference to it.
 */
export interface RowValues {
  /**
   * One array per relation, in scope order: the relation's column values in column order (the
   * representation of ../types.ts), then its ROWTIME (epoch ms) at index `columns.length`.
   * `null` (or a missing entry) for an optional relation without a current row: every column of it,
   * ROWTIME included, reads as NULL. A missing element of an array reads as NULL.
   */
  readonly rows: readonly (readonly SqlValue[] | null | undefined)[];
  /** The row time of the row being produced; read by an unqualified ROWTIME in a scope created with `rowtime: 'row'`. */
  readonly rowtime?: number;
  /** CURRENT_ROW_TIMESTAMP (epoch ms): the processing time of this row, supplied by the runtime from its clock. */
  readonly currentRowTimestamp?: number;
  /** The time the query started (epoch ms): CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIME. */
  readonly queryStartTimestamp?: number;
  /** The values of the aggregate slots (CompiledAggregate.slot), for expressions compiled with aggregates. */
  readonly aggregates?: readonly SqlValue[];
}

const ROWTIME = 'ROWTIME';

/**
 * Builds a scope; throws a plain Error for a malformed description (a runtime bug, not a SQL error).
 * Two relations may share a name (`FROM S JOIN S`): a reference qualified by it is then reported as
 * ambiguous where it is used.
 */
export function createScope(relations: readonly RelationSpec[], options: ScopeOptions = {}): Scope {
  const out = relations.map((spec, index): ScopeRelation => {
    const names: string[][] = [[spec.alias]];
    if (spec.qualifiedName !== undefined && spec.qualifiedName.join('.') !== spec.alias) names.push([...spec.qualifiedName]);
    const optional = spec.optional === true;
    const byName = new Map<string, number[]>();
    const columns = spec.columns.map((c, i): ColumnSpec => {
      if (c.name === ROWTIME) throw new Error(`createScope: relation ${spec.alias} lists ROWTIME; it is implicit`);
      const list = byName.get(c.name);
      if (list) list.push(i);
      else byName.set(c.name, [i]);
      return optional && !c.type.nullable ? { name: c.name, type: { ...c.type, nullable: true } } : c;
    });
    return {
      index,
      alias: spec.alias,
      names,
      columns,
      rowtimeIndex: columns.length,
      rowtimeType: { name: 'TIMESTAMP', nullable: optional },
      optional,
      byName,
    };
  });
  return { relations: out, rowtime: options.rowtime ?? 'relations' };
}

/** A resolved column reference. */
export type ResolvedName =
  | {
      readonly kind: 'column';
      readonly relation: ScopeRelation;
      /** Index in the relation's row array (`relation.rowtimeIndex` for ROWTIME). */
      readonly column: number;
      readonly name: string;
      readonly type: SqlType;
      /** Parts after the column: fields of a ROW value, outermost first. */
      readonly fields: readonly Identifier[];
    }
  | { readonly kind: 'rowtime' };

function columnsOf(rel: ScopeRelation): { name: string; index: number; type: SqlType }[] {
  return [...rel.columns.map((c, index) => ({ name: c.name, index, type: c.type })), { name: ROWTIME, index: rel.rowtimeIndex, type: rel.rowtimeType }];
}

function lookup(rel: ScopeRelation, name: string): { index: number; type: SqlType }[] {
  if (name === ROWTIME) return [{ index: rel.rowtimeIndex, type: rel.rowtimeType }];
  return (rel.byName.get(name) ?? []).map((index) => ({ index, type: (rel.columns[index] as ColumnSpec).type }));
}

const MAX_LISTED = 30;

function listColumns(scope: Scope, only?: ScopeRelation): string {
  const rels = only ? [only] : scope.relations;
  const qualify = only !== undefined || scope.relations.length > 1;
  const names = rels.flatMap((r) => columnsOf(r).map((c) => (qualify ? `${sqlName(r.alias)}.${sqlName(c.name)}` : sqlName(c.name))));
  return names.length > MAX_LISTED ? `${names.slice(0, MAX_LISTED).join(', ')}, ...` : names.join(', ');
}

function candidateList(scope: Scope, only?: ScopeRelation): string[] {
  const rels = only ? [only] : scope.relations;
  const qualify = only !== undefined || scope.relations.length > 1;
  return rels.flatMap((r) => columnsOf(r).map((c) => (qualify ? `${sqlName(r.alias)}.${sqlName(c.name)}` : sqlName(c.name))));
}

function suggestion(name: string, pool: Iterable<string>): string {
  const close = closeNames(name, pool);
  return close.length === 0 ? '' : `; did you mean ${close.map(sqlName).join(' or ')}?`;
}

const idLength = (id: Identifier): number => id.end - id.pos.offset;

/** Resolves a column reference or throws a positioned SqlAnalysisError. */
export function resolveName(scope: Scope, ref: ColumnRef): ResolvedName {
  const parts = ref.parts;
  const first = parts[0] as Identifier;

  // Relation-qualified: the longest relation name that prefixes the parts.
  let best = 0;
  let matches: ScopeRelation[] = [];
  for (const rel of scope.relations) {
    for (const path of rel.names) {
      if (parts.length <= path.length || !path.every((p, i) => parts[i]?.name === p)) continue;
      if (path.length > best) {
        best = path.length;
        matches = [rel];
      } else if (path.length === best && !matches.includes(rel)) {
        matches.push(rel);
      }
    }
  }
  if (matches.length > 1) {
    const qualifier = parts.slice(0, best).map((p) => sqlName(p.name)).join('.');
    throw new SqlAnalysisError(`Relation name ${qualifier} is ambiguous: ${matches.length} relations in FROM have it; give each an alias`, first.pos, {
      length: (parts[best - 1] as Identifier).end - first.pos.offset,
    });
  }
  const rel = matches[0];
  if (rel !== undefined) {
    const colId = parts[best] as Identifier;
    const found = lookup(rel, colId.name);
    if (found.length === 0) {
      throw new SqlAnalysisError(
        `Column ${sqlName(colId.name)} not found in ${sqlName(rel.alias)}${suggestion(colId.name, columnsOf(rel).map((c) => c.name))} (columns: ${listColumns(scope, rel)})`,
        colId.pos,
        { length: idLength(colId), candidates: candidateList(scope, rel) },
      );
    }
    if (found.length > 1) {
      throw new SqlAnalysisError(`Column ${sqlName(colId.name)} is ambiguous: ${sqlName(rel.alias)} has ${found.length} columns with that name`, colId.pos, {
        length: idLength(colId),
      });
    }
    const hit = found[0] as { index: number; type: SqlType };
    return { kind: 'column', relation: rel, column: hit.index, name: colId.name, type: hit.type, fields: parts.slice(best + 1) };
  }

  // Unqualified: the first part is a column.
  if (first.name === ROWTIME && scope.rowtime === 'row' && parts.length === 1) return { kind: 'rowtime' };
  const hits: { rel: ScopeRelation; index: number; type: SqlType }[] = [];
  for (const r of scope.relations) for (const h of lookup(r, first.name)) hits.push({ rel: r, ...h });
  if (hits.length > 1) {
    const alternatives = hits.map((h) => `${sqlName(h.rel.alias)}.${sqlName(first.name)}`);
    const distinct = [...new Set(alternatives)];
    const detail =
      distinct.length === 1
        ? `Column ${sqlName(first.name)} is ambiguous: ${sqlName((hits[0] as { rel: ScopeRelation }).rel.alias)} has ${hits.length} columns with that name`
        : `Column ${sqlName(first.name)} is ambiguous: it could be ${distinct.slice(0, -1).join(', ')} or ${distinct[distinct.length - 1]}; qualify it with its relation`;
    throw new SqlAnalysisError(detail, first.pos, { length: idLength(first), candidates: distinct });
  }
  const hit = hits[0];
  if (hit === undefined) {
    const columnNames = scope.relations.flatMap((r) => columnsOf(r).map((c) => c.name));
    if (parts.length === 1) {
      throw new SqlAnalysisError(`Column ${sqlName(first.name)} not found${suggestion(first.name, columnNames)} (columns: ${listColumns(scope)})`, first.pos, {
        length: idLength(first),
        candidates: candidateList(scope),
      });
    }
    const relNames = scope.relations.map((r) => r.alias);
    throw new SqlAnalysisError(
      `No relation or column named ${sqlName(first.name)}${suggestion(first.name, [...relNames, ...columnNames])} (relations: ${relNames.map(sqlName).join(', ')}; columns: ${listColumns(scope)})`,
      first.pos,
      { length: idLength(first), candidates: [...relNames.map(sqlName), ...candidateList(scope)] },
    );
  }
  return { kind: 'column', relation: hit.rel, column: hit.index, name: first.name, type: hit.type, fields: parts.slice(1) };
}
