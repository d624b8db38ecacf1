import type * as Api from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "../logging/logger";
import type { Span, SpanAttributes, SpanStart, Tracing } from "./tracing";
import type { TracingSettings } from "./tracing-settings";

/** The OpenTelemetry modules, loaded when traces are on and only then (a bundle would hoist static imports). */
async function loadModules() {
  const [api, core, sdk, resources, contextHooks] = await Promise.all([
    import("@opentelemetry/api"),
    import("@opentelemetry/core"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/context-async-hooks"),
  ]);
  return { api, core, sdk, resources, contextHooks };
}

async function otlpExporter(settings: TracingSettings): Promise<SpanExporter> {
  // Headers, timeout, compression and certificates come from OTEL_EXPORTER_OTLP_* through the exporter itself.
  const { OTLPTraceExporter } =
    settings.protocol === "http/json"
      ? await import("@opentelemetry/exporter-trace-otlp-http")
      : await import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter({ url: settings.tracesUrl });
}

/**
 * Traces through the OpenTelemetry SDK: spans batched to OTLP/HTTP (or, in tests, handed one by one
 * to the exporter given). Nothing global is registered: this process's spans go through this
 * object only, so several executors in one test process keep their traces apart. Sampling and
 * limits follow the SDK's own OTEL_TRACES_SAMPLER / OTEL_BSP_* / OTEL_SPAN_* variables.
 */
export async function startOtelTracing(
  settings: TracingSettings,
  logger: Logger,
  exporter?: SpanExporter,
): Promise<Tracing> {
  const { api, core, sdk, resources, contextHooks } = await loadModules();
  // The SDK's own complaints (a collector refusing or unreachable, spans dropped) reach our log.
  const warn = (message: string) => logger.warn({ component: "opentelemetry" }, message);
  api.diag.setLogger(
    { error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} },
    api.DiagLogLevel.WARN,
  );
  const resource = resources
    .defaultResource()
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(resources.resourceFromAttributes({ "service.name": settings.serviceName }));
  const processor = exporter
    ? new sdk.SimpleSpanProcessor(exporter)
    : new sdk.BatchSpanProcessor(await otlpExporter(settings));
  const provider = new sdk.BasicTracerProvider({ resource, spanProcessors: [processor] });
  const tracer = provider.getTracer("whatlead-executor");
  const contexts = new contextHooks.AsyncLocalStorageContextManager().enable();
  const kinds = { internal: api.SpanKind.INTERNAL, server: api.SpanKind.SERVER, client: api.SpanKind.CLIENT };

  const spanContextOf = (traceparent: string | null | undefined): Api.SpanContext | null =>
    traceparent ? core.parseTraceParent(traceparent) : null;

  const start = (name: string, options: SpanStart): Api.Span => {
    const remote = spanContextOf(options.parent);
    const parent = remote
      ? api.trace.setSpanContext(api.ROOT_CONTEXT, remote)
      : options.root
        ? api.ROOT_CONTEXT
        : contexts.active();
    const links = (options.links ?? []).flatMap((traceparent) => {
      const context = spanContextOf(traceparent);
      return context ? [{ context }] : [];
    });
    return tracer.startSpan(
      name,
      { kind: kinds[options.kind ?? "internal"], attributes: defined(options.attributes), links },
      parent,
    );
  };

  const handle = (span: Api.Span): Span => {
    const context = span.spanContext();
    return {
      traceparent: span.isRecording()
        ? `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, "0")}`
        : null,
      setAttributes: (attributes) => span.setAttributes(defined(attributes)),
      fail: (code) => span.setStatus({ code: api.SpanStatusCode.ERROR, message: code }),
      end: () => span.end(),
    };
  };

  return {
    on: true,
    async inSpan(name, options, work) {
      const span = start(name, options);
      try {
        return await contexts.with(api.trace.setSpan(contexts.active(), span), () => work(handle(span)));
      } catch (error) {
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: (error as Error).name });
        throw error;
      } finally {
        span.end();
      }
    },
    startSpan: (name, options) => handle(start(name, options)),
    async shutdown() {
      // Spans a collector did not take are lost, not a reason to stop uncleanly.
      await provider.shutdown().catch((error: unknown) => warn(`spans not exported at shutdown: ${error}`));
      contexts.disable();
      api.diag.disable();
    },
  };
}

/** OpenTelemetry drops undefined values with a warning; nulls are left out too. */
function defined(attributes: SpanAttributes | undefined): Api.Attributes {
  const kept: Api.Attributes = {};
  for (const [key, value] of Object.entries(attributes ?? {})) if (value != null) kept[key] = value;
  return kept;
}
