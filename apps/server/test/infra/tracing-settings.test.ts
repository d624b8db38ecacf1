import { expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/infra/config/config";
import { tracingSettingsOf } from "../../src/infra/tracing/tracing-settings";
import { testSettings } from "../support/test-settings";

it("is off unless an OTLP endpoint or exporter is named", () => {
  expect(tracingSettingsOf(testSettings())).toBeNull();
  expect(
    tracingSettingsOf(testSettings({ OTEL_SERVICE_NAME: "x", OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" })),
  ).toBeNull();
});

it("appends /v1/traces to the general endpoint and takes the traces endpoint as is", () => {
  expect(tracingSettingsOf(testSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }))).toEqual({
    tracesUrl: "http://collector:4318/v1/traces",
    protocol: "http/protobuf",
    serviceName: "whatlead-executor",
  });
  const both = testSettings({
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://traces:9999/in",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
  });
  expect(tracingSettingsOf(both)).toMatchObject({
    tracesUrl: "http://traces:9999/in",
    protocol: "http/json",
  });
});

it("goes to localhost:4318 on OTEL_TRACES_EXPORTER=otlp alone", () => {
  expect(tracingSettingsOf(testSettings({ OTEL_TRACES_EXPORTER: "otlp" }))?.tracesUrl).toBe(
    "http://localhost:4318/v1/traces",
  );
});

it("stays off with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none, whatever else is set", () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
  expect(tracingSettingsOf(testSettings({ ...endpoint, OTEL_SDK_DISABLED: "true" }))).toBeNull();
  expect(tracingSettingsOf(testSettings({ ...endpoint, OTEL_TRACES_EXPORTER: "none" }))).toBeNull();
});

it("refuses gRPC and unknown exporters at start, naming the variable", () => {
  // As the environment gives them: strings the schema's types do not admit.
  const environment = (variables: NodeJS.ProcessEnv) => () => loadConfig(variables);
  expect(environment({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(ConfigError);
  expect(environment({ OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
  expect(environment({ OTEL_TRACES_EXPORTER: "zipkin" })).toThrow(/OTEL_TRACES_EXPORTER/);
  expect(() => testSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
    /OTEL_EXPORTER_OTLP_ENDPOINT/,
  );
});
