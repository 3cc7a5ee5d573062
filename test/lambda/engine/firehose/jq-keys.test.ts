import { compileJqKeys, JqKeysError } from '../../../../lambda/engine/firehose/jq-keys';

const run = (query: string, record: unknown) => compileJqKeys(query)(Buffer.from(typeof record === 'string' ? record : JSON.stringify(record)));

describe('MetadataExtractionQuery (JQ subset)', () => {
  it('extracts named paths as JQ prints them', () => {
    expect(run('{customer_id: .customer.id, "device type": .device, first: .items[0].sku, n: .count}', { customer: { id: 'c1' }, device: 'mobile', items: [{ sku: 7 }], count: 2 })).toEqual({
      customer_id: 'c1',
      'device type': 'mobile',
      first: '7',
      n: '2',
    });
  });

  it('accepts quoted path keys and whitespace', () => {
    expect(run(' { a : ."x y".z } ', { 'x y': { z: true } })).toEqual({ a: 'true' });
  });

  it.each([
    ['{a: .missing}', { b: 1 }, 'partition key a: path .missing is missing or null in the record'],
    ['{a: .b}', { b: null }, 'partition key a: path .b is missing or null in the record'],
    ['{a: .b}', 'not json', 'record is not valid JSON'],
  ])('%s on %j fails the record: %s', (query, record, message) => {
    expect(() => run(query, record)).toThrow(new JqKeysError(message));
  });

  it.each([
    ['.a', "expected '{'"],
    ['{a: .b | ascii_downcase}', "expected ',' or '}'"],
    ['{a: b}', "a value must be a path starting with '.'"],
    ['{}', 'no keys'],
    ['{a: .}', 'expected a key after .'],
    ['{a: .b} extra', 'unexpected text after the object'],
    ['{a: .b[x]}', 'only numeric array indexes are supported'],
  ])('refuses %s when the stream is created (%s)', (query, reason) => {
    expect(() => compileJqKeys(query)).toThrow(reason);
  });
});
