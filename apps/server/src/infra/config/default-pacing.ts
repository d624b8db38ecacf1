import type { InstancePacing } from "../../domain/instance/instance-pacing";
import type { Config } from "./config";

/** The PACING_* settings as the pacing a new number starts with; all 0 means none. */
export function defaultPacing(settings: Config): InstancePacing | null {
  const capOf = (value: number) => (value > 0 ? value : null);
  const pacing: InstancePacing = {
    minIntervalMs: settings.PACING_MIN_INTERVAL_MS,
    jitterMs: settings.PACING_JITTER_MS,
    maxPerMinute: capOf(settings.PACING_MAX_PER_MINUTE),
    maxPerHour: capOf(settings.PACING_MAX_PER_HOUR),
    maxPerDay: capOf(settings.PACING_MAX_PER_DAY),
    typing: false,
  };
  const anySet =
    pacing.minIntervalMs + pacing.jitterMs > 0 ||
    [pacing.maxPerMinute, pacing.maxPerHour, pacing.maxPerDay].some((c) => c !== null);
  return anySet ? pacing : null;
}
