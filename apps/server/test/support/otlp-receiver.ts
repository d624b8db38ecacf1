import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/** One span as the receiver decoded it, whichever encoding it came in. */
export interface ReceivedSpan {
  /** The `service.name` of the resource that sent it. */
  service: string;
  /** `application/x-protobuf` or `application/json`: how it reached us. */
  encoding: string;
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's enum: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
}

export interface OtlpReceiver {
  /** The OTLP/HTTP endpoint to name in OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces` is appended). */
  url: string;
  spans: ReceivedSpan[];
  close(): Promise<void>;
}

/**
 * A tiny OTLP/HTTP traces receiver, as a collector would be: POST /v1/traces in protobuf
 * (decoded from the wire format by hand, for the fields tests read) or in JSON.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let body = Buffer.concat(chunks);
      if (request.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const encoding = String(request.headers["content-type"] ?? "").split(";")[0] ?? "";
      if (request.method !== "POST" || request.url !== "/v1/traces") {
        response.writeHead(404).end();
        return;
      }
      if (encoding === "application/x-protobuf") {
        spans.push(...protobufSpans(body, encoding));
        response.writeHead(200, { "content-type": encoding }).end();
      } else if (encoding === "application/json") {
        spans.push(...jsonSpans(JSON.parse(body.toString("utf8")), encoding));
        response.writeHead(200, { "content-type": encoding }).end("{}");
      } else {
        response.writeHead(415).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// --- OTLP JSON (ids in hex, attributes as {key, value: {stringValue | intValue | …}}) ---

interface JsonKeyValue {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
}

function jsonAttributes(list: readonly JsonKeyValue[] = []): ReceivedSpan["attributes"] {
  const attributes: ReceivedSpan["attributes"] = {};
  for (const { key, value } of list) {
    const v = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
    if (v !== undefined) attributes[key] = value.intValue !== undefined ? Number(v) : v;
  }
  return attributes;
}

// biome-ignore lint/suspicious/noExplicitAny: OTLP JSON read field by field.
function jsonSpans(request: any, encoding: string): ReceivedSpan[] {
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  return (request.resourceSpans ?? []).flatMap((resourceSpans: any) => {
    const service = String(jsonAttributes(resourceSpans.resource?.attributes)["service.name"]);
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    return (resourceSpans.scopeSpans ?? []).flatMap((scope: any) =>
      // biome-ignore lint/suspicious/noExplicitAny: as above.
      (scope.spans ?? []).map((span: any) => ({
        service,
        encoding,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? "",
        name: span.name,
        kind: span.kind,
        attributes: jsonAttributes(span.attributes),
        // biome-ignore lint/suspicious/noExplicitAny: as above.
        links: (span.links ?? []).map((link: any) => ({ traceId: link.traceId, spanId: link.spanId })),
      })),
    );
  });
}

// --- OTLP protobuf: the wire format (varints, length-delimited fields), nothing generated ---

type Field = { number: number; varint: bigint; bytes: Buffer };

function fieldsOf(buffer: Buffer): Field[] {
  const fields: Field[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[offset++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ number, varint: varint(), bytes: Buffer.alloc(0) });
    else if (wire === 2) {
      const length = Number(varint());
      fields.push({ number, varint: 0n, bytes: buffer.subarray(offset, offset + length) });
      offset += length;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      fields.push({ number, varint: 0n, bytes: buffer.subarray(offset, offset + size) });
      offset += size;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return fields;
}

const all = (fields: Field[], number: number) => fields.filter((field) => field.number === number);
const one = (fields: Field[], number: number) => fields.find((field) => field.number === number);

function protobufAttributes(keyValues: Field[]): ReceivedSpan["attributes"] {
  const attributes: ReceivedSpan["attributes"] = {};
  for (const keyValue of keyValues) {
    const fields = fieldsOf(keyValue.bytes);
    const key = one(fields, 1)?.bytes.toString("utf8") ?? "";
    const value = fieldsOf(one(fields, 2)?.bytes ?? Buffer.alloc(0));
    const string = one(value, 1);
    const bool = one(value, 2);
    const int = one(value, 3);
    const double = one(value, 4);
    if (string) attributes[key] = string.bytes.toString("utf8");
    else if (bool) attributes[key] = bool.varint === 1n;
    else if (int) attributes[key] = Number(BigInt.asIntN(64, int.varint));
    else if (double) attributes[key] = double.bytes.readDoubleLE(0);
  }
  return attributes;
}

function protobufSpans(body: Buffer, encoding: string): ReceivedSpan[] {
  // ExportTraceServiceRequest.resource_spans(1) → ResourceSpans{resource(1){attributes(1)}, scope_spans(2){spans(2)}}
  return all(fieldsOf(body), 1).flatMap((resourceSpans) => {
    const fields = fieldsOf(resourceSpans.bytes);
    const resource = fieldsOf(one(fields, 1)?.bytes ?? Buffer.alloc(0));
    const service = String(protobufAttributes(all(resource, 1))["service.name"]);
    return all(fields, 2).flatMap((scopeSpans) =>
      all(fieldsOf(scopeSpans.bytes), 2).map((spanField) => {
        // Span{trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, attributes 9, links 13{trace_id 1, span_id 2}}
        const span = fieldsOf(spanField.bytes);
        const hex = (number: number, fields = span) => one(fields, number)?.bytes.toString("hex") ?? "";
        return {
          service,
          encoding,
          traceId: hex(1),
          spanId: hex(2),
          parentSpanId: hex(4),
          name: one(span, 5)?.bytes.toString("utf8") ?? "",
          kind: Number(one(span, 6)?.varint ?? 0n),
          attributes: protobufAttributes(all(span, 9)),
          links: all(span, 13).map((link) => {
            const linkFields = fieldsOf(link.bytes);
            return { traceId: hex(1, linkFields), spanId: hex(2, linkFields) };
          }),
        };
      }),
    );
  });
}
