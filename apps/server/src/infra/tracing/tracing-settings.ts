import type { Config } from "../config/config";

export type OtlpProtocol = "http/protobuf" | "http/json";

/** Where and how spans are exported. */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL, e.g. `http://collector:4318/v1/traces`. */
  tracesUrl: string;
  protocol: OtlpProtocol;
  serviceName: string;
}

/**
 * Traces are on when an OTLP endpoint is named (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is, or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, as the specification says) or
 * `OTEL_TRACES_EXPORTER=otlp` asks for the default `http://localhost:4318`; `OTEL_SDK_DISABLED=true`
 * or `OTEL_TRACES_EXPORTER=none` turns them off whatever else is set. Unlike the specification's
 * default exporter (`otlp`), nothing is exported unless asked: a server that tries to reach a
 * collector nobody runs would log an export error every few seconds.
 */
export function tracingSettingsOf(config: Config): TracingSettings | null {
  if (config.OTEL_SDK_DISABLED || config.OTEL_TRACES_EXPORTER === "none") return null;
  const base = config.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, "");
  const tracesUrl = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base}/v1/traces` : undefined);
  if (tracesUrl === undefined && config.OTEL_TRACES_EXPORTER !== "otlp") return null;
  return {
    tracesUrl: tracesUrl ?? "http://localhost:4318/v1/traces",
    protocol: config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? config.OTEL_EXPORTER_OTLP_PROTOCOL,
    serviceName: config.OTEL_SERVICE_NAME,
  };
}
