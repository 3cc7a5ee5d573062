import { javaUtcDate } from '../../../../lambda/engine/kinesis/errors';
import { expectError, setup, text } from './helpers';

describe('errors not covered by the feature tests', () => {
  it('the on-demand stream quota', () => {
    const { call } = setup({ onDemandStreamLimit: 1 });
    call('CreateStream', { StreamName: 'a', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    call('CreateStream', { StreamName: 'b', ShardCount: 1 });
    const message = 'This request would exceed the limit of 1 on-demand streams for the account 000000000000.';
    expectError(() => call('CreateStream', { StreamName: 'c' }), 'LimitExceededException', message);
    expectError(
      () => call('UpdateStreamMode', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/b', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }),
      'LimitExceededException',
      message,
    );
  });

  it('a SequenceNumberForOrdering that is not one of ours', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    expectError(
      () => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x'), SequenceNumberForOrdering: '42' }),
      'InvalidArgumentException',
      'ExclusiveMinimumSequenceNumber 42 used in PutRecord on stream s under account 000000000000 is invalid.',
    );
  });

  it('a ShardFilter with a ShardId it does not take', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    expectError(
      () => call('ListShards', { StreamName: 's', ShardFilter: { Type: 'AT_LATEST', ShardId: 'shardId-000000000000' } }),
      'InvalidArgumentException',
      'ShardFilter of type AT_LATEST does not take a ShardId.',
    );
  });

  it('a ResourceARN that is neither a stream nor a consumer', () => {
    const { call } = setup();
    expectError(
      () => call('ListTagsForResource', { ResourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s/other' }),
      'InvalidArgumentException',
      'ResourceARN arn:aws:kinesis:us-east-1:000000000000:stream/s/other is not a stream or consumer ARN.',
    );
    expectError(
      () => call('ListTagsForResource', { ResourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1' }),
      'ResourceNotFoundException',
      'Consumer arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1, account 000000000000 not found.',
    );
  });

  it("dates in messages are Java's Date.toString() in UTC", () => {
    expect(javaUtcDate(Date.UTC(2015, 0, 2, 1, 2, 3))).toBe('Fri Jan 02 01:02:03 UTC 2015');
    expect(javaUtcDate(Date.UTC(2026, 10, 25, 23, 59, 59, 999))).toBe('Wed Nov 25 23:59:59 UTC 2026');
  });
});
