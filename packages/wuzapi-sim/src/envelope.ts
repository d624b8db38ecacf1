import type { ServerResponse } from "node:http";
import { writeJson } from "@whatlead/sim-kit";

// Respond (H:3368-3396): {code, data, success:true} or {code, error, success:false}.

export function respondData(res: ServerResponse, data: unknown): void {
  writeJson(res, 200, { code: 200, data, success: true });
}

export function respondError(res: ServerResponse, status: number, error: string): void {
  writeJson(res, status, { code: status, error, success: false });
}

export const NO_SESSION = "No session";
export const DECODE_ERROR = "Could not decode Payload";
