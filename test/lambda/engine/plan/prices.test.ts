import prices from '../../../../pricing/kinesis-firehose-us-east-1.json';
import { parsePriceTable, PriceTableError } from '../../../../lambda/engine/plan/prices';

describe('parsePriceTable', () => {
  test('the repository\'s table is valid and dated', () => {
    const table = parsePriceTable(prices, 'repo');
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.region).toBe('us-east-1');
    expect(table.source).toContain('https://aws.amazon.com/kinesis/data-streams/pricing/');
  });

  test('unknown, missing and negative prices are named with their path', () => {
    const bad = structuredClone(prices) as Record<string, any>;
    bad.kinesis.provisioned.shardHours = 1;
    delete bad.firehose.ingestedPerGB;
    bad.kinesis.onDemand.dataInPerGB = -1;
    bad.date = 'November';
    let error: PriceTableError | undefined;
    try {
      parsePriceTable(bad, 'my.json');
    } catch (err) {
      error = err as PriceTableError;
    }
    expect(error).toBeInstanceOf(PriceTableError);
    expect(error?.problems).toEqual(expect.arrayContaining([
      { path: 'kinesis.provisioned', rule: 'unknown key(s) "shardHours"' },
      { path: 'firehose.ingestedPerGB', rule: 'must be a number ≥ 0' },
      { path: 'kinesis.onDemand.dataInPerGB', rule: 'must be a number ≥ 0' },
      { path: 'date', rule: 'must be a date YYYY-MM-DD' },
    ]));
    expect(error?.message).toMatch(/^invalid price table \(my\.json\):\n {2}- /);
    expect(() => parsePriceTable(null, 'x')).toThrow(PriceTableError);
  });
});
