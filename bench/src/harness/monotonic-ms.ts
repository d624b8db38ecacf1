/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC on Linux), with sub-millisecond
 * resolution and the same origin in every process: the one clock two processes can compare.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
