/**
 * Firehose data-transformation Lambda for the clickstream delivery stream. Wiring only: the contract
 * lives in engine/firehose/transform-contract, the per-record rules in engine/clickstream/click-event.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { transformClickRecord } from '../engine/clickstream/click-event';
import {
  summariseTransform,
  transformRecordsDetailed,
  type FirehoseTransformationEvent,
  type FirehoseTransformationResponse,
} from '../engine/firehose/transform-contract';

const logger = new Logger({ serviceName: 'clickstream-transform' });

export const handler = async (event: FirehoseTransformationEvent): Promise<FirehoseTransformationResponse> => {
  const { response, reports } = transformRecordsDetailed(event, transformClickRecord);
  // One line per invocation: counts plus field and rule of each failure, never a payload.
  logger.info('firehose transform summary', { invocationId: event.invocationId, ...summariseTransform(reports) });
  return response;
};
