import { Token } from 'aws-cdk-lib';
import { validateDeliveryPrefixes } from '../../lambda/engine/firehose/prefix';
import { PropValidationError } from '../core/validation';

type PrefixCheck = Parameters<typeof validateDeliveryPrefixes>[0];

/**
 * Runs Firehose's own prefix rules (the engine's implementation, so synth time and the offline engine
 * agree) and turns the first violation into a synth-time error; all violations are listed in it.
 */
export function assertValidPrefixes(owner: string, check: PrefixCheck): void {
  if (Token.isUnresolved(check.prefix) || Token.isUnresolved(check.errorOutputPrefix)) return;
  const violations = validateDeliveryPrefixes(check);
  if (violations.length === 0) return;
  const [first] = violations;
  const rule = violations.length === 1
    ? stripField(first.message, first.field)
    : violations.map((v) => v.message).join('; ');
  throw new PropValidationError(owner, first.field, rule);
}

function stripField(message: string, field: string): string {
  return message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
}

