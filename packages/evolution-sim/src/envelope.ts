import type { ServerResponse } from "node:http";
import { writeJson } from "@whatlead/sim-kit";

// Evolution has no success envelope; errors are {status, error, response: {message}} where message is
// an array for thrown exceptions, a nested array for schema errors, a string for runtime errors.

const STATUS_NAMES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
};

export function sendEvolutionError(
  res: ServerResponse,
  status: number,
  message: unknown,
  error?: string,
): void {
  writeJson(res, status, {
    status,
    error: error ?? STATUS_NAMES[status] ?? "Error",
    response: { message },
  });
}

export const CONNECTION_CLOSED = "Connection Closed";
/** What a never-connected instance's send dies of (the socket object is missing). */
export const NEVER_CONNECTED = "Cannot read properties of undefined (reading 'onWhatsApp')";
