import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Span, Tracing } from "./tracing";

/**
 * A server span for each API request (HTTP semantic conventions), continuing the caller's trace
 * when it sent a `traceparent`. The path goes without its query: a search may hold a phone number.
 * With tracing off no hook is added, so a request pays nothing.
 */
export function registerRequestSpans(app: FastifyInstance, tracing: Tracing): void {
  if (!tracing.on) return;
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook("onRequest", (request, _reply, done) => {
    const parent = request.headers.traceparent;
    const route = request.routeOptions.url;
    const span = tracing.startSpan(route ? `${request.method} ${route}` : request.method, {
      kind: "server",
      parent: typeof parent === "string" ? parent : null,
      attributes: {
        "http.request.method": request.method,
        "http.route": route,
        "url.path": request.url.split("?", 1)[0],
        "url.scheme": request.protocol,
        "whatlead.request.id": request.id,
      },
    });
    spans.set(request, span);
    done();
  });
  // Whichever comes first ends the span: the answer sent, or the client gone before it.
  const end = (request: FastifyRequest, record: (span: Span) => void): void => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    record(span);
    span.end();
  };
  app.addHook("onResponse", (request, reply, done) => {
    end(request, (span) => {
      span.setAttributes({ "http.response.status_code": reply.statusCode });
      if (reply.statusCode >= 500) span.fail(String(reply.statusCode));
    });
    done();
  });
  app.addHook("onRequestAbort", (request, done) => {
    end(request, (span) => span.fail("aborted"));
    done();
  });
}
