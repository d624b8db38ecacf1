import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ApplicationError, type ApplicationErrorCode } from "../../application/application-error";
import { DomainError } from "../../domain/shared/domain-error";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const APPLICATION_STATUS: Record<ApplicationErrorCode, number> = {
  INTENT_NOT_FOUND: 404,
  INTENT_NOT_DROPPABLE: 409,
  JOB_NOT_FOUND: 404,
  INSTANCE_NOT_FOUND: 404,
  INSTANCE_NOT_CONNECTED: 409,
  INSTANCE_DELETED: 409,
  INSTANCE_BUSY: 409,
  INSTANCE_ALREADY_CONNECTED: 409,
  GATEWAY_REFUSED: 502,
  PROVIDER_NOT_CONFIGURED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  GATEWAY_WEBHOOK_FAILED: 502,
  WEBHOOK_URL_REFUSED: 400,
  WEBHOOK_LIMIT_REACHED: 409,
};

const DOMAIN_STATUS: Record<string, number> = { ILLEGAL_TRANSITION: 409, INSTANCE_EXISTS: 409 };

/** Every error leaves as `{error: {code, message, details?}}`; user mistakes are 4xx, never 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const [status, body] = describe(error);
    if (status >= 500) request.log.error({ err: error, ...subjectOf(request) }, "request failed");
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody("NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`)),
  );
}

/** The intent or job a request is about, so that its log lines can be found by id. */
function subjectOf(request: FastifyRequest): { intentId?: string; jobId?: string } {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") return {};
  const route = request.routeOptions.url ?? "";
  if (route.startsWith("/v1/intents/:id")) return { intentId: id };
  if (route.startsWith("/v1/jobs/:id")) return { jobId: id };
  return {};
}

function describe(error: FastifyError): [number, ErrorBody] {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      path: `${error.validationContext ?? "request"}${issue.instancePath.replaceAll("/", ".")}`,
      message: issue.message,
    }));
    const message = details.map((d) => `${d.path}: ${d.message}`).join("; ");
    return [400, errorBody("VALIDATION_ERROR", message, details)];
  }
  if (error instanceof ApplicationError)
    return [APPLICATION_STATUS[error.code], errorBody(error.code, error.message)];
  if (error instanceof DomainError)
    return [DOMAIN_STATUS[error.code] ?? 422, errorBody(error.code, error.message)];
  const refused = refusedByDatabaseOrParser(error);
  if (refused) return [400, errorBody("VALIDATION_ERROR", refused)];
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return [status, errorBody(error.code ?? "BAD_REQUEST", error.message)];
  return [500, errorBody("INTERNAL", "internal error; the server log has the details")];
}

/**
 * A net under the schemas: a value PostgreSQL refuses as data (SQLSTATE class 22: out of range,
 * bad encoding, invalid text) or input deep enough to overflow the stack came from the request, so
 * it is the client's mistake. The message says what kind, never the statement or its parameters.
 */
function refusedByDatabaseOrParser(error: unknown): string | null {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code))
      return `a value in the request cannot be stored (PostgreSQL data exception ${code})`;
    if (cause instanceof RangeError && /call stack/i.test(cause.message))
      return "the request is nested too deeply to process";
    cause = cause.cause;
  }
  return null;
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
