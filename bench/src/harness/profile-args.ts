/** BENCH_PROFILE_DIR=<dir> writes a CPU profile of every process doing the work there. */
export function profileArgs(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
}
