import fc from 'fast-check';

// Property tests are reproducible: CI runs one fixed seed; `FC_SEED=random npm test` (or any number)
// explores others, and a failure prints the seed to replay.
const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed === undefined ? 20261125 : Number(seed) });
