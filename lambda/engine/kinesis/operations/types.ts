import type { EngineContext } from '../context';
import type { Input } from '../input';

/** One AWS operation: an AWS-shaped request in, an AWS-shaped response out (or a thrown KinesisError). */
export type Handler = (ctx: EngineContext, input: Input) => Record<string, unknown>;
