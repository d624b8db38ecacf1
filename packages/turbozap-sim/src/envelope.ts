import type { ServerResponse } from "node:http";
import { writeJson, writeJsonText } from "@whatlead/sim-kit";

// The gateway wraps every answer in {success, message?, data?, error?}.

// Error bodies repeat a handful of messages at benchmark rates, so each is serialized once.
const errorBodies = new Map<string, string>();

function errorBody(message: string): string {
  let text = errorBodies.get(message);
  if (text === undefined) {
    text = JSON.stringify({ success: false, error: { message } });
    errorBodies.set(message, text);
  }
  return text;
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  writeJsonText(res, status, errorBody(message));
}

export function sendData(res: ServerResponse, status: number, data: unknown): void {
  writeJson(res, status, { success: true, data });
}

export const NIL_POINTER_MESSAGE = "runtime error: invalid memory address or nil pointer dereference";
export const INVALID_BODY_MESSAGE = "Invalid request body";
export const INSTANCE_NOT_FOUND_MESSAGE = "Instance not found";
export const NOT_CONNECTED_MESSAGE = "Instance is not connected to WhatsApp";
