import type { Config } from "../config/config";
import type { Logger } from "../logging/logger";
import { NO_TRACING, type Tracing } from "./tracing";
import { tracingSettingsOf } from "./tracing-settings";

/** Tracing as the settings ask: off loads nothing of OpenTelemetry; on loads the SDK and its OTLP exporter. */
export async function openTracing(config: Config, logger: Logger): Promise<Tracing> {
  const settings = tracingSettingsOf(config);
  if (settings === null) return NO_TRACING;
  const { startOtelTracing } = await import("./otel-tracing");
  return startOtelTracing(settings, logger);
}
