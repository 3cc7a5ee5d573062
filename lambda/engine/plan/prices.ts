/**
 * The price table `plan` costs a workload with (pricing/*.json in the repository, or `--prices FILE`).
 * Parsed strictly: an unknown or missing key is an error, so a typo in an override never silently
 * falls back to a built-in price.
 */
import { z } from 'zod';

const price = z.number({ error: 'must be a number ≥ 0' }).min(0, { error: 'must be a number ≥ 0' });
const bytes = z.number({ error: 'must be a positive integer (bytes)' }).int({ error: 'must be a positive integer (bytes)' }).min(1, { error: 'must be a positive integer (bytes)' });

const priceTableSchema = z.strictObject({
  /** When the prices were written down (YYYY-MM-DD); printed with every plan. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' }),
  region: z.string().min(1),
  currency: z.string().min(1),
  source: z.string().min(1),
  notes: z.array(z.string()).optional(),
  kinesis: z.strictObject({
    provisioned: z.strictObject({
      shardHour: price,
      putPayloadUnitPerMillion: price,
      putPayloadUnitBytes: bytes,
      extendedRetentionShardHour: price,
      enhancedFanOutConsumerShardHour: price,
      enhancedFanOutDataPerGB: price,
    }),
    onDemand: z.strictObject({
      streamHour: price,
      dataInPerGB: price,
      dataOutPerGB: price,
      recordRoundingBytes: bytes,
    }),
  }),
  firehose: z.strictObject({
    ingestedPerGB: price,
    recordRoundingBytes: bytes,
    dynamicPartitioningPerGB: price,
    formatConversionPerGB: price,
  }),
});

export type PriceTable = z.infer<typeof priceTableSchema>;

/** A price table that does not match the schema; `problems` name each key (dotted path) and its rule. */
export class PriceTableError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly { readonly path: string; readonly rule: string }[],
  ) {
    super(`invalid price table (${source}):\n${problems.map((p) => `  - ${p.path}: ${p.rule}`).join('\n')}`);
    this.name = 'PriceTableError';
  }
}

/** Validates a parsed price table; `source` says where it came from, for the error message. */
export function parsePriceTable(raw: unknown, source: string): PriceTable {
  const result = priceTableSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new PriceTableError(source, result.error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    rule: issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue.message,
  })));
}
