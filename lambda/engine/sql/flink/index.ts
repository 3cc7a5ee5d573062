/**
 * KDA SQL → Flink SQL (kda-sql.md §2): translates a Kinesis Data Analytics SQL application into the
 * statements an Amazon Managed Service for Apache Flink (Flink 1.20) SQL job runs. Used at synth time
 * by the Flink analytics construct; see ./translate.ts for the statement plan.
 */
import type { InputSchema } from '../input';
import { translateApplication } from './translate';

export { FlinkTranslateError } from './errors';

export interface FlinkSink {
  readonly kind: 'kinesis' | 'firehose';
  /** The Kinesis stream or Firehose delivery stream name. */
  readonly name: string;
}

export interface FlinkTranslateOptions {
  /** May be a CDK token string like '${Token[AWS.Region.12]}': treated as opaque text. */
  readonly region: string;
  /** The Kinesis stream the KDA input SOURCE_SQL_STREAM_001 reads. */
  readonly inputStreamName: string;
  /** KDA input stream name, default SOURCE_SQL_STREAM_001. */
  readonly inputStream?: string;
  /** In-application streams that leave the application: stream name (as in the SQL, case-sensitive) → sink. Others become views/temporary tables. */
  readonly outputs: Readonly<Record<string, FlinkSink>>;
}

export interface FlinkTranslation {
  /**
   * In order: CREATE TABLE for the source, CREATE TABLE per sink, CREATE TEMPORARY VIEW for
   * intermediate streams (and for subqueries and CURSORs), one INSERT INTO per pump. No trailing
   * semicolons.
   */
  readonly statements: readonly string[];
  /** Where Flink's semantics differ from KDA's. */
  readonly notes: readonly string[];
}

/**
 * Validates the application with the engine (compileApplication: SqlSyntaxError / SqlAnalysisError
 * propagate), then translates it. A construct with no Flink equivalent is a SqlAnalysisError at that
 * construct (formatAnalysisError shows it); a problem of the options or the InputSchema is a
 * FlinkTranslateError.
 */
export function translateToFlink(source: string, inputSchema: InputSchema, options: FlinkTranslateOptions): FlinkTranslation {
  return translateApplication(source, inputSchema, options);
}
