/**
 * KDA SQL types as Flink SQL writes them (kda-sql.md §1 "Types"). KDA's TIMESTAMP has millisecond
 * precision and no time zone: TIMESTAMP(3). REAL is Flink's FLOAT (4 bytes).
 */
import type { SqlType } from '../types';

/** The Flink type; `NOT NULL` is added for a non-nullable column when `withNullability`. */
export function flinkType(type: SqlType, withNullability = false): string {
  const base = baseType(type);
  return withNullability && !type.nullable ? `${base} NOT NULL` : base;
}

function baseType(type: SqlType): string {
  switch (type.name) {
    case 'BIGINT':
    case 'SMALLINT':
    case 'TINYINT':
    case 'BOOLEAN':
    case 'DOUBLE':
    case 'DATE':
      return type.name;
    case 'INTEGER':
      return 'INT';
    case 'REAL':
      return 'FLOAT';
    case 'CHAR':
    case 'BINARY':
      return type.length === undefined ? type.name : `${type.name}(${type.length})`;
    case 'VARCHAR':
      return type.length === undefined ? 'STRING' : `VARCHAR(${type.length})`;
    case 'VARBINARY':
      return type.length === undefined ? 'BYTES' : `VARBINARY(${type.length})`;
    case 'DECIMAL':
      if (type.precision === undefined) return 'DECIMAL';
      return `DECIMAL(${type.precision}, ${type.scale ?? 0})`;
    case 'TIME':
      return 'TIME(3)';
    case 'TIMESTAMP':
      return 'TIMESTAMP(3)';
    case 'INTERVAL':
      // Not a column type in KDA either; only reachable through expressions.
      return type.interval === 'YEAR_MONTH' ? 'INTERVAL YEAR TO MONTH' : 'INTERVAL DAY TO SECOND(3)';
    case 'ROW':
      return `ROW<${(type.fields ?? []).map((f) => `\`${f.name.replace(/`/g, '``')}\` ${baseType(f.type)}`).join(', ')}>`;
  }
}

/** Whether two types are the same for Flink (so an INSERT needs no CAST). */
export function sameFlinkType(a: SqlType, b: SqlType): boolean {
  return baseType(a) === baseType(b);
}
