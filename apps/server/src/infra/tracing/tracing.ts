/** An attribute value: ids, counts, codes. Never a message's text or a phone number. */
export type SpanAttributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface SpanStart {
  kind?: "internal" | "server" | "client";
  attributes?: SpanAttributes;
  /** A caller's W3C `traceparent`: the span continues the caller's trace (an API request's span). */
  parent?: string | null;
  /** Starts a trace of its own rather than a child of the active span (work batched from many traces). */
  root?: boolean;
  /** W3C `traceparent`s of spans this one follows from without being their child; invalid ones are skipped. */
  links?: readonly (string | null | undefined)[];
}

export interface Span {
  /** This span as a W3C `traceparent`, to link to it or to send it along; null when not recorded. */
  readonly traceparent: string | null;
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed with a code (never a gateway's or a caller's free text). */
  fail(code: string): void;
  end(): void;
}

/**
 * Traces, as the rest of the server sees them: spans started and ended around work, without
 * knowing whether anything records them. Off (the default), every call is an empty function and
 * no OpenTelemetry module is loaded.
 */
export interface Tracing {
  readonly on: boolean;
  /** Runs `work` in a new span, active for the spans `work` starts; ends it when `work` settles (a throw marks it failed). */
  inSpan<T>(name: string, start: SpanStart, work: (span: Span) => Promise<T>): Promise<T>;
  /** A span that is not made active, ended by the caller (an HTTP request's, across hooks). */
  startSpan(name: string, start: SpanStart): Span;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

const NO_SPAN: Span = {
  traceparent: null,
  setAttributes: () => {},
  fail: () => {},
  end: () => {},
};

/** Tracing off. */
export const NO_TRACING: Tracing = {
  on: false,
  inSpan: (_name, _start, work) => work(NO_SPAN),
  startSpan: () => NO_SPAN,
  shutdown: async () => {},
};
