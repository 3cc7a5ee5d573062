import { clickPartitionKey } from '../../../../lambda/engine/clickstream/partition-key';
import { parseRecordedLine, parseRecordedLines, parseTime, RecordedInputError } from '../../../../lambda/engine/plan/recorded-input';

describe('parseRecordedLine', () => {
  test('a producer record: partitionKey, data (object as compact JSON, string as it is) and time', () => {
    expect(parseRecordedLine('{"partitionKey": "u-1", "data": {"a": 1}, "time": 1764064800000}', 1))
      .toEqual({ partitionKey: 'u-1', dataBytes: '{"a":1}'.length, timeMs: 1_764_064_800_000 });
    expect(parseRecordedLine('{"partitionKey": "k", "data": "héllo", "time": "2026-11-25T10:00:00Z"}', 1))
      .toEqual({ partitionKey: 'k', dataBytes: 6, timeMs: Date.parse('2026-11-25T10:00:00Z') });
    expect(parseRecordedLine('{"partitionKey": "k", "data": "x"}', 1)).toEqual({ partitionKey: 'k', dataBytes: 1 });
  });

  test('without partitionKey the key is derived from the click event: sessionId, else userId, else anonymousId', () => {
    expect(parseRecordedLine('{"data": {"userId": "u-7", "sessionId": "s-1"}}', 1)?.partitionKey).toBe('s-1');
    expect(parseRecordedLine('{"data": {"userId": "u-7", "anonymousId": "a-1"}}', 1)?.partitionKey).toBe('u-7');
    expect(parseRecordedLine('{"data": {"anonymousId": "a-1"}}', 1)?.partitionKey).toBe('a-1');
    expect(clickPartitionKey({ sessionId: 's-1' })).toBe('s-1');
    expect(clickPartitionKey({ userId: ' ' })).toBeUndefined();
    expect(clickPartitionKey({ sessionId: 'x'.repeat(300) })).toHaveLength(256);
  });

  test('the SQL runner\'s input lines; rowtime bounds are skipped', () => {
    const line = '{"rowtime": "2026-11-25 10:00:01.500", "data": {"userId": "u-2", "eventType": "click"}}';
    expect(parseRecordedLine(line, 1)).toEqual({
      partitionKey: 'u-2',
      dataBytes: '{"userId":"u-2","eventType":"click"}'.length,
      timeMs: Date.parse('2026-11-25T10:00:01.500Z'),
    });
    expect(parseRecordedLine('{"rowtime": "2026-11-25T10:00:00Z", "bound": true}', 1)).toBeUndefined();
  });

  test('a raw click event is its own data, timed by its timestamp', () => {
    const line = '{"eventType": "page_view", "timestamp": "2026-11-25T10:00:00.000Z", "url": "https://x.example/", "anonymousId": "a-9"}';
    expect(parseRecordedLine(line, 1)).toEqual({
      partitionKey: 'a-9',
      dataBytes: JSON.stringify(JSON.parse(line)).length,
      timeMs: Date.parse('2026-11-25T10:00:00.000Z'),
    });
  });

  test.each([
    ['not json', 'not valid JSON; expected one JSON object a line'],
    ['[1]', 'expected a JSON object'],
    ['{"data": "csv,line"}', 'no partition key: give "partitionKey", or data with sessionId, userId or anonymousId'],
    ['{"partitionKey": "", "data": "x"}', 'partitionKey must be a string of 1 to 256 characters'],
    ['{"partitionKey": "k", "data": "x", "time": "yesterday"}', 'time must be epoch milliseconds or an ISO-8601 time'],
    ['{"rowtime": "2026-11-25T10:00:00Z", "row": {}}', 'expected {"rowtime": T, "data": RECORD} or {"rowtime": T, "bound": true}'],
    ['{"userId": "u", "timestamp": true}', 'timestamp must be epoch milliseconds or an ISO-8601 time'],
  ])('%s is refused with its line number', (text, reason) => {
    expect(() => parseRecordedLine(text, 7)).toThrow(new RecordedInputError(7, reason));
    expect(() => parseRecordedLine(text, 7)).toThrow(`line 7: ${reason}`);
  });
});

describe('parseRecordedLines', () => {
  test('skips blank lines, counts lines from 1 (CRLF too) and reports progress', () => {
    const text = '{"partitionKey":"a","data":"x"}\r\n\r\n{"partitionKey":"b","data":"yy"}\n';
    const progress: number[] = [];
    expect([...parseRecordedLines(text, (n) => progress.push(n), 2)]).toEqual([
      { partitionKey: 'a', dataBytes: 1 },
      { partitionKey: 'b', dataBytes: 2 },
    ]);
    expect(progress).toEqual([2, 4]);
    expect(() => [...parseRecordedLines('{"partitionKey":"a","data":"x"}\n\nnope\n')]).toThrow('line 3: not valid JSON');
  });

  test('parseTime: epoch ms, ISO-8601 and the SQL runner\'s UTC form', () => {
    expect(parseTime(0)).toBe(0);
    expect(parseTime('2026-11-25 10:00:00')).toBe(Date.parse('2026-11-25T10:00:00Z'));
    expect(parseTime('2026-11-25T11:00:00+01:00')).toBe(Date.parse('2026-11-25T10:00:00Z'));
    expect(parseTime('soon')).toBeUndefined();
    expect(parseTime(Number.NaN)).toBeUndefined();
  });
});
