/**
 * How much fuzzing to do: a bounded, seeded run in `npm test` (the same cases every time, so a
 * failure reproduces), larger with `npm run fuzz` (KEYCARD_FUZZ_SCALE) or another seed
 * (KEYCARD_FUZZ_SEED, printed by fast-check on failure).
 */
export const FUZZ_SEED = Number(process.env.KEYCARD_FUZZ_SEED ?? 20261206);
export const FUZZ_SCALE = Math.max(1, Number(process.env.KEYCARD_FUZZ_SCALE ?? 1));

/** fast-check parameters for `runs` cases at scale 1. */
export function fuzzRuns(runs: number): { seed: number; numRuns: number; endOnFailure: true } {
  return { seed: FUZZ_SEED, numRuns: Math.round(runs * FUZZ_SCALE), endOnFailure: true };
}

/** Each case must finish well within this (a stalled matcher or a blocked read fails the case). */
export const CASE_TIME_BOUND_MS = 5_000;

/** Any raw control character but the newline, or a direction override, reaching the output. */
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

/** What a crash looks like once describeError has made it one line: an unexpected JS error class. */
export const CRASH = /^keycard: (TypeError|RangeError|ReferenceError|SyntaxError|Error|AggregateError): /;
