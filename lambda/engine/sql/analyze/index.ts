/**
 * The expression analyzer/compiler of the Kinesis Data Analytics SQL engine: scopes and name
 * resolution, typing, analysis errors, compiled evaluators and the aggregate-slot contract.
 */
export { SqlAnalysisError, formatAnalysisError, type SqlAnalysisErrorDetails } from './errors';
export { createScope, resolveName, type ColumnSpec, type RelationSpec, type ResolvedName, type RowValues, type Scope, type ScopeOptions, type ScopeRelation } from './scope';
export { compileExpression, type ColumnReference, type CompileOptions, type CompiledExpression } from './compile';
export {
  AGGREGATE_FUNCTION_NAMES,
  AggregateRegistry,
  aggregateFunctionOf,
  collectAggregates,
  isAggregateCall,
  syntaxKey,
  type AggregateCallInfo,
  type AggregateFunctionName,
  type CompiledAggregate,
} from './aggregates';
