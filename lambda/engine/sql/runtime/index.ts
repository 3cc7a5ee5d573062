/**
 * The runtime of the Kinesis Data Analytics SQL engine: application analysis into a plan
 * (./application.ts), accumulators (./aggregates.ts) and the push-based, row-at-a-time runner with
 * the SQL runner's line contract (./runner.ts).
 */
export {
  compileApplication,
  DEFAULT_INPUT_STREAM,
  ERROR_STREAM,
  QUERY_STREAM,
  SUPPORTED_AGGREGATES,
  type CompileApplicationOptions,
  type CompiledApplication,
  type CompiledGroupBy,
  type CompiledSliding,
  type CompiledStagger,
  type CompiledQuery,
  type OutputColumn,
  type SlidingWindow,
  type StreamDef,
  type TumblingWindow,
} from './application';
export { createAccumulator, type Accumulator } from './aggregates';
export {
  ApplicationRuntime,
  RunnerInputError,
  formatOutputRow,
  isoRowtime,
  jsonValue,
  parseInputLine,
  parseRowtime,
  runApplication,
  runInputs,
  ReferenceTableError,
  type InputLines,
  type InputEvent,
  type OutputRow,
  type RunOptions,
} from './runner';
