/** KDA SQL types as Flink SQL writes them, and Flink identifiers. */
import { q, str } from '../../../../../lambda/engine/sql/flink/identifiers';
import { flinkType, sameFlinkType } from '../../../../../lambda/engine/sql/flink/types';
import { parseSqlType } from '../../../../../lambda/engine/sql/input';

describe('flinkType', () => {
  it.each([
    ['BIGINT', 'BIGINT'],
    ['INTEGER', 'INT'],
    ['SMALLINT', 'SMALLINT'],
    ['TINYINT', 'TINYINT'],
    ['BOOLEAN', 'BOOLEAN'],
    ['CHAR(3)', 'CHAR(3)'],
    ['VARCHAR(16)', 'VARCHAR(16)'],
    ['DECIMAL(10,2)', 'DECIMAL(10, 2)'],
    ['DOUBLE', 'DOUBLE'],
    ['REAL', 'FLOAT'],
    ['DATE', 'DATE'],
    ['TIME', 'TIME(3)'],
    ['TIMESTAMP', 'TIMESTAMP(3)'],
    ['VARBINARY(8)', 'VARBINARY(8)'],
  ])('%s → %s', (kda, flink) => {
    expect(flinkType(parseSqlType(kda))).toBe(flink);
  });

  it('keeps NOT NULL only when asked (table columns), never in a CAST', () => {
    const type = parseSqlType('INTEGER NOT NULL');
    expect(flinkType(type, true)).toBe('INT NOT NULL');
    expect(flinkType(type)).toBe('INT');
  });

  it('a VARCHAR without a length is STRING; types compare as Flink writes them', () => {
    expect(flinkType({ name: 'VARCHAR', nullable: true })).toBe('STRING');
    expect(sameFlinkType(parseSqlType('VARCHAR(4)'), parseSqlType('VARCHAR(4) NOT NULL'))).toBe(true);
    expect(sameFlinkType(parseSqlType('VARCHAR(4)'), parseSqlType('VARCHAR(8)'))).toBe(false);
  });
});

describe('identifiers and strings', () => {
  it('backquotes every identifier, doubling backquotes; doubles single quotes in strings', () => {
    expect(q('eventType')).toBe('`eventType`');
    expect(q('a`b')).toBe('`a``b`');
    expect(str("it's")).toBe("'it''s'");
  });
});
